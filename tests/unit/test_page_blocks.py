"""The generic finder's view of a page: its text blocks in reading order, which of them sit in
page furniture, and its figures. Skipped subtrees (hidden, navigation, figures) are skipped
whole, however deep; furniture covers everything inside it; the element holding most of the
story is no furniture whatever its class says."""

from __future__ import annotations

from lxml.html import document_fromstring

from newscrawl.extraction.generic.blocks import collect_blocks

STORY = (
    "The council voted on Tuesday to build protected cycle lanes along the ring road, "
    "after two years of consultation with residents and shops."
)
MORE = (
    "Work starts in spring; the first section, between the station and the old bridge, "
    "should be finished before the summer holidays begin."
)
PAGE = f"""<html><body>
<nav><ul><li><p>Home</p></li><li>About <b>us</b></li></ul></nav>
<div hidden><div><p>A hidden paragraph deep down</p><figure><img src="a.jpg"></figure></div></div>
<div class="page has-sidebar">
  <article>
    <h1>Cycle lanes for the ring road</h1>
    <p>{STORY}</p>
    <figure><img src="b.jpg" width="600"><figcaption><p>The ring road today</p></figcaption>
    </figure>
    <div>Loose text <b>in bold</b> and more</div>
    <p>{MORE}</p>
  </article>
  <div class="sidebar"><p>Latest: the budget</p><figure><img src="c.jpg" width="300"></figure>
    <div><div><p>Deep inside the sidebar</p></div></div>
  </div>
  <div class="widget"><div class="inner"><aside><p>an aside</p></aside><p>Most read</p></div></div>
</div>
<p>After the page</p>
</body></html>"""


def test_blocks_in_reading_order_with_furniture_marked() -> None:
    root = document_fromstring(PAGE)
    found = collect_blocks(root)
    assert [(b.text, b.negative) for b in found.blocks] == [
        ("Cycle lanes for the ring road", False),
        (STORY, False),
        ("Loose text in bold and more", False),
        (MORE, False),
        ("Latest: the budget", True),
        ("Deep inside the sidebar", True),
        ("Most read", True),
        ("After the page", False),
    ]
    assert [f.get("src") or f.find("img").get("src") for f in found.figures] == ["b.jpg"]


def test_document_order_spans_hold_each_subtree() -> None:
    root = document_fromstring(PAGE)
    found = collect_blocks(root)
    article = root.find(".//article")
    sidebar = root.find(".//div[@class='sidebar']")
    assert found.contains(article, root.find(".//h1"))
    assert not found.contains(article, sidebar)
    assert found.contains(root, sidebar) and found.start[article] < found.start[sidebar]
    assert found.end[root] == len(list(root.iter())) - 1
