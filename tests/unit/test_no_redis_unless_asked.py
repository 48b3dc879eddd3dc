"""Without NEWSCRAWL_REDIS_URL nothing about Redis is imported (or needed)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from scrapy.utils.test import get_crawler
from scrapy.utils.misc import load_object
from newscrawl import settings
from newscrawl.spiders.sites import BnaGermanySpider
from newscrawl.distributed.addon import DistributedAddon
from scrapy.settings import Settings
s = Settings(); s.setmodule(settings)
DistributedAddon().update_settings(s)
assert "SCHEDULER" not in s or "redis" not in str(s.get("SCHEDULER")), s.get("SCHEDULER")
for path in list(settings.ITEM_PIPELINES) + list(settings.EXTENSIONS):
    load_object(path)
load_object(settings.FEED_URI_PARAMS)
import newscrawl.commands.crawl
print(sorted(m for m in sys.modules if m.split(".")[0] in ("redis", "scrapy_redis")))
"""


def test_a_normal_crawl_imports_no_redis_module() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
