"""Small files written whole or not at all (a run's summary, a worker's epoch note), and the
directory sync that makes a rename or a removal survive a power cut."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed into place, so a reader never
    sees half of it. The temporary name is this writer's own (process and a random part):
    two processes writing the same file at once, as workers sharing a state directory do,
    never take each other's temporary file away. Raises OSError; no temporary file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def sync_directory(directory: Path) -> None:
    """fsync a directory: the names created, renamed or removed in it are on disk."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
