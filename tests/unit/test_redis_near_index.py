"""The Redis near-duplicate index: the same answers as the other stores, in compact
encodings (listpack buckets, packed records), and a format-1 index converted on opening."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from helpers.services import redis_server
from test_near_duplicates import OTHER, STORY, body, repost

from newscrawl.distributed.near_index import FILL, FIRST_BUCKETS, band_field
from newscrawl.distributed.store import FORMAT, RedisStore, connect
from newscrawl.neardup import NearDuplicateIndex
from newscrawl.similarity import from_bytes, signature, similarity, to_bytes
from newscrawl.urls import article_id

pytestmark = pytest.mark.redis
FRONTIER = ["newscrawl:t:requests", "newscrawl:t:dupefilter"]


@pytest.fixture()
def redis_url() -> Iterator[str]:
    with redis_server() as (url, _):
        yield url


def opened(url: str, worker: str = "w1") -> RedisStore:
    store = RedisStore(connect(url), "site-1", worker, FRONTIER)
    store.settle_epoch(None)
    return store


def test_a_repost_is_found_through_redis_and_a_different_story_is_not(redis_url: str) -> None:
    store = opened(redis_url)
    index = NearDuplicateIndex(store)
    assert index.observe(article_id("https://a.example/1"), body(STORY)) is None
    assert index.observe(article_id("https://a.example/2"), body(OTHER)) is None
    match = index.observe(article_id("https://b.example/9"), repost())
    assert match is not None and match.original == article_id("https://a.example/1")
    # the compact signature estimates the same similarity as the full one, within 2 %
    full_a, full_b = signature(body(STORY)), signature(repost())
    assert full_a is not None and full_b is not None
    assert abs(match.similarity - similarity(full_b, full_a)) <= 0.02


def test_every_story_is_found_by_each_of_its_bands_across_generations(redis_url: str) -> None:
    """Enough band entries for three generations of buckets: each story is still found by
    any one of its band keys, and every bucket stays a listpack (the memory this layout is
    for: a hash table would take ~90 bytes an entry)."""
    store = opened(redis_url)
    generator = np.random.default_rng(5)
    bands = 33
    entries = FIRST_BUCKETS * FILL * (1 + 4) + 200  # into the third generation
    stories = {
        f"{n:016x}": [int(k) for k in generator.integers(-(2**63), 2**63 - 1, bands)]
        for n in range(entries // bands + 1)
    }
    for article, keys in stories.items():
        store.add_near(article, keys, article.encode() * 8)
    client = store.client
    generations = {key.split(b":")[4] for key in client.scan_iter(store.key("near", "b", "*"))}
    assert generations == {b"0", b"1", b"2"}
    for article, keys in stories.items():
        for key in (keys[0], keys[17], keys[-1]):
            assert (article, article.encode() * 8) in store.near_candidates([key])
    encodings = {
        client.object("encoding", k) for k in client.scan_iter(store.key("near", "b", "*"))
    }
    assert encodings == {b"listpack"}


def test_a_discarded_story_is_gone_and_one_sharing_its_bands_stays(redis_url: str) -> None:
    store = opened(redis_url)
    store.add_near("aaaa", [1, 2, 3], b"sig-a")
    store.add_near("bbbb", [3, 4], b"sig-b")  # band 3 is taken: "bbbb" is found by 4 only
    store.discard_near("aaaa", [1, 2, 3])
    assert store.near_candidates([1, 2, 3]) == []
    assert store.near_candidates([4]) == [("bbbb", b"sig-b")]


def test_ids_and_signatures_that_do_not_fit_a_record_are_refused(redis_url: str) -> None:
    store = opened(redis_url)
    with pytest.raises(ValueError, match="1 to 23 bytes"):
        store.add_near("https://a.example/a-long-url/", [1], b"sig")
    with pytest.raises(ValueError, match="at most 256 bytes, not 512"):
        store.add_near("aaaa", [1], b"\0" * 512)


def format_1(client: Any, prefix: str, stories: dict[str, str]) -> dict[str, list[int]]:
    """A near index as format 1 wrote it: story -> 32-bit signature, 8-byte band key -> story
    (first come keeps a band). Returns each story's band keys."""
    index = NearDuplicateIndex(None)  # type: ignore[arg-type]  # for its banding only
    keys = {}
    for article, text in stories.items():
        values = signature(text)
        assert values is not None
        keys[article] = index.banding.keys(values)
        client.hset(f"{prefix}:near:sig", article, to_bytes(values))
        for key in keys[article]:
            client.hsetnx(f"{prefix}:near:band", band_field(key), article)
    client.set(f"{prefix}:format", 1)
    return keys


def test_a_format_1_index_is_converted_keeping_every_story(redis_url: str) -> None:
    client = connect(redis_url)
    stories = {
        article_id(f"https://a.example/{n}"): text
        for n, text in enumerate([body(STORY), body(OTHER), body(STORY[:3] + OTHER)])
    }
    keys = format_1(client, "newscrawl:site-1", stories)
    store = opened(redis_url)
    assert client.get(store.key("format")) == str(FORMAT).encode()
    assert not client.exists(store.key("near", "sig"), store.key("near", "band"))
    assert not client.exists(store.key("near", "migrating"))
    first = article_id("https://a.example/0")
    found = dict(store.near_candidates(keys[first]))
    full = signature(body(STORY))
    assert full is not None and similarity(full, from_bytes(found[first])) == 1.0
    match = NearDuplicateIndex(store).observe(article_id("https://b.example/1"), repost())
    assert match is not None and match.original == first
    for article in stories:  # each converted story is found by its own bands
        assert article in dict(store.near_candidates(keys[article]))


def test_a_conversion_cut_short_is_finished_by_the_next_worker(redis_url: str) -> None:
    from newscrawl.distributed import near_index

    client = connect(redis_url)
    words = " ".join(STORY + OTHER).split()
    generator = np.random.default_rng(7)
    stories = {f"{n:016x}": " ".join(generator.choice(words, 120)) for n in range(40)}
    keys = format_1(client, "newscrawl:site-1", stories)
    convert = client.register_script(near_index._MIGRATE)
    assert convert(args=["newscrawl:site-1", 7]) == 1  # one page, then the worker died
    opened(redis_url)
    store = opened(redis_url, "w2")
    for article in stories:
        assert article in dict(store.near_candidates(keys[article]))
    numbers = int(client.get(store.key("near", "n")))
    assert numbers == len(stories)  # no story converted twice
