"""Who wrote the story, and which outlet it comes from: the profile's selectors, else the
page's JSON-LD authors (a reference by @id resolved; an agency among them kept for `source`),
`<meta>`, microdata, rel=author links, byline markup, the byline shown under the headline (a
credit line's writer), an author box's "Written by", an organisation named as author, and
trafilatura's metadata reader; the first source that names someone wins. People and outlets,
job titles and degrees are told apart later (`authors.py`, in `normalize`)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.authors import date_piece as _date_piece
from newscrawl.extraction.authors import is_outlet, known_outlet, split_names
from newscrawl.extraction.class_index import class_words
from newscrawl.extraction.dates import is_month, written_date
from newscrawl.extraction.document import Document, elements_of, has_class
from newscrawl.extraction.fields.found import NOTHING, Found, selected, selected_all
from newscrawl.extraction.fields.headline import RUNNING_TEXT, near_headline
from newscrawl.extraction.generic.jsonld import names_of, organisations_of, people_of
from newscrawl.extraction.generic.markup import has_rel
from newscrawl.extraction.provenance import HTML, JSON_LD, META, OPENGRAPH
from newscrawl.extraction.text import collapse_whitespace, element_text


def read_source(doc: Document, selectors: tuple[str, ...] = ()) -> Found:
    """Only a profile's selector names the outlet; on other pages it comes from the byline."""
    return selected(doc, selectors)


def read_authors(doc: Document, selectors: tuple[str, ...] = (), url: str | None = None) -> Found:
    """The first source that names a person. A source giving only addresses (OpenGraph's
    `article:author` is a profile URL) or a long text (a byline box holding the author's
    biography) is passed over; one naming no person, only account logins ("andrew.keaveney"),
    outlets ("USA TODAY"), the site itself (a JSON-LD `Person` named like the publisher) or
    pieces of a date ("Sat"), gives way to the next that does, and is kept where none does.
    An agency it named stays beside the person (for `source`)."""
    found = selected_all(doc, selectors)
    if found.value:
        return found
    weak: Found | None = None
    own = _site_names(doc)
    for names, how in _author_sources(doc, url):
        usable = [_usable(n, own) for n in names if n and "://" not in n and len(n) < 120]
        usable = list(dict.fromkeys(n for n in usable if n))
        if any(_a_person(name, own) for name in usable):
            usable = _with_coauthors(doc, usable, own)
            if weak is not None:
                agencies = [n for n in weak.value if known_outlet(n) and n.casefold() not in own]
                usable += [n for n in agencies if n not in usable]
            return Found(usable, how)
        weak = weak or (Found(usable, how) if usable else None)
    if weak is not None or url is None:
        return weak or Found([], NOTHING)
    # trafilatura's guess, for a page that names no one in any of those places
    names = list(dict.fromkeys(n for n in map(_bare_name, _page_authors(doc, url)) if n))
    return Found(names, HTML) if names else Found([], NOTHING)


def _usable(name: str, own: set[str]) -> str:
    """A name as a source gives it, without quotes around it or the site's own name after
    it ("David Jackson - FullStack Editorial Team" on FullStack's blog, "Ann Lee and Bo Kim,
    The Daily Planet" on the Daily Planet's site); none without a
    letter (a profile's number, "•"), with a character no name has ("Name *", a form's
    label) or naming a social network's profile ("… on Facebook")."""
    text = collapse_whitespace(name).strip("\"'“”„‘’ ")
    if _NOT_IN_A_NAME.search(text) or not any(c.isalpha() for c in text):
        return ""
    if _SOCIAL_LINK.search(text):
        return ""  # "Garden Network on Facebook": a link to a social profile, no byline
    parts = _NAME_AND_MORE.split(text)
    if len(parts) > 1:
        kept = [part for part in parts if not any(site in part.casefold() for site in own)]
        if kept and len(kept) < len(parts):
            text = " | ".join(kept)
    names, comma, last = text.rpartition(", ")
    if comma and names and last.strip().casefold() in own:  # "Ann Lee, The Daily Planet"
        text = names
    return text


_NAME_AND_MORE = re.compile(r"\s+[-–—|]\s+")
_SOCIAL_LINK = re.compile(
    r"\s(?:on|auf)\s+(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|"
    r"bluesky|mastodon|pinterest)$",
    re.IGNORECASE,
)


def _site_names(doc: Document) -> set[str]:
    """The names the site gives itself (OpenGraph's site name, the JSON-LD publisher),
    case folded."""
    names = {doc.meta("og:site_name") or "", *names_of(doc.article.get("publisher"))}
    return {name.strip().casefold() for name in names if name and name.strip()}


def _a_person(name: str, own: set[str]) -> bool:
    """Could be a person's name: not a login, an outlet, the site's own name, or words of a
    date and punctuation only."""
    parts = (part.strip(" ,;:|-–—•·") for part in split_names(name))
    return any(
        part
        and part.casefold() not in own
        and not is_outlet(part)
        and not _a_handle(part)
        and not _date_piece(part)
        for part in parts
    )


_NOT_IN_A_NAME = re.compile(r"[*?!@#=<>{}\[\]]")  # a form's label, an address, markup


# A user name, not a person's name: one token with a dot, an underscore or a digit in it,
# all lower case, or capitals inside it ("andrew.keaveney", "kffnirmitap", "KatieS")
_HANDLE = re.compile(r"\S*[._\d]\S*|[a-z]+|[A-Za-z]+[a-z][A-Z]\w*")


def _a_handle(name: str) -> bool:
    """A CMS account's login where a byline's name belongs: a later source that names a
    person is taken instead (the handle stays where no source names anyone else)."""
    return _HANDLE.fullmatch(name) is not None and not is_outlet(name)  # "dpa" is no login


def _author_sources(doc: Document, url: str | None) -> Iterator[tuple[list[str], str]]:
    """Where a page names its authors, in order of trust; each read only when asked for."""
    article = _crediting(doc)
    authors, creators = (
        _resolved(doc, article.get("author")),
        _resolved(doc, article.get("creator")),
    )
    names = people_of(authors) or people_of(creators)
    # an agency credited beside the people ("dpa"), not the site itself: the source
    yield (names + _agencies(doc) if names else []), JSON_LD
    yield doc.meta_all("author"), META
    yield doc.meta_all("article:author"), OPENGRAPH
    yield [n for n in map(_bare_name, _microdata_authors(doc.root)) if n], HTML
    yield (
        [n for a in doc.rel_links if has_rel(a, "author") and (n := _bare_name(element_text(a)))],
        HTML,
    )
    yield (
        [n for e in _first_of_class(doc.root, "byline") if (n := _bare_name(element_text(e)))],
        HTML,
    )
    yield _marked_byline(doc.root), HTML
    yield shown_byline(doc), HTML
    yield _written_by(doc.root), HTML
    # only an organisation is named: it is the author there is
    yield names_of(authors) or names_of(creators), JSON_LD


def _with_coauthors(doc: Document, names: list[str], own: set[str]) -> list[str]:
    """One person named where the byline the page shows names that person first and more
    after ("Rui Ma, Heba Ledwon, Manoel Cortes Mendez"): the byline's people, the co-authors
    a CMS's author field keeps only the first of. Only a byline that starts with the same
    person: a list elsewhere (more stories by, the team) is no byline of this story."""
    if len(names) != 1:
        return names
    first = _plain_name(names[0])
    for listed in (_byline_links(doc.root, first), shown_byline(doc), _written_by(doc.root)):
        people = [n for text in listed for n in split_names(text) if n and _a_person(n, own)]
        if len(people) < 2 or _plain_name(people[0]) != first:
            continue
        if all(map(_full_name, people[1:])):
            return list(dict.fromkeys(people))
    return names


def _full_name(name: str) -> bool:
    """A co-author's name as bylines print it: two words or more, the first and the last
    capitalised ("Erik van Vulpen"), not a job title ("Journalist") or a link's leftover
    ("’s Profile")."""
    words = name.split()
    return len(words) >= 2 and words[0][:1].isupper() and words[-1][:1].isupper()


def _byline_links(root: HtmlElement, first: str) -> list[str]:
    """The author-page links that follow the one naming `first` in the same element, each
    parted from the one before by a separator only ("Rui Ma, Heba Ledwon & Suparn Patra"):
    not a link after other words ("| Fact-checked by Frank Bass"), nor other stories'
    authors further down."""
    for link in _author_page_links(root):
        name = _bare_name(element_text(link))
        parent = link.getparent()
        if not name or _plain_name(name) != first or parent is None:
            continue
        found, between, after = [name], link.tail or "", False
        for child in parent.iterchildren():
            if child is link:
                after = True
            elif not after:
                continue
            elif child.tag == "a" and _AUTHOR_PAGE.search(child.get("href") or ""):
                other = _bare_name(element_text(child))
                if not other or not _CO_AUTHOR_SEPARATOR.fullmatch(between):
                    break
                found.append(other)
                between = child.tail or ""
            else:
                between += element_text(child) + (child.tail or "")
        return found
    return []


_CO_AUTHOR_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:(?:and|und)\s+|&\s*)?|&|and|und|y|et)\s*", re.IGNORECASE
)


_TITLES = re.compile(r"^(?:(?:dr|prof|mr|mrs|ms)\.?\s+)+", re.IGNORECASE)


def _plain_name(name: str) -> str:
    """A name without its academic or courtesy title, case folded, to compare."""
    return _TITLES.sub("", collapse_whitespace(name)).casefold()


def _resolved(doc: Document, value: Any) -> Any:
    """A JSON-LD author given by reference only (`{"@id": "…#/schema/person/…"}`, as Yoast's
    @graph does) is the node of the page's graph with that @id."""
    items = value if isinstance(value, list) else [value]
    nodes = {node.get("@id"): node for node in doc.objects if isinstance(node.get("@id"), str)}
    found = [
        nodes.get(item["@id"], item)
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str)
        else item
        for item in items
    ]
    return found if isinstance(value, list) else found[0]


def _crediting(doc: Document) -> dict[str, Any]:
    """The JSON-LD object that credits the story: its Article, else (where the Article
    names no one, or the page has none) its own WebPage object, which some platforms give
    the headline, the dates and the author instead."""
    article = doc.article
    if article.get("author") or article.get("creator"):
        return article
    page = doc.web_page
    return page if page.get("author") or page.get("creator") else article


def _agencies(doc: Document) -> list[str]:
    """Organisations in the JSON-LD author list that are not the site or its publisher
    (normalize.py sorts them into `source` where they name an outlet)."""
    article = _crediting(doc)
    own = {name.casefold() for name in names_of(article.get("publisher"))}
    own.add((doc.meta("og:site_name") or "").casefold())
    authors = organisations_of(_resolved(doc, article.get("author")))
    return [n for n in authors if n.casefold() not in own]


def _microdata_authors(root: HtmlElement) -> list[str]:
    """schema.org microdata: `itemprop="author"`, its `itemprop="name"` where it has one; of
    the story the first author belongs to (a list of other stories below this one marks
    their authors too, each in a story of its own)."""
    names: list[str] = []
    story: HtmlElement | bool | None = False  # the first author's story (None: none marked)
    for element in elements_of(_WITH_ITEMPROP(root)):
        if (element.get("itemprop") or "").strip().lower() != "author":
            continue
        item = _item_of(element)
        if story is False:
            story = item
        elif item is not story:
            continue
        named = next((e for e in element.iter(etree.Element) if e.get("itemprop") == "name"), None)
        holder = named if named is not None else element
        name = holder.get("content") or element_text(holder)
        if name:
            names.append(name)
    return names


# The elements that have the attribute at all, found in C: few on most pages
_WITH_ITEMPROP = etree.XPath("descendant-or-self::*[@itemprop]")
_CLASS_HOLDING = etree.XPath("descendant-or-self::*[contains(@class, $word)]")
_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")


def _item_of(element: HtmlElement) -> HtmlElement | None:
    """The story a property belongs to: its nearest microdata item (`itemscope`) or
    `<article>` (a theme marking the whole page as one item sets each teaser in an
    `<article>` of its own)."""
    for ancestor in element.iterancestors():
        if ancestor.get("itemscope") is not None or ancestor.tag == "article":
            return ancestor
    return None


def _first_of_class(root: HtmlElement, word: str) -> list[HtmlElement]:
    """`root.find_class(word)[:1]`, without find_class's XPath string functions on every
    element of the page: only the elements whose class attribute holds the word at all
    are split into words."""
    for element in elements_of(_CLASS_HOLDING(root, word=word)):
        if has_class(element, word):
            return [element]
    return []


# A class word naming the byline itself ("author", "post-author", "c-byline__name", "writer"),
# not the things around it (its avatar, bio, box, date, label, links, share buttons).
_BYLINE_WORD = re.compile(r"(?:^|[-_])(?:author|byline|writer)s?(?:$|[-_])", re.IGNORECASE)
_NOT_THE_NAME = re.compile(
    r"avatar|image|img|photo|pic|bio|box|card|date|time|label|title|social|share|link|list|"
    r"url|info|desc|about|more|follow|wrap|comment",
    re.IGNORECASE,
)
_BYLINE_HINT = re.compile(r"author|byline|writer", re.IGNORECASE)  # in every such word
_NAME_PART = re.compile(r"(?:author|byline|writer)?[-_]?(?:name|fn)", re.IGNORECASE)


def _names_the_byline(word: str) -> bool:
    """A class word of the byline itself. In BEM's `block__element`, the element part says
    what it is: "elementor-author-box__name" is the name in the author box,
    "author-box__bio" is not."""
    block, _, part = word.rpartition("__")
    if block and _BYLINE_WORD.search(block + "-"):
        return _NAME_PART.fullmatch(part) is not None or (
            _BYLINE_WORD.search(part + "-") is not None and not _NOT_THE_NAME.search(part)
        )
    return _BYLINE_WORD.search(word) is not None and not _NOT_THE_NAME.search(word)


_AUTHOR_PAGE = re.compile(r"/(?:author|autor|authors|autoren|writers?)/[^/?#]+/?(?:$|[?#])")


# What a byline in markup wraps around the name: a label before it, a date after it.
_LABEL = re.compile(
    r"^(?:(?:the\s+)?authors?|autor(?:in|en)?|(?:written|posted|articles|posts|stories)\s+by|"
    r"more\s+(?:about|from|by)|(?:view|see)\s+all\s+(?:articles|posts|stories)\s+by|"
    r"by|von)\b\s*:?\s*",
    re.IGNORECASE,
)
_ARROWS = " »›→>"  # "More about Ann Lee »": a link's arrow is no part of the name
_DATED_TAIL = re.compile(r"\s*(?:[-–—|•·,]|\bon\b|\bam\b)\s*[^-–—|•·]*\d.*$", re.IGNORECASE)


def _marked_byline(root: HtmlElement) -> list[str]:
    """The first short element whose class names the byline, else the links to author
    pages (`/author/<name>/`): where the page marks its author in markup only. Labels and
    dates around the name are cut; what is left with a digit in it is no name."""
    for element in elements_of(_WITH_CLASS(root)):
        value = element.get("class") or ""
        if not _BYLINE_HINT.search(value):
            continue  # no word of it can name the byline
        if any(map(_names_the_byline, class_words(value))):
            name = _name_in(element)
            if name:
                return [name]
    found = (_bare_name(element_text(a)) for a in _author_page_links(root))
    return [name for name in found if name][:3]


def _author_page_links(root: HtmlElement) -> list[HtmlElement]:
    """The links to author pages (`/author/<name>/`), in page order."""
    return [a for a in root.iter("a") if _AUTHOR_PAGE.search(a.get("href") or "")]


# Blocks inside an author box that hold one line each: its name, then a job title or a bio
_LINES = ("div", "p", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "li")


def _name_in(element: HtmlElement) -> str | None:
    """The name an author element shows: where it sets the name and the author's title or
    bio apart ("Liz Kenny" / "Former McKinsey Consultant", each in a block of its own), its
    first piece of text that is a name; else its whole text."""
    if any(True for line in element.iter(*_LINES) if line is not element):
        for piece in element.itertext():
            name = _shown_name(collapse_whitespace(piece))
            if name:
                return name
        return None
    return _shown_name(element_text(element))


# A byline as shown under the headline: "By Ann Lee", "Von Anna Meier", "Written by:" and the
# name in the next piece, "January 20th, 2025 by Ann Lee".
_BY_ALONE = re.compile(
    r"^(?:by|von|(?:written|posted|text|story)\s+by|autor(?:in)?|author|text)\s*:?$",
    re.IGNORECASE,
)
_BY_NAME = re.compile(
    r"^(?:by|von|(?:written|posted|story)\s+by|autor(?:in)?|author)\s*:?\s+(.+)$", re.IGNORECASE
)
_DATE_BY_NAME = re.compile(r"^(.*\d.*)\s+by:?\s+(.+)$", re.IGNORECASE)  # "May 2, 2025 by Ann"


def shown_byline(doc: Document) -> list[str]:
    """The name in the byline shown under the headline, where the page marks it in no other
    way: after "By"/"Von" in the same piece of text or alone in the one before."""
    labelled = False
    for piece in near_headline(doc):
        if piece.in_headline or piece.time is not None or len(piece.text) > RUNNING_TEXT:
            continue
        text = collapse_whitespace(piece.text)
        if labelled:
            name = _shown_name(text)
            return [name] if name else []
        if _BY_ALONE.match(text):
            labelled = True
            continue
        credited = _credited_writer(text)
        if credited:
            return [credited]
        match = _BY_NAME.match(text)
        dated = _DATE_BY_NAME.match(text)
        if dated and written_date(dated.group(1)):
            match = dated
        if match:
            name = _shown_name(match.groups()[-1])
            if name:
                return [name]
    return []


# A credit line of a magazine piece: "Text: Anna Schmidt | Fotos: Peter Krause", "Words by
# Ann Lee / Photos by Bo Kim": the writer is the author, the photographer is not
_CREDIT_PARTS = re.compile(r"\s+[|/;·•]\s+|\s{2,}")
_WRITER = re.compile(
    r"^(?:text(?:e)?(?:\s+(?:und|and|&)\s+(?:fotos?|bilder|photos?))?|words|story|reporting)"
    r"(?:\s+by|\s+von)?\s*:?\s+(.+)$",
    re.IGNORECASE,
)


def _credited_writer(text: str) -> str | None:
    """The writer a credit line names ("Text: Anna Schmidt | Fotos: Peter Krause"), where
    it names its parts with labels; else None."""
    parts = _CREDIT_PARTS.split(text)
    if len(parts) < 2 and not text.lower().startswith(("text:", "texte:", "words:")):
        return None
    for part in parts:
        match = _WRITER.match(part.strip())
        if match:
            return _shown_name(match.group(1))
    return None


# "Written by Ann Lee" anywhere on the page (an author box under the story): the label names
# the writer, unlike a bare "by" ("by clicking …") or "Reviewed by" (a reviewer). An author
# box's link to the writer's other stories names the writer too ("All articles by Ann Lee").
_WRITER_LABEL = (
    r"(?:(?:written|posted|authored|article)\s+by|(?:geschrieben|verfasst)\s+von|"
    r"(?:(?:view|see)\s+)?all\s+(?:articles|posts|stories)\s+by|"
    r"more\s+(?:articles|posts|stories)\s+by)"
)
_WRITTEN_BY = re.compile(rf"^{_WRITER_LABEL}\s*:?\s+(.+)$", re.IGNORECASE)
_WRITER_LABEL_ALONE = re.compile(rf"^{_WRITER_LABEL}\s*:?$", re.IGNORECASE)
_WRITTEN_BY_START = re.compile(rf"\s*{_WRITER_LABEL}\b", re.IGNORECASE)
_NEXT_TEXT = etree.XPath("following::text()[normalize-space()][1]")


def _written_by(root: HtmlElement) -> list[str]:
    """The writer a label names anywhere on the page, in the label's element ("Written by
    Ann Lee") or, where the label stands alone, in the text that follows it (an author box
    heading "Article by" over the name). Of nested elements that open with the same label,
    the innermost: its wrapper's text runs on into the buttons beside the name."""
    # the label opens the element's first text (its own, else its first descendant's): the
    # rest is never joined
    labelled = [
        element
        for element in root.iter(*_LINES, "span")
        if _WRITTEN_BY_START.match(element.text or next(element.itertext(), ""))
    ]
    for position, element in enumerate(labelled):
        inner = labelled[position + 1] if position + 1 < len(labelled) else None
        if inner is not None and any(a is element for a in inner.iterancestors()):
            continue
        text = element_text(element)
        if 10 < len(text) <= 80 and (match := _WRITTEN_BY.match(text)):
            name = _shown_name(match.group(1))
        elif _WRITER_LABEL_ALONE.match(text):
            following = _NEXT_TEXT(element)
            name = (
                _shown_name(collapse_whitespace(str(following[0])))
                if isinstance(following, list) and following
                else None
            )
        else:
            continue
        if name:
            return [name]
    return []


def _shown_name(text: str) -> str | None:
    """A name, not a phrase ("by a student", "by printing one of our examples"): where it has
    several words, the first is capitalised."""
    name = _bare_name(text)
    if name is None or (" " in name and not name[0].isupper()):
        return None
    return name


# "Florence says": a comment's author, as WordPress themes head a comment
_COMMENTER = re.compile(r"\s(?:says|said|wrote|sagt|schrieb)\s*:?$", re.IGNORECASE)


def _bare_name(text: str) -> str | None:
    if not text or len(text) > 80 or _COMMENTER.search(text):
        return None
    name = _DATED_TAIL.sub("", _LABEL.sub("", text.strip().rstrip(_ARROWS))).strip(" :,-")
    if not any(c.isalpha() for c in name):
        return None  # a separator ("•", "|") between a date and a reading time
    return name if not any(c.isdigit() for c in name) else None


def _page_authors(doc: Document, url: str) -> list[str]:
    """The page's authors as trafilatura's metadata reader finds them, for a page that marks
    none in JSON-LD, <meta>, microdata or a byline class; a date it takes along is cut."""
    import trafilatura  # only for the pages that need it

    found = trafilatura.extract_metadata(copy.deepcopy(doc.root), default_url=url, extensive=False)
    names: list[str] = []
    for name in (found.author or "").split(";") if found is not None else []:
        words = name.split()
        while words and is_month(words[-1]):
            words.pop()  # "Luke Kim December": the start of a date
        if words:
            names.append(collapse_whitespace(" ".join(words)))
    return names  # labels, dated tails and digits are refused by the caller (read_authors)
