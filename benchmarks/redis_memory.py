"""Redis memory per article of the shared state store, key by key.

    .venv/bin/python benchmarks/redis_memory.py [--articles 10000]

Starts a private redis-server on a free loopback port, records the demo site's articles in a
RedisStore as a crawl does (seen link, URL, content hash, near-duplicate signature and band
keys, the delivered version for revisions), commits, and prints Redis's `used_memory` growth
per article and each key's share (`MEMORY USAGE`, with its encoding). The distributed crawl's
own figure is `benchmarks/distributed.py`'s "B per seen URL"; this one needs no web server
and shows where the bytes go. Needs `redis-server` on PATH.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from distributed import key_families, start_redis

from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for
from newscrawl.distributed.store import RedisStore, connect
from newscrawl.neardup import NearDuplicateIndex
from newscrawl.revisions import encode, expiry
from newscrawl.state.base import LINK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    args = parser.parse_args()
    records = records_for(DemoSite(args.articles, 5).index, "http://127.0.0.1:8000")
    server, url = start_redis()
    try:
        admin = redis.Redis.from_url(url)
        before = int(admin.info("memory")["used_memory"])
        store = RedisStore(connect(url), "site", "w1", ["queue", "dupefilter"])
        store.settle_epoch(None)
        index = NearDuplicateIndex(store)
        for record in records:
            store.add(LINK, record["url"])
            store.add("url", record["id"])
            store.add("content", record["content_hash"])
            index.observe(record["id"], record["body"])
            store.remember_version(record["id"], encode(record), expiry(30))
        store.commit()
        # the writer's query buffer (the commit sends every version in one command) is the
        # connection's, not the data's: gone with the connection
        store.client.connection_pool.disconnect()
        time.sleep(0.2)
        grown = int(admin.info("memory")["used_memory"]) - before
        count = len(records)
        print(f"{count} articles: {grown / count:.0f} B of Redis memory per article")
        families = key_families(admin)
        windowed = 0.0
        for (family, kind, encoding), sizes in sorted(families.items(), key=lambda f: -sum(f[1])):
            share = sum(sizes) / count
            if family.startswith("versions"):
                windowed += share
            if share >= 1:
                keys = f"{len(sizes)} keys" if len(sizes) > 1 else "1 key"
                print(f"  {share:7.0f} B/article  {kind:6} {encoding:10} {family} ({keys})")
        print(
            f"kept for good: {grown / count - windowed:.0f} B per article; the revision window "
            f"(versions, NEWSCRAWL_REVISION_DAYS after delivery): {windowed:.0f} B per article"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
