"""What one page may cost and claim: bounds every article carries from the spider into
extraction, so one hostile page cannot stall a crawl or bloat its feed.

Measured on a hostile page: 100,000 names in a byline took 66 s to de-duplicate (quadratic)
and made a 2.2 MB feed line. Lists are cut to these sizes (and the cut counted); a page whose
extraction runs past `budget_seconds` is refused as `too_slow` (workers/pool.py).
The defaults are the project settings' defaults (settings.py reads them from here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageLimits:
    max_authors: int = 20  # NEWSCRAWL_MAX_AUTHORS
    max_tags: int = 50  # NEWSCRAWL_MAX_TAGS
    max_images: int = 100  # NEWSCRAWL_MAX_IMAGES
    budget_seconds: float = 10.0  # NEWSCRAWL_PAGE_BUDGET: extraction time of one page


DEFAULT_LIMITS = PageLimits()


def capped(values: Sequence[T], limit: int, name: str, cuts: dict[str, int]) -> list[T]:
    """The first `limit` values; how many were cut is added to `cuts[name]`."""
    if len(values) <= limit:
        return list(values)
    cuts[name] = cuts.get(name, 0) + len(values) - limit
    return list(values[:limit])


# How long a short field of a line may be, in characters. A hostile page's 1 MB headline
# would otherwise be a 1 MB feed line; no real title, name or caption comes near these (the
# longest titles of the benchmark sets are under 300 characters). A title, lead or caption
# over its cap is cut at a word boundary; a name or tag over it is no name and is dropped.
# Each cut is counted (`normalize/cut/<field>`). The README's bounds table lists them.
TITLE_CHARS = 1_000
LEAD_CHARS = 5_000
CAPTION_CHARS = 2_000
NAME_CHARS = 200  # an author, the source, a tag, a section, an image credit
