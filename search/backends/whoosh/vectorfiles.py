"""The semantic layer's files inside a generation folder: the int8 matrix (memory-mapped when read)
and a JSON record of the model, ids, hashes, languages and row scales."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np

from search.semantic.encoder import DIM
from search.semantic.vectors import Vectors, consistent

MATRIX = "vectors.npy"
RECORD = "vectors.json"
NAMES = (MATRIX, RECORD)


def save(folder: Path, vectors: Vectors) -> None:
    """Write ``vectors`` into ``folder`` (new files: an update's folder holds hard links of the live
    generation's, which must not change)."""
    remove(folder)
    np.save(folder / MATRIX, np.ascontiguousarray(vectors.matrix, dtype=np.int8).reshape(len(vectors), DIM))
    # Each column as one string (lines; base64 of the float32 scales): a search across languages
    # reads the record first, and JSON lists of a string or float per row took 37 ms at 68,000
    # articles against 20 (bench/RESULTS.md), a wait that grows with the archive.
    record = {"model": vectors.model, "ids": _lines(vectors.ids), "hashes": _lines(vectors.hashes),
              "langs": _lines(vectors.langs),
              "scales": base64.b64encode(np.asarray(vectors.scales, dtype="<f4").tobytes()).decode("ascii")}
    (folder / RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _lines(values: list[str]) -> str | list[str]:
    """``values`` as lines of one string, or the list itself when a value holds a line break."""
    text = "\n".join(values)
    return text if values and text.count("\n") == len(values) - 1 else list(values)


def _unlined(value: str | list[str]) -> list[str]:
    return value.split("\n") if isinstance(value, str) else list(value)


def _scales(value: str | list[float]) -> np.ndarray:
    """The row scales of a record: base64 float32, or a list of numbers (an earlier generation's)."""
    if isinstance(value, str):
        return np.frombuffer(base64.b64decode(value, validate=True), dtype="<f4").astype(np.float32)
    return np.asarray(value, dtype=np.float32)


def remove(folder: Path) -> None:
    for name in NAMES:
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass


def load(folder: Path) -> Vectors | None:
    """The folder's vectors; None when it has none or they cannot be used (lexical search goes on)."""
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        matrix = np.load(folder / MATRIX, mmap_mode="r", allow_pickle=False)
        vectors = Vectors(_unlined(record["ids"]), _unlined(record["hashes"]), _unlined(record["langs"]),
                          matrix, _scales(record["scales"]), model=record["model"])
    except (OSError, ValueError, KeyError, TypeError):  # binascii.Error is a ValueError
        return None
    return vectors if matrix.dtype == np.int8 and consistent(vectors) else None
