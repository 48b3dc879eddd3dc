"""The generic path's page reading: which part of a page no site profile describes holds the
story (content.py), and whether the page is a story at all (recognise.py)."""
