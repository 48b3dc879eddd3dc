"""Several crawler processes sharing one crawl through scrapy-redis (opt-in).

Nothing here is imported unless NEWSCRAWL_REDIS_URL is set (setting or environment).
"""
