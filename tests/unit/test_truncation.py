"""A page cut short inside its article is told from one cut after it (hand-written pages)."""

from __future__ import annotations

from newscrawl.extraction.truncation import cut_inside_article, looks_cut

HEAD = "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Titel</h1>"
FIRST = "Der Stadtrat hat am Dienstag die neuen Radwege beschlossen."
SECOND = "Die Arbeiten sollen im Frühjahr beginnen und drei Monate dauern."


def page(text: str) -> bytes:
    return text.encode("utf-8")


def test_cut_inside_the_last_paragraph_is_truncated() -> None:
    body = page(f"{HEAD}<p>{FIRST}</p><p>{SECOND[:40]}")
    assert cut_inside_article(body, SECOND[:40])  # what the parser read of the paragraph
    assert looks_cut(body)


def test_cut_in_a_tag_right_after_the_last_words_is_truncated() -> None:
    body = page(f"{HEAD}<p>{FIRST}</p><p>{SECOND}</p><di")
    assert cut_inside_article(body, SECOND)


def test_cut_after_the_article_in_the_comments_is_whole() -> None:
    comments = "<div id='comments'><h3>Kommentare</h3><p>Endlich! Das wurde Zeit, schreibt Mia"
    body = page(f"{HEAD}<p>{FIRST}</p><p>{SECOND}</p></article>{comments}")
    assert not cut_inside_article(body, SECOND)


def test_a_closed_document_is_whole_even_when_the_article_ends_it() -> None:
    body = page(f"{HEAD}<p>{FIRST}</p><p>{SECOND}</p></article></body></html>\n")
    assert not looks_cut(body)
    assert not cut_inside_article(body, SECOND)
    unclosed = page(f"{HEAD}<p>{FIRST}</p></article><footer>Impressum</footer>\n")
    assert not looks_cut(unclosed)  # a template that leaves </body></html> out


def test_entities_and_umlauts_do_not_hide_the_cut() -> None:
    last = "Kosten: 3 Mio. Euro & mehr für Übergänge"
    body = page(f"{HEAD}<p>{FIRST}</p><p>Kosten: 3 Mio. Euro &amp; mehr f&uuml;r &Uuml;berg")
    assert cut_inside_article(body, last[:36])


def test_a_fragment_that_ends_with_its_last_paragraph_is_whole() -> None:
    """`extract_article` is fed fragments; a template may leave </body></html> out."""
    assert not cut_inside_article(page(f"<h1>Titel</h1><p>{FIRST}</p><p>{SECOND}</p>"), SECOND)


def test_no_paragraph_no_verdict() -> None:
    assert not cut_inside_article(page(HEAD), None)
    assert not cut_inside_article(page(f"{HEAD}<p>Ja."), "Ja.")  # too little to tell
