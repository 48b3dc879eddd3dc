from __future__ import annotations

from pathlib import Path

from newscrawl.feeds import AtomicFileFeedStorage


def test_lines_appear_only_when_the_feed_is_stored(tmp_path: Path) -> None:
    target = tmp_path / "site" / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    handle = storage.open(None)  # type: ignore[arg-type]
    handle.write(b'{"a": 1}\n{"b": ')
    assert not target.exists()  # a killed run leaves only the hidden .part file
    assert all(p.name.endswith(".part") for p in target.parent.iterdir())
    handle.write(b"2}\n")
    storage.store(handle)
    assert target.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    assert [p.name for p in target.parent.iterdir()] == ["feed.jsonl"]


def test_append_mode_keeps_the_old_lines(tmp_path: Path) -> None:
    target = tmp_path / "feed.jsonl"
    target.write_bytes(b'{"old": 1}\n')
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": False})
    handle = storage.open(None)  # type: ignore[arg-type]
    handle.write(b'{"new": 2}\n')
    storage.store(handle)
    assert target.read_bytes() == b'{"old": 1}\n{"new": 2}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.jsonl"]
