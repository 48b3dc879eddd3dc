"""Rendering the pages a profile marks `needs_js` in headless Chromium (scrapy-playwright).

Nothing here is imported unless a crawl renders pages: `chromium` and `setup` never import
Playwright at module level, `actions` and `blocking` run only inside the browser handler.
"""
