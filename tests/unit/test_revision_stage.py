"""A story delivered before and fetched again: changed for a reader, it is emitted as its next
revision (same id, `revision_of` the last line's content hash, `changes` written by hand from
the two pages); unchanged, it is dropped as the duplicate it is."""

from __future__ import annotations

from helpers.pipelines import BNA_PAGE, PipelineChain, fetched

from newscrawl.revisions import encode, expiry

URL = "https://bna.example/2024/06/19/stadtrat-radwege/"
PAGE = BNA_PAGE.read_text("utf-8")
OLD_TITLE = "Stadtrat beschließt neue Radwege für die Innenstadt"
NEW_TITLE = "Stadtrat beschließt zwölf Kilometer neue Radwege"
ADDED = "Korrektur: Der Beschluss fiel am Mittwoch, nicht am Dienstag."


def _delivered(chain: PipelineChain, page: str) -> dict[str, object]:
    """The page through the chain, and its line kept as the state keeps a delivered one."""
    record = chain.run(fetched(URL, page, section="welt")).to_record()
    chain.store.remember_version(str(record["id"]), encode(record), expiry(30))
    return record


def test_a_changed_story_is_emitted_as_its_next_revision() -> None:
    chain = PipelineChain()
    first = _delivered(chain, PAGE)
    assert (first["revision"], first["revision_of"], first["changes"]) == (1, None, None)
    changed = PAGE.replace(OLD_TITLE, NEW_TITLE).replace(
        "<p>Diese Geschichte wurde aktualisiert.</p>",
        f"<p>Diese Geschichte wurde aktualisiert.</p><p>{ADDED}</p>",
    )
    second = chain.run(fetched(URL, changed, section="welt")).to_record()
    assert second["id"] == first["id"]
    assert second["revision"] == 2
    assert second["revision_of"] == first["content_hash"]
    assert second["changes"] == {
        "title": {"before": OLD_TITLE, "after": NEW_TITLE},
        "body": {
            "added": [{"at": len(str(first["body"]).split("\n\n")), "text": ADDED}],
            "removed": [],
            "changed": [],
        },
    }
    assert chain.stat("newscrawl/revisions/changed") == 1


def test_an_unchanged_story_fetched_again_is_dropped_as_a_duplicate() -> None:
    chain = PipelineChain()
    _delivered(chain, PAGE)
    assert chain.drop_reason(fetched(URL, PAGE, section="welt")) == "duplicate_url"
    assert chain.stat("newscrawl/revisions/unchanged") == 1


def test_without_a_kept_version_a_known_story_stays_a_duplicate() -> None:
    chain = PipelineChain()
    chain.run(fetched(URL, PAGE, section="welt"))  # delivered, but no version kept
    changed = PAGE.replace(OLD_TITLE, NEW_TITLE)
    assert chain.drop_reason(fetched(URL, changed, section="welt")) == "duplicate_url"
