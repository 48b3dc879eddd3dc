"""Conditional GET of the documents a run discovers stories through: feeds, sitemaps and the
first page of each section's listing.

Where the server gave a document validators (`ETag`, `Last-Modified`), the next run asks for
it with `If-None-Match` / `If-Modified-Since`; a 304 means it is as a finished run read it,
and it costs a request without a body and no parse.

A 304 hides what the document links to, so its validators are kept only where that costs no
story: when, at the end of a finished run, every story it led to is known (delivered, or
dropped on purpose), none was cut at a budget or left out by `-a since=`, and every document
it led to (the sitemaps of an index, the further pages of a section) is complete alike.
Otherwise the next run reads it in full again and retries what failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import scrapy
from scrapy.http import Response

from newscrawl.request_meta import original_url
from newscrawl.state.base import LINK, SeenStore, Validators

NOT_MODIFIED = 304


@dataclass(slots=True)
class _Read:
    """A document read in full this run: its validators and what it led to."""

    validators: Validators
    stories: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # sitemaps an index names
    whole: bool = True  # nothing cut at a budget or left out by -a since=


class Revalidation:
    """One run's conditional requests and the validators it may keep."""

    def __init__(self) -> None:
        self._read: dict[str, _Read] = {}
        self._unchanged: set[str] = set()  # answered 304 this run: as complete as before

    @staticmethod
    def ask(request: scrapy.Request, store: SeenStore) -> scrapy.Request:
        """`request`, made conditional where a finished run kept the document's validators;
        a 304 then reaches its callback (`handle_httpstatus_list`)."""
        kept = store.validators(request.url)
        if kept is None:
            return request
        if kept.etag:
            request.headers["If-None-Match"] = kept.etag
        if kept.last_modified:
            request.headers["If-Modified-Since"] = kept.last_modified
        request.meta["handle_httpstatus_list"] = [NOT_MODIFIED]
        return request

    def unchanged(self, response: Response) -> bool:
        """The server says the document is as a finished run read it."""
        if response.status != NOT_MODIFIED:
            return False
        self._unchanged.add(_asked(response))
        return True

    def read(self, response: Response, stories: list[str], *, whole: bool = True,
             documents: list[str] | tuple[str, ...] = ()) -> None:  # fmt: skip
        """A document read in full: the stories and documents it led to, and whether it was
        read whole. Without validators from the server there is nothing to keep."""
        url = _asked(response)
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if response.status != 200 or not (etag or modified):
            return
        known = self._read.get(url)
        if known is None:
            validators = Validators(_text(etag), _text(modified))
            known = self._read[url] = _Read(validators)
        known.stories.extend(stories)
        known.documents.extend(documents)
        known.whole = known.whole and whole

    def more(self, url: str, stories: list[str], *, whole: bool = True) -> None:
        """Stories found further on from the document `url` (a section's next pages)."""
        known = self._read.get(url)
        if known is not None:
            known.stories.extend(stories)
            known.whole = known.whole and whole

    def cut(self, url: str) -> None:
        """The walk from `url` stopped before its end (a trap, a budget): not complete."""
        known = self._read.get(url)
        if known is not None:
            known.whole = False

    def settle(self, store: SeenStore) -> int:
        """At the end of a finished run: keep the validators of every complete document;
        returns how many."""
        complete: dict[str, bool] = {}

        def is_complete(url: str, path: frozenset[str]) -> bool:
            if url in self._unchanged:
                return True
            if url in complete:
                return complete[url]
            read = self._read.get(url)
            done = (
                read is not None
                and read.whole
                and all((LINK, story) in store for story in read.stories)
                and all(d not in path and is_complete(d, path | {d}) for d in read.documents)
            )
            complete[url] = done
            return done

        kept = 0
        for url, read in self._read.items():
            if is_complete(url, frozenset({url})):
                store.remember_validators(url, read.validators)
                kept += 1
        return kept


def _asked(response: Response) -> str:
    """The address the spider asked for (validators are kept under it, before redirects)."""
    return original_url(response.request) if response.request is not None else response.url


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
