"""The mojibake check looks at every place where a lead character of a misread UTF-8
sequence stands before a continuation character, and at no other: runs of leads, of
continuations, umlauts and letters that only one legacy charset reads as either ("Ş", "Ţ")."""

from __future__ import annotations

from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.extraction import garbled

# leads ("Ã"), continuations ("¤"), letters of Windows-1250 and ISO 8859-2, ordinary letters
ALPHABET = "ÃÂâÅÄä¤¶¼€žŸ’“”–—… ßöüa. ŞŢşţ"


def reference(text: str) -> list[int]:
    return [
        i
        for i in range(len(text) - 1)
        if text[i] in garbled._LEAD and text[i + 1] in garbled._CONTINUATION
    ]


@budget(400)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_candidates_are_every_lead_before_a_continuation(text: str) -> None:
    found = [match.start() for match in garbled._CANDIDATE.finditer(text)]
    assert found == reference(text)


@budget(400)
@given(st.text(alphabet=ALPHABET + "€Ÿ–œ©¨„", max_size=40))
def test_the_common_misreadings_are_found_wherever_they_stand(text: str) -> None:
    expected = any(pattern in text for pattern in garbled._COMMON_MOJIBAKE)
    assert garbled._common_mojibake(text) is expected
