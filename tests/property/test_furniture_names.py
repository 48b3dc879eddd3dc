"""The cached class/id verdict of the generic extractor is the per-element rule it replaced:
any class or id token naming furniture, unless a token names the story and not furniture."""

from __future__ import annotations

from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import fragment_fromstring

from newscrawl.extraction.generic import hints

WORDS = [
    "sidebar",
    "Article-Body",
    "content",
    "share",
    "ad",
    "ads",
    "x-ad",
    "related-posts",
    "main",
    "entry-content",
    "nav",
    "Navigation",
    "hidden",
    "story",
    "widget",
    "col-4",
    "",
    # letters that match ASCII ones only when case is ignored: "ſ" is "s", "K" (Kelvin) "k"
    "ſhare",
    "ſtory",
    "ſidebar-ſtory",
    "\u212aicker",
]
# random words over letters that fold to ASCII ones and the furniture words' pieces
RANDOM_WORDS = st.text(alphabet="ſKıİadeinrstxbo-_", min_size=1, max_size=8)
BUDGET = budget(300)


def reference(class_value: str | None, id_value: str | None, tag: str) -> bool:
    tokens = [w.lower() for w in f"{class_value or ''} {id_value or ''}".split()]
    if not tokens or tag in ("html", "body", "article", "main"):
        return False
    if any(hints._POSITIVE.search(t) and not hints._NEGATIVE.search(t) for t in tokens):
        return False
    return any(hints._NEGATIVE.search(t) for t in tokens)


names = st.one_of(
    st.none(),
    st.lists(st.one_of(st.sampled_from(WORDS), RANDOM_WORDS), max_size=4).map(" ".join),
)


@BUDGET
@given(names, names, st.sampled_from(["div", "section", "article", "p"]))
def test_cached_verdict_equals_the_rule(
    class_value: str | None, id_value: str | None, tag: str
) -> None:
    element = fragment_fromstring(f"<{tag}></{tag}>")
    if class_value is not None:
        element.set("class", class_value)
    if id_value is not None:
        element.set("id", id_value)
    assert hints.is_negative(element) == reference(class_value, id_value, tag)
    assert hints.is_negative(element) == reference(class_value, id_value, tag)  # from the cache
