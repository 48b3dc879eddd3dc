"""Downloader middlewares: what the crawler refuses to fetch, and how it retries."""
