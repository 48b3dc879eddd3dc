"""External programs some tests need (redis-server): skipped locally when absent, but a
missing program fails the test when CI=true, so CI can never pass by skipping."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def require(binary: str) -> str:
    path = shutil.which(binary)
    if path:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{binary} is required when CI=true (install it in .ci/run)")
    pytest.skip(f"{binary} is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_server(
    port: int | None = None, password: str | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A throwaway redis-server on a free loopback port: yields (redis URL, process). With a
    `password` the server requires it, and the URL carries it."""
    binary = require("redis-server")
    port = port or free_port()
    secured = ["--requirepass", password] if password else []
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    process = subprocess.Popen(
        [*command, "no", *secured],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    try:
        credentials = f":{password}@" if password else ""
        yield f"redis://{credentials}127.0.0.1:{port}/0", process
    finally:
        process.terminate()
        process.wait(timeout=10)
