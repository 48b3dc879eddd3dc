"""Near-duplicate detection: reposts are caught, hard negatives are not merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pipelines import PipelineChain

from newscrawl.extraction.normalize import content_hash
from newscrawl.items import Article
from newscrawl.neardup import NearDuplicateIndex
from newscrawl.state import MemoryStore, SqliteStore

STORY = [
    "Der Stadtrat von Leipzig hat am Dienstagabend nach mehr als sechs Stunden Debatte ein "
    "neues Verkehrskonzept für die Innenstadt beschlossen.",
    "Künftig sollen auf dem Innenstadtring zwei Fahrspuren für Busse und Radfahrer reserviert "
    "werden, während der Autoverkehr auf die äußeren Tangenten umgeleitet wird.",
    "Die Kosten für den Umbau schätzt die Verwaltung auf rund 48 Millionen Euro, von denen der "
    "Freistaat Sachsen etwa die Hälfte übernehmen will.",
    "Vertreter des Einzelhandels kritisierten die Pläne scharf und warnten vor sinkenden "
    "Umsätzen in den Geschäften am Ring, die auf Kundschaft aus dem Umland angewiesen seien.",
    "Die Oberbürgermeisterin verteidigte den Beschluss und verwies auf die Klimaziele der "
    "Stadt, die bis zum Jahr 2040 klimaneutral werden will.",
    "Mit den Bauarbeiten soll im kommenden Frühjahr begonnen werden; fertig sein soll der "
    "erste Abschnitt nach Angaben der Verwaltung Ende 2026.",
]
AGENCY = (
    "Diese Meldung beruht auf Informationen der Nachrichtenagenturen, die von unserer "
    "Redaktion geprüft und ergänzt wurden; für die Richtigkeit der Angaben Dritter können wir "
    "keine Gewähr übernehmen, Hinweise auf Fehler nehmen wir jederzeit gerne entgegen."
)
OTHER = [
    "In Hamburg haben am Wochenende mehrere tausend Menschen gegen die geplante Elbvertiefung "
    "demonstriert, zu der Umweltverbände aus ganz Norddeutschland aufgerufen hatten.",
    "Die Polizei sprach von einem friedlichen Verlauf, die Veranstalter zählten nach eigenen "
    "Angaben mehr als zwölftausend Teilnehmerinnen und Teilnehmer am Hafen.",
    "Der Senat hält an dem Projekt fest und verweist auf die Bedeutung des Hafens für die "
    "Wirtschaft der gesamten Region und die Arbeitsplätze an der Küste.",
]
FOLLOW_UP = [
    "Eine Woche nach dem Beschluss des Stadtrats haben Händler in Leipzig eine Klage gegen "
    "das neue Verkehrskonzept angekündigt, das sie für rechtswidrig halten.",
    STORY[0],  # the earlier story's opening, quoted as background
    "Der Anwalt der Händlergemeinschaft sagte, die Stadt habe die Folgen für die Geschäfte "
    "nicht ausreichend geprüft und die Beteiligung der Anlieger versäumt.",
    "Die Verwaltung zeigte sich gelassen und erklärte, man sehe einem Verfahren mit großer "
    "Zuversicht entgegen, weil alle Gutachten sorgfältig erstellt worden seien.",
]


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def repost() -> str:
    edited = ["Leipzig bekommt ein neues Verkehrskonzept für seine Innenstadt.", *STORY[1:]]
    del edited[3]
    return body([*edited, "Diese Geschichte wurde aktualisiert."])


def test_a_repost_with_new_opening_removed_paragraph_and_footnote_is_caught() -> None:
    index = NearDuplicateIndex(MemoryStore(), threshold=0.5)
    assert index.observe("a", body(STORY)) is None
    match = index.observe("b", repost())
    assert match is not None and match.original == "a"


def test_stories_sharing_a_long_agency_paragraph_are_not_merged() -> None:
    index = NearDuplicateIndex(MemoryStore(), threshold=0.5)
    assert index.observe("a", body([*STORY, AGENCY])) is None
    assert index.observe("b", body([*OTHER, AGENCY])) is None


def test_a_follow_up_on_the_same_topic_is_not_merged() -> None:
    index = NearDuplicateIndex(MemoryStore(), threshold=0.5)
    assert index.observe("a", body(STORY)) is None
    assert index.observe("b", body(FOLLOW_UP)) is None


def test_texts_too_short_to_compare_are_never_matched() -> None:
    index = NearDuplicateIndex(MemoryStore())
    assert index.observe("a", "Kurz und knapp.") is None
    assert index.observe("b", "Kurz und knapp.") is None


def test_a_repost_next_week_is_still_a_duplicate(tmp_path: Path) -> None:
    first_run = SqliteStore(tmp_path / "state.sqlite")
    NearDuplicateIndex(first_run).observe("a", body(STORY))
    first_run.commit()
    first_run.close()
    next_week = SqliteStore(tmp_path / "state.sqlite")
    match = NearDuplicateIndex(next_week).observe("b", repost())
    assert match is not None and match.original == "a"
    next_week.close()


def test_band_keys_computed_elsewhere_are_used_only_for_the_same_banding() -> None:
    from newscrawl.similarity import signature, to_bytes

    index = NearDuplicateIndex(MemoryStore())
    index.observe("a", body(STORY))
    values = signature(repost())
    assert values is not None
    same = (index.banding.bands, index.banding.rows)
    other = (index.banding.bands + 1, index.banding.rows)
    wrong_keys = [k + 1 for k in index.banding.keys(values)]  # keys that meet no band
    assert index.observe("b", "", to_bytes(values), (same, wrong_keys)) is None  # trusted
    match = index.observe("c", "", to_bytes(values), (other, wrong_keys))  # recomputed
    assert match is not None and match.original == "a"


def test_state_written_by_the_old_near_duplicate_tables_still_opens(tmp_path: Path) -> None:
    import sqlite3

    from newscrawl.similarity import signature

    old = sqlite3.connect(tmp_path / "state.sqlite")
    old.executescript(
        "CREATE TABLE near_bands (key INTEGER, article TEXT, PRIMARY KEY (key, article));"
        "CREATE TABLE near_sigs (article TEXT PRIMARY KEY, signature BLOB);"
    )
    old.close()
    store = SqliteStore(tmp_path / "state.sqlite")
    index = NearDuplicateIndex(store)
    assert index.observe("a", body(STORY)) is None
    stored = dict(store.near_candidates(index.banding.keys(signature(body(STORY)))))["a"]
    store.add_near("a", [1, 2], stored)  # indexing an article again keeps one entry
    assert store.near_candidates([2]) == [("a", stored)]
    match = index.observe("b", repost())
    assert match is not None and match.original == "a"
    store.close()


def test_threshold_is_validated() -> None:
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(MemoryStore(), threshold=1.5)


def article(article_id: str, text: str) -> Article:
    return Article(
        id=article_id,
        url=f"https://site.example/{article_id}/",
        site="t",
        section=None,
        sections=[],
        title="T",
        lead=None,
        authors=[],
        source=None,
        published_at=None,
        modified_at=None,
        language="de",
        body=text,
        images=[],
        tags=[],
        word_count=len(text.split()),
        content_hash=content_hash(text),
        crawled_at="2026-11-28T00:00:00+00:00",
    )


def test_pipeline_drops_by_default_and_marks_when_asked() -> None:
    dropping = PipelineChain()
    dropping.run(article("aaaaaaaaaaaaaaaa", body(STORY)))
    assert dropping.drop_reason(article("bbbbbbbbbbbbbbbb", repost())) == "near_duplicate"
    assert dropping.stat("newscrawl/dropped/near_duplicate") == 1
    marking = PipelineChain({"NEWSCRAWL_NEAR_DUPLICATE_POLICY": "mark"})
    marking.run(article("aaaaaaaaaaaaaaaa", body(STORY)))
    marked = marking.run(article("bbbbbbbbbbbbbbbb", repost()))
    assert marked.duplicate_of == "aaaaaaaaaaaaaaaa"
