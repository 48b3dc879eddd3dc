"""`extract_article` runs the crawl's chain: every check, one exception with the reason."""

from __future__ import annotations

import pickle

import pytest

from newscrawl.extraction import NotAnArticle, extract_article
from newscrawl.extraction.garbled import repair
from newscrawl.sites import get_profile

URL = "https://bna.example/2024/05/02/massnahmen/"
PROFILE = get_profile("bna_germany")


def _page(paragraphs: list[str], title: str = "Neue Maßnahmen für die Innenstadt") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html lang="de"><head><title>{title}</title></head><body><article>
<h1 class="entry-title">{title}</h1><div class="entry-content">{body}</div>
</article></body></html>"""


GOOD = [
    "Die Stadt kündigt neue Maßnahmen für die Öffentlichkeit an, die ab Montag gelten.",
    "Der Bürgermeister sagte, die Änderungen seien nötig, um die Straßen zu entlasten.",
]


def test_a_good_page_becomes_an_article() -> None:
    article = extract_article(_page(GOOD), URL, PROFILE)
    assert article.body == "\n\n".join(GOOD)


@pytest.mark.parametrize("charset", ["cp1252", "cp1250", "latin-1"])
def test_text_read_in_the_wrong_charset_is_read_back(charset: str) -> None:
    """UTF-8 text once read as a legacy charset ("MaÃŸnahmen"): every field is read back, the
    same in the library as in a crawl, and the article is emitted with its true text."""
    garbled = [p.encode("utf-8").decode(charset, "replace") for p in GOOD]
    title = "Neue Maßnahmen für die Innenstadt"
    misread_title = title.encode("utf-8").decode(charset, "replace")
    assert "\ufffd" not in "".join(garbled) + misread_title
    article = extract_article(_page(garbled, title=misread_title), URL, PROFILE)
    assert article.body == "\n\n".join(GOOD)
    assert article.title == title


def test_text_whose_letters_are_lost_is_refused_as_a_crawl_drops_it() -> None:
    """Bytes no charset reads ("Ma\ufffdnahmen"): nothing can read them back; the crawl drops
    the page as garbled_text, and so does the library."""
    lost = ["".join(c if c.isascii() else "\ufffd" for c in p) for p in GOOD]
    with pytest.raises(NotAnArticle) as refused:
        extract_article(_page(lost), URL, PROFILE)
    assert (refused.value.reason, refused.value.detail) == ("garbled_text", "replacement_character")


def test_text_misread_twice_is_read_back() -> None:
    twice = [p.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252") for p in GOOD]
    article = extract_article(_page(twice), URL, PROFILE)
    assert article.body == "\n\n".join(GOOD)


@pytest.mark.parametrize(
    ("html", "profile", "reason"),
    [
        ("", None, "unparseable_page"),
        ("<html><body><p>Ohne Titel</p></body></html>", PROFILE, "not_site_article"),
        ('<meta property="og:type" content="website"><h1>Ressort</h1>', None, "not_article"),
        ('<meta property="og:type" content="article"><h1>Titel</h1>', None, "empty_body"),
        ("<div>" * 300 + "tief" + "</div>" * 300, PROFILE, "too_deep"),
    ],
)
def test_each_refusal_names_the_crawls_drop_reason(html: str, profile: object, reason: str) -> None:
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL, profile)  # type: ignore[arg-type]
    assert refused.value.reason == reason
    again = pickle.loads(pickle.dumps(refused.value))  # it crosses from worker processes
    assert (again.reason, again.detail, str(again)) == (
        reason,
        refused.value.detail,
        str(refused.value),
    )


def test_known_article_skips_only_the_story_test() -> None:
    page = '<meta property="og:type" content="website"><h1>Titel</h1>' + "".join(
        f"<p>{p}</p>" for p in GOOD
    )
    with pytest.raises(NotAnArticle, match="og_type_website"):
        extract_article(page, URL)
    assert extract_article(page, URL, known_article=True).title == "Titel"


def test_text_misread_only_in_parts_is_mended_by_ftfy() -> None:
    """No legacy charset reads the whole text back ("Müller" is right, "StraÃŸe" is not):
    ftfy mends the parts (imported on this first use: test_architecture.py)."""
    misread = "Die StraÃŸe ist gesperrt, sagt Bürgermeisterin Müller, bis Ã¼bermorgen."
    repaired = "Die Straße ist gesperrt, sagt Bürgermeisterin Müller, bis übermorgen."
    assert repair(misread) == repaired
