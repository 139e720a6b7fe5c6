"""search-cli index as a user drives it: ids per file, the seeds-folder rule, --quiet and --json, counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_helpers import cli_command, cli_env, json_lines, one_error_line, run_cli

ENTRY_POINT = Path(sys.executable).with_name("search-cli")


def search_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """search-cli piped, in this process (``search.cli.main``)."""
    return run_cli(*args, env=env)


def entry_point(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed ``search-cli`` script (the console entry point) in a process of its own, piped."""
    command = [str(ENTRY_POINT)] if ENTRY_POINT.is_file() else cli_command()
    return subprocess.run([*command, *args], env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          timeout=300)


def seeds_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A seeds folder holding ``files`` (name -> text)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


def export(path: Path, count: int, topic: str) -> None:
    """A .jsonl export numbering its records 1..count, as newsroom exports do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(
        json.dumps({"id": n, "title": f"{topic} story {n}", "body": f"The {topic} desk filed story {n}.",
                    "lang": "en"}) + "\n" for n in range(1, count + 1)), encoding="utf-8")


def test_two_exports_numbering_their_records_alike_are_both_indexed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    export(seeds / "wire/reuters.jsonl", 300, "harbour")
    export(seeds / "wire/efe.jsonl", 300, "harbour")
    env = cli_env(tmp_path)
    built = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), "--json", env=env)
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert report["documents"] == 600 and report["added"] == 2
    assert report["counts"] == {"skipped_files": 0, "skipped_records": 0, "warnings": 0}
    assert report["semantic"] == {"embedded": 600, "kept": 0, "skipped": None, "completed": False}
    hits = json_lines(search_cli("query", "harbour", "story", "7", "--json", "--limit", "600",
                                 "--index", str(tmp_path / "ix"), env=env).stdout)
    ids = {hit["id"] for hit in hits}
    assert {"wire/reuters.jsonl/7#en", "wire/efe.jsonl/7#en"} <= ids
    shown = search_cli("show", "wire/efe.jsonl/7#en", "--json", "--index", str(tmp_path / "ix"), env=env)
    assert json.loads(shown.stdout)["path"] == "wire/efe.jsonl"


def test_story_txt_beside_story_md_are_two_articles(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"story.txt": "Zeppelin seen over the harbour\n\nA zeppelin was seen today.\n",
                                    "story.md": "# Zeppelin lands in the harbour\n\nThe zeppelin landed today.\n"})
    env = cli_env(tmp_path)
    built = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env)
    assert built.returncode == 0 and "0 files skipped, 0 records skipped" in built.stdout, built.stdout
    hits = json_lines(search_cli("query", "zeppelin", "--json", "--index", str(tmp_path / "ix"), env=env).stdout)
    assert sorted(hit["id"] for hit in hits) == ["story.md#en", "story.txt#en"]


def test_duplicate_id_inside_one_file_names_both_lines_and_keeps_both(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"feed.jsonl": (
        '{"id": "a1", "title": "Harbour opens", "body": "The harbour opened.", "lang": "en"}\n'
        '{"id": "b2", "title": "Bridge closes", "body": "The bridge closed.", "lang": "en"}\n'
        '{"id": "a1", "title": "Harbour reopens", "body": "The harbour reopened.", "lang": "en"}\n')})
    env = cli_env(tmp_path)
    built = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env)
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [
        "search-cli: warning: feed.jsonl: line 3: duplicate id 'a1' (also on line 1) — "
        "indexed as 'feed.jsonl/a1~line-3#en'"]
    assert "0 records skipped, 1 warning; 3 documents" in built.stdout
    hits = json_lines(search_cli("query", "harbour", "--json", "--index", str(tmp_path / "ix"), env=env).stdout)
    assert {hit["title"] for hit in hits} == {"Harbour opens", "Harbour reopens"}


def _problem_seeds(seeds: Path) -> None:
    seeds.mkdir()
    (seeds / "good.txt").write_text("Zeppelin over the harbour\n\nA zeppelin was seen.\n", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "feed.jsonl").write_text(
        '{"id": "1", "title": "Harbour", "body": "The harbour opened.", "date": "yesterday"}\n'
        "not json\n", encoding="utf-8")


def test_counts_are_the_same_on_a_rebuild_and_on_an_update(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    _problem_seeds(seeds)
    env = cli_env(tmp_path)
    index = str(tmp_path / "ix")
    runs = [search_cli("index", str(seeds), "--index", index, "--json", env=env),
            search_cli("index", "--index", index, "--json", env=env),
            search_cli("index", str(seeds), "--rebuild", "--index", index, "--json", env=env)]
    reports = [json.loads(run.stdout) for run in runs]
    assert [r["action"] for r in reports] == ["built", "updated", "built"]
    for report in reports:
        assert report["counts"] == {"skipped_files": 1, "skipped_records": 1, "warnings": 1}
        assert [(p["kind"], p["path"]) for p in report["problems"]] == [
            ("file", "empty.txt"), ("warning", "feed.jsonl"), ("record", "feed.jsonl")]
    assert all(run.stderr == "" for run in runs)  # --json: the problems are in the object only


def test_quiet_prints_nothing_but_errors(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    _problem_seeds(seeds)
    env = cli_env(tmp_path)
    quiet = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), "--quiet", env=env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    missing = search_cli("index", str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix2"), "--quiet", env=env)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "does not exist" in one_error_line(missing.stderr)


def test_a_failed_index_run_leaves_no_empty_index_folder(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    result = search_cli("index", str(tmp_path / "no-such-seeds"), "--index", str(tmp_path / "ix"), env=env)
    assert result.returncode == 2
    assert "seeds folder" in one_error_line(result.stderr)
    assert not (tmp_path / "ix").exists()


def test_an_update_without_a_folder_reads_the_recorded_one(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    _problem_seeds(seeds)
    (tmp_path / "seeds").mkdir()  # ./seeds exists but is not what the index was built from
    env = cli_env(tmp_path)
    env.pop("NEWS_SEARCH_SEEDS")
    index = str(tmp_path / "ix")
    assert search_cli("index", str(seeds), "--index", index, env=env).returncode == 0
    (seeds / "new.txt").write_text("Marmoset escapes the zoo\n\nA marmoset escaped.\n", encoding="utf-8")
    update = entry_point("index", "--index", index, env=env, cwd=tmp_path)  # end to end, from another folder
    assert update.returncode == 0, update.stderr
    assert f"from {seeds.resolve()}: 1 added, 0 updated, 0 removed, 3 unchanged;" in update.stdout


def test_an_update_from_another_folder_stops_and_says_how_to_switch(tmp_path: Path) -> None:
    seeds, other = tmp_path / "articles", tmp_path / "other"
    _problem_seeds(seeds)
    other.mkdir()
    (other / "x.txt").write_text("Marmoset escapes the zoo\n\nA marmoset escaped.\n", encoding="utf-8")
    env = cli_env(tmp_path)
    index = str(tmp_path / "ix")
    assert search_cli("index", str(seeds), "--index", index, env=env).returncode == 0
    refused = search_cli("index", str(other), "--index", index, env=env)
    assert refused.returncode == 2 and refused.stdout == ""
    line = one_error_line(refused.stderr)
    assert f"was built from '{seeds.resolve()}', not '{other}'" in line
    assert f"'search-cli index {other} --rebuild --index {index}'" in line
    found = json_lines(search_cli("query", "harbour", "--json", "--index", index, env=env).stdout)
    assert found, "the refused update removed nothing"
    switched = search_cli("index", str(other), "--rebuild", "--index", index, env=env)
    assert switched.returncode == 0, switched.stderr
    assert json_lines(search_cli("query", "marmoset", "--json", "--index", index, env=env).stdout)


def test_a_headline_naming_an_agency_is_found_by_that_agency(tmp_path: Path) -> None:
    seeds = seeds_folder(tmp_path, {"caracas.txt": (
        "Reuters Journalist Detained in Caracas\n\n"
        "Venezuelan police detained a journalist on Monday outside the presidential palace in Caracas.\n\n"
        "Colleagues said he had been covering the protests for a week.\n")})
    env = cli_env(tmp_path)
    assert search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env).returncode == 0
    hits = json_lines(search_cli("query", "reuters", "--json", "--index", str(tmp_path / "ix"), env=env).stdout)
    assert [hit["title"] for hit in hits] == ["Reuters Journalist Detained in Caracas"]


def test_txt_articles_with_a_date_line_answer_since_and_sort_by_date(tmp_path: Path) -> None:
    body = "Officials met on Monday to discuss the new asylum rules at the border crossing."
    seeds = seeds_folder(tmp_path, {"old.txt": f"Border talks begin\n\nJanuary 13, 2025\n\n{body}\n",
                                    "new.txt": f"Border talks end\n\nPublicado el 3 de marzo de 2025\n\n{body}\n",
                                    "undated.txt": f"Border talks go on\n\n{body}\n"})
    env = cli_env(tmp_path)
    assert search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env).returncode == 0
    since = json_lines(search_cli("query", "border", "--since", "2025-02", "--json", "--index", str(tmp_path / "ix"),
                                  env=env).stdout)
    assert [(hit["path"], hit["date"]) for hit in since] == [("new.txt", "2025-03-03")]
    by_date = json_lines(search_cli("query", "border", "--sort", "date", "--json", "--index", str(tmp_path / "ix"),
                                    env=env).stdout)
    # Where undated articles go in a date sort is the query side's rule; the dated ones are newest first.
    assert [hit["path"] for hit in by_date if hit["date"]] == ["new.txt", "old.txt"]
    assert {hit["path"]: hit["date"] for hit in by_date}["undated.txt"] is None


def test_wrapped_wire_copy_and_a_spanish_summary_come_out_as_written(tmp_path: Path) -> None:
    import textwrap

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    story = ("Officials from Mexico and the United States met on Monday to discuss the new asylum rules at the "
             "border, and agreed to meet again in the spring.")
    second = ("The talks will continue next week in Mexico City, where both delegations hope to sign an "
              "agreement on deportation flights before the inauguration.")
    (seeds / "wire.txt").write_text("\n".join(["Border talks resume in Tijuana", textwrap.fill(story, 68),
                                               textwrap.fill(second, 68), textwrap.fill(story, 68)]) + "\n",
                                    encoding="utf-8")
    english = [f"{story} {second}"] * 3 + ["Marco Rubio and Christopher Landau are expected to lead the talks"]
    spanish = ["El equipo de Trump contactó a los gobiernos de México y El Salvador para que reciban a migrantes "
               "deportados, según personas familiarizadas con el asunto.",
               "Las conversaciones buscan acuerdos amplios antes de la investidura del 20 de enero."]
    (seeds / "summary.txt").write_text("\n\n".join(["Trump team reaches out to Mexico", *english, *spanish]),
                                       encoding="utf-8")
    env = cli_env(tmp_path)
    assert search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env).returncode == 0
    shown = json.loads(search_cli("show", "wire.txt#en", "--json", "--index", str(tmp_path / "ix"), env=env).stdout)
    assert shown["title"] == "Border talks resume in Tijuana"
    assert shown["body"].split("\n\n") == [story, second, story]
    summary = json.loads(search_cli("show", "summary.txt#es", "--json", "--index", str(tmp_path / "ix"),
                                    env=env).stdout)
    assert summary["title"].startswith("El equipo de Trump contactó")
    assert "Rubio" not in summary["title"] + summary["body"]


def test_hugo_and_toml_front_matter_are_read_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    body = "The transition team has reached out to the governments of Mexico and El Salvador.\n"
    seeds = seeds_folder(tmp_path, {
        "hugo.md": f'---\ntitle: "Talks: Mexico"\ndate: 2024-12-04T09:30:00-06:00\ntags:\n  - migration\n'
                   f"params:\n  author: Ana\nsource: Bloomberg\n---\n{body}",
        "jekyll.md": f"---\ntitle: Talks in Tijuana\ndate: 2024-12-05 09:30:00 -0600\n---\n{body}",
        "toml.md": f'+++\ntitle = "Talks resume"\ndate = 2024-12-06\n+++\n{body}',
        "broken.md": f"---\ntitle: [unclosed\n---\n{body}",
    })
    env = cli_env(tmp_path)
    built = search_cli("index", str(seeds), "--index", str(tmp_path / "ix"), env=env)
    assert built.returncode == 0, built.stderr
    [line] = built.stderr.splitlines()
    assert line.startswith("search-cli: warning: broken.md: front matter is not valid YAML (")
    assert "4 added" in built.stdout and "1 warning; 4 documents" in built.stdout
    hits = json_lines(search_cli("query", "salvador", "--json", "--index", str(tmp_path / "ix"), env=env).stdout)
    assert {(hit["path"], hit["title"], hit["date"]) for hit in hits} == {
        ("hugo.md", "Talks: Mexico", "2024-12-04"), ("jekyll.md", "Talks in Tijuana", "2024-12-05"),
        ("toml.md", "Talks resume", "2024-12-06"),
        ("broken.md", "The transition team has reached out to the governments of Mexico and El Salvador", None)}
