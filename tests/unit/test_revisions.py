"""The `changes` of a revision line, written by hand for each kind of update a newsroom makes."""

from __future__ import annotations

from typing import Any

from newscrawl.revisions import changes, version_of

BODY = (
    "Der Stadtrat tagte am Dienstag.\n\nEr beschloss neue Radwege.\n\n"
    "Die Opposition stimmte dagegen."
)
IMAGE = {"url": "https://bna.example/a.jpg", "caption": "Der Rat", "credit": "Foto: dpa"}


def _line(**changes_: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "title": "Stadtrat beschließt Radwege",
        "lead": "Neue Wege für die Innenstadt.",
        "authors": ["Anna Schmidt"],
        "source": "dpa",
        "published_at": "2024-06-19T08:15:00+02:00",
        "modified_at": None,
        "images": [IMAGE],
        "body": BODY,
    }
    line.update(changes_)
    return version_of(line)


def test_an_unchanged_story_has_no_changes() -> None:
    assert changes(_line(), _line()) is None


def test_a_new_modification_date_alone_is_no_revision() -> None:
    assert changes(_line(), _line(modified_at="2024-06-20T10:05:00+02:00")) is None


def test_a_sharper_headline_is_reported_with_the_date_it_came_with() -> None:
    after = _line(
        title="Stadtrat beschließt 12 km Radwege", modified_at="2024-06-20T10:05:00+02:00"
    )
    assert changes(_line(), after) == {
        "title": {
            "before": "Stadtrat beschließt Radwege",
            "after": "Stadtrat beschließt 12 km Radwege",
        },
        "modified_at": {"before": None, "after": "2024-06-20T10:05:00+02:00"},
    }


def test_an_added_paragraph_and_a_correction_in_place() -> None:
    body = (
        "Der Stadtrat tagte am Mittwoch.\n\nEr beschloss neue Radwege.\n\n"
        "Die Opposition stimmte dagegen.\n\nKorrektur: Die Sitzung war am Mittwoch."
    )
    assert changes(_line(), _line(body=body)) == {
        "body": {
            "added": [{"at": 3, "text": "Korrektur: Die Sitzung war am Mittwoch."}],
            "removed": [],
            "changed": [
                {
                    "at": 0,
                    "before": "Der Stadtrat tagte am Dienstag.",
                    "after": "Der Stadtrat tagte am Mittwoch.",
                }
            ],
        }
    }


def test_a_removed_paragraph_is_placed_in_the_old_body() -> None:
    body = "Der Stadtrat tagte am Dienstag.\n\nDie Opposition stimmte dagegen."
    assert changes(_line(), _line(body=body)) == {
        "body": {
            "added": [],
            "removed": [{"at": 1, "text": "Er beschloss neue Radwege."}],
            "changed": [],
        }
    }


def test_a_replaced_picture() -> None:
    new = {"url": "https://bna.example/b.jpg", "caption": "Die neue Radspur", "credit": None}
    assert changes(_line(), _line(images=[new])) == {"images": {"before": [IMAGE], "after": [new]}}
