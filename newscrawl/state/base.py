"""The store interface that pipelines and spiders use; backends never leak past it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Concatenate, NamedTuple, ParamSpec, Protocol, TypeVar

# Namespaces of marks: article links already delivered or deliberately dropped (not fetched
# again), and the URL and content keys of delivered articles (duplicate checks).
LINK = "link"


def key_digest(key: str) -> bytes:
    """8 bytes per key: collisions are negligible below billions of keys, memory stays small."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


def utc_now() -> str:
    """Now, as the stores write times: ISO 8601 in UTC, to the second (sorts as it reads)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Validators(NamedTuple):
    """A server's validators of a document: `ETag` and `Last-Modified`, as it sent them."""

    etag: str | None
    last_modified: str | None


class StoreFailed(RuntimeError):
    """The state store could not be read or written: the run stops and delivers nothing."""


class StoreCorrupt(StoreFailed):
    """The state file is damaged; found when the store is opened, before any request."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"the state file {path} is damaged ({detail})")
        self.path = path


class StoreTooNew(StoreFailed):
    """The state was written by a newer newscrawl, in a format this one does not know."""

    def __init__(self, where: Path | str, found: int, known: int) -> None:
        super().__init__(
            f"the state {where} has format {found}, written by a newer newscrawl (this one "
            f"reads formats up to {known}): run that version, or rebuild the state"
        )
        self.where = str(where)


class EpochMismatch(StoreFailed):
    """The shared state is not the one this worker last worked with: Redis lost or swapped its
    data. Treating it as a first run would emit every article again."""


class Guarded:
    """A store that stays failed after its first error (see `guarded`)."""

    failure: StoreFailed | None
    where: str  # names the store in messages: its file or its Redis prefix


S = TypeVar("S", bound=Guarded)
P = ParamSpec("P")
R = TypeVar("R")


def guarded(
    *errors: type[Exception],
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """Turn a backend's `errors` into StoreFailed, and fail every later call with it: a store
    that failed once must not go on, half-written, as if nothing had happened."""

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        @functools.wraps(method)
        def call(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if self.failure is not None:
                raise self.failure
            try:
                return method(self, *args, **kwargs)
            except errors as exc:
                self.failure = StoreFailed(f"the state store {self.where} failed: {exc}")
                raise self.failure from exc

        return call

    return decorate


HEALTH_KEPT = 50  # runs whose health figures a store keeps (baselines use the last few)


class SeenStore(Protocol):
    def add(self, namespace: str, key: str) -> bool:
        """Record `key`; True when it was not there before (first sighting)."""
        ...

    def discard(self, namespace: str, key: str) -> None:
        """Take back a key this run recorded (its article was not delivered after all)."""
        ...

    def __contains__(self, item: tuple[str, str]) -> bool: ...

    def count(self, namespace: str) -> int: ...

    def section_synced(self, section: str) -> bool:
        """True once a run has walked this section's listing to its end."""
        ...

    def mark_section_synced(self, section: str, when: str) -> None: ...

    def validators(self, url: str) -> Validators | None:
        """What the server said identifies the version of `url` a finished run read in full
        (its ETag and Last-Modified), for a conditional request; None when none is kept."""
        ...

    def remember_validators(self, url: str, validators: Validators) -> None:
        """Keep `url`'s validators; like every mark, visible to later runs only at commit."""
        ...

    def version(self, article: str) -> bytes | None:
        """The last delivered version of the article with id `article` (revisions.py's
        encoding), while it is kept; else None."""
        ...

    def remember_version(self, article: str, version: bytes, expires: str) -> None:
        """Keep the article's delivered version until `expires` (ISO 8601, UTC; forgotten at
        the first commit after it); visible to later runs only at commit."""
        ...

    def near_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        """(article id, signature) of stored articles sharing at least one LSH band key."""
        ...

    def health_runs(self, limit: int) -> list[str]:
        """The health figures (health.py's RunHealth as JSON) of the last `limit` committed
        runs, the latest first."""
        ...

    def remember_health(self, finished: str, figures: str) -> None:
        """Keep this run's health figures (the last HEALTH_KEPT runs are kept); visible to
        later runs only at commit."""
        ...

    def add_near(self, article: str, keys: Sequence[int], signature: bytes) -> None:
        """Index an article's near-duplicate signature under its band keys."""
        ...

    def discard_near(self, article: str, keys: Sequence[int]) -> None:
        """Take back the article's near-duplicate entry this run made (not delivered)."""
        ...

    def commit(self, feeds: Sequence[tuple[str, str]] = ()) -> None:
        """Make what this run recorded visible to later runs, in one durable step together
        with `feeds`: (temporary, final) names of the feeds still to be moved into place
        (delivery.py)."""
        ...

    def pending_feeds(self) -> list[tuple[str, str]]:
        """The feeds a committed run had not yet moved into place when it stopped."""
        ...

    def forget_pending(self) -> None:
        """Every pending feed is in place: forget the list (durably)."""
        ...

    def close(self) -> None:
        """Release the store; anything not committed is forgotten."""
        ...
