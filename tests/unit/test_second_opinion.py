"""Where the generic content finder comes back empty, the body is read by a second opinion
(trafilatura) instead of the page being refused as empty_body; where it is unsure (a short
body, a container holding little of the page's text), the second opinion's text is taken when
it holds the finder's and much more. Never for a body the profile's own selector found."""

from __future__ import annotations

import pytest

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction import draft as draft_module
from newscrawl.extraction.chain import fill_body
from newscrawl.extraction.document import Document
from newscrawl.extraction.draft import ArticleDraft
from newscrawl.extraction.generic.content import FoundStory
from newscrawl.extraction.generic.second_opinion import (
    on_topic,
    prefer_second_opinion,
    short_body,
    wider_story,
)
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
    monkeypatch.setattr(draft_module, "find_story", lambda doc, url: FoundStory(None))
    article = extract_article(PAGE, URL)
    assert article.body == "\n\n".join(STORY)
    assert article.extraction["body"] == "generic:content"


def test_a_page_with_no_story_at_all_is_still_refused() -> None:
    with pytest.raises(NotAnArticle) as refused:
        extract_article('<meta property="og:type" content="article"><h1>Nur Titel</h1>', URL)
    assert refused.value.reason == "empty_body"


LONG_STORY = [
    f"Absatz {n}: Die Arbeiten am Hafen dauerten länger als geplant, weil im Winter die "
    f"Lieferungen ausblieben und das Wetter den Bau an {n + 3} Tagen stoppte." for n in range(30)
]  # fmt: skip
ENGLISH = [
    "The council voted on Tuesday to widen the cycle lanes in the city centre by the autumn.",
    "The opposition criticised the cost of almost two million euros but voted in favour.",
    "Work is due to start in spring and to be carried out in three stages over the summer.",
    "Residents will be able to comment on the plans at two meetings in the town hall.",
]


@pytest.mark.parametrize("story", [STORY + LONG_STORY[:6], ENGLISH])
def test_a_fragment_of_the_story_gives_way_to_the_wider_second_opinion(story: list[str]) -> None:
    assert wider_story(story[:1], story)
    assert not wider_story(story, story)  # the same text: nothing gained
    assert not wider_story(story[:1], story[1:])  # does not hold ours: a different text
    assert not wider_story(story[: len(story) // 2 + 1], story)  # ours is most of it
    assert wider_story([], story)
    assert not wider_story(story, [])


def _doubtful_draft(
    paragraphs: list[str], in_doubt: bool, title: str = "Radwege werden breiter"
) -> ArticleDraft:
    content = Document.parse("".join(f"<p>{p}</p>" for p in paragraphs)).root
    draft = ArticleDraft(URL, "news", title=title, content=content,
                         provenance={"body": CONTENT}, document=Document.parse(PAGE))  # fmt: skip
    draft.body_in_doubt = in_doubt
    return draft


@pytest.mark.parametrize(
    ("ours", "in_doubt", "asked", "taken"),
    [
        (STORY[:1], False, True, True),  # short: asked, and it holds ours and more
        (LONG_STORY[:12], True, True, False),  # in doubt: asked, but holds none of ours
        (LONG_STORY[:12], False, False, False),  # long and sure: not asked
    ],
)
def test_the_second_opinion_is_asked_only_where_the_finder_is_unsure(
    monkeypatch: pytest.MonkeyPatch, ours: list[str], in_doubt: bool, asked: bool, taken: bool
) -> None:
    calls: list[str] = []

    def opinion(doc: Document, url: str, title: str | None = None) -> list[str]:
        calls.append(url)
        return STORY + ENGLISH

    monkeypatch.setattr("newscrawl.extraction.chain.story_paragraphs", opinion)
    title = "Die Arbeiten am Hafen dauerten länger" if ours != STORY[:1] else None
    draft = _doubtful_draft(ours, in_doubt, title or "Radwege werden breiter")
    assert fill_body(draft, None) is taken
    assert bool(calls) is asked
    assert draft.paragraphs == (STORY + ENGLISH if taken else ours)


def test_a_short_body_is_one_of_few_words() -> None:
    assert short_body(STORY)
    assert not short_body(LONG_STORY)


COOKIES = [
    "Wir verwenden Cookies, um Inhalte zu personalisieren und die Zugriffe auf unsere "
    "Website zu analysieren. Sie können Ihre Auswahl jederzeit in den Einstellungen ändern.",
    "Indem Sie weitersurfen, stimmen Sie der Verwendung zu. Mehr erfahren Sie in unserer "
    "Datenschutzerklärung und im Impressum dieser Seite.",
]
CONTACT = [
    "Write to us with your questions about your subscription, your delivery or your account, "
    "and our customer service team will answer within two working days.",
    "You can also call us from Monday to Friday between nine and five, or visit our office.",
]


@pytest.mark.parametrize(
    ("ours", "theirs", "title", "lead"),
    [
        (COOKIES, STORY, "Radwege werden breiter", "Der Stadtrat beschließt breitere Radwege"),
        (CONTACT, ENGLISH, "Council widens cycle lanes", "The cycle lanes in the city centre"),
    ],
)
def test_another_text_on_the_headlines_topic_is_preferred(
    ours: list[str], theirs: list[str], title: str, lead: str
) -> None:
    assert on_topic(theirs, title, lead) > on_topic(ours, title, lead)
    assert prefer_second_opinion(ours, theirs, title, lead)
    assert not prefer_second_opinion(theirs, ours, title, lead)  # ours is the story: kept
    assert not prefer_second_opinion(ours, theirs, None, None)  # nothing to judge by


def test_an_off_topic_body_is_checked_against_the_second_opinion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "newscrawl.extraction.chain.story_paragraphs", lambda doc, url, title=None: STORY
    )
    draft = _doubtful_draft(COOKIES * 5, in_doubt=False)  # long, sure, but off the topic
    draft.lead = "Der Stadtrat hat beschlossen, die Radwege in der Innenstadt zu verbreitern."
    assert fill_body(draft, None) is True
    assert draft.paragraphs == STORY


ENGLISH_TEASER = [
    "The prosecutor general arrived on Monday to discuss cooperation against organised crime "
    "with his counterpart, and both promised results within the year.",
    "Asked about political pressure on the courts, he said that prosecutors answer to the law "
    "alone and that the meetings would go on next spring.",
]


@pytest.mark.parametrize(
    ("teaser", "story", "title", "lead"),
    [
        (COOKIES, STORY, "Radwege werden breiter",
         "Der Stadtrat beschließt breitere Radwege in der Innenstadt"),
        (ENGLISH_TEASER, ENGLISH, "Council widens cycle lanes",
         "The council widens the cycle lanes in the city centre"),
    ],
)  # fmt: skip
def test_a_second_opinion_holding_ours_and_the_headlines_story_is_preferred(
    teaser: list[str], story: list[str], title: str, lead: str
) -> None:
    """The finder took a box of another text; the second opinion has that box and the story
    beside it: the story's text speaks of the headline, the box's does not."""
    theirs = story[:1] + teaser  # the box is most of it: no wider story
    assert not wider_story(teaser, theirs)
    assert prefer_second_opinion(teaser, theirs, title, lead)
    # the summary repeated at the top is on the topic by itself: it proves nothing
    assert not prefer_second_opinion(teaser, [lead, *teaser], title, lead)
    # where ours is the story, more text around it is no reason to switch
    assert not prefer_second_opinion(story, theirs, title, lead)
