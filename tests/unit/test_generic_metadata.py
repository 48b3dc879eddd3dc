"""Metadata of unknown pages: JSON-LD first, OpenGraph and <meta> when it is missing."""

from __future__ import annotations

import pytest

from newscrawl.extraction import extract_article
from newscrawl.extraction.document import Document
from newscrawl.extraction.fields import read_fields
from newscrawl.items import Image

URL = "https://www.example-news.de/politik/2024/05/02/wahl/?utm_source=x"
BODY = "<p>" + "Der Landtag hat am Donnerstag einen neuen Haushalt beschlossen, sagte er. " * 3
JSON_LD = """{"@context": "https://schema.org", "@graph": [
  {"@type": "Organization", "name": "Example News"},
  {"@type": "NewsArticle", "headline": "Landtag beschließt Haushalt",
   "description": "Nach langer Debatte steht der Etat.",
   "datePublished": "2024-05-02T09:30:00+02:00", "dateModified": "2024-05-02T12:00:00+02:00",
   "author": [{"@type": "Person", "name": "Erika Muster"}, {"@type": "Person", "name": "dpa"}],
   "publisher": {"@type": "Organization", "name": "Example News"},
   "keywords": "Landtag, Haushalt", "articleSection": "Politik", "inLanguage": "de-DE",
   "image": {"@type": "ImageObject", "url": "https://cdn.example-news.de/haushalt.jpg"}}]}"""


def page_with(head: str, html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body><h1>H1 Titel</h1>{BODY}</p></body></html>"


def test_json_ld_article_gives_the_metadata() -> None:
    head = f'<script type="application/ld+json">{JSON_LD}</script>'
    head += '<link rel="canonical" href="/politik/2024/05/02/wahl/">'
    meta = read_fields(Document.parse(page_with(head)), URL)
    assert meta.title == "Landtag beschließt Haushalt"
    assert meta.lead == "Nach langer Debatte steht der Etat."
    assert meta.published_at == "2024-05-02T09:30:00+02:00"
    assert meta.modified_at == "2024-05-02T12:00:00+02:00"
    assert meta.authors == ["Erika Muster", "dpa"]
    assert meta.source is None  # the publisher is not the source
    assert meta.tags == ["Landtag", "Haushalt"]
    assert meta.sections == ["politik"]
    assert meta.language == "de"
    assert meta.images == [Image(url="https://cdn.example-news.de/haushalt.jpg")]
    assert meta.canonical_url == "https://www.example-news.de/politik/2024/05/02/wahl/"


def test_agency_in_the_author_list_becomes_the_source() -> None:
    head = f'<script type="application/ld+json">{JSON_LD}</script>'
    article = extract_article(page_with(head), URL)
    assert article.authors == ["Erika Muster"]
    assert article.source == "dpa"
    assert article.published_at == "2024-05-02T09:30:00+02:00"
    assert article.url == "https://www.example-news.de/politik/2024/05/02/wahl/"
    assert article.section == "politik"


def test_opengraph_and_meta_when_there_is_no_json_ld() -> None:
    head = """<title>Haushalt beschlossen – Example News</title>
      <meta property="og:site_name" content="Example News">
      <meta property="og:title" content="Haushalt beschlossen | Example News">
      <meta name="description" content="Der Etat steht.">
      <meta property="article:published_time" content="2024-05-02T09:30:00Z">
      <meta property="article:tag" content="Landtag"><meta property="article:tag" content="Etat">
      <meta property="article:section" content="Politik">
      <meta name="author" content="Max Beispiel">
      <meta property="og:locale" content="de_DE">
      <meta property="og:image" content="/bilder/etat.jpg">"""
    meta = read_fields(Document.parse(page_with(head)), URL)
    assert meta.title == "Haushalt beschlossen"
    assert meta.lead == "Der Etat steht."
    assert meta.published_at == "2024-05-02T09:30:00Z"
    assert meta.tags == ["Landtag", "Etat"]
    assert meta.sections == ["politik"]
    assert meta.authors == ["Max Beispiel"]
    assert meta.language == "de"
    assert meta.images == [Image(url="https://www.example-news.de/bilder/etat.jpg")]


def test_markup_fallbacks_h1_time_and_html_lang() -> None:
    head = "<title>Seitentitel</title>"
    page = page_with(head, 'lang="fr-FR"').replace(
        "<h1>", '<time datetime="2024-05-01T08:00:00+02:00">1. Mai</time><h1>'
    )
    meta = read_fields(Document.parse(page), URL)
    assert meta.title == "H1 Titel"
    assert meta.published_at == "2024-05-01T08:00:00+02:00"
    assert meta.language == "fr"
    assert meta.images == [] and meta.authors == [] and meta.tags == []


def test_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    head += '<meta property="og:title" content="Aus OpenGraph">'
    assert read_fields(Document.parse(page_with(head)), URL).title == "Aus OpenGraph"


def test_a_page_naming_no_date_gets_the_day_htmldate_reads_from_what_it_shows() -> None:
    body = "<body><h2>Radwege</h2><p class='meta'>Veröffentlicht am 2. Mai 2024</p></body>"
    meta = read_fields(Document.parse(f"<html lang='de'>{body}</html>"), URL)
    assert meta.published_at == "2024-05-02"
    assert meta.provenance["published_at"] == "generic:html"


def test_structured_data_is_trusted_before_htmldate() -> None:
    head = '<meta property="article:published_time" content="2024-05-03T10:00:00+02:00">'
    body = "<body><p>Veröffentlicht am 2. Mai 2024</p></body>"
    meta = read_fields(Document.parse(f"<html><head>{head}</head>{body}</html>"), URL)
    assert meta.published_at == "2024-05-03T10:00:00+02:00"


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        ('<div itemprop="author" itemscope><span itemprop="name">Erika Muster</span></div>',
         ["Erika Muster"]),
        ('<span class="post-author">Written by Jane Doe - Mar 27, 2024</span>', ["Jane Doe"]),
        ('<div class="c-byline__name">Von Max Beispiel</div>', ["Max Beispiel"]),
        ('<p>Text <a href="/author/ada-lovelace/">Ada Lovelace</a></p>', ["Ada Lovelace"]),
        ('<span class="author-avatar">JD</span><span class="author">Author</span>', []),
        ('<span class="author">August 28, 2025 • 5 min read</span>', []),
    ],
)  # fmt: skip
def test_an_author_marked_in_markup_only_is_read_without_its_label_or_date(
    body: str, authors: list[str]
) -> None:
    meta = read_fields(Document.parse(f"<html><body><h1>T</h1>{body}</body></html>"), URL)
    assert meta.authors == authors


def test_json_ld_strings_are_unescaped_as_a_reader_sees_them() -> None:
    ld = '{"@type": "NewsArticle", "author": {"name": "Maria &amp; Katerina"}}'
    page = f'<html><head><script type="application/ld+json">{ld}</script></head></html>'
    assert read_fields(Document.parse(page), URL).authors == ["Maria & Katerina"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("Thu, 09/25/2025 - 11:38", "2024-05-02T10:15:00+02:00"),  # unreadable: the next source
        ("Donnerstag, irgendwann", "2024-05-02T10:15:00+02:00"),
        ('"2024-05-01T08:00:00Z"', '"2024-05-01T08:00:00Z"'),  # a JSON string's quotes printed
    ],
)
def test_a_date_no_parser_reads_gives_way_to_the_next_source(published: str, expected: str) -> None:
    ld = JSON_LD.replace("2024-05-02T09:30:00+02:00", published.replace('"', '\\"'))
    head = f'<script type="application/ld+json">{ld}</script>'
    head += '<meta property="article:published_time" content="2024-05-02T10:15:00+02:00">'
    meta = read_fields(Document.parse(page_with(head)), URL)
    assert meta.published_at == expected
    article = extract_article(page_with(head), URL, known_article=True)
    assert article.published_at == ("2024-05-01T08:00:00+00:00" if '"' in expected
                                    else "2024-05-02T10:15:00+02:00")  # fmt: skip


@pytest.mark.parametrize(
    ("markup", "authors"),
    [
        ('<meta name="parsely-author" content="Jane Doe">', ["Jane Doe"]),
        ('<meta name="dc.creator" content="Anna Schmidt">', ["Anna Schmidt"]),
        ('<meta name="byl" content="By Jane Doe">', ["Jane Doe"]),
    ],
)
def test_authors_the_page_marks_another_way_are_read_by_the_second_opinion(
    markup: str, authors: list[str]
) -> None:
    assert read_fields(Document.parse(page_with(markup)), URL).authors == authors


@pytest.mark.parametrize(
    ("author", "byline", "authors", "source"),
    [
        ('{"@type": "Organization", "name": "Beispiel Verlag GmbH"}', "Anna Schmidt",
         ["Anna Schmidt"], None),  # the site as author of every page gives way to the byline
        ('{"@type": "Person", "name": "Investopedia Team"}', "", ["Investopedia Team"], None),
        ('{"@type": "Person", "name": "Lifestyle Desk"}', "", ["Lifestyle Desk"], None),
        ('{"@type": "Person", "name": "dpa"}', "", [], "dpa"),
    ],
)  # fmt: skip
def test_people_and_in_house_teams_are_authors_organisations_are_not(
    author: str, byline: str, authors: list[str], source: str | None
) -> None:
    ld = (
        f'{{"@type": "NewsArticle", "headline": "Landtag beschließt Haushalt", "author": {author}}}'
    )
    page = page_with(f'<script type="application/ld+json">{ld}</script>')
    if byline:
        page = page.replace("<h1>", f'<span class="author">{byline}</span><h1>')
    article = extract_article(page, URL, known_article=True)
    assert (article.authors, article.source) == (authors, source)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Authors:Aniruddha Roy", ["Aniruddha Roy"]),
        ("Articles by Juliette Carreiro", ["Juliette Carreiro"]),
        ("Autorin: Anna Schmidt", ["Anna Schmidt"]),
    ],
)
def test_a_byline_label_is_cut_from_the_name(byline: str, authors: list[str]) -> None:
    page = page_with("").replace("<h1>", f'<span class="author">{byline}</span><h1>')
    assert read_fields(Document.parse(page), URL).authors == authors


def _dated_page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


_OLD_JSON_LD = (
    '<script type="application/ld+json">{"@type": "Article", "headline": "Radwege",'
    ' "datePublished": "2015-04-06T13:52:00+02:00"}</script>'
)
_STORY = "<p>" + "Der Ausbau der Radwege geht voran, sagt die Stadt. " * 8 + "</p>"


def test_the_date_shown_under_the_headline_is_the_readers_date() -> None:
    body = f"<h1>Radwege</h1><div class='byline'>Veröffentlicht am 3. März 2025</div>{_STORY}"
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, body)), URL)
    assert meta.published_at == "2025-03-03T00:00:00"
    assert meta.provenance["published_at"] == "generic:html"
    english = f"<h1>Bike lanes</h1><p>By Ann Lee</p><p>Published March 3, 2025</p>{_STORY}"
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, english)), URL)
    assert meta.published_at == "2025-03-03T00:00:00"


def test_a_shown_time_keeps_its_own_offset() -> None:
    body = '<h1>Radwege</h1><time datetime="2025-12-18T19:05:00-08:00">18.12.2025</time>'
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, body + _STORY)), URL)
    assert meta.published_at == "2025-12-18T19:05:00-08:00"


def _wordpress_page(shown: str, stated: str) -> str:
    """A WordPress theme's story header: a `<time>` under the headline and the
    `article:published_time` Yoast writes (the tagDiv Newspaper theme's markup)."""
    head = f'<meta property="article:published_time" content="{stated}">'
    body = (
        '<h1 class="entry-title">Braum\'s loses bid</h1><div class="td-module-meta-info">'
        f'<span class="td-post-date"><time class="entry-date updated td-module-date" '
        f'datetime="{shown}">March 15, 2019</time></span></div>{_STORY}'
    )
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_shown_local_time_with_a_bogus_utc_offset_takes_the_metadatas_offset() -> None:
    """The theme prints the site's local time with "+00:00"; Yoast's meta has the real offset:
    the same wall-clock time, so the metadata is the exact instant (5 hours later in UTC)."""
    page = _wordpress_page("2019-03-15T14:30:00+00:00", "2019-03-15T14:30:00-05:00")
    meta = read_fields(Document.parse(page), URL)
    assert meta.published_at == "2019-03-15T14:30:00-05:00"
    assert meta.provenance["published_at"] == "generic:opengraph"


def test_a_shown_day_without_a_time_takes_the_metadatas_time_of_that_day() -> None:
    page = _wordpress_page("2019-03-15", "2019-03-15T22:12:00+08:00")
    assert read_fields(Document.parse(page), URL).published_at == "2019-03-15T22:12:00+08:00"


def test_metadata_of_another_moment_does_not_replace_the_shown_date() -> None:
    """A CMS's first-draft datePublished, or another day: the shown date stays."""
    for stated in ("2019-03-14T14:30:00-05:00", "2019-03-15T09:00:00-05:00"):
        page = _wordpress_page("2019-03-15T14:30:00+00:00", stated)
        assert read_fields(Document.parse(page), URL).published_at == "2019-03-15T14:30:00+00:00"


def test_a_shown_update_counts_only_where_the_page_shows_no_other_date() -> None:
    only = f"<h1>Radwege</h1><span>Aktualisiert am</span> <span>04.12.2025</span>{_STORY}"
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, only)), URL)
    assert meta.published_at == "2025-12-04T00:00:00"
    both = (
        "<h1>Bike lanes</h1><p>Last updated: December 4, 2025</p>"
        f"<p>Published: March 3, 2025</p>{_STORY}"
    )
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, both)), URL)
    assert meta.published_at == "2025-03-03T00:00:00"


def test_dates_in_the_story_or_far_above_the_headline_are_not_the_pages_date() -> None:
    ticker = "".join(f"<li><a href='/n{i}'>Meldung vom {i}. Mai 2024</a></li>" for i in range(1, 9))
    story = "<p>" + "Am 1. April 2019 beschloss der Rat den Ausbau der Radwege in der Stadt. " * 3
    body = f"<ul>{ticker}</ul><h1>Radwege</h1>{story}</p>"
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, body)), URL)
    assert meta.published_at == "2015-04-06T13:52:00+02:00"
    assert meta.provenance["published_at"] == "generic:json-ld"


def test_a_caption_or_the_headline_dates_only_their_own_subject() -> None:
    body = (
        "<h1>Protokoll der Sitzung vom 5. August 2019</h1>"
        "<p>By Ann Lee on Monday, November 18th, 2019 at 11:04 a.m.</p>"
        "<figure><img src='/ship.jpg'><figcaption>A ship leaves port on Aug. 31, 2019.</figcaption>"
        f"</figure>{_STORY}"
    )
    meta = read_fields(Document.parse(_dated_page("", body)), URL)
    assert meta.published_at == "2019-11-18T11:04:00"
    byline = "<p>By Ann Lee on Monday, November 18th, 2019 at 11:04 a.m.</p>"
    only_caption = body.replace(byline, "")
    meta = read_fields(Document.parse(_dated_page(_OLD_JSON_LD, only_caption)), URL)
    assert meta.published_at == "2015-04-06T13:52:00+02:00"


def test_the_byline_shown_under_the_headline_names_the_author() -> None:
    label_apart = f"<h1>Radwege</h1><p>Ein Überblick.</p><span>Von</span> <a>Anna Meier</a>{_STORY}"
    assert read_fields(Document.parse(_dated_page("", label_apart)), URL).authors == ["Anna Meier"]
    same_piece = f"<h1>Bike lanes</h1><div>Written by: Ann Lee, March 3, 2025</div>{_STORY}"
    meta = read_fields(Document.parse(_dated_page("", same_piece)), URL)
    assert meta.authors == ["Ann Lee"]
    assert meta.provenance["authors"] == "generic:html"
    after_date = f"<h1>Bike lanes</h1><p>January 20th, 2025 by Ann Lee</p>{_STORY}"
    assert read_fields(Document.parse(_dated_page("", after_date)), URL).authors == ["Ann Lee"]


def test_a_phrase_after_by_is_no_byline() -> None:
    phrases = (
        "<p>By a student of the course</p>",
        "<p>Von der Stadt bezahlt</p>",
        "<p>3 May 2025 by printing one of our examples</p>",
        f"<p>{'Der Ausbau wird von der Stadt bezahlt, sagt sie, und er dauert. ' * 3}</p>",
    )
    for phrase in phrases:
        page = _dated_page("", f"<h1>Radwege</h1>{phrase}{_STORY}")
        assert read_fields(Document.parse(page), URL).authors == [], phrase


@pytest.mark.parametrize(
    ("description", "lead"),
    [
        ("&lt;p&gt;Die frühen 1970er Jahre: Umweltbewegung.&lt;/p&gt;",
         "Die frühen 1970er Jahre: Umweltbewegung."),
        ("Die SPD-Abgeordnete Aydan&amp;nbsp;Özoğuz ist gewählt.",
         "Die SPD-Abgeordnete Aydan Özoğuz ist gewählt."),
        ("We introduce &lt;strong&gt;Mini-SGLang&lt;/strong&gt;, a small engine.",
         "We introduce Mini-SGLang, a small engine."),
        ("Fans watched &lt;The Palace&gt; on stage.", "Fans watched <The Palace> on stage."),
    ],
)  # fmt: skip
def test_a_summary_printed_with_its_markup_escaped_reads_as_shown(
    description: str, lead: str
) -> None:
    """Some CMSs escape the summary's HTML into the metadata; a reader sees neither tags nor
    entities (a title in angle brackets is no tag)."""
    page = (
        f'<html><head><meta name="description" content="{description}"></head>'
        "<body><h1>Titel / Title</h1></body></html>"
    )
    assert read_fields(Document.parse(page), "https://site.example/a/").lead == lead


@pytest.mark.parametrize(
    ("og_title", "site", "h1", "title"),
    [
        # WordPress prints the metadata's " - " as " – " in the headline: the reader's form
        ("OKC Council update - neighborhoods receiving new money", "Oklahoma City Free Press",
         "OKC Council update &#8211; neighborhoods receiving new money",
         "OKC Council update – neighborhoods receiving new money"),
        # a dash or colon part of the shown headline is the headline's, not a site name
        ("DDRC update - Omni Hotel, The Bower plans approved", "",
         "DDRC update – Omni Hotel, The Bower plans approved",
         "DDRC update – Omni Hotel, The Bower plans approved"),
        ("[Leetcode - LRU Cache] Priority Queue | Digest", "Digest",
         "[Leetcode - LRU Cache] Priority Queue", "[Leetcode - LRU Cache] Priority Queue"),
        # the site's name is still cut, with the headline shown or not
        ("Stadtrat beschließt Radwege | Example News", "Example News",
         "Stadtrat beschließt Radwege", "Stadtrat beschließt Radwege"),
        ("Stadtrat beschließt neue Radwege - Example News", "", "Example News",
         "Stadtrat beschließt neue Radwege"),
    ],
)  # fmt: skip
def test_the_title_is_the_headline_as_shown_without_the_sites_name(
    og_title: str, site: str, h1: str, title: str
) -> None:
    head = f'<meta property="og:title" content="{og_title}">'
    head += f'<meta property="og:site_name" content="{site}">' if site else ""
    page = f"<html><head>{head}</head><body><h1>{h1}</h1>{_STORY}</body></html>"
    assert read_fields(Document.parse(page), URL).title == title


def test_a_source_that_names_no_one_gives_way_to_the_next() -> None:
    """OpenGraph's `article:author` is a profile address, and a byline box may hold the
    author's biography: neither is a name, and the byline in markup is read instead."""
    head = '<meta property="article:author" content="https://www.facebook.com/SomePage">'
    bio = "Emily Norwood writes about moving, storage and the costs of both for ten years now."
    body = (
        f'<div class="byline">{bio}</div><h1>T</h1>'
        '<div class="post-detail__meta"><span class="post-detail__meta-author">By Emily Norwood'
        f"</span></div>{BODY}</p>"
    )
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    meta = read_fields(Document.parse(page), URL)
    assert meta.authors == ["Emily Norwood"]
    assert meta.provenance["authors"] == "generic:html"


def test_a_login_gives_way_to_a_name_and_an_author_box_names_the_writer() -> None:
    """A CMS login in the JSON-LD ("andrew.keaveney") where the page's author box says who
    wrote the piece ("Written by Denise Everheart"); a lower-case agency ("dpa") is no login."""
    login = (
        '<script type="application/ld+json">{"@type": "Article", "headline": "T",'
        ' "author": {"@type": "Person", "name": "andrew.keaveney"}}</script>'
    )
    box = '<div class="about"><p>Written by Denise Everheart</p></div>'
    page = f"<html><head>{login}</head><body><h1>T</h1>{BODY}</p>{box}</body></html>"
    meta = read_fields(Document.parse(page), URL)
    assert meta.authors == ["Denise Everheart"]
    agency = '<span class="byline"><span class="author vcard"><a href="/author/dpa/">dpa</a>'
    page = f"<html><body><h1>T</h1>{agency}</span></span>{BODY}</p></body></html>"
    assert read_fields(Document.parse(page), URL).authors == ["dpa"]


def test_an_author_given_by_reference_is_the_graphs_person_with_that_id() -> None:
    """Yoast SEO's @graph names the article's author by @id only; the Person node with that
    @id carries the name."""
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "T", "author": {"@id": "https://s.example/#/p/8c"}},'
        '{"@type": ["Person"], "@id": "https://s.example/#/p/8c", "name": "Sam Carter"}]}'
        "</script>"
    )
    page = f"<html><head>{graph}</head><body><h1>T</h1>{BODY}</p></body></html>"
    meta = read_fields(Document.parse(page), URL)
    assert meta.authors == ["Sam Carter"]
    assert meta.provenance["authors"] == "generic:json-ld"
