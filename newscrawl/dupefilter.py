"""Scrapy's request filter with the run's fingerprints on disk instead of in a Python set.

Same rule as Scrapy's RFPDupeFilter (one request per fingerprint), same JOBDIR file (so a
paused job resumes with what it had seen), but the fingerprints sit in a RunSet, so a crawl
of 100,000 articles does not keep 100,000 fingerprints in RAM. The distributed add-on
replaces this filter with scrapy-redis's, which keeps them in Redis.

JOBDIR is for pausing and resuming one crawl; cron jobs often reuse it run after run. So
listing pages are never written to it (a later run must walk the section fronts again: with
them filtered every later run ended "no section reachable"), and a crawl that finishes empties
it: what a finished run delivered is in the state store, and what it could not deliver must
be tried again by the next run, not filtered as seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.request import RequestFingerprinterProtocol

from newscrawl.request_meta import PAGE_KIND
from newscrawl.state.runset import RunSet

_LENGTH_BYTES = 2  # JOBDIR's requests.seen: each fingerprint after its big-endian length


class DiskDupeFilter(RFPDupeFilter):
    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
    ) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)  # no in-memory set filled
        self.seen = RunSet()
        if path:  # JOBDIR: what the job's earlier parts saw, appended to from here on
            self.file = Path(path, "requests.seen").open("a+b")  # noqa: SIM115 (closed in close)
            self.file.seek(0)
            self.seen.update(job_fingerprints(self.file.read()))

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request)
        if not self.seen.add(fingerprint):
            return True
        if self.file and request.meta.get(PAGE_KIND) == "article":
            self.file.write(len(fingerprint).to_bytes(_LENGTH_BYTES, "big") + fingerprint)
        return False

    def close(self, reason: str) -> None:
        if self.file and reason == "finished":  # nothing to resume
            self.file.seek(0)
            self.file.truncate()
        super().close(reason)
        self.seen.close()


def job_fingerprints(data: bytes) -> Iterator[bytes]:
    """The fingerprints of a JOBDIR requests.seen file; a torn last record is ignored."""
    position = 0
    while position + _LENGTH_BYTES <= len(data):
        size = int.from_bytes(data[position : position + _LENGTH_BYTES], "big")
        start = position + _LENGTH_BYTES
        if start + size > len(data):
            return
        yield data[start : start + size]
        position = start + size
