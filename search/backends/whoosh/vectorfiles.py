"""The semantic layer's files inside a generation folder: the int8 matrix (memory-mapped when read)
and a JSON record of the model, ids, hashes, languages and row scales."""

from __future__ import annotations

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
    record = {"model": vectors.model, "ids": vectors.ids, "hashes": vectors.hashes, "langs": vectors.langs,
              "scales": [float(s) for s in vectors.scales]}
    (folder / RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


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
        vectors = Vectors(list(record["ids"]), list(record["hashes"]), list(record["langs"]), matrix,
                          np.asarray(record["scales"], dtype=np.float32), model=record["model"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return vectors if matrix.dtype == np.int8 and consistent(vectors) else None
