"""Bytes to text: UTF-8 when it is, the declared charset otherwise, a guess last; no mojibake."""

from __future__ import annotations

from newscrawl.extraction import extract_article
from newscrawl.extraction.decode import decode_html
from newscrawl.extraction.document import parse_html

TEXT = "Grüße aus Köln: Die Straßenbahn fährt über die Brücke, schön öde Tür. " * 4


def test_utf8_wins_even_when_the_page_claims_latin1() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{TEXT}</p></body></html>'
    assert decode_html(page.encode("utf-8")) == page


def test_windows_1252_declared_in_meta() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        f"</head><body><p>{TEXT} – „Zitat“ €</p></body></html>"
    )
    assert decode_html(page.encode("cp1252")) == page


def test_iso_8859_1_label_reads_as_windows_1252_like_browsers() -> None:
    page = f'<meta charset="ISO-8859-1"><p>{TEXT} „quoted“</p>'
    assert decode_html(page.encode("cp1252")) == page


def test_undeclared_latin1_with_umlauts_is_detected() -> None:
    page = f"<html><body><p>{TEXT}</p></body></html>"
    assert decode_html(page.encode("latin-1")) == page


def test_declared_argument_used_when_the_page_says_nothing() -> None:
    page = f"<p>{TEXT}</p>"
    assert decode_html(page.encode("cp1252"), declared="windows-1252") == page


def test_truncated_utf8_character_at_the_end_is_dropped() -> None:
    whole = f"<p>{TEXT}".encode()
    assert decode_html(whole + "ü".encode()[:1]) == whole.decode()


def test_a_utf8_page_with_a_windows_1252_run_reads_both_parts() -> None:
    head = f'<html><head><meta charset="utf-8"></head><body><p>{TEXT}</p>'.encode()
    pasted = "<p>Zitat: „Größe“ – 5 € für Öl</p></body></html>".encode("cp1252")
    assert decode_html(head + pasted) == (head + pasted.decode("cp1252").encode()).decode()
    english = "<p>Café – “naïve” façade</p>".encode() + "<p>résumé’s</p>".encode("cp1252")
    assert decode_html(english) == "<p>Café – “naïve” façade</p><p>résumé’s</p>"


def test_a_legacy_page_with_a_stray_utf8_sequence_stays_legacy() -> None:
    page = f'<meta charset="windows-1252"><p>{TEXT}</p>'.encode("cp1252") + "é".encode()
    assert decode_html(page) == page.decode("cp1252")


def test_bytes_go_through_the_whole_chain() -> None:
    title = "Straßenbahn fährt wieder"
    page = (
        f"<html><head><title>{title}</title></head>"
        f"<body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>"
    )
    article = extract_article(page.encode("latin-1"), "https://news.example/a", known_article=True)
    assert article.title == title
    assert article.body.startswith("Grüße aus Köln")
    assert parse_html(page.encode("utf-16")).findtext(".//title") == title
