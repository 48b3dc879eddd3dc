"""What a page's address says about the kind of page it is, before anything on the page is
read: a directory or host set apart for another kind ("/services/…", "/docs/…", "docs.",
"….readthedocs.io"), a news directory or a section of the site's editorial content, the
section's own index page ("/news", "/aktuelles/"), a forum software's thread script, a
story's slug or a news item's number. The recogniser (`recognise`) weighs these beside what
the page shows; none decides alone there, but for a forum script.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# Directories of a site's address that hold pages of another kind; the innermost directory
# that names a kind decides, so a press release under "/service/presse/" is news
_DIRECTORY_KINDS = (
    ("service", ("services", "service", "solutions", "leistungen", "dienstleistungen",
                 "loesungen", "lösungen")),
    ("documentation", ("docs", "doc", "documentation", "dokumentation", "manual", "handbuch")),
    ("news", ("news", "presse", "press", "meldungen", "pressemitteilungen", "nachrichten",
              "medienmitteilungen", "aktuelles", "aktuell", "blog", "blogs", "artikel", "article",
              "articles", "stories", "story", "magazin", "magazine", "post", "posts", "beitrag",
              "beitraege", "beiträge", "artykul", "artykuly", "articulo", "articulos", "artigo",
              "artigos", "articolo", "articoli", "noticia", "noticias", "notizie", "nieuws",
              "nyheter", "nyheder", "uutiset", "actualites", "actualite", "actus", "wiadomosci",
              "aktualnosci", "haber", "haberler", "zpravy", "novinky", "actualités", "artículo",
              "artículos", "notícias", "wiadomości", "aktualności", "zprávy", "kurzmeldungen",
              "neuigkeiten", "pressemeldungen", "mitteilungen", "meldung")),
    ("listing", ("tag", "tags", "category", "categories", "kategorie", "author", "autor",
                 "authors", "page", "seite", "archive", "archives", "archiv",
                 "issues", "ausgaben")),
)  # fmt: skip
# Sections of a site's editorial content: a story's slug under one is a story's address where
# no directory or host names another kind of page ("/health/…", "/ratgeber/…", "/resources/…")
_SECTIONS = frozenset(
    ("politics", "politik", "business", "wirtschaft", "world", "welt", "opinion", "meinung",
     "science", "wissenschaft", "technology", "tech", "health", "gesundheit", "culture",
     "kultur", "sport", "sports", "lifestyle", "travel", "reise", "food", "entertainment",
     "money", "finance", "finanzen", "insights", "resources", "guides", "guide", "learn",
     "library", "knowledge", "wissen", "ratgeber", "lexikon", "research", "journal", "tips",
     "forschung", "reisen", "essen", "geld", "technik", "leben", "unterhaltung", "tipps",
     "bibliothek", "lernen")
)  # fmt: skip
_DIRECTORY_KIND = {word: kind for kind, words in _DIRECTORY_KINDS for word in words}
# A site's hosts set apart for pages of another kind ("docs.example.com"), where no directory
# names one
_HOST_KIND = {
    "docs": "documentation", "doc": "documentation", "developer": "documentation",
    "developers": "documentation", "store": "product", "shop": "product",
}  # fmt: skip
# Platforms that host projects' documentation, each on its own subdomain
_DOCUMENTATION_PLATFORMS = (".gitbook.io", ".readthedocs.io", ".readthedocs-hosted.com", ".rtfd.io")
# The scripts that show a thread in forum software (phpBB, FluxBB, vBulletin, Simple Machines)
_FORUM_SCRIPT = re.compile(
    r"/(?:viewtopic|showthread|viewthread|showtopic)\.php$|^(?:.*[?&;])?topic=", re.IGNORECASE
)
# One news item by its number: in the last segment, or in a query parameter naming it
_ITEM_NUMBER = re.compile(
    r"^(?:news|artikel|article|story|meldung|nachricht|beitrag)[-_]?"
    r"(?!(?:19|20)\d\d(?:\.\w+)?$)\d{3,}(?:\.\w+)?$",  # a year's is an archive: "news2024"
    re.IGNORECASE,
)
_ITEM_PARAMETER = re.compile(r"(?:news|article|artikel|story)(?:_?id)?\]?$", re.IGNORECASE)
_ITEM_ID = re.compile(r"^(?=[\w-]*\d)[0-9a-f-]{2,}$", re.IGNORECASE)
_SLUG_WORDS = re.compile(r"[-_+\s]+")
_INDEX_FILE = re.compile(r"^(?:index|default)\.\w+$", re.IGNORECASE)


def forum_script(url: str) -> bool:
    """The address of a thread in forum software: "viewtopic.php?t=…", "index.php?topic=…"."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(_FORUM_SCRIPT.search(parts.path) or _FORUM_SCRIPT.search("?" + parts.query))


def address_kind(url: str) -> str | None:
    """The kind of page the address names: its directories ("/services/beratung/steuern/": a
    service), the innermost that names one deciding, or else its host ("docs.example.com",
    a documentation platform's "project.readthedocs.io");
    where neither does, "section" for an address under a section of the site's editorial
    content ("/health/…", "/ratgeber/…"); else None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    directories = unquote(parts.path).lower().split("/")[1:-1]
    listing = False  # a listing's directory under a news one: "/blog/category/…"
    for directory in reversed(directories):
        kind = _DIRECTORY_KIND.get(directory)
        if kind == "listing":
            listing = True
        elif kind:
            return "listing" if listing and kind == "news" else kind
    labels = host.split(".")
    kind = _HOST_KIND.get(labels[0]) if len(labels) > 2 else None
    if host.endswith(_DOCUMENTATION_PLATFORMS):
        kind = "documentation"
    if kind is None and any(directory in _SECTIONS for directory in directories):
        return "listing" if listing else "section"
    return kind


def listing_address(url: str) -> bool:
    """An address under a listing's directory ("/tag/radwege/", "/category/politik/page/2/",
    "/autor/mia-muster/"): a page of links to stories, never a story itself."""
    try:
        directories = unquote(urlsplit(url).path).lower().split("/")[1:-1]
    except ValueError:
        return False
    return any(_DIRECTORY_KIND.get(directory) == "listing" for directory in directories)


def news_item_address(url: str) -> bool:
    """The address of one item of a site's news by its number: a query parameter that names
    it ("?newsID=6486285", TYPO3's "?tx_ttnews[tt_news]=477", "?article_id=385022") or a news
    word joined to the number in the last segment ("/de/news823175", "/artikel-12345")."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if _ITEM_NUMBER.match(unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]):
        return True
    return any(
        _ITEM_PARAMETER.search(name) and _ITEM_ID.match(value)
        for name, value in parse_qsl(parts.query)
    )


def index_address(url: str) -> bool:
    """The address of a news directory's, a listing's or a section's own page ("/news",
    "/blog/", "/technology/index.html"), with no query that picks one item of it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    last = _last_segment(parts.path).lower()
    return not parts.query and (last in _DIRECTORY_KIND or last in _SECTIONS)


def story_address(url: str, kind: str | None) -> bool:
    """A story's slug (two or more words) under a news directory or a section of the site's
    editorial content ("/blog/faire-lieferketten", "/ratgeber/faire-lieferketten"; not
    "/blog/impressum", nor under a listing, "/blog/category/…"), or a news item's number
    (`news_item_address`). `kind`: the address's kind (`address_kind`), read once by the
    caller."""
    if kind in ("news", "section"):
        last = _last_segment(urlsplit(url).path).rsplit(".", 1)[0]
        if len([word for word in _SLUG_WORDS.split(last) if word]) >= 2:
            return True
    return news_item_address(url)


def _last_segment(path: str) -> str:
    """The path's last segment, or the directory of an index file: a story kept as
    ".../story-slug/index.html" is named by its directory."""
    segments = unquote(path).rstrip("/").split("/")
    last = segments[-1]
    if _INDEX_FILE.match(last) and len(segments) > 1:
        return segments[-2]
    return last
