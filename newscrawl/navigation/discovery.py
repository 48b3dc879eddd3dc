"""Where a site lists its stories besides its listings: the feeds a page declares, the
sitemaps robots.txt names, and the article URLs of RSS/Atom feeds and XML sitemaps."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

import lxml.etree
from lxml.html import HtmlElement

from newscrawl.extraction.generic.markup import has_rel
from newscrawl.urls import absolute_url

# A sitemap may hold 50,000 URLs in 50 MB (sitemaps.org); a feed is far smaller. What is read
# past either budget is left unread, and the document is parsed as it streams in (the tree of
# a 52 MB sitemap took ~440 MB), so one document costs a few MB whatever it holds.
MAX_XML_BYTES = 50 * 1024 * 1024  # unpacked bytes read of one feed or sitemap
MAX_ENTRIES = 50_000  # entries (and index entries) read of one feed or sitemap
_CHUNK = 64 * 1024
# elements whose subtree is done with once they end: cleared so the tree never grows
_RECORDS = frozenset({"url", "sitemap", "item", "entry"})


@dataclass(slots=True)
class FeedLinks:
    """Entries (article candidates) and, for a sitemap index, further sitemaps to read."""

    entries: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    news: bool = False  # a news sitemap (Google's news namespace): entries are recent stories
    kind: str = ""  # the root element: rss, RDF, feed, urlset, sitemapindex
    # entry -> the date its record gives (publication date, else last change), as written
    dates: dict[str, str] = field(default_factory=dict)
    # entry -> when its record says it last changed (lastmod, updated; else its date)
    changed: dict[str, str] = field(default_factory=dict)
    settled: int = 0  # entries whose record has ended
    cut: bool = False  # the document went on past the byte or entry budget: not read to its end

    @property
    def plain_sitemap(self) -> bool:
        """A sitemap that is no news sitemap lists every page of a site, not just stories."""
        return self.kind == "urlset" and not self.news


def sitemaps_in_robots(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            found.append(value.strip())
    return list(dict.fromkeys(found))


def read_feed(data: bytes, max_entries: int = MAX_ENTRIES) -> FeedLinks:
    """RSS 2.0, RSS 1.0, Atom, sitemap or sitemap index (gzipped or not); anything else
    gives nothing. Read as a stream: at most MAX_XML_BYTES unpacked bytes and `max_entries`
    entries; a document cut there, or broken, gives what came before."""
    result = FeedLinks()
    source = _Unpacked(data)
    events = lxml.etree.iterparse(
        source,
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for event, element in events:
            if not isinstance(element.tag, str):
                continue
            if not result.kind:
                result.kind = _local(element.tag)
            if event == "end" and _take(element, result) >= max_entries:
                result.cut = True
                break
    except lxml.etree.XMLSyntaxError:
        pass  # not XML, or broken (cut) past what was read
    result.cut = result.cut or source.left == 0
    result.entries = list(dict.fromkeys(u for u in result.entries if u))
    result.sitemaps = list(dict.fromkeys(u for u in result.sitemaps if u))
    return result


def _take(element: lxml.etree._Element, result: FeedLinks) -> int:
    """Note what an ended element gives; clear a finished record. How many entries so far."""
    name = _local(element.tag)
    kind = result.kind
    if name == "news" and "sitemap-news" in element.tag:
        result.news = True
    elif name == "loc" and element.text:
        target = result.sitemaps if kind == "sitemapindex" else result.entries
        target.append(element.text.strip())
    elif name == "link" and kind in ("rss", "RDF", "feed"):
        _feed_link(element, result)
    elif name in _RECORDS:
        _date_record(element, result)
        element.clear()
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    return len(result.entries) + len(result.sitemaps)


# The date of a record: a news sitemap's publication date, an RSS item's pubDate or
# dc:date, an Atom entry's published; else when it last changed (lastmod, updated).
_DATE_NAMES = ("publication_date", "pubDate", "published", "date", "lastmod", "updated")
_CHANGE_NAMES = ("lastmod", "updated")


def _date_record(record: lxml.etree._Element, result: FeedLinks) -> None:
    """Give the entries of an ended record (`<url>`, `<item>`, `<entry>`) its date."""
    fresh = result.entries[result.settled :]
    result.settled = len(result.entries)
    if not fresh:
        return
    found: dict[str, str] = {}
    for element in record.iter():
        if isinstance(element.tag, str) and element.text and element.text.strip():
            found.setdefault(_local(element.tag), element.text.strip())
    date = next((found[name] for name in _DATE_NAMES if name in found), None)
    changed = next((found[name] for name in _CHANGE_NAMES if name in found), date)
    for entry in fresh:
        if date is not None:
            result.dates.setdefault(entry, date)
        if changed is not None:
            result.changed.setdefault(entry, changed)


def _feed_link(element: lxml.etree._Element, result: FeedLinks) -> None:
    """<link>URL</link> in RSS items, <link rel="alternate" href="URL"/> in Atom entries."""
    parent = element.getparent()
    if parent is None or _local(str(parent.tag)) not in ("item", "entry"):
        return
    href = element.get("href")
    if href and element.get("rel", "alternate") == "alternate":
        result.entries.append(href.strip())
    elif element.text and element.text.strip():
        result.entries.append(element.text.strip())


class _Unpacked(io.RawIOBase):
    """The document's bytes as a stream, unpacked as they are read when gzipped (sitemaps are
    often .xml.gz files, not Content-Encoding), ending at MAX_XML_BYTES."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0
        self.unpacker = (
            zlib.decompressobj(wbits=zlib.MAX_WBITS | 16) if data.startswith(b"\x1f\x8b") else None
        )
        self.left = MAX_XML_BYTES

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = min(self.left, _CHUNK if size is None or size < 0 else size)
        chunk = b""
        while want > 0 and not chunk and self.offset < len(self.data):
            if self.unpacker is None:
                chunk = self.data[self.offset : self.offset + want]
                self.offset += len(chunk)
            else:
                chunk = self._unpack(want)
        self.left -= len(chunk)
        return chunk

    def _unpack(self, want: int) -> bytes:
        assert self.unpacker is not None
        try:
            pending = self.unpacker.unconsumed_tail or self.data[self.offset : self.offset + _CHUNK]
            if not self.unpacker.unconsumed_tail:
                self.offset += len(pending)
            chunk = self.unpacker.decompress(pending, want)
        except zlib.error:
            self.offset = len(self.data)
            return b""
        if self.unpacker.eof:
            self.offset = len(self.data)  # what follows the gzip member is not read
        return chunk


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def feed_links(root: HtmlElement, base: str) -> list[str]:
    """RSS/Atom feeds the page declares: <link rel=alternate type=...rss+xml|atom+xml>, or
    rel=feed (HTML's own name for it, with or without a type)."""
    found: dict[str, None] = {}
    for link in root.iter("link"):
        kind = (link.get("type") or "").lower()
        typed = kind.endswith(("rss+xml", "atom+xml"))
        if (has_rel(link, "alternate") and typed) or (
            has_rel(link, "feed") and (typed or not kind)
        ):
            url = absolute_url(base, link.get("href") or "")
            if url:
                found[url] = None
    return list(found)
