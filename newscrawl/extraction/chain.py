"""The pure stages of the chain, run once, in one visible sequence: a fetched page in, a
`Finished` out (the article, or the reason it is refused, with what each stage counted).

    extract -> settle the URL -> strip ads -> strip widgets -> body text -> repair text
            -> normalise -> text check -> schema check -> near-duplicate signature

`extract_article` (the library), the extraction workers and the crawl's first pipeline all
call `finish`; the stateful stages (duplicate URL, duplicate content, near-duplicates, the
schema check of the written line) follow in the pipelines, which need the state store.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

import fastjsonschema

from newscrawl.extraction.authors import source_line
from newscrawl.extraction.body import body_parts, without_headline
from newscrawl.extraction.clean import strip_ads, strip_boilerplate, strip_related_links
from newscrawl.extraction.document import PageTooDeep, UnparseablePage
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.fetched import FetchedPage, draft_from_page
from newscrawl.extraction.garbled import garbled_reason, repair
from newscrawl.extraction.generic.content import linked_teaser_texts
from newscrawl.extraction.generic.page_address import index_address, listing_address
from newscrawl.extraction.generic.second_opinion import (
    OFF_TOPIC,
    on_topic,
    prefer_second_opinion,
    short_body,
    story_paragraphs,
)
from newscrawl.extraction.normalize import IncompleteArticle, to_article
from newscrawl.extraction.profile import SiteProfile
from newscrawl.extraction.provenance import CONTENT, IMPLAUSIBLE, PROFILE
from newscrawl.extraction.refusal import NotAnArticle
from newscrawl.extraction.truncation import cut_inside_article
from newscrawl.items import Article, Image
from newscrawl.schema import compiled_check
from newscrawl.similarity import Banding, signature, to_bytes
from newscrawl.urls import MAX_URL_LENGTH, canonicalize_url, host_of, same_site

Count = tuple[str, str, int]  # (area, event, value): the stat newscrawl/<area>/<event>


@dataclass(slots=True)
class Finished:
    """One page after the pure stages (plain data: it crosses from a worker process)."""

    url: str  # the fetched URL
    article: Article | None = None  # None: refused
    refused: NotAnArticle | None = None
    counts: list[Count] = field(default_factory=list)
    signature: bytes | None = None  # MinHash of the body, for the near-duplicate index
    # its LSH band keys with the (bands, rows) they were cut by (used by an index that bands
    # the same way)
    band_keys: tuple[tuple[int, int], list[int]] | None = None
    # a changed story delivered before: its next revision (pipelines/revisions.py), which
    # the duplicate stages let pass
    revises: bool = False
    changed: str | None = None  # the page's `changed` (FetchedPage), carried on
    etag: str | None = None  # ... and its validators
    last_modified: str | None = None

    def count(self, area: str, event: str, value: int = 1) -> None:
        if value:
            self.counts.append((area, event, value))


def finish(
    page: FetchedPage,
    profile: SiteProfile | None,
    banding: Banding | None = None,
    crawled_at: datetime | None = None,
    recognise: bool = True,
) -> Finished:
    """Every pure stage on one page. A refusal is returned, never raised; any other
    exception is a bug and propagates. `recognise=False` skips the test that a page without
    a profile is a story (for a caller who knows it is one)."""
    done = Finished(
        page.url, changed=page.changed, etag=page.etag, last_modified=page.last_modified
    )
    try:
        draft = extract(page, profile, done, recognise)
        if settle_url(draft, profile, done) != page.url:
            done.count("urls", "rewritten")
        done.count("strip", "ads_removed", remove_ads(draft, profile))
        done.count("strip", "widgets_removed", remove_widgets(draft, profile))
        if fill_body(draft, profile):
            done.count("text", "second_opinion")
        check_whole(page, draft)
        done.count("text", "paragraphs", len(draft.paragraphs))
        done.count("text", "images", len(draft.images))
        repair_text(draft, done)
        article = normalise(draft, done, crawled_at)
        check_text(article, done)
        check_schema(article)
    except NotAnArticle as refused:
        done.refused = refused
        return done
    done.article = article
    values = signature(article.body)
    if values is not None:
        done.signature = to_bytes(values)
        if banding is not None:
            done.band_keys = ((banding.bands, banding.rows), banding.keys(values))
    return done


# --- the stages, in chain order --------------------------------------------------------------


def extract(
    page: FetchedPage, profile: SiteProfile | None, done: Finished, recognise: bool = True
) -> ArticleDraft:
    """The page's fields and its still-dirty body tree, or a refusal."""
    started = time.monotonic()
    try:
        draft = draft_from_page(page, profile, recognise)
    except NotAnArticle as refused:
        if refused.reason == "not_article":
            done.count("generic", f"not_article/{refused.detail}")
        raise
    except PageTooDeep as exc:
        raise NotAnArticle("too_deep", None, f"page too deep, refused: {page.url}: {exc}") from None
    except UnparseablePage as exc:
        raise NotAnArticle(
            "unparseable_page", None, f"unparseable page {page.url}: {exc}"
        ) from None
    # In the crawler process nothing can stop a parse in C: the budget is checked after it
    # (the page is still refused); in a worker, the pool's watchdog stops it in time.
    if time.monotonic() - started > page.limits.budget_seconds:
        raise NotAnArticle("too_slow", None, too_slow_message(page))
    if profile is not None and not page.generic and not _site_article(draft):
        done.count("extract", "not_site_article")
        raise NotAnArticle(
            "not_site_article",
            None,
            f"{page.url} has neither the title nor the body of the site's article pages "
            "(a maintenance, error or interstitial page?): not delivered, retried next run",
        )
    return draft


def settle_url(
    draft: ArticleDraft, profile: SiteProfile | None = None, done: Finished | None = None
) -> str:
    """The article's one URL: rel=canonical when it stays on the site and names a story's
    page, cleaned of tracking.

    A canonical that names the site's front page, a section's or a listing's page, or (for a
    profiled site) an address that is no article's of the profile while the fetched one is,
    is a template's mistake: honoured, it made every article of a site one "duplicate" of
    that page, and all but one were dropped and marked done for good. It is ignored and
    counted as `newscrawl/urls/canonical_ignored`."""
    fetched = canonicalize_url(draft.url)
    canonical = draft.canonical_url
    hosts = frozenset({host_of(fetched)})
    if canonical and len(canonical) <= MAX_URL_LENGTH and same_site(canonical, hosts):
        named = canonicalize_url(canonical)
        if named == fetched or _names_a_story(named, fetched, profile):
            fetched = named
        elif done is not None:
            done.count("urls", "canonical_ignored")
    draft.canonical_url = fetched
    return fetched


def _names_a_story(canonical: str, fetched: str, profile: SiteProfile | None) -> bool:
    """Whether a page's canonical address can be a story's, beside the address it was fetched at."""
    path = urlsplit(canonical).path
    if path in ("", "/") or index_address(canonical):
        return False  # the front page, a section's or a listing's own page
    if listing_address(canonical) and not listing_address(fetched):
        return False
    if profile is not None:
        pattern = profile.article_path_re
        if pattern.search(urlsplit(fetched).path) and not pattern.search(path):
            return False
    return True


def remove_ads(draft: ArticleDraft, profile: SiteProfile | None) -> int:
    if draft.content is None:
        return 0
    return strip_ads(draft.content, profile.strip_ads if profile else ())


def remove_widgets(draft: ArticleDraft, profile: SiteProfile | None) -> int:
    """Related-link boxes and page furniture (share, newsletter, comments)."""
    if draft.content is None:
        return 0
    removed = strip_related_links(draft.content, profile.strip_related if profile else ())
    return removed + strip_boilerplate(draft.content, profile.strip_boilerplate if profile else ())


def fill_body(draft: ArticleDraft, profile: SiteProfile | None) -> bool:
    """The body tree becomes paragraphs; its figures become images with caption and credit.

    A body the generic finder gave nothing for, or one it is unsure of that a second opinion
    (trafilatura) shows to be part of a wider story, is read by the second opinion instead,
    less the teasers of other pages wrapped in a link (a "Further reading" card); True when
    it was. Never for a body the profile's own selector found: an empty one there
    is a page that is not the article."""
    if draft.content is not None:
        parts = body_parts(
            draft.content,
            draft.canonical_url or draft.url,
            title=draft.title,
            credit_selectors=profile.fields.image_credit if profile else (),
            strip_text=profile.strip_text if profile else (),
        )
        draft.paragraphs = parts.paragraphs
        draft.images = merged_images(draft.images, parts.images)
    document, draft.document = draft.document, None
    draft.content = None  # the tree has served its purpose; don't carry it further
    if document is None or draft.provenance.get("body", CONTENT) != CONTENT:
        return False
    _take_source_line(draft)
    ours = draft.paragraphs
    if ours and not (
        draft.body_in_doubt
        or short_body(ours)
        or on_topic(ours, draft.title, draft.lead) < OFF_TOPIC
    ):
        return False
    theirs = story_paragraphs(document, draft.canonical_url or draft.url, draft.title)
    teasers = linked_teaser_texts(document) - set(ours)
    theirs = [paragraph for paragraph in theirs if paragraph not in teasers]
    if not prefer_second_opinion(ours, theirs, draft.title, draft.lead):
        return False
    draft.paragraphs = theirs
    draft.provenance["body"] = CONTENT
    return True


def merged_images(held: list[Image], found: list[Image]) -> list[Image]:
    """The images held (the featured one) and then those found in the body, each once: the
    body's figure of a picture already held lends it the caption and credit it lacks."""
    figures = {image.url: image for image in found}
    merged = [
        replace(
            image, caption=image.caption or figure.caption, credit=image.credit or figure.credit
        )
        if (figure := figures.get(image.url)) is not None
        else image
        for image in held
    ]
    urls = {image.url for image in held}
    return merged + [image for image in found if image.url not in urls]


def _take_source_line(draft: ArticleDraft) -> None:
    """A paragraph of its own at either end of a generic body that names the outlet ("KNA",
    "(dpa)") is the article's source line, not its text."""
    ends = range(min(2, len(draft.paragraphs)))
    for index in [*ends, *(len(draft.paragraphs) - 1 - i for i in ends)]:
        outlet = source_line(draft.paragraphs[index])
        if outlet is not None:
            del draft.paragraphs[index]
            if not draft.source:
                draft.source = outlet
                draft.provenance["source"] = CONTENT
            return


def repair_text(draft: ArticleDraft, done: Finished) -> None:
    """Text of the page read in the wrong charset once ("MaÃŸnahmen") is read back, every
    field alike, when that leaves no sign of a wrong decoding; otherwise it is left for
    `check_text` to refuse."""
    reason = garbled_reason(_draft_texts(draft))
    if reason is None:
        return
    fixed = replace(
        draft,
        title=_fixed(draft.title),
        lead=_fixed(draft.lead),
        source=_fixed(draft.source),
        published_at=_fixed(draft.published_at),
        modified_at=_fixed(draft.modified_at),
        authors=[repair(b) for b in draft.authors],
        tags=[repair(t) for t in draft.tags],
        paragraphs=without_headline([repair(p) for p in draft.paragraphs], _fixed(draft.title)),
        images=[
            replace(i, caption=_fixed(i.caption), credit=_fixed(i.credit)) for i in draft.images
        ],
    )
    if garbled_reason(_draft_texts(fixed)) is not None:
        return
    for name in ("title", "lead", "source", "published_at", "modified_at", "authors", "tags",
                 "paragraphs", "images"):  # fmt: skip
        setattr(draft, name, getattr(fixed, name))
    done.count("quality", f"repaired/{reason}")


def _fixed(text: str | None) -> str | None:
    return repair(text) if text else text


def _draft_texts(draft: ArticleDraft) -> list[str | None]:
    captions = [text for image in draft.images for text in (image.caption, image.credit)]
    return [draft.title, draft.lead, draft.source, *draft.authors, *draft.tags,
            *draft.paragraphs, *captions]  # fmt: skip


def normalise(draft: ArticleDraft, done: Finished, crawled_at: datetime | None = None) -> Article:
    """ISO dates, people vs outlet, id and content hash; lists within the page's limits."""
    try:
        article = to_article(draft, crawled_at)
    except IncompleteArticle as exc:
        raise NotAnArticle(exc.reason) from None
    if article.published_at is None:
        done.count("normalize", "no_published_date")
    for name, method in article.extraction.items():
        if method == IMPLAUSIBLE:  # a date outside the plausible window (normalize.py)
            done.count("normalize", f"implausible/{name}")
    for name, cut in draft.cuts.items():  # a list over the page's limit (limits.py)
        done.count("normalize", f"cut/{name}", cut)
    return article


def check_whole(page: FetchedPage, draft: ArticleDraft) -> None:
    """Refuse a page whose bytes end inside its article (a Content-Length shorter than the
    page, a cut connection): delivered, the story would stay short of its end for good."""
    last = draft.paragraphs[-1] if draft.paragraphs else None
    if cut_inside_article(page.body, last):
        raise NotAnArticle(
            "truncated",
            None,
            f"{page.url} ends inside its article (the page was cut short): not delivered, "
            "retried next run",
        )


def check_text(article: Article, done: Finished) -> None:
    """Refuse text decoded wrongly (mojibake) instead of emitting it."""
    captions = [text for image in article.images for text in (image.caption, image.credit)]
    texts = [article.title, article.lead, article.body, article.source, *article.authors]
    reason = garbled_reason([*texts, *article.tags, *captions])
    if reason is not None:
        done.count("quality", reason)
        raise NotAnArticle(
            "garbled_text", reason, f"garbled text ({reason}) in {article.url}: dropped"
        )


def check_schema(article: Article) -> None:
    """The line must validate against the shipped JSON Schema. Checked here, before any
    duplicate check records the article, so a refusal leaves nothing marked; EmitPipeline
    checks the written line again once `duplicate_of` is set."""
    try:
        compiled_check()(article.to_record())
    except fastjsonschema.JsonSchemaException as exc:
        message = getattr(exc, "message", str(exc))
        raise NotAnArticle(
            "invalid_schema", None, f"schema violation in {article.url}: {message}"
        ) from None


def too_slow_message(page: FetchedPage) -> str:
    return (
        f"extraction of {page.url} took over {page.limits.budget_seconds:g} s "
        "(NEWSCRAWL_PAGE_BUDGET): refused as too_slow"
    )


def _site_article(draft: ArticleDraft) -> bool:
    """Does the page carry the profile's own marks of an article (its title or its body)?

    A 200 page that is not the article (a maintenance or error page from a cache or CMS) has
    neither; the generic fallback would make an article of it, its URL and body would be
    recorded, and the real article never fetched again. A profile whose selectors find one of
    the two still has its other fields filled in by the fallback.
    """
    methods = draft.provenance
    return bool(methods.get("title") == PROFILE or methods.get("body") == PROFILE)


# --- the library entry point -----------------------------------------------------------------


def extract_article(
    html: str | bytes,
    url: str,
    profile: SiteProfile | None = None,
    crawled_at: datetime | None = None,
    *,
    known_article: bool = False,
) -> Article:
    """Everything a crawl does to one page, minus the cross-page duplicate checks: the same
    `finish`, so the same article or the same refusal.

    Without a profile the page goes the generic way (structured data and content scoring),
    and must show it is a story, as in a generic crawl; `known_article=True` skips that test
    for a caller who knows the page is one. Raises NotAnArticle (with the crawl's drop reason)
    for a page it refuses, and nothing else for any input.
    """
    body = html.encode("utf-8", "replace") if isinstance(html, str) else html
    page = FetchedPage(
        url, body, profile.slug if profile else "generic", None, generic=profile is None
    )
    done = finish(page, profile, crawled_at=crawled_at, recognise=not known_article)
    if done.article is None:
        assert done.refused is not None
        raise done.refused
    return done.article
