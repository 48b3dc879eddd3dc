"""How a crawl finds its way around a site, as pure functions over parsed pages: which links of
a listing are stories, which are sections, which is the next page (`links.py`), and which feeds
and sitemaps list a site's stories (`discovery.py`). Both spiders use them and only schedule
what they return; what a fetched page turns out to be is extraction's verdict."""
