"""The text beside the headline is read once per page, and above it only as far back as the
reach goes: the same pieces, at less cost."""

from __future__ import annotations

from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.extraction.document import Document
from newscrawl.extraction.fields import headline
from newscrawl.extraction.fields.dates import shown_date
from newscrawl.extraction.fields.people import shown_byline

TAGS = ["div", "p", "span", "a", "time", "figure", "li", "script"]
WORDS = ["", " ", "Von Anna Meier", "12. März 2024", " x ", "\n"]


@st.composite
def _elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = ""
    if draw(st.booleans()):
        attributes += f' class="{draw(st.sampled_from(["item", "teaser", ""]))}"'
    if tag == "time" and draw(st.booleans()):
        attributes += ' datetime="2024-03-12T10:00:00+01:00"'
    text = draw(st.sampled_from(WORDS))
    tail = draw(st.sampled_from(WORDS))
    comment = "<!-- a comment -->" if draw(st.booleans()) else ""
    children = "" if depth >= 3 else "".join(draw(st.lists(_elements(depth + 1), max_size=3)))
    return f"<{tag}{attributes}>{text}{comment}{children}</{tag}>{tail}"


@budget(200)
@given(
    body=st.lists(_elements(), min_size=1, max_size=4).map("".join),
    linked=st.booleans(),
    above=st.booleans(),
)
def test_reversed_subtree_is_the_subtree_backwards(body: str, linked: bool, above: bool) -> None:
    root = Document.parse(f"<html><body><div>{body}</div></body></html>").root
    for element in root.iter():
        forwards = list(headline._subtree(element, linked, above))
        assert list(headline._subtree_reversed(element, linked, above)) == forwards[::-1]


def test_a_big_navigation_before_the_headline_is_read_only_at_its_end(monkeypatch) -> None:
    links = "".join(f'<li class="item"><a href="/s{i}">Story {i}</a></li>' for i in range(2000))
    page = (
        f"<html><body><nav><ul>{links}</ul><p>12. März 2024</p></nav>"
        "<h1>Die Schlagzeile der Seite</h1><p>Von Anna Meier</p></body></html>"
    )
    doc = Document.parse(page)
    asked: list[object] = []
    teaser_item = headline._teaser_item
    monkeypatch.setattr(
        headline, "_teaser_item", lambda element: asked.append(element) or teaser_item(element)
    )
    assert shown_date(doc) == "2024-03-12T00:00:00"
    assert len(asked) < 10  # the walk back stopped at the date, never reaching the links


def test_the_date_and_the_byline_read_the_headline_once(monkeypatch) -> None:
    doc = Document.parse(
        "<html><body><h1>Die Schlagzeile der Seite</h1><p>Von Anna Meier</p>"
        "<p>12. März 2024</p><h1>Noch eine</h1></body></html>"
    )
    reads: list[object] = []
    near = headline._near
    monkeypatch.setattr(headline, "_near", lambda element: reads.append(element) or near(element))
    assert shown_date(doc) == "2024-03-12T00:00:00"
    assert shown_byline(doc) == ["Anna Meier"]
    assert shown_date(doc) == "2024-03-12T00:00:00"
    assert reads == [doc.headline]
    assert doc.headline is not None and doc.headline.text == "Die Schlagzeile der Seite"
