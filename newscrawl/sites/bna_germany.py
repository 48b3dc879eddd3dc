"""BNA-Germany: a WordPress portal of republished stories, organised in sections.

The byline slot usually names the originating outlet ("CNN"); the theme's top bar shows the
day the page is viewed, which is never used as a date.
"""

from newscrawl.extraction.profile import FieldSelectors, Section, SiteProfile
from newscrawl.extraction.rendering import JsRule, PageActions

PROFILE = SiteProfile(
    slug="bna_germany",
    name="BNA-Germany",
    sections=tuple(
        Section(slug, f"kategorie/{slug}/")
        for slug in ("politik", "wirtschaft", "welt", "kultur", "sport", "wissenschaft", "ticker")
    ),
    article_path=r"^/(?:ticker/)?\d{4}/\d{2}/\d{2}/[^/]+/$",
    feeds=("feed/",),  # WordPress's RSS feed of the newest posts
    listing_links=("main article h2.entry-title a", "main article a.more-link"),
    pagination=(".pagination a.next", "a.next.page-numbers", "link[rel=next]"),
    listing_updated=("main article .updated-note",),
    fields=FieldSelectors(
        title=("article h1.entry-title", "meta[property='og:title']::attr(content)"),
        lead=(".entry-summary p", ".td-post-sub-title", "meta[name=description]::attr(content)"),
        published=(
            "article time.entry-date.published::attr(datetime)",
            "meta[property='article:published_time']::attr(content)",
            "article time.entry-date.published",
        ),
        modified=(
            "article time.updated::attr(datetime)",
            "meta[property='article:modified_time']::attr(content)",
            "article time.updated",
        ),
        authors=(".entry-meta .byline .author", ".entry-meta .byline"),
        source=(".entry-content .source-line",),
        tags=(".tags-links a[rel~=tag]", "a[rel~=tag]"),
        sections=(
            ".entry-meta .cat-links a[rel~=category]::attr(href)",
            ".breadcrumbs a[href*='/kategorie/']::attr(href)",
        ),
        body=("article .entry-content",),
        featured_image=("article .post-thumbnail",),
        image_credit=(".image-credit",),
    ),
    strip_ads=(".code-block", ".werbung", ".ad-container", ".sponsored-teaser"),
    strip_related=(".related-post", ".su-related", ".lesen-sie-auch"),
    strip_boilerplate=(".sharedaddy", ".newsletter-box", ".author-box"),
    # The news ticker is built in the browser: its listing fills from a JSON endpoint behind a
    # "Mehr laden" button, and its articles load their body by script. Crawled with -a js=true.
    needs_js=(
        JsRule(
            sections=("ticker",),
            actions=PageActions(wait_for="#ticker-list article", load_more="button.load-more"),
        ),
        JsRule(url_patterns=(r"^/ticker/",), actions=PageActions(wait_for=".entry-content p")),
    ),
    timezone="Europe/Berlin",
    language="de",
)
