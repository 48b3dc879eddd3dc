"""Run `scrapy …` with a fault injected, for tests of the delivery guarantees.

    python tests/helpers/inject.py kill:STEP crawl bna_germany -a base_url=…
    python tests/helpers/inject.py state-full-after:N crawl bna_germany -a base_url=…
    python tests/helpers/inject.py stage-error:N crawl bna_germany -a base_url=… \
        -s NEWSCRAWL_EXTRACT_PROCESSES=0

kill:STEP (before-commit, after-commit, after-rename, after-forget): the process SIGKILLs
itself, as a power cut or the OOM killer would, at exactly that step of the feed hand-over
(delivery.py). state-full-after:N: the state's SQLite connection answers SQLite's own "database
or disk is full" error from its (N+1)-th INSERT on, as a filling disk does mid-crawl.
stage-error:N: a pure pipeline stage raises on its first N articles, as a bug would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any

STEPS = ("before-commit", "after-commit", "after-rename", "after-forget")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(step: str) -> None:
    from newscrawl import delivery
    from newscrawl.state.sqlite import SqliteStore

    commit = SqliteStore.commit
    forget = SqliteStore.forget_pending
    move = delivery.move_into_place

    def killing_commit(self: SqliteStore, feeds: Sequence[tuple[str, str]] = ()) -> None:
        if feeds and step == "before-commit":
            die()
        commit(self, feeds)
        if feeds and step == "after-commit":
            die()

    def killing_forget(self: SqliteStore) -> None:
        forget(self)
        if step == "after-forget":
            die()

    def killing_move(feed: Any) -> None:
        move(feed)
        if step == "after-rename":
            die()

    patches: dict[str, tuple[Any, str, Callable[..., None]]] = {
        "commit": (SqliteStore, "commit", killing_commit),
        "forget": (SqliteStore, "forget_pending", killing_forget),
        "move": (delivery, "move_into_place", killing_move),
    }
    for owner, name, replacement in patches.values():
        setattr(owner, name, replacement)


class FillingConnection:
    """A sqlite3.Connection whose INSERTs fail once `room` of them were made."""

    def __init__(self, connection: sqlite3.Connection, room: int) -> None:
        self.connection = connection
        self.room = room

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._spend(sql)
        return self.connection.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._spend(sql)
        return self.connection.executemany(sql, *args)

    def _spend(self, sql: str) -> None:
        if sql.lstrip().upper().startswith("INSERT"):
            if self.room <= 0:
                raise sqlite3.OperationalError("database or disk is full")
            self.room -= 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


def fill_state_after(room: int) -> None:
    from newscrawl.state.sqlite import SqliteStore

    opened = SqliteStore.__init__

    def filling_init(self: SqliteStore, path: Any, *args: Any, **kwargs: Any) -> None:
        opened(self, path, *args, **kwargs)
        self._db = FillingConnection(self._db, room)  # type: ignore[assignment]

    SqliteStore.__init__ = filling_init  # type: ignore[method-assign]


def fail_stage(times: int) -> None:
    """The chain's text-quality stage raises on its first `times` articles (crawler process
    only: NEWSCRAWL_EXTRACT_PROCESSES=0)."""
    from newscrawl.extraction import chain

    check_text = chain.check_text
    left = [times]

    def failing(article: Any, done: Any) -> None:
        if left[0] > 0:
            left[0] -= 1
            raise RuntimeError("injected stage failure")
        check_text(article, done)

    chain.check_text = failing  # type: ignore[assignment]


def fail_emit(times: int) -> None:
    """The last pipeline stage (Emit) raises OSError (EMFILE) on its first `times` articles,
    after the duplicate stages recorded them, as `ulimit -n` too low made it do."""
    import errno

    from newscrawl.pipelines.emit import EmitPipeline

    process_item = EmitPipeline.process_item
    left = [times]

    def failing(self: Any, item: Any, spider: Any = None) -> Any:
        if left[0] > 0:
            left[0] -= 1
            raise OSError(errno.EMFILE, "Too many open files")
        return process_item(self, item, spider)

    EmitPipeline.process_item = failing  # type: ignore[method-assign]


def fail_summary() -> None:
    """The run summary cannot be written (the disk filled after the feed was moved)."""
    import errno

    from newscrawl.extensions import summary

    def failing(path: Any, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    summary.write_text_atomically = failing  # type: ignore[assignment]


def kill_rebuild_after(records: int) -> None:
    """`scrapy rebuildstate` is killed (SIGKILL) after marking `records` articles."""
    from newscrawl.commands import rebuildstate

    feed_records = rebuildstate.feed_records

    def dying(paths: Any, rebuilt: Any) -> Any:
        for n, record in enumerate(feed_records(paths, rebuilt)):
            if n == records:
                os.kill(os.getpid(), signal.SIGKILL)
            yield record

    rebuildstate.feed_records = dying  # type: ignore[assignment]


def fail_move() -> None:
    """Moving the finished feed into place fails (EIO) after the run's commit."""
    import errno

    from newscrawl import delivery

    def failing(feed: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    delivery.move_into_place = failing  # type: ignore[assignment]


def fail_callback(times: int) -> None:
    """The article callback raises on its first `times` pages, as a spider bug would."""
    from newscrawl.spiders.section import SectionSpider

    parse_article = SectionSpider.parse_article
    left = [times]

    def failing(self: Any, response: Any, section: str) -> Any:
        if left[0] > 0:
            left[0] -= 1
            raise ValueError("injected callback failure")
        return parse_article(self, response, section)

    SectionSpider.parse_article = failing  # type: ignore[method-assign]


def main() -> None:
    fault, _, value = sys.argv[1].partition(":")
    if fault == "kill" and value in STEPS:
        arm(value)
    elif fault == "state-full-after" and value.isdigit():
        fill_state_after(int(value))
    elif fault == "stage-error" and value.isdigit():
        fail_stage(int(value))
    elif fault == "emit-error" and value.isdigit():
        fail_emit(int(value))
    elif fault == "rebuild-kill-after" and value.isdigit():
        kill_rebuild_after(int(value))
    elif fault == "move-error":
        fail_move()
    elif fault == "summary-error":
        fail_summary()
    elif fault == "callback-error" and value.isdigit():
        fail_callback(int(value))
    else:
        raise SystemExit(f"unknown fault {sys.argv[1]!r}")
    from scrapy.cmdline import execute

    sys.argv = ["scrapy", *sys.argv[2:]]
    execute()


if __name__ == "__main__":
    main()
