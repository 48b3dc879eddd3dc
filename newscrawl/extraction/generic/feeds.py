"""Article URLs from RSS/Atom feeds, XML sitemaps (news sitemaps first) and robots.txt."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field

import lxml.etree

MAX_XML_BYTES = 50 * 1024 * 1024
_PARSER = lxml.etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False
)


@dataclass(slots=True)
class FeedLinks:
    """Entries (article candidates) and, for a sitemap index, further sitemaps to read."""

    entries: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    news: bool = False  # a news sitemap (Google's news namespace): entries are recent stories
    kind: str = ""  # the root element: rss, RDF, feed, urlset, sitemapindex

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


def read_feed(data: bytes) -> FeedLinks:
    """RSS 2.0, RSS 1.0, Atom, sitemap or sitemap index; anything else gives nothing."""
    root = _parse(_gunzip(data))
    result = FeedLinks()
    if root is None:
        return result
    kind = result.kind = _local(root.tag)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if name == "news" and "sitemap-news" in element.tag:
            result.news = True
        elif name == "loc" and element.text:
            target = result.sitemaps if kind == "sitemapindex" else result.entries
            target.append(element.text.strip())
        elif name == "link" and kind in ("rss", "RDF", "feed"):
            _feed_link(element, result)
    result.entries = list(dict.fromkeys(u for u in result.entries if u))
    result.sitemaps = list(dict.fromkeys(u for u in result.sitemaps if u))
    return result


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


def _parse(data: bytes) -> lxml.etree._Element | None:
    if not data.strip():
        return None
    try:
        return lxml.etree.fromstring(data, parser=_PARSER)
    except lxml.etree.XMLSyntaxError:
        return None


def _gunzip(data: bytes) -> bytes:
    """Sitemaps are often served as .xml.gz files (not Content-Encoding): unpack, bounded."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        unpacker = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        return unpacker.decompress(data, MAX_XML_BYTES)
    except (zlib.error, gzip.BadGzipFile):
        return b""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
