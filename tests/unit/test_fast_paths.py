"""Fast paths must give exactly what the plain formulations give."""

from __future__ import annotations

import re
import zlib
from dataclasses import asdict

import pytest

from newscrawl.extraction.garbled import garbled_reason
from newscrawl.items import Article, Image
from newscrawl.similarity import (
    NUM_PERM,
    _permutations,
    _position_weights,
    shingle_hashes,
    signature,
    similarity,
)

TEXTS = [
    "Die Größe der Straße überrascht: „Das ist gut“, sagte sie am Dienstag in Köln.",
    "naïve café – Łódź, Brno, Žilina; 5 € und 10 % mehr",
    "short text",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 3,
    # a long run of one repeated phrase: few distinct shingles however long, then new words
    "a b c d e " * 40,
    "a b c d e " * 40 + " ".join(f"wort{k}" for k in range(12)),
]


def _splitmix(x: int) -> int:
    mask = (1 << 64) - 1
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def _plain_signature(text: str) -> list[int] | None:
    """The scheme written out with Python integers: word CRC-32s, weighted 5-word sums,
    then per hash function the minimum of the high 32 bits of a * h + b (mod 2**64)."""
    mask = (1 << 64) - 1
    words = re.findall(r"\w+", text.lower())
    codes = [zlib.crc32(w.encode()) for w in words]
    weights = [int(w) for w in _position_weights(5)]
    found = {
        _splitmix(sum(c * w for c, w in zip(codes[k : k + 5], weights, strict=True)) & mask)
        for k in range(len(words) - 4)
    }
    if len(found) < 8:
        return None
    a, b = _permutations(NUM_PERM)
    return [
        min((((int(x) * h + int(y)) & mask) >> 32) for h in found)
        for x, y in zip(a, b, strict=True)
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_signature_equals_the_plain_minhash_formula(text: str) -> None:
    expected = _plain_signature(text)
    found = signature(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.tolist() == expected


def test_one_hash_per_distinct_five_word_run() -> None:
    assert len(shingle_hashes("Eins zwei drei vier fünf sechs")) == 2
    assert len(shingle_hashes("a b c d e a b c d e a b c d e")) == 5
    assert len(shingle_hashes("eins zwei drei vier")) == 0


def test_signatures_estimate_the_jaccard_similarity() -> None:
    words = [f"wort{k}" for k in range(400)]
    first = " ".join(words[:300])
    second = " ".join(words[100:])  # 196 of the 396 distinct shingles shared: J = 0.495
    a, b = signature(first), signature(second)
    assert a is not None and b is not None
    assert abs(similarity(a, b) - 196 / 396) < 0.12
    assert similarity(a, signature(first)) == 1.0


def _misreadings() -> list[tuple[str, str]]:
    """(text, charset) for every non-ASCII text whose UTF-8 bytes that legacy charset reads
    at all (cp1252 and cp1250 leave a few bytes undefined: a decoder fails, no page shows
    them); each case is a real misreading, none returns before its assertion."""
    found = []
    for text in TEXTS:
        for charset in ("cp1252", "cp1250", "latin-1", "iso8859-2", "iso8859-15"):
            try:
                misread = text.encode("utf-8").decode(charset)
            except UnicodeDecodeError:
                continue
            if not text.isascii():
                found.append((misread, charset))
    return found


MISREADINGS = _misreadings()


def test_the_misreadings_cover_every_charset() -> None:
    assert {charset for _, charset in MISREADINGS} == {
        "cp1252", "cp1250", "latin-1", "iso8859-2", "iso8859-15"
    }  # fmt: skip


@pytest.mark.parametrize(("misread", "charset"), MISREADINGS)
def test_every_legacy_misreading_of_utf8_is_caught(misread: str, charset: str) -> None:
    assert garbled_reason([misread]) is not None


@pytest.mark.parametrize("text", TEXTS)
def test_correct_text_passes(text: str) -> None:
    assert garbled_reason([text]) is None


def test_record_equals_the_dataclass_as_a_dict_and_is_a_copy() -> None:
    article = Article(
        id="x",
        url="https://example.org/a/",
        site="s",
        section="politik",
        sections=["politik", "welt"],
        title="T",
        lead=None,
        authors=["A B"],
        source="dpa",
        published_at="2026-01-01T10:00:00+01:00",
        modified_at=None,
        language="de",
        body="Text.",
        images=[Image("https://example.org/i.jpg", "Bild", "Foto: X")],
        tags=["t"],
        word_count=1,
        content_hash="h",
        crawled_at="2026-01-01T10:00:00+00:00",
    )
    record = article.to_record()
    assert record == asdict(article) and list(record) == list(asdict(article))
    record["tags"].append("y")
    record["images"][0]["url"] = "z"
    record["extraction"]["title"] = "z"
    assert article.tags == ["t"] and article.images[0].url.endswith("i.jpg")
    assert article.extraction["title"] is None
