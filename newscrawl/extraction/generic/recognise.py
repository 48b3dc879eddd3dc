"""Is a fetched page an article? The evidence of structured data and of what the page shows,
weighed together; a refusal names what the page is instead.

A crawl without a profile reaches pages by URL shape alone, so it fetches some that are not
stories (forum threads, shop and service pages, documentation, listings). Those are dropped
with a reason code:

- `front_page`: the page's address is a site's root (no path, no query), whatever the page
  shows (the latest story over its teasers) and however it is typed;
- `forum`: the address is a forum software's thread script ("viewtopic.php", "showthread.php",
  "index.php?topic=…"), whatever the page shows (a thread shows its first post's date);
- `forum`, `product`, `collection`, `service`: the page's JSON-LD says so (a forum posting or
  Q&A page, a product or offer, a collection or item list, a service or a catalogue of
  offers) and names no article beside it; an `FAQPage`'s questions are no forum's, and a
  product typed `og:type=article` with a date beside its headline is a review; a forum
  posting or Q&A page in the page's top-level microdata is a forum's too, where neither
  names an article;
- `documentation`: three or more code blocks on a page that states no publication date and
  shows none beside its headline; or a link to edit the page's source at a code host
  ("Edit this page", a GitHub `/edit/` link) on a page that shows no publication date there
  (a date labelled "Last updated" is none) and whose structured data states none either;
- `service`, `documentation`, `product`: the address's innermost directory that names a kind
  of page names this one ("/services/…", "/leistungen/…", "/docs/…"; "/service/presse/…" is
  news), or else its host does ("docs.", "developer.", "store.", "shop."), on a page that
  shows no publication date beside its headline and whose address is not dated (themes
  stamp every page with a date in its metadata); a documentation platform's host
  ("….readthedocs.io", "….gitbook.io") names documentation; under a news directory ("/blog/",
  "/articles/") code blocks do not make documentation;
- `listing`: the address is a news directory's, a listing's or a section's own ("/news",
  "/aktuelles/", "/issues/", "/technology/"; no query that picks an item) and the page shows
  five or more teasers' headlines that link, however it is typed or dated;
- `product`: shop controls or price markup on a page that states no publication date;
- `too_little_text`: under 300 characters of running text on a page with no structured data
  whose address is not dated and that shows no date beside its headline (a short post of
  lyrics or photos shows its date; a date in the metadata alone is a template's stamp);
- `og_type_<type>`, `json_ld_<type>`: a page typed as something else (`og:type=website`, a
  JSON-LD `WebPage`) that does not show a story either: a dated page with running text
  (1,000 characters in paragraphs) is one, whatever its type says, as many sites type every
  page `website`; a date shown beside the headline counts (`fields.dates.shown_date`);
  a page typed as another kind that is no article kind (an `FAQPage`, a `LocalBusiness`
  added for search engines) is one when it shows its date beside its headline;
- `no_single_headline`, `many_teasers`: a page with no structured data that types it (the
  site's own, an `Organization` or a `BreadcrumbList`, types no page) and no single `<h1>`,
  or several `<article>` teasers, unless its first `<h1>` shows a date beside it (or, with no
  single `<h1>`, the one heading that carries the page's title does, or that heading stands
  on a dated page); one `<h1>` that carries the page's title over a story's worth of running
  text is a story's headline, beside the site's name in another `<h1>` or over related
  stories' teasers; a dated story address with 300 characters of running text is a story
  however its headings and teasers are marked up;
- `forum`: a page no JSON-LD calls an article (`og:type=article` does not count: forum
  software sets it on every thread) that links the profiles of five or more of the site's
  own members (`/members/…`, `/users/…`, MyBB's, phpBB's and Simple Machines' profile
  links, on its own domain): one per post of a thread.

A page is dated by its metadata, by a `<time>`, or by its address: a /YYYY/MM/DD/ date before
the story's slug, or a full date in the slug (`urls.dated_story_path`), which also exempts it
from the edit-link test (a blog kept in a repository). A story's slug (two or more words)
under a news or blog directory ("/aktuelles/faire-lieferketten",
"/aktuelles/faire-lieferketten/index.html", not "/blog/category/…"), or under a section of the
site's editorial content ("/ratgeber/…", "/health/…") where no directory or host names
another kind of page, or a news item's number in the address ("?newsID=6486285", TYPO3's
"?tx_ttnews[tt_news]=477", "/de/news823175"), stands for a date where a page typed as a
plain page or as another kind, or with no single headline, shows a story's worth of running
text (evidence "story address"; 300 characters on a page with no structured data, where
nothing says it is a page of another kind).

An article type (JSON-LD `NewsArticle` & co., `og:type=article`) is strong evidence but not
decisive: sites type every page `article`, so code blocks or shop controls without a date
still refuse it. Measured by `benchmarks/page_types.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.document import Document, json_ld_types
from newscrawl.extraction.fields.dates import (
    shown_date,
    shown_publication_date,
    states_publication,
)
from newscrawl.extraction.fields.headline import titled_headline
from newscrawl.extraction.generic.page_address import (
    address_kind,
    forum_script,
    index_address,
    story_address,
)
from newscrawl.extraction.refusal import NotAnArticle
from newscrawl.extraction.text import element_text
from newscrawl.urls import dated_story_path, host_of, is_site_root

_ARTICLE_OG_TYPES = frozenset({"article", "news", "newsarticle", "blog", "blogposting"})
_ARTICLE_TYPES = re.compile(
    r"^(\w*newsarticle|article|blogposting|liveblogposting|report|scholarlyarticle|techarticle|"
    r"\w*article)$",
    re.IGNORECASE,
)
_FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question"})
_KINDS = (
    ("forum", _FORUM_TYPES),
    ("product", frozenset({"product", "productgroup", "offer", "aggregateoffer", "car"})),
    ("collection", frozenset({"collectionpage", "itemlist", "searchresultspage"})),
    ("service", frozenset({"service", "offercatalog"})),
)
# JSON-LD types every kind of page carries: they say nothing about the page itself
_ANY_PAGE = frozenset(
    ("webpage", "website", "breadcrumblist", "organization", "imageobject", "person",
     "searchaction", "sitenavigationelement", "wpheader", "wpfooter", "readaction", "listitem",
     "entrypoint", "place", "postaladdress", "contactpoint", "brand", "logo", "wpsidebar")
)  # fmt: skip
_SHOP_CONTROL = re.compile(
    r"add to (cart|bag|basket)|in den (warenkorb|einkaufswagen)|buy now|jetzt kaufen|"
    r"ajouter au panier",
    re.IGNORECASE,
)
# Links to the profiles of the site's own members: a thread lists one per post.
# (Matched in lower case, on links each prefixed with "/" so that "members/ann.1/" counts)
_MEMBER_PAGE = re.compile(
    r"/(?:members?|users?|profiles?|u|benutzer|mitglied(?:er)?)/[^/?#\n]+|"
    r"/(?:member|profile)\.php\?u(?:id)?=\w+|"  # vBulletin and others
    r"/member\.php\?action=profile&uid=\d+|/user-\d+\.html|"  # MyBB
    r"/memberlist\.php\?mode=viewprofile&u=\d+|"  # phpBB
    r"[?;&]action=profile;u=\d+"  # Simple Machines
)
# A link to edit the page's own source in a code host: documentation kept in a repository
_CODE_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/")
_CODE_HOST_LINKS = etree.XPath(
    " or ".join(f"contains(@href, '{host}')" for host in _CODE_HOSTS).join(("//a[", "]"))
)
_EDIT_PATH = re.compile(
    r"^/(?:https?:)?//(?:www\.)?(?:"
    + "|".join(re.escape(host) for host in _CODE_HOSTS)
    + r")[^?#\n]+?/(?:-/)?edit/",
    re.MULTILINE,
)
_EDIT_LABEL = re.compile(
    r"^\W*(?:(?:edit|view|improve)\b.{0,12}\b(?:page|github|gitlab|source)\b|"
    r"(?:diese )?seite (?:bearbeiten|auf github))",
    re.IGNORECASE,
)
# The interstitial a bot wall (Cloudflare, Anubis, DDoS-Guard, …) serves in place of the page
_CHALLENGE = re.compile(
    r"^\W*(?:just a moment|attention required|making sure you.?re not a bot|"
    r"checking (?:your browser|if the site connection is secure)|"
    r"verify(?:ing)? (?:that )?you are (?:a )?human|are you a robot|bot verification|"
    r"ddos-guard|einen moment bitte|sicherheitsüberprüfung)",
    re.IGNORECASE,
)
# A "not found" page served with status 200 (a soft 404): the story is gone
_NOT_FOUND = re.compile(
    r"^\W*(?:(?:error )?404\b|(?:page|article|item|seite|artikel) (?:not found|nicht gefunden)|"
    r"not found\b|nicht gefunden\b|page introuvable|página no encontrada)",
    re.IGNORECASE,
)
CHALLENGE_TEXT = 2000  # characters of running text under which such a title is a challenge
MEMBERS = 5  # this many members' profiles linked on a page typed as no article: a thread
CODE_BLOCKS = 3  # this many <pre> on an undated page: documentation
STORY_TEXT = 1000  # characters of paragraphs a dated page of another type needs to be a story
TEASERS = 5  # this many linked headings on a section's own address: its listing
LITTLE_TEXT = 300  # characters of paragraphs under which no page is a story
_PARAGRAPH = 80  # characters a piece of text needs to count as running text
# Running text: paragraphs (a hard-wrapped one is many short pieces between <br>s and inline
# markup, so a <p> is measured whole) and the long loose pieces of text outside any <p>; those
# inside links, scripts and styles are left out. Candidates are found in C.
_PARAGRAPHS = etree.XPath(f"//body//p[string-length(.) >= {_PARAGRAPH}]")
_LONG_LOOSE_TEXT = etree.XPath(
    f"//body//text()[string-length(.) >= {_PARAGRAPH}][not(ancestor::p)]"
)
_OWN_TEXT = etree.XPath(
    ".//text()[not(ancestor::a or ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)
_COUNTED = ("pre", "h1", "article", "time", "button", "input")
# Headings that link (or links that hold a heading): a teaser's headline each
_LINKED_HEADINGS = etree.XPath(
    "count(//*[self::h2 or self::h3 or self::h4][.//a[@href]]"
    " | //a[@href][.//h2 or .//h3 or .//h4])"
)
# schema.org microdata: every item type of the page (the attributes alone are found a third
# faster than the elements that carry them; the items are told apart in Python)
_MICRODATA_TYPES = etree.XPath("//@itemtype")
_PRICE_MARKUP = etree.XPath("//*[@itemprop='price' or @itemprop='offers']")
_NOT_TEXT = frozenset(("script", "style", "noscript", "template", "a", "head"))


def running_text(doc: Document) -> int:
    """Characters of running text: paragraphs of 80+ characters, and loose pieces of text of
    80+ characters outside paragraphs, leaving out the text in links, scripts and styles."""
    running = 0
    paragraphs = _PARAGRAPHS(doc.root)
    for paragraph in paragraphs if isinstance(paragraphs, list) else []:
        if isinstance(paragraph, HtmlElement) and _outside_links_and_scripts(paragraph):
            pieces = _OWN_TEXT(paragraph)
            text = (
                "".join(p for p in pieces if isinstance(p, str)) if isinstance(pieces, list) else ""
            )
            size = len(" ".join(text.split()))
            if size >= _PARAGRAPH:
                running += size
    found = _LONG_LOOSE_TEXT(doc.root)
    for chunk in found if isinstance(found, list) else []:
        if not isinstance(chunk, str):
            continue
        size = len(chunk.strip())
        if size >= _PARAGRAPH and _in_running_text(chunk):
            running += size
    return running


def _outside_links_and_scripts(element: HtmlElement | None) -> bool:
    while element is not None:
        if element.tag in _NOT_TEXT:
            return False
        element = element.getparent()
    return True


def _in_running_text(chunk: Any) -> bool:
    """Whether a text node of an XPath result (lxml's smart string) lies outside links,
    scripts and styles."""
    element = chunk.getparent()
    if element is not None and chunk.is_tail:
        element = element.getparent()
    return _outside_links_and_scripts(element)


@dataclass(slots=True)
class PageSigns:
    """What the page shows, beside what its structured data says."""

    published: bool  # a publication date in JSON-LD, <meta>, <time> or the story's address
    dated_address: bool  # the address holds a date before the story's slug
    address_kind: str | None  # the kind of page the address names (`address_kind`)
    story_address: bool  # the address is a story's slug under a news directory or a section
    index_address: bool  # the address is a news directory's, a listing's or a section's own
    code_blocks: int
    headlines: int
    articles: int
    controls: int  # buttons and inputs
    links: str  # every link's href, lower case, one a line, each after a "/"

    @classmethod
    def of(cls, doc: Document, url: str | None = None) -> PageSigns:
        """`url`: the page's address (its canonical link where not given)."""
        tags: Counter[str] = Counter()
        hrefs = []
        for element in doc.root.iter(*_COUNTED, "a"):  # one walk
            if element.tag != "a":
                tags[element.tag] += 1
            elif href := element.get("href"):
                hrefs.append(href)
        links = ("/" + "\n/".join(hrefs)).lower()
        address = url or doc.canonical or ""
        dated_address = dated_story_path(address)
        kind = address_kind(address)
        published = bool(dated_address or states_publication(doc) or tags["time"])
        controls = tags["button"] + tags["input"]
        return cls(
            published,
            dated_address,
            kind,
            story_address(address, kind),
            index_address(address),
            tags["pre"],
            tags["h1"],
            tags["article"],
            controls,
            links,
        )


def shop_signs(doc: Document, signs: PageSigns) -> bool:
    """Price markup or a cart/buy control (looked for only on an undated page)."""
    if _PRICE_MARKUP(doc.root):
        return True
    return bool(signs.controls) and any(
        _SHOP_CONTROL.search(element_text(e) or e.get("value") or "")
        for e in doc.root.iter("button", "input")
    )


def article_evidence(doc: Document, url: str | None = None) -> str:
    """How the page shows it is an article; raises NotAnArticle with the reason if it is not.
    `url`: the page's address, where a date before the story's slug dates it."""
    _not_a_stand_in(doc)
    if url and is_site_root(url):  # (not the canonical link: some sites point it home)
        raise _refused("front_page")
    if url and forum_script(url):
        raise _refused("forum")
    types = {t.lower() for obj in doc.objects for t in json_ld_types(obj)}
    typed_article = any(_ARTICLE_TYPES.match(t) for t in types)
    if "faqpage" in types:  # its questions are the FAQ's, not a forum's
        types.discard("question")
    og_type = (doc.meta("og:type") or "").strip().lower()
    og_article = og_type in _ARTICLE_OG_TYPES or og_type.startswith("article")
    if not typed_article:
        kinds = types | _microdata_forum(doc, types)
        for kind, kind_types in _KINDS:
            if kinds & kind_types and not (kind == "product" and og_article and shown_date(doc)):
                raise _refused(kind)
    signs = PageSigns.of(doc, url)
    _not_a_page_of_another_kind(doc, signs)  # an article type does not override these
    if typed_article or og_article:
        return "json-ld" if typed_article else _not_a_thread(doc, signs, "opengraph")
    other = sorted(types - _ANY_PAGE)
    if og_type and og_type != "website":
        raise _refused(f"og_type_{_code(og_type)}")
    if other:  # an FAQ or a business added for search engines: a story shows its date
        dated = _shows_date(doc, signs)
        if (dated or signs.story_address) and running_text(doc) >= STORY_TEXT:
            return _not_a_thread(doc, signs, "dated page" if dated else "story address")
        raise _refused(f"json_ld_{_code(other[0])}")
    if og_type or "webpage" in types:  # typed as a plain page: only a dated story overrides
        dated = signs.published or _shows_date(doc, signs)
        if (dated or signs.story_address) and running_text(doc) >= STORY_TEXT:
            return _not_a_thread(doc, signs, "page" if dated else "story address")
        raise _refused(f"og_type_{_code(og_type)}" if og_type else "json_ld_webpage")
    # the site's own structured data (its organisation, a breadcrumb trail) types no page
    text = running_text(doc)
    if not signs.dated_address and text < LITTLE_TEXT and shown_date(doc) is None:
        raise _refused("too_little_text")
    return _not_a_thread(doc, signs, _markup_evidence(doc, signs, text))


def _microdata_forum(doc: Document, types: set[str]) -> set[str]:
    """The forum types among the page's top-level microdata items, unless one of them is an
    article: forum software marks up a thread's posts so, as Discourse does in the page it
    serves to readers without JavaScript. (Microdata's other kinds are widgets' on stories:
    a list of popular stories, a hidden product that carries a star rating.) An FAQ's
    questions are no forum's."""
    found = _MICRODATA_TYPES(doc.root)
    names = {
        value.rstrip("/").rsplit("/", 1)[-1].lower()
        for item_type in (found if isinstance(found, list) else [])
        if _top_level_item(item_type)
        for value in str(item_type).split()
    }
    if any(_ARTICLE_TYPES.match(name) for name in names):
        return set()
    if "faqpage" in names or "faqpage" in types:
        names.discard("question")
    return names & _FORUM_TYPES


def _top_level_item(item_type: Any) -> bool:
    """Whether an `itemtype` attribute (lxml's smart string) belongs to an item that is no
    other item's property (`itemscope` without `itemprop`)."""
    item = item_type.getparent() if hasattr(item_type, "getparent") else None
    return item is not None and item.get("itemscope") is not None and item.get("itemprop") is None


def _not_a_stand_in(doc: Document) -> None:
    """A bot wall's challenge served in place of the page, or a "not found" page served with
    status 200, is no verdict on the story: it is refused as `bot_challenge` or `soft_404`,
    an article not delivered (not `not_article`)."""
    for tag in ("title", "h1"):
        element = next(doc.root.iter(tag), None)
        shown = element_text(element) if element is not None else ""
        if _CHALLENGE.match(shown) and running_text(doc) < CHALLENGE_TEXT:
            raise NotAnArticle("bot_challenge", None, f"a bot wall's challenge page: {shown!r}")
        if _NOT_FOUND.match(shown) and running_text(doc) < CHALLENGE_TEXT:
            raise NotAnArticle("soft_404", None, f"a 'not found' page served as found: {shown!r}")


def _not_a_thread(doc: Document, signs: PageSigns, evidence: str) -> str:
    """A page no JSON-LD calls an article, linking the profiles of many of the site's own
    members (one per post), is a forum thread."""
    site = _domain(host_of(doc.canonical or doc.meta("og:url") or ""))
    members = set()
    links = signs.links
    for found_at in _MEMBER_PAGE.finditer(links):  # one scan of all the page's links, in C
        start = links.rfind("\n", 0, found_at.start()) + 2  # after the "/" put before it
        end = links.find("\n", found_at.end())
        href = links[start : end if end >= 0 else len(links)]
        host = host_of(href)  # "" for a link on this host, and for a malformed one
        if (_domain(host) == site) if host else ("//" not in href):
            members.add(href)
            if len(members) >= MEMBERS:
                raise _refused("forum")
    return evidence


def _states_publication(doc: Document) -> bool:
    """The page's structured data names when it was published (JSON-LD `datePublished`,
    `article:published_time`): a blog post kept in a repository, whose "edit this page" link
    is furniture of its theme, dated in a language whose dates are not read here."""
    return states_publication(doc, other_meta=False)


def _edit_link(doc: Document, signs: PageSigns) -> bool:
    """A link to edit (or view) the page's source at a code host: "Edit this page"."""
    if not any(host in signs.links for host in _CODE_HOSTS):
        return False
    if _EDIT_PATH.search(signs.links):
        return True
    found = _CODE_HOST_LINKS(doc.root)
    return isinstance(found, list) and any(
        _EDIT_LABEL.match(element_text(link)) for link in found if isinstance(link, HtmlElement)
    )


_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "gv"))


def _domain(host: str) -> str:
    """The host's registered domain, roughly: a forum on forums.example.com links its
    members' profiles on www.example.com (three labels under a country's second level, as
    in forum.example.co.uk)."""
    labels = host.lower().split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _not_a_page_of_another_kind(doc: Document, signs: PageSigns) -> None:
    """Code blocks or shop signs on an undated page: a stated date makes it a how-to or a
    review; for code, so does a date shown beside the headline (a programmer's blog post).
    A link to edit the page's source: documentation, unless a publication date is shown
    beside the headline (documentation states when it was last changed: "Last updated: …"
    is no publication date). An address under the site's services, documentation or shop:
    one of those, unless a publication date is shown beside the headline or the address
    itself is dated."""
    if _edit_link(doc, signs) and not (
        signs.dated_address
        or _states_publication(doc)
        or _shows_date(doc, signs, published_only=True)
    ):
        raise _refused("documentation")
    if signs.index_address and _linked_headings(doc) >= TEASERS:
        raise _refused("listing")
    kind = signs.address_kind
    if kind in ("service", "documentation", "product") and not (
        signs.dated_address or _shows_date(doc, signs, published_only=True)
    ):
        raise _refused(kind)
    if signs.published:
        return
    if signs.code_blocks >= CODE_BLOCKS and kind != "news" and not _shows_date(doc, signs):
        raise _refused("documentation")
    if shop_signs(doc, signs):
        raise _refused("product")


def _markup_evidence(doc: Document, signs: PageSigns, text: int) -> str:
    """No structured data at all: one headline and at most one <article> (a listing has
    many), unless the first headline shows a date beside it, as a story's byline does, or
    one `<h1>` carries the page's title over a story's worth of text (the teasers are related
    stories, the other `<h1>` the site's name); or, with no single `<h1>`, one heading
    carries the page's title on a dated page. A dated story address over 300 characters of
    running text is a story however its headings and teasers are marked up. `text`: the
    page's running text (`running_text`)."""
    if signs.headlines == 1 and signs.articles <= 1:
        return "markup"
    if signs.dated_address and text >= LITTLE_TEXT:
        return "dated address"  # its <article>s are related stories' teasers
    if signs.headlines and shown_date(doc) is not None:
        return "dated headline"
    titled = titled_headline(doc)
    if signs.headlines and titled is not None and titled.tag == "h1" and text >= STORY_TEXT:
        return "titled headline"  # a site's name in another <h1>, related stories' teasers
    headline = titled if signs.headlines != 1 else None
    if headline is not None and (signs.published or shown_date(doc, headline) is not None):
        return "dated title heading"
    if signs.story_address and text >= LITTLE_TEXT:
        return "story address"
    raise _refused("no_single_headline" if signs.headlines != 1 else "many_teasers")


def _linked_headings(doc: Document) -> int:
    found = _LINKED_HEADINGS(doc.root)
    return int(found) if isinstance(found, float) else 0


def _shows_date(doc: Document, signs: PageSigns, published_only: bool = False) -> bool:
    """A date beside the first `<h1>`, or (with no single `<h1>`) beside the heading that
    carries the page's title; with `published_only`, a date not labelled as an update."""
    shown = shown_publication_date if published_only else shown_date
    if shown(doc) is not None:
        return True
    if signs.headlines == 1:
        return False
    headline = titled_headline(doc)
    return headline is not None and shown(doc, headline) is not None


def _refused(code: str) -> NotAnArticle:
    """`code` is a short stable name for the evidence, e.g. `og_type_website`."""
    return NotAnArticle("not_article", code)


def _code(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value.lower())[:30]
