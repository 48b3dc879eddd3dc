"""Thin item pipelines around the pure extraction steps; their order lives in settings.py."""
