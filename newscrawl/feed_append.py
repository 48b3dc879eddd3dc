"""Appending a finished run's lines to a feed that other runs append to as well (`-o FILE`).

Several runs (of one site or of several) may name the same file. Each append happens under an
flock on a lock file beside the target (`.NAME.lock`), so no run's lines are lost to another's
write, and costs what the new lines cost: the new part is written at the end of the target
(for a JSON array: in place of its closing bracket), never the old content copied.

An append is journalled so that a kill at any instant is repaired by the next appender (any
run appending to that file, or the run's own next run, before its first request): the journal
(`.NAME.<pid>.append`) says where the write began, which bytes were there, and which part is
being appended. It is written before the target is touched and removed after the part is.
Under the lock, a journal whose part still exists is an append that did not finish: the
target is cut back to where it began and the part appended again; a journal whose part is gone
is one that finished (only the journal's removal was missed).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newscrawl.atomic_file import sync_directory


def append_into_place(source: Path, target: Path, json_array: bool = False) -> None:
    """Append the complete, synced part `source` to `target` and remove the part; a part that
    is gone was appended already (a hand-over finished twice does nothing twice)."""
    with _locked(target):
        repair(target)
        _append(source, target, json_array)


def repair(target: Path) -> None:
    """Finish or undo what killed appenders left; call with the target's lock held."""
    for journal in sorted(target.parent.glob(f".{target.name}.*.append")):
        entry = json.loads(journal.read_text("utf-8"))
        part = Path(entry["part"])
        if part.exists():  # the append did not finish: undo it and do it again
            with target.open("r+b") as out:
                out.truncate(int(entry["start"]))
                out.seek(int(entry["start"]))
                out.write(bytes.fromhex(entry["restore"]))
                out.flush()
                os.fsync(out.fileno())
            _append(part, target, bool(entry["json"]), journal)
        else:
            journal.unlink()
            sync_directory(target.parent)


def _append(source: Path, target: Path, json_array: bool, journal: Path | None = None) -> None:
    if not source.exists():
        return
    if not target.exists():  # the first run to write it: a rename, as for a new feed
        os.replace(source, target)
        sync_directory(target.parent)
        return
    new = source.read_bytes()
    size = target.stat().st_size
    start, restore, data = _splice(target, size, new) if json_array else (size, b"", new)
    journal = journal or target.with_name(f".{target.name}.{os.getpid()}.append")
    entry = {"part": str(source), "start": start, "restore": restore.hex(), "json": json_array}
    _write_synced(journal, json.dumps(entry).encode())
    with target.open("r+b") as out:
        out.seek(start)
        out.write(data)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())
    source.unlink()
    sync_directory(target.parent)
    journal.unlink()
    sync_directory(target.parent)


def _splice(target: Path, size: int, new: bytes) -> tuple[int, bytes, bytes]:
    """Where a JSON array's new items go (its closing bracket), the bytes they replace, and
    what is written there: `[a]` + `[b]` is `[a,b]`, not `[a][b]`."""
    with target.open("rb") as old:
        old.seek(max(0, size - 64))
        tail = old.read()
    close = tail.rfind(b"]")
    if close < 0:
        raise OSError(f"{target} does not end a JSON array: not appended to")
    start = size - len(tail) + close
    items = new.strip()[1:-1].strip()
    if not items:
        return start, tail[close:], tail[close:]
    empty = tail[:close].rstrip().endswith(b"[")  # an item would end with "}"
    joint = b"\n" if empty else b",\n"
    return start, tail[close:], joint + items + b"\n]\n"


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.with_name(f".{target.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run appending: wait for it (seconds)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    sync_directory(path.parent)
