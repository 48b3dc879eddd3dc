"""A worker killed between any two Redis commands loses no request and leaves no stray mark.

Each test replays one worker's Redis traffic and "kills" it before its k-th command, for
every k, then lets a live peer recover it (the way a crawl does) and checks what the shared
state holds. Runs against a real redis-server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar

import pytest
import redis
from helpers.services import redis_server
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

import newscrawl.distributed.scheduler as scheduler_module
from newscrawl.distributed.scheduler import ReliableScheduler
from newscrawl.distributed.store import RedisStore
from newscrawl.urls import article_id

pytestmark = [
    pytest.mark.redis,
    # scrapy-redis 0.9 still calls Spider.log(); the crawl's add-on silences it the same way
    pytest.mark.filterwarnings("ignore::scrapy.exceptions.ScrapyDeprecationWarning"),
]
QUEUE = "newscrawl:crash:requests"
DUPEFILTER = "newscrawl:crash:dupefilter"
LINKS = [f"http://127.0.0.1:9/story-{n}/" for n in range(3)]


class Killed(BaseException):
    """The worker process ends here (not an error any code may catch and carry on from)."""


class MortalConnection(redis.Connection):
    """Counts the commands sent by every client of the doomed worker; dies at the budget."""

    budget: ClassVar[int | None] = None
    sent: ClassVar[int] = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        if MortalConnection.budget is not None:
            if MortalConnection.sent >= MortalConnection.budget:
                raise Killed
            MortalConnection.sent += 1
        super().send_packed_command(command, check_health)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with redis_server() as (url, _):
        yield url


@pytest.fixture
def redis_url(server_url: str) -> str:
    redis.Redis.from_url(server_url).flushall()
    return server_url


@pytest.fixture(autouse=True)
def stores(monkeypatch: pytest.MonkeyPatch) -> dict[Any, RedisStore]:
    """Each test crawler's store (a crawl finds it where its run opened it: shared.py)."""
    found: dict[Any, RedisStore] = {}
    monkeypatch.setattr(scheduler_module, "shared_store", found.__getitem__)
    return found


class Crash(Spider):
    name = "crash"


def worker(
    url: str, name: str, stores: dict[Any, RedisStore], mortal: bool = False
) -> ReliableScheduler:
    """A scheduler of worker `name` over its own RedisStore, as a crawl would open them."""
    params = {"connection_class": MortalConnection} if mortal else {}
    settings = {
        "REDIS_URL": url,
        "REDIS_PARAMS": params,
        "SCHEDULER_QUEUE_KEY": QUEUE,
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER,
        "SCHEDULER_PERSIST": True,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    }
    crawler = get_crawler(Crash, settings)
    spider = Crash.from_crawler(crawler)
    client = redis.Redis.from_url(url, **params)
    store = RedisStore(client, "crash", name, [QUEUE, DUPEFILTER])
    stores[crawler] = store
    scheduler = ReliableScheduler.from_crawler(crawler)
    scheduler.open(spider)
    store.heartbeat()
    return scheduler


def die(scheduler: ReliableScheduler) -> None:
    """The process is gone: no more heartbeats (its alive key expires)."""
    MortalConnection.budget = None
    scheduler.server.delete(scheduler.store.key("alive", scheduler.store.incarnation))


def drain(scheduler: ReliableScheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url)
    return urls


def doomed_worker_steps(scheduler: ReliableScheduler) -> None:
    """Discover links (a listing page), take one (an article fetch) and mark what it emits."""
    for link in LINKS:
        scheduler.enqueue_request(Request(link))
    scheduler.next_request()
    store = scheduler.store
    store.add("key", LINKS[0])
    store.add_near(article_id(LINKS[0]), [11, 12, 13], b"signature")


def killed_before(budget: int, steps: Callable[[], None]) -> bool:
    """Run `steps` with the doomed clients allowed `budget` commands; True if it died."""
    MortalConnection.sent, MortalConnection.budget = 0, budget
    try:
        steps()
    except Killed:
        return True
    finally:
        MortalConnection.budget = None
    return False


def test_a_worker_killed_at_any_command_loses_no_request_and_leaves_no_mark(
    redis_url: str, stores: dict[Any, RedisStore]
) -> None:
    for budget in range(100):
        doomed = worker(redis_url, "doomed", stores, mortal=True)
        died = killed_before(budget, partial(doomed_worker_steps, doomed))
        die(doomed)
        peer = worker(redis_url, "peer", stores)  # recovers the dead one when it opens
        for link in LINKS:  # the requeued listing page is parsed again
            peer.enqueue_request(Request(link))
        assert sorted(set(drain(peer))) == LINKS, f"killed before command {budget}"
        client = peer.server
        assert client.scard(peer.store.key("seen", "key")) == 0, budget
        assert peer.store.near_candidates([11, 12, 13]) == [], budget
        client.flushall()
        if not died:
            break
    assert budget >= 6, "the steps send fewer commands than they should"


def test_a_recoverer_killed_half_way_leaves_the_work_to_the_next_one(
    redis_url: str, stores: dict[Any, RedisStore]
) -> None:
    for budget in range(100):
        doomed = worker(redis_url, "doomed", stores)
        doomed_worker_steps(doomed)
        taken = set(LINKS) - {
            doomed.queue._decode_request(e).url for e in doomed.server.zrange(QUEUE, 0, -1)
        }
        assert len(taken) == 1
        recoverer = worker(redis_url, "recoverer", stores, mortal=True)
        die(doomed)
        died = killed_before(budget, recoverer.recover)
        die(recoverer)
        last = worker(redis_url, "last", stores)
        assert taken <= set(drain(last)), f"recoverer killed before command {budget}"
        assert last.server.scard(last.store.key("seen", "key")) == 0, budget
        last.server.flushall()
        if not died:
            break
    assert budget >= 2, "recovery sends fewer commands than it should"
