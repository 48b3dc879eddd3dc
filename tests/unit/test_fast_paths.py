"""Fast paths must give exactly what the plain formulations give."""

from __future__ import annotations

import zlib
from dataclasses import asdict

import numpy as np
import pytest

from newscrawl.extraction.garbled import garbled_reason
from newscrawl.items import Article, Image
from newscrawl.similarity import NUM_PERM, _permutations, shingles, signature

TEXTS = [
    "Die Größe der Straße überrascht: „Das ist gut“, sagte sie am Dienstag in Köln.",
    "naïve café – Łódź, Brno, Žilina; 5 € und 10 % mehr",
    "short text",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 3,
]


def _plain_signature(text: str) -> np.ndarray | None:
    words = __import__("re").findall(r"\w+", text.lower())
    found = {" ".join(words[k : k + 5]).encode() for k in range(len(words) - 4)}
    if len(found) < 8:
        return None
    hashes = np.array([zlib.crc32(s) for s in found], dtype=np.uint64)
    a, b = _permutations(NUM_PERM)
    prime = (1 << 61) - 1
    values = [
        min(((int(ai) * int(h) + int(bi)) % (1 << 64)) % prime & 0xFFFFFFFF for h in hashes)
        for ai, bi in zip(a, b, strict=True)
    ]
    return np.array(values, dtype=np.uint64)


@pytest.mark.parametrize("text", TEXTS)
def test_signature_equals_the_plain_minhash_formula(text: str) -> None:
    expected = _plain_signature(text)
    found = signature(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.tolist() == expected.tolist()


def test_shingles_are_five_word_runs() -> None:
    assert shingles("Eins zwei drei vier fünf sechs") == {
        "eins zwei drei vier fünf".encode(),
        "zwei drei vier fünf sechs".encode(),
    }


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("charset", ["cp1252", "cp1250", "latin-1", "iso8859-2", "iso8859-15"])
def test_every_legacy_misreading_of_utf8_is_caught(text: str, charset: str) -> None:
    if text.isascii():
        return
    try:
        misread = text.encode("utf-8").decode(charset)
    except UnicodeDecodeError:
        return
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
