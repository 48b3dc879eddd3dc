"""Which pages are stories: each refusal code of the recogniser on a hand-made page, German
and English, and the stories that must pass although their type says otherwise."""

from __future__ import annotations

import json

import pytest

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.document import Document
from newscrawl.extraction.generic.page_address import address_kind
from newscrawl.extraction.generic.recognise import (
    LITTLE_TEXT,
    STORY_TEXT,
    article_evidence,
)

URL = "https://site.example/2025/03/04/a-page/"
GERMAN = (
    "Der Stadtrat hat am Dienstag nach langer Debatte beschlossen, die Radwege in der Innenstadt "
    "bis zum Herbst deutlich zu verbreitern. Die Opposition kritisierte die Kosten von knapp "
    "zwei Millionen Euro, stimmte am Ende aber zu. Der Bau soll im Frühjahr beginnen und in drei "
    "Abschnitten erfolgen, teilte die Stadtverwaltung mit; Anwohner können sich beteiligen."
)
ENGLISH = (
    "The council voted on Tuesday, after a long debate, to widen the cycle lanes in the city "
    "centre by the autumn. The opposition criticised the cost of almost two million euros but "
    "voted in favour in the end. Work is due to start in spring and to be carried out in three "
    "stages, the city said; residents will be able to comment on the plans at two meetings."
)


def _page(head: str = "", body: str = "", title: str = "Radwege / Cycle lanes") -> str:
    return f"<html><head>{head}</head><body><h1>{title}</h1>{body}</body></html>"


def _ld(kind: str, **fields: str) -> str:
    data = {"@context": "https://schema.org", "@type": kind, **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _verdict(html: str) -> str:
    try:
        return article_evidence(Document.parse(html))
    except NotAnArticle as refused:
        assert refused.reason == "not_article"
        return f"refused:{refused.detail}"


DATED = '<meta property="article:published_time" content="2025-03-04T09:00:00+01:00">'
OG_ARTICLE = '<meta property="og:type" content="article">'
OG_WEBSITE = '<meta property="og:type" content="website">'
CODE = "<pre>pip install example</pre><pre>example --help</pre><pre>example run</pre>"
EDIT = '<a href="https://github.com/example/docs/edit/main/docs/intro.md">Edit this page</a>'
VIEW_SOURCE = (
    '<a href="https://gitlab.com/example/handbuch/-/blob/main/seite.md">Diese Seite bearbeiten</a>'
)
CODE_LINK = '<a href="https://github.com/example/tool/blob/main/src/main.rs">the parser</a>'


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
@pytest.mark.parametrize(
    ("head", "body", "verdict"),
    [
        # structured data that names another kind of page, and no article beside it
        (_ld("DiscussionForumPosting", headline="Frage"), "<p>{text}</p>", "refused:forum"),
        (_ld("QAPage"), "<p>{text}</p>", "refused:forum"),
        (_ld("Product", name="Rad"), "<p>{text}</p>", "refused:product"),
        (_ld("ItemList"), "<p>{text}</p>", "refused:collection"),
        (OG_ARTICLE + _ld("Service", name="Steuerberatung / Tax advice"), "<p>{text}</p>",
         "refused:service"),
        (_ld("Service") + _ld("NewsArticle") + DATED, "<p>{text}</p>", "json-ld"),
        # typed an article by a theme that types every page so, but undated and
        (OG_ARTICLE, "<p>{text}</p>" + CODE, "refused:documentation"),
        (OG_ARTICLE, "<p>{text}</p><button>Add to cart</button>", "refused:product"),
        (OG_ARTICLE, "<p>{text}</p><button>In den Warenkorb</button>", "refused:product"),
        (OG_ARTICLE, '<p>{text}</p><span itemprop="price">19,90</span>', "refused:product"),
        # ... dated, the same page is a story (a how-to, a review with a price)
        (OG_ARTICLE + DATED, "<p>{text}</p>" + CODE, "opengraph"),
        (_ld("NewsArticle") + DATED, '<p>{text}</p><span itemprop="price">9</span>', "json-ld"),
        # ... and code under a date shown beside the headline is a programmer's blog post;
        # a shop page showing a date is still a shop page
        (OG_ARTICLE, "<p>4. März 2025 / March 4, 2025</p><p>{text}</p>" + CODE, "opengraph"),
        (OG_ARTICLE, "<p>4. März 2025</p><p>{text}</p><button>Add to cart</button>",
         "refused:product"),
        # a link to edit the page's source at a code host: documentation, whatever its type
        # says, unless a date is shown beside the headline or its structured data states
        # one (a blog in a repository, whose theme links every post's source: one furniture
        # link decides nothing; its shown date may be in a language not read here)
        (OG_ARTICLE + DATED, "<p>{text}</p>" + EDIT, "opengraph"),
        (OG_ARTICLE + DATED, "<p>15 de marzo de 2025</p><p>{text}</p>" + EDIT, "opengraph"),
        (_ld("TechArticle"), "<p>{text}</p>" + VIEW_SOURCE, "refused:documentation"),
        ("", "<p>{text}</p>" + EDIT, "refused:documentation"),
        (OG_ARTICLE, "<p>4. März 2025 / March 4, 2025</p><p>{text}</p>" + EDIT, "opengraph"),
        # ... a story linking code at a code host is no documentation
        (OG_ARTICLE, "<p>{text}</p>" + CODE_LINK, "opengraph"),
        # typed a plain page: a dated page with running text is a story, else not
        (OG_WEBSITE + DATED, "<p>{text}</p><p>{text}</p><p>{text}</p>", "page"),
        (OG_WEBSITE, "<p>{text}</p><p>{text}</p><p>{text}</p>", "refused:og_type_website"),
        (OG_WEBSITE + DATED, "<p>Kontakt / Contact</p>", "refused:og_type_website"),
        ('<meta property="og:type" content="profile">', "<p>{text}</p>", "refused:og_type_profile"),
        (_ld("WebPage") + _ld("BreadcrumbList"), "<p>{text}</p><p>{text}</p><p>{text}</p>",
         "refused:json_ld_webpage"),
        # the site's own structured data (its organisation, a breadcrumb trail) types no page:
        # what the page shows decides
        (_ld("Organization") + _ld("BreadcrumbList"), "<p>{text}</p>", "markup"),
        (_ld("Organization"), "<h1>Zweiter Titel</h1><p>{text}</p>", "refused:no_single_headline"),
        # typed an FAQ (for search engines' answer boxes): a story when it shows its date
        (_ld("FAQPage"), "<p>{text}</p><p>{text}</p><p>{text}</p>", "refused:json_ld_faqpage"),
        (_ld("FAQPage"), "<p>4. März 2025</p><p>{text}</p><p>{text}</p><p>{text}</p>",
         "dated page"),
        (_ld("FAQPage"), "<p>March 4, 2025</p><p>{text}</p>", "refused:json_ld_faqpage"),
        # no structured data at all
        ("", "<p>{text}</p>", "markup"),
        ("", "<p>Schreiben Sie uns. / Write to us.</p>", "refused:too_little_text"),
        ("", "<h1>Zweiter Titel</h1><p>{text}</p>", "refused:no_single_headline"),
        ("", "<article><p>{text}</p></article><article>b</article>", "refused:many_teasers"),
        # ... but a date shown under the first headline is a story's byline
        ("", "<p>Von Anna Meier, 4. März 2025</p><h1>Zweiter Titel</h1><p>{text}</p>",
         "dated headline"),
        ("", "<p>March 4, 2025</p><article><p>{text}</p></article><article>b</article>",
         "dated headline"),
        # a plain page showing its date under the headline, with running text, is a story
        (OG_WEBSITE, "<p>Veröffentlicht am 4. März 2025</p><p>{text}</p><p>{text}</p><p>{text}</p>",
         "page"),
        (OG_WEBSITE, "<p>Published March 4, 2025</p><p>{text}</p><p>{text}</p><p>{text}</p>",
         "page"),
        # ... unless it links the profiles of many members, one per post: a thread
        (OG_WEBSITE, "<p>4. März 2025</p>" + "".join(
            f'<p><a href="/members/user{k}.{k}/">user{k}</a> {{text}}</p>' for k in range(5)),
         "refused:forum"),
        ("", "".join(f'<p><a href="/users/{k}/ann">Ann {k}</a> {{text}}</p>' for k in range(6)),
         "refused:forum"),
        # other forum software's profile links: MyBB, Simple Machines, phpBB
        ("", "".join(f'<p><a href="user-{k}.html">u{k}</a> {{text}}</p>' for k in range(5)),
         "refused:forum"),
        ("", "".join(f'<p><a href="/forum/index.php?action=profile;u={k}">u{k}</a> {{text}}</p>'
                     for k in range(5)), "refused:forum"),
        ("", "".join(f'<p><a href="./memberlist.php?mode=viewprofile&amp;u={k}">u{k}</a> '
                     "{text}</p>" for k in range(5)), "refused:forum"),
        # forum software marks up a thread's posts in microdata (Discourse, in the page it
        # serves to readers without JavaScript): a forum's, typed and dated as it may be ...
        (OG_WEBSITE, "<p>4. März 2025</p>" + "".join(
            f'<div itemscope itemtype="http://schema.org/DiscussionForumPosting"><p>{{text}}</p>'
            f'<span itemprop="author">u{k}</span></div>' for k in range(3)), "refused:forum"),
        ("", '<div itemscope itemtype="https://schema.org/QAPage"><p>{text}</p></div>',
         "refused:forum"),
        # ... but a story's comments marked up so are its properties, an FAQ's questions no
        # forum's, and a page whose microdata names an article is one
        (OG_WEBSITE + DATED, '<div itemscope itemtype="https://schema.org/NewsArticle">'
         '<p>{text}</p><p>{text}</p><p>{text}</p><div itemprop="comment" itemscope '
         'itemtype="https://schema.org/DiscussionForumPosting"><p>Gut!</p></div></div>', "page"),
        (OG_WEBSITE + DATED, '<div itemscope itemtype="https://schema.org/BlogPosting">'
         "<p>{text}</p><p>{text}</p><p>{text}</p></div><div itemscope "
         'itemtype="https://schema.org/DiscussionForumPosting"><p>Gut!</p></div>', "page"),
        (_ld("FAQPage") + DATED, '<p>4. März 2025</p><p>{text}</p><p>{text}</p><p>{text}</p>'
         '<div itemscope itemtype="https://schema.org/Question"><p>Wie? / How?</p></div>',
         "dated page"),
        # forum software types every thread og:article; its members' profiles may be on a
        # sibling host or linked relative to a <base>
        (OG_ARTICLE + '<link rel="canonical" href="https://forum.site.example/threads/1/">',
         "".join(f'<p><a href="https://www.site.example/members/u{k}.{k}/">u{k}</a> {{text}}</p>'
                 for k in range(5)), "refused:forum"),
        (OG_ARTICLE, "".join(f'<p><a href="members/u{k}.{k}/">u{k}</a> {{text}}</p>'
                             for k in range(5)), "refused:forum"),
        # ... but profiles on another domain (a comment service) are no thread of the site's
        (OG_ARTICLE + '<link rel="canonical" href="https://news.site.co.uk/2025/03/story/">',
         "".join(f'<p><a href="https://www.other.co.uk/members/{k}/">u{k}</a> {{text}}</p>'
                 for k in range(5)), "opengraph"),
        (OG_ARTICLE + '<link rel="canonical" href="https://site.example/2025/03/story/">',
         "".join(f'<p><a href="https://comments.example/profile/{k}">u{k}</a> {{text}}</p>'
                 for k in range(5)), "opengraph"),
    ],
)  # fmt: skip
def test_each_kind_of_page_gets_its_verdict(head: str, body: str, verdict: str, text: str) -> None:
    assert _verdict(_page(head, body.replace("{text}", text))) == verdict


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_extract_article_refuses_with_the_same_code(text: str) -> None:
    page = _page(_ld("DiscussionForumPosting", headline="Frage"), f"<p>{text}</p>")
    with pytest.raises(NotAnArticle) as refused:
        extract_article(page, URL)
    assert (refused.value.reason, refused.value.detail) == ("not_article", "forum")
    assert extract_article(page, URL, known_article=True).body == text


# a story's page title, its headline, the date beside it, its section, its text
TITLED_STORIES = pytest.mark.parametrize(
    ("title", "headline", "date", "section", "text"),
    [
        ("Radwege werden breiter | Stadtblog", "Radwege werden breiter", "4. März 2025",
         "Verkehr", GERMAN),
        ("Stadtblog: Cycle lanes get wider", "Cycle lanes get wider", "March 4, 2025",
         "Transport", ENGLISH),
    ],
)  # fmt: skip


@TITLED_STORIES
def test_a_title_heading_with_its_date_is_a_story_without_a_single_h1(
    title: str, headline: str, date: str, section: str, text: str
) -> None:
    """An older theme sets the site's name as `<h1>` (or none) and the story's headline as a
    `<h2>`/`<h3>`: the heading that carries the page's title, dated beside it, is a story."""

    def page(head: str, body: str) -> str:
        return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"

    story = f"<h2>{headline}</h2><p>{date}</p><p>{text}</p><p>{text}</p><p>{text}</p>"
    menu = "".join(f'<li><a href="/rubrik/{k}/">Rubrik / Section {k}</a></li>' for k in range(60))
    masthead = f"<h1>Stadtblog</h1><h1>Archiv / Archive</h1><ul>{menu}</ul>"
    assert _verdict(page("", story)) == "dated title heading"
    assert _verdict(page("", masthead + story)) == "dated title heading"
    assert _verdict(page(OG_WEBSITE, masthead + story)) == "page"
    # undated, or the date far from the heading (a teaser's): still refused
    undated = f"<h2>{headline}</h2><p>{text}</p><p>{text}</p><p>{text}</p>"
    assert _verdict(page("", undated)) == "refused:no_single_headline"
    assert _verdict(page(DATED, masthead + undated)) == "dated title heading"  # in metadata
    teaser = f"{undated}<h3>Mehr / More</h3><p>{date}</p>"
    assert _verdict(page("", teaser)) == "refused:no_single_headline"
    # two headings carry the title (a teaser of the same story): no one headline
    twice = story + f"<h3>{headline}</h3><p>{date}</p>"
    assert _verdict(page("", twice)) == "refused:no_single_headline"
    assert _verdict(page(OG_WEBSITE, masthead + twice)) == "refused:og_type_website"


@TITLED_STORIES
def test_the_h1_that_carries_the_title_is_the_storys_headline(
    title: str, headline: str, date: str, section: str, text: str
) -> None:
    """Several `<article>` teasers under one `<h1>` make a listing, and several `<h1>` no one
    headline, unless one `<h1>` carries the page's title over a story's worth of text: the
    teasers are its related stories, the other `<h1>` the site's name. A section's page,
    headed by the section's name, stays a listing."""
    teasers = "".join(
        f'<article><h3><a href="/{k}/">{headline} ({k})</a></h3><p>{text[:90]}</p></article>'
        for k in range(6)
    )
    story = f"<h1>{headline}</h1><p>{text}</p><p>{text}</p><p>{text}</p>"
    page = f"<html><head><title>{title}</title></head><body>{story}{teasers}</body></html>"
    assert _verdict(page) == "titled headline"
    short = f"<h1>{headline}</h1><p>{text}</p>{teasers}"  # a lead and its teasers
    assert _verdict(page.replace(story + teasers, short)) == "refused:many_teasers"
    listing = page.replace(f"<title>{title}</title>", f"<title>{section} | Stadtblog</title>")
    assert _verdict(listing.replace(f"<h1>{headline}</h1>", f"<h1>{section}</h1>")) == (
        "refused:many_teasers"
    )
    # the site's name in another <h1> (an older theme's masthead)
    masthead = page.replace(teasers, "").replace("<body>", "<body><h1>Stadtblog</h1>")
    assert _verdict(masthead) == "titled headline"
    assert _verdict(masthead.replace(story, short.replace(teasers, ""))) == (
        "refused:no_single_headline"
    )
    assert _verdict(masthead.replace(f"<title>{title}</title>", "<title>Stadtblog</title>")) == (
        "refused:no_single_headline"
    )
    # the story's own teaser in a box of the latest stories repeats its title in an <h2>: the
    # one <h1> that carries the title is still the headline
    latest = f"<h3>Aktuell / Latest</h3><h2><a href='/this/'>{headline}</a></h2>"
    assert _verdict(masthead.replace("</body>", latest + "</body>")) == "titled headline"


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_date_before_the_storys_slug_dates_the_page(text: str) -> None:
    """A blog kept in a repository shows code and an "Edit this page" link, and many sites
    type every page `website`: the date in the story's address ("/2025/03/04/radwege/") says
    it is a post. A day's archive ("/2025/03/04/") or documentation's address does not."""
    docs = _page(OG_ARTICLE, f"<p>{text}</p>{CODE}{EDIT}")
    post = "https://blog.example/2025/03/04/radwege-werden-breiter/"
    assert article_evidence(Document.parse(docs), post) == "opengraph"
    for other in ("https://docs.example/guide/intro/", "https://blog.example/2025/03/04/", None):
        assert article_evidence_or_code(docs, other) == "documentation"
    website = _page(OG_WEBSITE, f"<p>{text}</p>" * 4)
    assert article_evidence(Document.parse(website), post) == "page"
    assert article_evidence_or_code(website, "https://site.example/ratgeber/radwege/") == (
        "og_type_website"
    )
    # the page's canonical link stands for its address where none is given
    canonical = f'<link rel="canonical" href="{post}">'
    assert article_evidence(
        Document.parse(_page(OG_WEBSITE + canonical, f"<p>{text}</p>" * 4))
    ) == ("page")


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_sites_front_page_is_no_story(text: str) -> None:
    """The front page shows the latest story's headline, date and text over its teasers, and
    may be typed an article: its address says it is the front page. A story's address with a
    query ("/?p=5031") is a story's; a canonical link pointing home (a theme's mistake) is no
    evidence."""
    page = _page(OG_ARTICLE + DATED, f"<p>{text}</p>")
    for home in ("https://news.example/", "https://news.example"):
        assert article_evidence_or_code(page, home) == "front_page"
    assert article_evidence(Document.parse(page), "https://news.example/?p=5031") == "opengraph"
    home_canonical = _page(
        OG_ARTICLE + DATED + '<link rel="canonical" href="https://news.example/">', f"<p>{text}</p>"
    )
    assert article_evidence(Document.parse(home_canonical)) == "opengraph"
    assert article_evidence(Document.parse(home_canonical), URL) == "opengraph"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://firma.example/leistungen/beratung/steuererklaerung/", "service"),
        ("https://firm.example/services/advisory/human-resources/", "service"),
        ("https://firm.example/en/solutions/retail/analytics", "service"),
        ("https://tool.example/docs/guide/installation", "documentation"),
        ("https://tool.example/de/dokumentation/einrichtung.html", "documentation"),
        # the innermost directory that names a kind decides: a ministry's press releases
        ("https://amt.example/DE/Service/Presse/Meldungen/2022/radwege.html", "news"),
        ("https://firm.example/services/blog/why-we-moved", "news"),
        ("https://weekly.example/posts/radwege-werden-breiter", "news"),  # a blog's posts
        ("https://verein.example/beitraege/radwege-werden-breiter", "news"),
        ("https://tygodnik.example/artykul/9491-winda-w-chmurach.html", "news"),
        ("https://diario.example/es/noticias/los-carriles-bici", "news"),
        ("https://journal.example/actualit%C3%A9s/les-pistes-cyclables", "news"),
        ("https://news.example/politik/radwege-werden-breiter/", "section"),
        ("https://news.example/lokales/radwege-werden-breiter/", None),
        ("https://firm.example/about/services", None),  # the page's own name is no directory
        ("http://[bad/services/x/", None),
        # where no directory names a kind, the host may
        ("https://docs.tool.example/guide/installation.html", "documentation"),
        ("https://developer.tool.example/de/anleitung/einrichtung", "documentation"),
        # a documentation platform's host: a project's documentation on its subdomain
        ("https://werkzeug.readthedocs.io/de/latest/einrichtung.html", "documentation"),
        ("https://tool-guide.gitbook.io/tool-guide", "documentation"),
        ("https://tool-guide.gitbook.io/blog/release-notes-2025", "news"),
        ("https://store.games.example/category/coop/", "product"),
        ("https://docs.tool.example/blog/release-notes-2025", "news"),
        ("https://docs.example/setup/installation.html", None),  # the site's own name
        # a listing's directory under a news one: a listing, not a story
        ("https://blog.example/blog/category/radwege-news/", "listing"),
        ("https://verein.example/aktuelles/seite/2/", "listing"),
        # where nothing names a kind: a section of the site's editorial content
        ("https://amt.example/health/meditation-and-mindfulness", "section"),
        ("https://firma.example/de/ratgeber/waermepumpe/im-altbau", "section"),
        ("https://firma.example/resources/category/radwege-news/", "listing"),
        ("https://firma.example/services/health/check-up", "service"),
        ("https://docs.tool.example/learn/thinking-in-components", "documentation"),
    ],
)
def test_an_address_names_the_kind_of_page(url: str, kind: str | None) -> None:
    assert address_kind(url) == kind


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_service_documentation_or_shop_address_refuses_an_undated_page(text: str) -> None:
    """Themes type every page an article and stamp it with a date in the metadata; under the
    site's services or its documentation, a page is one of those unless it shows its date
    beside its headline (or its address is dated) as a story does."""
    page = _page(OG_ARTICLE + DATED, f"<p>{text}</p>" * 3)
    service = "https://firm.example/services/advisory/human-resources/"
    assert article_evidence_or_code(page, service) == "service"
    assert article_evidence_or_code(page, "https://tool.example/docs/guide/intro") == (
        "documentation"
    )
    assert article_evidence_or_code(page, "https://shop.firma.example/kaffee/espresso") == (
        "product"
    )
    shown = _page(OG_ARTICLE, f"<p>4. März 2025 / March 4, 2025</p><p>{text}</p>" * 3)
    assert article_evidence(Document.parse(shown), service) == "opengraph"
    assert article_evidence(Document.parse(page), URL) == "opengraph"
    # the date documentation shows under its headline is when it was last changed
    for updated in ("Last updated: March 4, 2025", "Zuletzt aktualisiert: 4. März 2025"):
        revised = _page(OG_ARTICLE, f"<p>{updated}</p><p>{text}</p>" * 3)
        assert article_evidence_or_code(revised, "https://tool.example/docs/guide/intro") == (
            "documentation"
        )
        edit = _page(OG_ARTICLE, f"<p>{updated}</p><p>{text}</p>{EDIT}")
        assert article_evidence_or_code(edit, "https://tool.example/guide/") == "documentation"
        assert article_evidence(Document.parse(revised), URL) == "opengraph"
    published = _page(OG_ARTICLE, f"<p>Published March 4, 2025</p><p>{text}</p>" * 3)
    assert article_evidence(Document.parse(published), "https://tool.example/docs/news") == (
        "opengraph"
    )
    # code blocks on an undated page are documentation, but not under a blog's articles
    code = _page("", f"<p>{text}</p>{CODE}")
    assert article_evidence_or_code(code, "https://dev.example/tools/parser") == "documentation"
    assert article_evidence(Document.parse(code), "https://dev.example/articles/parser") == (
        "markup"
    )


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://bbs.example/viewtopic.php?id=309936", "forum"),  # FluxBB, phpBB
        ("https://forum.example/showthread.php?t=186269", "forum"),  # vBulletin
        ("https://verein.example/community/index.php?topic=5890.0", "forum"),  # SMF
        ("https://news.example/politik/topic-radwege/", "markup"),
        ("https://news.example/suche?q=topic=radwege", "markup"),
    ],
)
def test_a_forum_softwares_thread_address_is_a_forum(url: str, verdict: str, text: str) -> None:
    """A thread shows its first post's date beside its title and one headline over running
    text, like a story: the script that shows it names the forum software."""
    page = _page("", f"<p>4. März 2025 / March 4, 2025</p><p>{text}</p>")
    assert article_evidence_or_code(page, url) == verdict


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_storys_slug_under_a_news_directory_is_story_evidence(text: str) -> None:
    """Many sites type every page `website` and date none: a story's slug under the site's
    news or blog directory, or under a section of its editorial content, over a story's worth
    of text, says it is a story. The directory's own page, a listing under it, or a one-word
    page there say nothing."""
    website = _page(OG_WEBSITE, f"<p>{text}</p>" * 4)
    story = "https://verein.example/aktuelles/faire-lieferketten-im-verein"
    assert article_evidence(Document.parse(website), story) == "story address"
    assert article_evidence(Document.parse(website), story + "/") == "story address"
    # a section of the site's editorial content ("/ratgeber/", "/health/") is one too
    guide = "https://verein.example/ratgeber/faire-lieferketten"
    assert article_evidence(Document.parse(website), guide) == "story address"
    others = (
        "https://verein.example/aktuelles/",
        "https://verein.example/ratgeber/",
        "https://verein.example/blog/category/faire-lieferketten/",
        "https://verein.example/blog/impressum",
    )
    assert _at_each(website, others) == dict.fromkeys(others, "og_type_website")
    service = "https://verein.example/leistungen/ratgeber/faire-lieferketten"
    assert article_evidence_or_code(website, service) == "service"
    assert article_evidence_or_code(_page(OG_WEBSITE, f"<p>{text}</p>"), story) == (
        "og_type_website"  # too little text for a story
    )
    no_headline = website.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    assert article_evidence(Document.parse(no_headline.replace(OG_WEBSITE, "")), story) == (
        "story address"
    )
    # a story kept as its directory's index file: the directory is the story's slug
    assert article_evidence(Document.parse(website), story + "/index.html") == "story address"
    assert article_evidence_or_code(website, "https://verein.example/aktuelles/index.html") == (
        "og_type_website"
    )


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://verein.example/lesen/?tx_ttnews%5Btt_news%5D=5793&cHash=36febeba",
         "story address"),
        ("https://verein.example/autonews.php?newsID=6486285", "story address"),
        ("https://radio.example/radwege.911.de.html?dram:article_id=385022", "story address"),
        ("https://amt.example/meldungen.html?newsID=c3aa546f-24d3-4b47-9c0c-59db58b2f725",
         "story address"),
        ("https://forschung.example/de/news823175", "story address"),
        ("https://verein.example/artikel-12345.html", "story address"),
        ("https://amt.example/Kurzmeldungen/DE/2021_11_radwege.html", "story address"),
        # no item named, or no number
        ("https://verein.example/lesen/?newscategory=12", "no_single_headline"),
        ("https://verein.example/autonews.php?newsID=radwege", "no_single_headline"),
        ("https://verein.example/news?page=2", "no_single_headline"),
        ("https://verein.example/news1", "no_single_headline"),
        ("https://verein.example/news2024", "no_single_headline"),  # a year's archive
        ("https://verein.example/artikel-2025.html", "no_single_headline"),
    ],
)  # fmt: skip
def test_a_news_items_number_in_the_address_is_story_evidence(
    url: str, verdict: str, text: str
) -> None:
    """A news item's address by its number, in a query parameter that names it (TYPO3's
    "tx_ttnews[tt_news]", "newsID", "article_id") or joined to a news word in the last
    segment ("/de/news823175"), stands for a date like a story's slug under a news directory
    ("/kurzmeldungen/…" is one). A query that names no item, or no number, says nothing."""
    bare = f"<html><body><h2>Radwege / Cycle lanes</h2><p>{text}</p></body></html>"
    assert article_evidence_or_code(bare, url) == verdict


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_dated_address_makes_the_teasers_related_stories(text: str) -> None:
    """One headline over a short post and teasers of related posts in `<article>`s, or no
    headline marked up at all: under a dated story address ("/2014/03/20/slug/") that is a
    post with 300 characters of running text, not a listing."""
    teasers = "".join(
        f"<article><h2><a href='/p{n}'>Teaser {n}</a></h2></article>" for n in range(4)
    )
    page = _page("", f"<p>{text}</p>{teasers}")
    post = "https://blog.example/index.php/2014/03/20/radwege-werden-breiter/"
    assert article_evidence(Document.parse(page), post) == "dated address"
    assert article_evidence_or_code(page, "https://blog.example/radwege/") == "many_teasers"
    # no headline marked up at all
    bare = f"<html><body><p><b>Radwege / Cycle lanes</b></p><p>{text}</p></body></html>"
    assert article_evidence(Document.parse(bare), post) == "dated address"
    assert article_evidence_or_code(bare, "https://blog.example/radwege/") == "no_single_headline"
    short = f"<html><body><p>{text[:200]}</p></body></html>"
    assert article_evidence_or_code(short, post) == "no_single_headline"


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_sections_own_address_over_linked_teasers_is_its_listing(text: str) -> None:
    """The news directory's, a listing's or a section's own address ("/aktuelles/", "/news",
    "/issues/", "/technology/index.html") over five or more teaser headlines that link is
    that section's listing, however the page is typed. Fewer linked headings (a story shown
    at the section's address), or a query that picks one item ("?newsID=…"), or a story's
    slug under the section, are no listing."""
    teasers = "".join(
        f"<h3><a href='/aktuelles/meldung-{n}'>Meldung {n}</a></h3>" for n in range(5)
    )
    listing = _page(OG_ARTICLE + DATED, f"<p>{text}</p>{teasers}")
    expected = {
        "https://verein.example/aktuelles/": "listing",
        "https://news.example/en/news": "listing",
        "https://magazin.example/issues/": "listing",
        "https://zeitung.example/technology/index.html": "listing",
        "https://verein.example/aktuelles/faire-lieferketten": "opengraph",  # a story's slug
        "https://verein.example/aktuelles/?newsID=4711": "opengraph",  # an item's number
    }
    assert _at_each(listing, tuple(expected)) == expected
    # a link that holds the teaser's heading counts the same
    wrapped = listing.replace("<h3><a", "<a").replace("</a></h3>", "</a>")
    wrapped = wrapped.replace(">Meldung", "><h3>Meldung").replace("</a>", "</h3></a>")
    assert article_evidence_or_code(wrapped, "https://verein.example/aktuelles/") == "listing"
    four = listing.replace("<h3><a href='/aktuelles/meldung-4'>Meldung 4</a></h3>", "")
    assert article_evidence(Document.parse(four), "https://news.example/en/news") == "opengraph"


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_an_faqs_questions_and_a_reviews_product_are_no_verdict(text: str) -> None:
    """An FAQ block's `Question`s (in an `FAQPage`) are no forum's; a review typed `Product`,
    `og:type=article`, with its date beside the headline is a story. A forum's question and a
    shop's product are refused."""
    faq = _ld("FAQPage", mainEntity=[{"@type": "Question", "name": "Wie breit? / How wide?"}])
    question = _ld("QAPage") + _ld("Question", name="Wie breit? / How wide?")
    dated = "<p>4. März 2025 / March 4, 2025</p>"
    page = _page(OG_ARTICLE + "{}", f"{dated}<p>{text}</p>" * 4)
    assert _verdict(page.format(faq)) == "opengraph"
    assert _verdict(page.format(question)) == "refused:forum"
    review = _ld("Product", name="Radweg 3000")
    assert _verdict(page.format(review)) == "opengraph"
    assert _verdict(_page(OG_ARTICLE + review, f"<p>{text}</p>")) == "refused:product"
    assert _verdict(_page(review, f"{dated}<p>{text}</p>")) == "refused:product"


def article_evidence_or_code(html: str, url: str | None) -> str:
    try:
        return article_evidence(Document.parse(html), url)
    except NotAnArticle as refused:
        return f"{refused.detail}"


def _at_each(html: str, urls: tuple[str, ...]) -> dict[str, str]:
    """The page's verdict (its evidence or refusal code) at each of the addresses."""
    return {url: article_evidence_or_code(html, url) for url in urls}


@pytest.mark.parametrize(
    ("title", "headline", "reason"),
    [
        ("Just a moment...", "Just a moment...", "bot_challenge"),
        ("Making sure you're not a bot!", "Making sure you're not a bot!", "bot_challenge"),
        ("Einen Moment bitte …", "Sicherheitsüberprüfung", "bot_challenge"),
        ("Item Not Found", "404 Page Not Found", "soft_404"),
        ("Seite nicht gefunden", "Fehler", "soft_404"),
        ("Example News", "Page not found", "soft_404"),
    ],
)
def test_a_page_served_in_a_storys_place_is_an_undelivered_article(
    title: str, headline: str, reason: str
) -> None:
    """A bot wall's challenge, or a "not found" page served as found, says nothing of the
    story: the crawl counts the article as not delivered, never as a page that is no story."""
    from newscrawl.extraction.chain import finish
    from newscrawl.extraction.fetched import FetchedPage

    page = (
        f"<html><head><title>{title}</title>{OG_ARTICLE}</head><body><h1>{headline}</h1>"
        "<p>Please wait, or go back home. / Bitte warten Sie, oder zurück zur Startseite.</p>"
        '<p><a href="/">Home / Startseite</a></p></body></html>'
    )
    with pytest.raises(NotAnArticle) as refused:
        article_evidence(Document.parse(page))
    assert (refused.value.reason, refused.value.detail) == (reason, None)
    done = finish(FetchedPage(URL, page.encode(), "site_example", None, generic=True), None)
    assert done.refused is not None and done.refused.reason == reason
    assert not [event for area, event, _ in done.counts if event.startswith("not_article")]


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Verify you are human: why sites ask / Sicherheitsüberprüfung", "Verify you are human"),
        ("404 Tage Streik / 404 days on strike", "404 Tage Streik"),
    ],
)
def test_a_story_titled_like_such_a_page_is_a_story(title: str, headline: str) -> None:
    page = (
        f"<html><head><title>{title}</title>{OG_ARTICLE}{DATED}</head><body><h1>{headline}</h1>"
        + "".join(f"<p>{text}</p>" for text in [GERMAN, ENGLISH] * 3)
        + "</body></html>"
    )
    assert article_evidence(Document.parse(page)) == "opengraph"


def test_a_malformed_link_is_no_member_and_no_error() -> None:
    """Links are the page's to get wrong: a host no URL parser reads counts for nothing."""
    links = "".join(f'<a href="http://[bad/members/u{k}/">u{k}</a>' for k in range(6))
    page = _page(OG_ARTICLE, f"<p>{GERMAN}</p><p>{ENGLISH}</p>{links}")
    assert _verdict(page) == "opengraph"


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_hard_wrapped_paragraph_is_running_text(text: str) -> None:
    """A post written in a plain-text editor breaks its paragraphs into lines with `<br>`s,
    and inline markup splits them further: the paragraph is measured whole. Its links are no
    running text."""
    words = text.split()
    lines = [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]
    wrapped = "<br>\n".join(f"<em>{line}</em>" if n % 3 else line for n, line in enumerate(lines))
    assert max(len(line) for line in lines) < 80
    assert _verdict(_page("", f"<p>{wrapped}</p>")) == "markup"
    linked = "<br>\n".join(f"<a href='/x{n}'>{line}</a>" for n, line in enumerate(lines))
    assert _verdict(_page("", f"<p>{linked}</p>")) == "refused:too_little_text"


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_a_short_post_with_its_date_or_at_a_storys_address_is_a_story(text: str) -> None:
    """A short post (a poem, a photo's caption, a brief report) under 300 characters of running
    text is a story where it shows its date beside its headline or its address is dated; on a
    page with no structured data, a story's slug under a news directory stands for the date."""
    short = text[:200]
    dated = _page("", f"<p>4. März 2025 / March 4, 2025</p><p>{short}</p>")
    assert _verdict(dated) == "markup"
    assert _verdict(_page("", f"<p>{short}</p>")) == "refused:too_little_text"
    # a date in the metadata alone does not make a page of a few words a story (a template
    # stamps every page); a dated address does
    meta_dated = _page(DATED, f"<p>{short}</p>")
    assert _verdict(meta_dated) == "refused:too_little_text"
    assert article_evidence(Document.parse(meta_dated), URL) == "markup"
    brief = f"<html><body><h2>Radwege / Cycle lanes</h2><p>{text}</p></body></html>"
    assert LITTLE_TEXT <= len(text) < STORY_TEXT
    story = "https://verein.example/news/radwege-werden-breiter"
    assert article_evidence(Document.parse(brief), story) == "story address"
    assert article_evidence_or_code(brief, "https://verein.example/radwege") == (
        "no_single_headline"
    )
