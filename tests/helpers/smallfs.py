"""Run a command with some directories on small or read-only filesystems: tmpfs mounts inside a
private mount namespace (`unshare -m`, as root), gone when the command ends and invisible to
the rest of the machine. Skipped where mounting is not allowed; a failure when CI=true (CI
runs as root)."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest


@functools.cache
def _can_mount() -> str:
    """'' when tmpfs can be mounted in a private namespace, else why not."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return "unshare is not installed"
    probe = subprocess.run(
        [unshare, "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt || exit 1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return "" if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


def require_small_filesystems() -> None:
    why = _can_mount()
    if not why:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true runs as root and must be able to mount a tmpfs: {why}")
    pytest.skip(why)


def run_with_mounts(
    command: Sequence[str],
    mounts: Mapping[Path, str],
    *,
    keep: Mapping[Path, Path] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run `command` with each directory of `mounts` on a tmpfs with those options (e.g.
    "size=300k", "ro"); copy each `keep` source directory to its destination after the command
    ends (the tmpfs vanishes with the namespace)."""
    require_small_filesystems()
    lines = ["set -e"]
    for directory, options in mounts.items():
        directory.mkdir(parents=True, exist_ok=True)
        lines.append(
            f"mount -t tmpfs -o {shlex.quote(options)} tmpfs {shlex.quote(str(directory))}"
        )
    lines += ["set +e", '"$@"', "status=$?"]
    for source, destination in (keep or {}).items():
        destination.mkdir(parents=True, exist_ok=True)
        lines.append(f"cp -a {shlex.quote(str(source))}/. {shlex.quote(str(destination))}/")
    lines.append("exit $status")
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", "\n".join(lines), "sh", *command],
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        timeout=timeout,
    )
