"""Generate any number of articles, deterministically, from the scale corpus's words and sentence shapes."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpora import read_jsonl, scale_files

PER_FILE = 50_000
"""Records per generated .jsonl file, as a large export would hold (a bilingual pair is never split)."""
VERSIONS_SHARE = 0.1
"""Share of articles that also get a version in the other language (the same record id, as in an export)."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class _Language:
    words: list[str] = field(default_factory=list)
    sentence_lengths: list[int] = field(default_factory=list)
    """Words per sentence, one entry per sentence seen."""
    sentences_per_body: list[int] = field(default_factory=list)
    title_lengths: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    bodies: int = 0


class Model:
    """What the generator samples from: per language, the corpus's words (with their frequencies),
    sentence lengths, body lengths in sentences, title lengths, sources and dates."""

    def __init__(self, corpora: Path):
        self.languages: dict[str, _Language] = {}
        self._distinct: dict[str, str] = {}
        for path in scale_files(corpora):
            for record in read_jsonl(path):
                self._learn(record)
        if not self.languages:
            raise ValueError(f"no scale corpus records under {corpora}")

    def _learn(self, record: dict) -> None:
        lang = record.get("lang") if record.get("lang") in ("en", "es") else "en"
        model = self.languages.setdefault(lang, _Language())
        body = record.get("body") or ""
        sentences = [s.split() for s in _SENTENCE_END.split(body) if s.strip()]
        if not sentences:
            return
        model.bodies += 1
        model.sentences_per_body.append(len(sentences))
        for words in sentences:
            model.sentence_lengths.append(len(words))
            # Every word of the corpus, each distinct one stored once: sampling keeps their frequencies.
            model.words.extend(self._word(word) for word in words)
        model.title_lengths.append(len((record.get("title") or "").split()) or 6)
        if record.get("source"):
            model.sources.append(str(record["source"]))
        if record.get("date"):
            model.dates.append(str(record["date"]))

    def _word(self, word: str) -> str:
        word = word.strip(".,;:!?\"'()«»“”") or word
        return self._distinct.setdefault(word, word)

    def records(self, count: int, seed: int = 1) -> Iterator[dict]:
        """``count`` records, the same for the same corpora, count and seed.

        About VERSIONS_SHARE of the articles come with a second record right after them: the same id in
        the other language, the same date and source, its own text (what the engine links as versions)."""
        rng = random.Random(seed)
        langs = sorted(self.languages)
        weights = [self.languages[lang].bodies for lang in langs]
        n = article = 0
        while n < count:
            lang = rng.choices(langs, weights)[0]
            record = self._record(rng, lang, f"g{article}")
            article += 1
            yield record
            n += 1
            others = [other for other in langs if other != lang]
            if n < count and others and rng.random() < VERSIONS_SHARE:
                version = self._record(rng, others[0], record["id"])
                for key in ("source", "date"):
                    if key in record:
                        version[key] = record[key]
                yield version
                n += 1

    def _record(self, rng: random.Random, lang: str, record_id: str) -> dict:
        model = self.languages[lang]
        sentences = []
        for _ in range(rng.choice(model.sentences_per_body)):
            words = rng.choices(model.words, k=max(1, rng.choice(model.sentence_lengths)))
            sentences.append(" ".join(words).capitalize() + ".")
        title = " ".join(rng.choices(model.words, k=rng.choice(model.title_lengths))).capitalize()
        record = {"id": record_id, "lang": lang, "title": title, "body": " ".join(sentences)}
        if model.sources:
            record["source"] = rng.choice(model.sources)
        if model.dates:
            record["date"] = rng.choice(model.dates)
        return record


def write_generated(folder: Path, corpora: Path, count: int, seed: int = 1) -> int:
    """Write ``count`` generated records into ``folder`` as .jsonl files of PER_FILE records; their bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    out = None
    written = in_file = files = 0
    previous_id = None
    try:
        for record in Model(corpora).records(count, seed):
            # A new file only between articles: a language version stays in its article's file.
            if out is None or (in_file >= PER_FILE and record["id"] != previous_id):
                if out is not None:
                    out.close()
                out = (folder / f"generated-{files:04d}.jsonl").open("w", encoding="utf-8")
                files += 1
                in_file = 0
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            in_file += 1
            previous_id = record["id"]
    finally:
        if out is not None:
            out.close()
    for stale in sorted(folder.glob("generated-*.jsonl"))[files:]:
        stale.unlink()  # from an earlier, larger run in the same folder
    return written
