"""URL canonicalisation: one form per article, whatever link led to it."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache
from urllib.parse import (
    SplitResult,
    parse_qsl,
    quote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|"
    r"igshid|ref_src|ref|cmpid|wt_mc|wt_zmc|xtor|at_medium|at_campaign|ito|itm_\w+)$",
    re.IGNORECASE,
)


# Plain ASCII path and (non-empty) query characters: what the fast paths below accept as is.
_PATH = r"[A-Za-z0-9._~!$&'()*+,=:@%/-]*"
_QUERY = r"(?:\?[A-Za-z0-9._~!$&'()*+,=:@%/?-]+)?"

# Ports urlsplit accepts (0-65535; _PORT), and those with no leading zero (_UNPADDED_PORT):
# loopback servers and some sites use five-digit ports, which must not miss the fast paths.
_FIVE_DIGIT_PORT = r"[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]"
_PORT = r"(?::(?:[0-9]{1,4}|0[0-9]{4}|" + _FIVE_DIGIT_PORT + "))?"
_UNPADDED_PORT = r"(?::([1-9][0-9]{0,3}|" + _FIVE_DIGIT_PORT + "))?"

# Already canonical: lower-case http(s) scheme and host, a path of plain characters, no query,
# no fragment, no port that canonicalisation would drop or rewrite. Most links on a page.
_CANONICAL = re.compile(r"https?://[a-z0-9.-]+" + _UNPADDED_PORT + "/" + _PATH)


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters and the fragment; lowercase scheme and host; keep the path."""
    plain = _CANONICAL.fullmatch(url)
    if plain is not None and plain.group(1) not in ("80", "443"):
        return url
    return _canonical_parts(url)


def _canonical_parts(url: str) -> str:
    """The general case of canonicalize_url."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    netloc = parts.netloc.lower()
    if parts.port in (80, 443) and parts.scheme in ("http", "https"):
        default = {"http": 80, "https": 443}[parts.scheme]
        if parts.port == default:
            netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


# An absolute http(s) URL in plain ASCII with no params, fragment, empty query, userinfo or
# odd port: urljoin and urlsplit would hand it back unchanged, so it needs neither (they cost
# far more than this match, and most image and link URLs in a page look like this).
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.-]+" + _PORT + "(?:/" + _PATH + ")?" + _QUERY)


# A root-relative path of the same plain characters, with no dot segment to resolve: urljoin
# would give the base's scheme and host followed by it unchanged (site menus are full of these).
_PLAIN_ROOTED = re.compile(r"/(?!/)" + _PATH + _QUERY)


# Longer URLs are not followed, nor taken as an article's canonical URL or an image's: 2,048
# characters is what browsers, CDNs and search engines reliably handle, and a hostile page's
# 1 MB `rel=canonical` must not become a feed line's `url`.
MAX_URL_LENGTH = 2048


def absolute_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`; None when it is no usable web URL or is too long."""
    href = href.strip()
    if len(href) > MAX_URL_LENGTH or len(base) > MAX_URL_LENGTH:
        return None
    found = _absolute_url(base, href)
    return found if found is None or len(found) <= MAX_URL_LENGTH else None


def _absolute_url(base: str, href: str) -> str | None:
    if _PLAIN_ABSOLUTE.fullmatch(href) and _parses(base):
        return href
    if _PLAIN_ROOTED.fullmatch(href) and "/." not in href:
        origin = _web_origin(base)
        if origin is not None:
            return origin + href
    return _joined_url(base, href)


@lru_cache(maxsize=64)
def _web_origin(base: str) -> str | None:
    """`scheme://netloc` of an http(s) base that urljoin accepts, else None."""
    parts = _web_parts(base)
    return None if parts is None else f"{parts.scheme}://{parts.netloc}"


def _web_parts(url: str) -> SplitResult | None:
    """The parts of a URL a browser would request (http(s), a host, a valid port), else None."""
    try:  # a hostile page's href can be any string ("http://[", "http://x:99999")
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts


def _parses(base: str) -> bool:
    """urljoin parses the base even for an absolute href, and gives up on a broken one."""
    try:
        urlsplit(base)  # lru-cached by urllib: one real parse per page
    except ValueError:
        return False
    return True


def _joined_url(base: str, href: str) -> str | None:
    """The general case: resolve against `base`, refuse what a browser would not request."""
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    if _web_parts(joined) is None:
        return None
    # What a browser would request: no fragment, whitespace inside the href percent-encoded.
    return _WHITESPACE.sub(lambda m: quote(m.group()), joined.split("#", 1)[0])


_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)" + _PORT + "(?=[/?#]|$)")


def host_of(url: str) -> str:
    plain = _PLAIN_HOST.match(url)
    if plain is not None:
        return plain.group(1).lower()
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def same_site(url: str, hosts: frozenset[str]) -> bool:
    """True when the URL's host is one of `hosts` or a subdomain of one."""
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in hosts)


_WHITESPACE = re.compile(r"[\s\ufeff]")
_DATE_IN_PATH = re.compile(r"/(?P<y>20\d{2}|19\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/")
_MONTH_DIRECTORY_DAY = re.compile(r"/(?P<y>20\d{2}|19\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/")
# A full date in the story's slug: "2025-12-17-slug", "slug-20251218", "20220127_slug"
_DATE_IN_SLUG = re.compile(
    r"(?<![0-9])(?P<y>20\d{2}|19\d{2})(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?![0-9])"
)


# Unpadded month and day, dashes only ("2014-2-19-slug", Hugo and Jekyll permalinks)
_LOOSE_DATE_IN_SLUG = re.compile(
    r"(?<![0-9])(?P<y>20\d{2}|19\d{2})-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])(?![0-9])"
)
# The file a web server answers for a directory: a static mirror (wget, HTTrack, Simply
# Static) or a generator with "ugly URLs" links `slug/index.html` where the site had `slug/`.
_INDEX_FILE = re.compile(r"(?<=/)index\.(?:html?|php|shtml)$", re.IGNORECASE)


def article_id(url: str) -> str:
    """A story's `id`: the first 16 hex digits of the sha256 of its canonical URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def page_path(url: str) -> str:
    """The URL's path as the page's address reads it: `/a/slug/index.html` is `/a/slug/`."""
    try:
        path = urlsplit(url).path
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket)
        return ""
    return _INDEX_FILE.sub("", path)


def date_in_url(url: str) -> date | None:
    """The date many news sites put in article paths, or None: /YYYY/MM/DD/ (or
    /YYYY-MM/DD/) before the slug, or a full date in the slug itself ("2025-12-17-slug",
    "slug-20251218")."""
    found = _dated_path(url)
    return found[0] if found else None


def dated_story_path(url: str) -> bool:
    """A date followed by a story's slug, or a slug holding a date ("/2025/03/04/radwege/",
    "/blog/2025-03-04-radwege"); a day's archive ("/2025/03/04/", "/archiv/2025-03-04") or a
    numbered page under it is no story's address."""
    found = _dated_path(url)
    return found is not None and found[1]


def _dated_path(url: str) -> tuple[date, bool] | None:
    """The date in the URL's path, and whether a story's slug stands beside it."""
    path = page_path(url)
    segments = [s for s in path.split("/") if s]
    last = segments[-1] if segments else ""
    match = _DATE_IN_PATH.search(path) or _MONTH_DIRECTORY_DAY.search(path)
    if match is not None:
        story = not last.isdigit()
    elif (match := _DATE_IN_SLUG.search(last) or _LOOSE_DATE_IN_SLUG.search(last)) is not None:
        story = bool((last[: match.start()] + last[match.end() :]).strip("-_.+ "))
    else:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])), story
    except ValueError:
        return None


def is_site_root(url: str) -> bool:
    """The address of a site's front page: no path and no query ("https://news.example/"),
    and no route of a script-built site in its fragment ("#/artikel/123", "#!/…")."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    routed = parts.fragment.startswith(("/", "!"))
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query and not routed


def site_slug(host: str) -> str:
    """`www.example.org` -> `example_org`, `127.0.0.1` -> `127_0_0_1`: a site's name where
    no profile names it (the generic spider's feed folder, state and lock)."""
    slug = re.sub(r"[^a-z0-9]+", "_", host.lower().removeprefix("www.")).strip("_")
    return slug or "site"
