"""Where the generic content finder comes back empty, the body is read by a second opinion
(trafilatura) instead of the page being refused as empty_body; never for a body the
profile's own selector found."""

from __future__ import annotations

import pytest

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.chain import fill_body
from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic import draft as generic_draft_module
from newscrawl.extraction.provenance import CONTENT, PROFILE

URL = "https://news.example/2024/05/02/radwege/"
STORY = [
    "Der Stadtrat hat am Dienstag nach langer Debatte beschlossen, die Radwege in der "
    "Innenstadt bis zum Herbst deutlich zu verbreitern und an den Kreuzungen sicherer zu machen.",
    "Die Opposition kritisierte die Kosten von knapp zwei Millionen Euro, stimmte am Ende aber "
    "zu; der Bau soll im Frühjahr beginnen und in drei Abschnitten erfolgen.",
]
PAGE = f"""<html lang="de"><head><title>Radwege werden breiter</title>
<meta property="og:type" content="article"></head><body>
<nav><a href="/">Start</a> <a href="/politik/">Politik</a></nav>
<article><h1>Radwege werden breiter</h1><p>{STORY[0]}</p><p>{STORY[1]}</p></article>
<footer>Impressum</footer></body></html>"""


def _draft(body_method: str) -> ArticleDraft:
    doc = Document.parse(PAGE)
    return ArticleDraft(URL, "news", title="Radwege werden breiter", content=None,
                        provenance={"body": body_method}, document=doc)  # fmt: skip


def test_an_empty_generic_body_is_read_by_the_second_opinion() -> None:
    draft = _draft(CONTENT)
    assert fill_body(draft, None) is True
    assert draft.paragraphs == STORY
    assert draft.document is None  # the tree is not carried further


def test_a_body_the_profile_found_empty_gets_no_second_opinion() -> None:
    draft = _draft(PROFILE)
    assert fill_body(draft, None) is False
    assert draft.paragraphs == []


def test_extract_article_returns_the_second_opinions_body_where_the_finder_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(generic_draft_module, "generic_content", lambda doc, url: None)
    article = extract_article(PAGE, URL)
    assert article.body == "\n\n".join(STORY)
    assert article.extraction["body"] == "generic:content"


def test_a_page_with_no_story_at_all_is_still_refused() -> None:
    with pytest.raises(NotAnArticle) as refused:
        extract_article('<meta property="og:type" content="article"><h1>Nur Titel</h1>', URL)
    assert refused.value.reason == "empty_body"
