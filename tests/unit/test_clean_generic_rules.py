"""Widgets and ads in markup no profile knows are caught by their label or link density."""

from __future__ import annotations

import lxml.html

from newscrawl.extraction.body import body_parts
from newscrawl.extraction.clean import strip_ads, strip_boilerplate, strip_related_links


def clean_paragraphs(html: str) -> list[str]:
    content = lxml.html.fragment_fromstring(html, create_parent="div")
    strip_ads(content)
    strip_related_links(content)
    strip_boilerplate(content)
    return body_parts(content, "https://site.example/a/", title="Der Titel").paragraphs


def test_unknown_related_markup_with_known_label_is_removed() -> None:
    paragraphs = clean_paragraphs(
        "<p>Erster Absatz.</p>"
        '<div class="xyz-box"><b>Siehe auch</b> <a href="/b/">Ein anderer Artikel</a></div>'
        '<section class="unknown"><h4>Lesen Sie auch</h4><a href="/c/">Noch einer</a></section>'
        '<p><em>Read more:</em> <a href="/d/">English teaser</a></p>'
        "<p>Zweiter Absatz.</p>"
    )
    assert paragraphs == ["Erster Absatz.", "Zweiter Absatz."]


def test_link_dense_box_without_label_is_removed() -> None:
    paragraphs = clean_paragraphs(
        "<p>Text davor.</p>"
        '<div class="teasers"><ul><li><a href="/x/">Teaser eins mit Titel</a></li>'
        '<li><a href="/y/">Teaser zwei mit Titel</a></li></ul></div>'
        "<p>Text danach.</p>"
    )
    assert paragraphs == ["Text davor.", "Text danach."]


def test_ad_labels_are_removed_but_the_word_in_a_sentence_is_kept() -> None:
    paragraphs = clean_paragraphs(
        '<div class="slot-77"><small>Anzeige</small><a href="https://ads.test/">Kaufen!</a></div>'
        "<p><strong>Anzeige</strong> gegen Unbekannt hat die Polizei erstattet.</p>"
        '<div><p class="label">Werbung</p><iframe src="https://ads.test/f"></iframe></div>'
        "<p>Ende.</p>"
    )
    assert paragraphs == ["Anzeige gegen Unbekannt hat die Polizei erstattet.", "Ende."]


def test_a_paragraph_with_an_inline_link_is_body_not_a_widget() -> None:
    paragraphs = clean_paragraphs(
        '<p>Wie <a href="/z/">die Regierung mitteilte</a>, steigen die Preise.</p>'
    )
    assert paragraphs == ["Wie die Regierung mitteilte, steigen die Preise."]


def test_repeated_headline_and_share_boxes_are_not_body() -> None:
    paragraphs = clean_paragraphs(
        "<h2>Der Titel</h2><p>Inhalt.</p>"
        '<div class="share-buttons"><a href="https://x.test/">X</a> teilen</div>'
        "<form><p>Newsletter bestellen</p></form>"
    )
    assert paragraphs == ["Inhalt."]


def test_a_related_label_left_without_its_links_is_removed_alone() -> None:
    """The generic finder leaves a related box's link list out; its label stays behind as a
    paragraph of its own. The label goes, and nothing around it."""
    paragraphs = clean_paragraphs(
        "<p>Erster Absatz.</p><p>Das könnte Sie auch interessieren</p>"
        "<div><p>Zweiter Absatz.</p><h3>Related stories</h3><p>Third paragraph.</p></div>"
    )
    assert paragraphs == ["Erster Absatz.", "Zweiter Absatz.", "Third paragraph."]


def test_related_labels_of_other_languages_and_dashed_ad_labels_are_known() -> None:
    paragraphs = clean_paragraphs(
        "<p>Premier paragraphe.</p><p>À lire aussi :</p><p>Explore further</p>"
        "<p>Veja também:</p><p>Artículos relacionados</p><p>Das könnte dich auch interessieren</p>"
        '<div><span>- Werbung -</span><img src="/b.jpg"><p>Jetzt Konto eröffnen.</p></div>'
        "<p>Segundo párrafo.</p>"
    )
    assert paragraphs == ["Premier paragraphe.", "Segundo párrafo."]
