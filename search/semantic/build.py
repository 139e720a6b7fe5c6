"""Embed a freshly written generation's passages, reusing every vector an earlier generation holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from search import store
from search.errors import SearchError
from search.models import Progress
from search.semantic import encoder, vectors
from search.semantic.passages import embedding_text, passages, text_key

if TYPE_CHECKING:  # numpy loads on first use: a query on an index without vectors never pays for it
    import numpy as np

BATCH = 256
"""Passages per encode call: lists amortise the encoder's per-call cost; the progress bar moves
between calls."""


def semantic_layer(gen_path: Path, root: Path, enabled: bool, report: Callable[[Progress], None]) -> None:
    """The indexer's hook: vectors for the generation being built, or none at all when disabled
    (an update's hard link to the previous table is dropped: its document numbers no longer hold)."""
    vectors.remove(gen_path)
    if enabled:
        try:
            live = [store.current_generation(root).path]
        except SearchError:
            live = []
        write_vectors(gen_path, live, report)


def has_vectors(gen_path: Path) -> bool:
    """Whether the generation has usable vectors (else even an update with no changes writes them)."""
    return vectors.usable(gen_path)


def write_vectors(gen_path: Path, previous: list[Path], report: Callable[[Progress], None]) -> int:
    """Write ``gen_path``'s vector file for every live document; return the passages embedded anew.

    ``previous`` are generations whose vectors may be reused (the live one, even for a rebuild):
    a passage whose embedded text is unchanged is looked up by its digest, never embedded again.
    """
    import numpy as np
    from whoosh import index as whoosh_index

    known = _known_vectors(previous)
    rows: list[tuple[int, int, int, bytes]] = []
    missing: dict[bytes, str] = {}
    ix = whoosh_index.open_dir(str(gen_path))
    try:
        with ix.reader() as reader:
            for docnum, stored in reader.iter_docs():
                body, title = stored.get("body") or "", stored.get("title") or ""
                for n, (start, end) in enumerate(passages(body)):
                    text = embedding_text(title, body, (start, end), first=n == 0)
                    key = text_key(text)
                    rows.append((docnum, start, end, key))
                    if key not in known and key not in missing:
                        missing[key] = text
    finally:
        ix.close()
    fresh = _embed(list(missing.items()), report)
    known.update(fresh)
    table = vectors.VectorTable(
        docnums=np.array([r[0] for r in rows], dtype=np.int32),
        starts=np.array([r[1] for r in rows], dtype=np.int32),
        ends=np.array([r[2] for r in rows], dtype=np.int32),
        keys=np.array([r[3] for r in rows], dtype="S20"),
        vectors=(np.stack([known[r[3]] for r in rows]) if rows
                 else np.zeros((0, encoder.DIMENSIONS), dtype=np.float16)),
    )
    vectors.write(gen_path, table)
    return len(fresh)


def _known_vectors(generations: list[Path]) -> dict[bytes, np.ndarray]:
    known: dict[bytes, np.ndarray] = {}
    for path in generations:
        table = vectors.read(path)
        if table is not None:
            known.update(zip(table.keys.tolist(), table.vectors))
    return known


def _embed(items: list[tuple[bytes, str]], report: Callable[[Progress], None]) -> dict[bytes, np.ndarray]:
    import numpy as np
    out: dict[bytes, np.ndarray] = {}
    report(Progress("embed", 0, len(items)))
    for first in range(0, len(items), BATCH):
        batch = items[first: first + BATCH]
        embedded = encoder.encode([text for _key, text in batch]).astype(np.float16)
        out.update(zip((key for key, _text in batch), embedded))
        report(Progress("embed", first + len(batch), len(items)))
    return out
