"""Which method produced each field of an article: the `extraction` object of a feed line.

A profiled site falls back to the generic path field by field; recording the method per field
makes a broken selector visible in the output instead of silently papered over. The keys are
fixed (every line carries all of them); a value is one of `METHODS`, or null when the field is
empty in the line, or `IMPLAUSIBLE` when the page's value was refused.
"""

from __future__ import annotations

from newscrawl.items import CONFIRMED_KEY, EXTRACTION_FIELDS, Article

PROFILE = "profile"  # a selector (or setting) of the site's profile
LISTING = "listing"  # the section listing the article was found on (sections only)
JSON_LD = "generic:json-ld"
OPENGRAPH = "generic:opengraph"  # og:* and article:* properties
META = "generic:meta"  # other <meta> names (description, author, dc.*, twitter:*)
HTML = "generic:html"  # markup: <h1>, <title>, <time>, rel=author/tag/category, <html lang>
CONTENT = "generic:content"  # the generic main-content finder (body and its figures)
URL = "generic:url"  # the date in the article's address (/2025/03/04/slug); confirms only

# Not a method: a value the page gave but the line leaves out, being implausible (a date
# outside the window of normalize.py); the field itself is null.
IMPLAUSIBLE = "rejected:implausible"

METHODS = (PROFILE, LISTING, JSON_LD, OPENGRAPH, META, HTML, CONTENT, URL)
CONFIRMED = CONFIRMED_KEY  # not a field: a second source of the same publication moment
FIELDS = EXTRACTION_FIELDS


def settle_provenance(found: dict[str, str], article: Article) -> dict[str, str | None]:
    """The draft's methods per field, reduced to what the finished line actually holds.

    An outlet named in the byline ends up in `source`: it then has the byline's method. Images
    without a featured one come from the body container.
    """
    methods = dict(found)
    if article.source and "source" not in methods:
        methods["source"] = methods.get("authors", "")
    if article.images and "images" not in methods:
        methods["images"] = methods.get("body", "")
    settled = {
        name: (methods.get(name) or None) if _filled(getattr(article, name)) else None
        for name in FIELDS
    }
    settled[CONFIRMED] = (methods.get(CONFIRMED) or None) if article.published_at else None
    return settled


def _filled(value: object) -> bool:
    return value is not None and value != "" and value != []
