"""Politeness: one host is never hammered.

Scrapy's own machinery does the pacing: each host is a downloader slot with a delay between
request starts (DOWNLOAD_DELAY), an in-flight limit (CONCURRENT_REQUESTS_PER_DOMAIN) and
AutoThrottle, which slows a slot when its server slows down. This package adds what Scrapy
reads but does not apply: robots.txt's `Crawl-delay` and `Request-rate` as a floor under a
host's delay (robots.py), a server's `Retry-After` as a pause of that host (hosts.py), and
the switch for one's own servers, `NEWSCRAWL_POLITENESS=off` (addon.py). The decisions are
pure functions (rules.py).
"""
