"""Project commands; `crawl` here replaces Scrapy's with lock and honest exit status."""
