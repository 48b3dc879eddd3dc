"""newscrawl: news sites to clean, deduplicated JSON Lines."""

__version__ = "0.1.0"
