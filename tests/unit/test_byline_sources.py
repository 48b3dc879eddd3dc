"""Which of a page's author sources names the story's writer: the first that names a person.
A source naming only an outlet, the site itself, a login or pieces of a date gives way to a
later one that names someone (keeping an agency it named for `source`); comment authors and
form labels are nobody's byline."""

from __future__ import annotations

import json

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.document import Document
from newscrawl.extraction.fields.found import Found
from newscrawl.extraction.fields.people import read_authors
from newscrawl.extraction.provenance import HTML, JSON_LD

BODY = "<p>The council met on Tuesday evening and voted on the new cycle lanes for the centre.</p>"
URL = "https://example.org/news/cycle-lanes"


def _page(head: str = "", byline: str = "", after: str = "") -> str:
    return (
        f"<html lang=en><head><title>Cycle lanes</title>{head}</head><body><article>"
        f"<h1>Council votes on cycle lanes</h1>{byline}{BODY * 8}</article>{after}</body></html>"
    )


def _ld(author: object, publisher: str | None = None) -> str:
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    data["author"] = author
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


SITE = '<meta property="og:site_name" content="Heart Foundation">'


@pytest.mark.parametrize(
    ("html", "authors", "source"),
    [
        # JSON-LD's "Person" is the site itself; the byline under the headline names the writer
        (
            _page(
                SITE + _ld({"@type": "Person", "name": "Heart Foundation"}),
                "<p class=meta>By Tracy Parker</p>",
            ),
            ["Tracy Parker"],
            None,
        ),
        # JSON-LD names only the site; a rel=author link names the reporter
        (
            _page(
                '<meta property="og:site_name" content="USA TODAY">'
                + _ld({"@type": "Person", "name": ", USA TODAY"}),
                '<p><a rel="author" href="/staff/brian-truitt">Brian Truitt</a></p>',
            ),
            ["Brian Truitt"],
            None,
        ),
        # an agency alone in the metadata stays the source beside the person shown
        (
            _page('<meta name="author" content="dpa">', "<p class=meta>Von Anna Müller</p>"),
            ["Anna Müller"],
            "dpa",
        ),
        # no one else named: the outlet is what there is
        (_page(_ld({"@type": "Organization", "name": "dpa"})), [], "dpa"),
        # initials in the author markup give way to the name in the author box
        (
            _page(
                byline='<span itemprop="author">NB</span>',
                after="<div class=author-box><p>Written by Nicole Burke</p></div>",
            ),
            ["Nicole Burke"],
            None,
        ),
        # a weekday that came along with the date is no one's name
        (
            _page('<meta name="author" content="Sat">', "<p class=meta>By Olive Ryan</p>"),
            ["Olive Ryan"],
            None,
        ),
        # quotes around a name in JSON-LD are not part of it
        (_page(_ld({"@type": "Person", "name": '"David Kim"'})), ["David Kim"], None),
        # a link's label and arrow around a name in author markup are cut
        (
            _page(byline='<a itemprop="author" href="/m/fred">More About Fred Lauziere »</a>'),
            ["Fred Lauziere"],
            None,
        ),
        # an author box in BEM classes: its __name element, not its __bio beside it
        (
            _page(
                after='<div class="elementor-author-box"><div class="elementor-author-box__text">'
                '<h4 class="elementor-author-box__name">Liz Kenny</h4>'
                '<div class="elementor-author-box__bio"><p>Former Consultant</p></div>'
                "</div></div>"
            ),
            ["Liz Kenny"],
            None,
        ),
        # the site's own name after the writer's is no part of it
        (
            _page(
                _ld(
                    {"@type": "Person", "name": "David Jackson - FullStack Editorial Team"},
                    publisher="FullStack",
                )
            ),
            ["David Jackson"],
            None,
        ),
        # a link to a social network's profile, listed among the authors, is no byline
        (
            _page(
                _ld(
                    [
                        {"@type": "Person", "name": "Arlene Marturano"},
                        {"@type": "Person", "name": "Garden Learning Network on Facebook"},
                    ]
                )
            ),
            ["Arlene Marturano"],
            None,
        ),
        # an author box whose label stands alone, the name in the next element
        (
            _page(
                after='<div class="box"><div class="label">Written by</div>'
                '<div class="big">Jack Shepherd</div><div>Hi! I&#39;m Jack, co-founder of a '
                "social media agency.</div></div>"
            ),
            ["Jack Shepherd"],
            None,
        ),
        (
            _page(after="<section><h2>Article by</h2><div>Matias Heikkilä</div></section>"),
            ["Matias Heikkilä"],
            None,
        ),
        # the link to the writer's other stories, in a wrapper beside other buttons
        (
            _page(
                after='<div class="author-links"><button><span>All articles by Elliot Raba'
                "</span></button><button><span>Visit LinkedIn page</span></button></div>"
            ),
            ["Elliot Raba"],
            None,
        ),
        # the authors of other stories listed below this one, each in an <article> of its own
        (
            "<html lang=en><head><title>Cycle lanes</title></head>"
            '<body itemscope itemtype="http://schema.org/Article"><article>'
            '<h1>Council votes on cycle lanes</h1><p>by <span itemprop="author">Jeffrey Zeldman'
            f"</span></p>{BODY * 8}</article><section>"
            '<article><h4><a href="/other">Other story</a></h4><p>by <span itemprop="author">'
            "Mark Bernstein</span></p></article></section></body></html>",
            ["Jeffrey Zeldman"],
            None,
        ),
    ],
)
def test_the_first_source_naming_a_person_wins(
    html: str, authors: list[str], source: str | None
) -> None:
    article = extract_article(html, URL)
    assert article.authors == authors
    assert article.source == source


@pytest.mark.parametrize(
    "after",
    [
        # a comment's heading names its author, not the story's
        '<ol class="comment-list"><li><div class="comment-author">Florence says</div>'
        "<p>Lovely post!</p></li></ol>",
        # a comment form's label
        '<form class="comment-form"><label class="comment-author">Name *</label>'
        '<input name="author"></form>',
    ],
)
def test_comments_name_no_author(after: str) -> None:
    html = _page(SITE + _ld({"@type": "Organization", "name": "Heart Foundation"}), after=after)
    article = extract_article(html, URL)
    assert article.authors == ["Heart Foundation"]


def test_a_webpage_object_credits_the_writer_where_no_article_does() -> None:
    """A newsletter platform gives its WebPage object (it has no Article) the headline, the
    dates and the writer, and names the newsletter in `<meta name=author>`."""
    page = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "headline": "Council votes on cycle lanes",
        "author": {"@type": "Person", "name": "Çelik Nimani"},
    }
    head = '<meta name="author" content="Weekly Signal"><script type="application/ld+json">'
    html = _page(head + json.dumps(page) + "</script>")
    assert read_authors(Document.parse(html)) == Found(["Çelik Nimani"], JSON_LD)


def test_a_separator_in_the_author_markup_is_no_name() -> None:
    """The header's author markup holds the date, a "•" and the reading time: the author
    box further down names the writer (read from the markup alone, without trafilatura's
    guess, which a page with no address does not get)."""
    html = _page(
        byline='<div class="post-header_author-text"><div>August 28, 2025</div>'
        "<div>•</div><div>5 min read</div></div>",
        after='<div class="blog_author-text"><div>Lauren Vetter</div><p>Lauren '
        "Vetter is a growth-focused marketing professional.</p></div>",
    )
    assert read_authors(Document.parse(html)) == Found(["Lauren Vetter"], HTML)


def _links(*parts: str) -> str:
    """A byline of author-page links and what stands between them."""
    return "".join(
        f'<a href="/author/{part.lower().replace(" ", "-")}/">{part}</a>'
        if not part.startswith(("|", ",", "&", " ", "<"))
        else part
        for part in parts
    )


@pytest.mark.parametrize(
    ("byline", "after", "authors"),
    [
        # the CMS's author field (JSON-LD) names the first; the byline shows all three
        (
            f'<div class="names">{_links("Rui Ma", "<span>, </span>", "Heba Ledwon")}'
            f"{_links('<span> &amp; </span>', 'Suparn Patra')}</div>",
            "",
            ["Rui Ma", "Heba Ledwon", "Suparn Patra"],
        ),
        # one byline string, with academic titles
        (
            "<p>By Dr Marna van der Merwe, Dr Dieter Veldsman, Erik van Vulpen</p>",
            "",
            ["Dr Marna van der Merwe", "Dr Dieter Veldsman", "Erik van Vulpen"],
        ),
        # a second link after other words is the fact-checker, not a co-author
        (
            f"<div>By {_links('Rui Ma', ' – Updated Sep 9, 2025 | Fact-checked by ')}"
            f"{_links('Frank Bass')}</div>",
            "",
            ["Rui Ma"],
        ),
        # author links of other stories' teasers are not this story's byline
        (
            f"<div>By {_links('Rui Ma')}</div>",
            f"<aside><div>{_links('Frank Bass')}</div><div>{_links('Anna Berg')}</div></aside>",
            ["Rui Ma"],
        ),
        # a job title after the name is no co-author
        ("<p>By Rui Ma, Journalist</p>", "", ["Rui Ma"]),
        ("<p><span>Written by: Rui Ma, Senior Analyst</span></p>", "", ["Rui Ma"]),
    ],
)
def test_co_authors_come_from_the_byline_that_names_the_first(
    byline: str, after: str, authors: list[str]
) -> None:
    """JSON-LD (or `<meta name=author>`) names one person: the byline shown on the page,
    naming that person first, gives the co-authors a CMS's author field leaves out."""
    first = authors[0].removeprefix("Dr ")
    html = _page(_ld({"@type": "Person", "name": first}), byline=byline, after=after)
    assert extract_article(html, URL).authors == authors


def test_the_sites_own_name_after_the_writers_is_no_author() -> None:
    """A JSON-LD author credited as "A and B, <the site>" on that site's own page: the two
    writers; an agency after a name stays the source, a job title is kept as the page wrote
    it."""
    html = _page(SITE + _ld({"@type": "Person", "name": "Ann Lee and Bo Kim, Heart Foundation"}))
    assert extract_article(html, URL).authors == ["Ann Lee", "Bo Kim"]
    html = _page(SITE + _ld({"@type": "Person", "name": "Ann Lee, Associated Press"}))
    article = extract_article(html, URL)
    assert (article.authors, article.source) == (["Ann Lee"], "Associated Press")
