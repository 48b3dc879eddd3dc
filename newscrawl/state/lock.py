"""One run per site at a time: an flock on a file in the state directory.

The kernel releases an flock when its holder dies, however it dies, so a lock left by a
killed run is taken over by the next run without any staleness guesswork; the file keeps the
last holder's pid, host and start time so a refused run can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import IO


class LockHeld(RuntimeError):
    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"another run holds {path}: {holder or 'unknown holder'}")
        self.path = path
        self.holder = holder


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None
        self.previous_holder = ""

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise LockHeld(self.path, holder) from None
        handle.seek(0)
        self.previous_holder = handle.read().strip()  # a dead run's record, if any
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).replace(microsecond=0).isoformat()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()} since {started}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (a pid out of range does not)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True
