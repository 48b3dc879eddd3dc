"""The hand-over between a run's feeds and its state: an article is either in a finished feed
and recorded as delivered, or in neither — whatever instant the run is killed at.

Two stores take part (the feed files and the state store) and neither can commit the other, so
the hand-over is two-phase, with the state as the log:

1. each feed is complete and synced under a temporary name (the feed storage did that);
2. the state commits the run's marks together with the list of feeds still to be moved into
   place ("pending");
3. each feed is renamed into place, and its directory synced;
4. the state forgets the pending list.

Killed before 2, nothing was committed: the next run delivers every article again and no
finished feed holds them. Killed after 2, the next run finds the pending list before its first
request and finishes the moves (`reconcile`): rolling forward is safe because every pending
feed was complete and synced before it was listed.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.atomic_file import sync_directory
from newscrawl.feed_append import append_into_place
from newscrawl.state.base import SeenStore
from newscrawl.state.lock import pid_alive

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadyFeed:
    source: Path  # complete and synced: the run's whole feed, under a temporary name
    target: Path  # where it becomes a finished feed
    append: bool = False  # `-o FILE`: added to the end of the target (feed_append.py)
    json_array: bool = False  # ... as more items of its JSON array

    def pending(self) -> tuple[str, str]:
        """As the state lists it until it is in place (an append says so in the target)."""
        prefix = _APPEND_JSON if self.json_array else _APPEND if self.append else ""
        return str(self.source), prefix + str(self.target)

    @classmethod
    def from_pending(cls, source: str, target: str) -> ReadyFeed:
        for prefix, json_array in ((_APPEND_JSON, True), (_APPEND, False)):
            if target.startswith(prefix):
                return cls(Path(source), Path(target[len(prefix) :]), True, json_array)
        return cls(Path(source), Path(target))


_APPEND, _APPEND_JSON = "append:", "append-json:"


def place(feed: ReadyFeed) -> None:
    """Step 3 for one feed: renamed into place, or appended to its target."""
    if feed.append:
        append_into_place(feed.source, feed.target, feed.json_array)
    else:
        move_into_place(feed)


def move_into_place(feed: ReadyFeed) -> None:
    """Rename atomically and sync the directory, so the rename itself survives a power cut."""
    os.replace(feed.source, feed.target)
    sync_directory(feed.target.parent)


class MovePending(RuntimeError):
    """The run's marks are committed and its feeds complete, but one could not be moved into
    place: delivered all the same, the next run finishes the move (reconcile)."""


def hand_over(store: SeenStore, feeds: list[ReadyFeed]) -> None:
    """Steps 2-4 above: commit marks with the pending feeds, move them, forget them."""
    store.commit([feed.pending() for feed in feeds])
    if not feeds:
        return
    for feed in feeds:
        try:
            place(feed)
        except OSError as exc:
            raise MovePending(
                f"the run's articles are committed and its feed is complete at {feed.source}, "
                f"but moving it to {feed.target} failed ({exc.strerror or exc}); the next run "
                "moves it into place before its first request"
            ) from exc
    store.forget_pending()


def reconcile(store: SeenStore) -> list[ReadyFeed]:
    """Finish the hand-over of a run killed between its commit and its last rename."""
    pending = [ReadyFeed.from_pending(s, t) for s, t in store.pending_feeds()]
    if not pending:
        return []
    for feed in pending:
        if feed.append:
            append_into_place(feed.source, feed.target, feed.json_array)  # or repair it
            logger.warning("finished the feed of an interrupted run: %s", feed.target)
        elif feed.source.exists():
            move_into_place(feed)
            logger.warning("finished the feed of an interrupted run: %s", feed.target)
        elif not feed.target.exists():
            logger.error(
                "the feed %s of an interrupted run is gone (neither it nor %s exists); its "
                "articles are recorded as delivered",
                feed.target,
                feed.source,
            )
    store.forget_pending()
    return pending


def discard_unfinished(path: Path) -> None:
    """Remove a failed run's unfinished feed; one log line names what went."""
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        logger.error("unfinished feed %s could not be removed: %s", path, exc.strerror or exc)
        return
    logger.error(
        "unfinished feed %s removed (%.1f MB): nothing of it was delivered", path, size / 2**20
    )


PART = re.compile(r"^\..+\.(\d+)\.(?:part|merge)$")  # .NAME.<pid>.part, its .merge


def leftover_parts(directory: Path) -> list[Path]:
    """Unfinished feeds under `directory` whose run is gone (a killed run, or one that kept
    its part): their pid no longer runs on this machine."""
    found = []
    try:
        candidates = sorted(directory.rglob(".*.*"))
    except OSError:
        return []
    for path in candidates:
        match = PART.match(path.name)
        if match is None or not path.is_file():
            continue
        if not pid_alive(int(match.group(1))):
            found.append(path)
    return found


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # "stdout:", "s3://"; not a drive ("C:")


def local_feed_path(uri: str) -> str | None:
    """The file path of a feed URI that names a local file (a path or file://); None for
    stdout:, s3:// and the other storages."""
    if uri.startswith("file://"):
        return urlsplit(uri).path
    return None if _SCHEME.match(uri) else uri
