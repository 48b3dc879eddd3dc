"""A profile whose selector finds nothing: the generic path fills the field and says so."""

from __future__ import annotations

from helpers.pipelines import PipelineChain

from newscrawl.extraction import extract_article, finish
from newscrawl.extraction.fetched import FetchedPage
from newscrawl.extraction.profile import FieldSelectors, Section, SiteProfile

URL = "https://news.example/2024/05/02/landtag-haushalt/"
PAGE = """<!DOCTYPE html><html lang="de"><head>
<title>Landtag beschließt Haushalt | Beispiel-News</title>
<meta property="og:title" content="Landtag beschließt Haushalt">
<meta property="article:published_time" content="2024-05-02T09:30:00+02:00">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Landtag beschließt
Haushalt", "author": {"@type": "Person", "name": "Erika Muster"}, "keywords": "Landtag,Etat"}
</script></head><body><article><h1 class="headline">Landtag beschließt Haushalt</h1>
<div class="story"><p>Nach langer Debatte hat der Landtag am Donnerstag den Haushalt für die
kommenden zwei Jahre beschlossen, mit den Stimmen der Koalition.</p>
<p>Die Opposition kritisierte die hohe Neuverschuldung und kündigte eine Klage an, über die
das Verfassungsgericht noch in diesem Jahr entscheiden soll.</p></div></article></body></html>"""


def profile(**fields: tuple[str, ...]) -> SiteProfile:
    chosen = {"title": ("h1.headline",), "body": (".story",), "authors": (".byline",)}
    chosen.update(fields)
    return SiteProfile(
        slug="beispiel",
        name="Beispiel",
        sections=(Section("politik", "politik/"),),
        article_path=r"^/\d{4}/",
        listing_links=("a",),
        pagination=("a.next",),
        fields=FieldSelectors(**chosen),
        timezone="Europe/Berlin",
    )


def test_a_broken_selector_is_filled_by_the_generic_path_and_provenance_says_so() -> None:
    broken = profile(title=("h1.renamed-by-the-redesign",))
    article = extract_article(PAGE, URL, broken)
    assert article.title == "Landtag beschließt Haushalt"
    assert article.extraction["title"] == "generic:opengraph"
    assert article.extraction["body"] == "profile"
    assert article.authors == ["Erika Muster"]  # .byline is on no page of this site
    assert article.extraction["authors"] == "generic:json-ld"
    assert article.published_at == "2024-05-02T09:30:00+02:00"
    assert article.extraction["published_at"] == "generic:opengraph"
    assert article.tags == ["Landtag", "Etat"]
    assert article.extraction["tags"] == "generic:json-ld"
    assert article.extraction["source"] is None  # empty field: no method


def test_working_selectors_are_marked_profile() -> None:
    article = extract_article(PAGE, URL, profile())
    assert article.extraction["title"] == "profile"
    assert article.extraction["body"] == "profile"
    assert article.extraction["language"] == "profile"


def test_a_broken_body_selector_falls_back_to_the_generic_body() -> None:
    article = extract_article(PAGE, URL, profile(body=(".gone",)))
    assert "Opposition kritisierte" in article.body
    assert article.extraction["body"] == "generic:content"


def test_the_fallback_reaches_the_feed_line_through_the_pipelines() -> None:
    custom = profile(title=("h1.gone",))
    done = finish(FetchedPage(URL, PAGE.encode(), custom.slug, None), custom)
    record = PipelineChain().run(done).to_record()
    assert record["extraction"]["title"] == "generic:opengraph"


def test_without_a_profile_every_method_is_generic() -> None:
    article = extract_article(PAGE, URL)
    assert article.extraction["title"] == "generic:opengraph"
    assert article.extraction["body"] == "generic:content"
    assert all(m is None or m.startswith("generic:") for m in article.extraction.values())
