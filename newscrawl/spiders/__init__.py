"""Spiders navigate only: section pages -> article links + next page -> extraction."""
