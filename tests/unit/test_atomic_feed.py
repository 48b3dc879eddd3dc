from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from newscrawl.delivery import place
from newscrawl.feeds import SHARED_FILE, AtomicFileFeedStorage


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
    assert sorted(p.name for p in tmp_path.iterdir()) == [".feed.jsonl.lock", "feed.jsonl"]


class HandOver:
    """A run's state as the storage sees it: it keeps the ready feed for the hand-over."""

    def __init__(self) -> None:
        self.ready: list[Any] = []

    def feed_ready(self, feed: Any) -> None:
        self.ready.append(feed)

    def fail(self, message: str) -> None:
        raise AssertionError(message)


def finished_part(target: Path, lines: bytes, fmt: str = "jsonlines") -> Any:
    """One run's `-o target`: its lines complete in its part, ready to be handed over."""
    storage = AtomicFileFeedStorage(
        str(target), feed_options={"overwrite": False, "format": fmt, SHARED_FILE: True}
    )
    run = HandOver()
    handle = storage.open(None)  # type: ignore[arg-type]
    storage.run = run  # type: ignore[assignment]
    handle.write(lines)
    storage.store(handle)
    (feed,) = run.ready
    # runs are processes: each part has its own pid in its name; here they share one
    own = feed.source.with_name(f".{target.name}.{next(PIDS)}.part")
    feed.source.rename(own)
    return replace(feed, source=own)


PIDS = itertools.count(100001)


def test_two_runs_handing_over_to_one_file_keep_both_runs_lines(tmp_path: Path) -> None:
    """Both runs finish their parts before either hands over (the interleaving that lost one
    run's lines when each merged the old file into its own copy)."""
    target = tmp_path / "all.jsonl"
    target.write_bytes(b'{"old": 0}\n')
    first = finished_part(target, b'{"a": 1}\n')
    second = finished_part(target, b'{"b": 2}\n{"c": 3}\n')
    place(first)
    place(second)
    assert target.read_bytes() == b'{"old": 0}\n{"a": 1}\n{"b": 2}\n{"c": 3}\n'
    place(first)  # a hand-over finished again (reconcile) appends nothing twice
    assert target.read_bytes().count(b'"a"') == 1


def test_a_json_array_appended_twice_stays_one_array(tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    place(finished_part(target, b'[\n{"a": 1}\n]', "json"))
    place(finished_part(target, b'[\n{"b": 2},\n{"c": 3}\n]', "json"))
    place(finished_part(target, b"[]", "json"))
    assert json.loads(target.read_text()) == [{"a": 1}, {"b": 2}, {"c": 3}]


def test_an_append_killed_halfway_is_cut_back_and_done_again_by_the_next(tmp_path: Path) -> None:
    """The journal says where the killed append began; the next appender restores the file
    to that point and appends the killed run's part whole, then its own."""
    target = tmp_path / "all.json"
    target.write_bytes(b'[\n{"old": 0}\n]\n')
    killed = finished_part(target, b'[\n{"a": 1}\n]', "json")
    journal = tmp_path / ".all.json.999999999.append"
    start = target.read_bytes().rindex(b"]")
    entry = {"part": str(killed.source), "start": start, "restore": b"]\n".hex(), "json": True}
    journal.write_text(json.dumps(entry))
    with target.open("r+b") as torn:  # what the killed append had written when it died
        torn.seek(start)
        torn.write(b',\n{"a": ')
        torn.truncate()
    place(finished_part(target, b'[\n{"b": 2}\n]', "json"))
    assert json.loads(target.read_text()) == [{"old": 0}, {"a": 1}, {"b": 2}]
    assert not journal.exists() and not killed.source.exists()
    place(killed)  # its own run's reconcile later: already appended, nothing twice
    assert json.loads(target.read_text()) == [{"old": 0}, {"a": 1}, {"b": 2}]
