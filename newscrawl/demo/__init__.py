"""BNA-Germany demo news site: a deterministic WordPress-like site plus its ground truth.

A separate program from the crawler (it imports nothing from the rest of `newscrawl`), so the
ground truth it produces can never share bugs with the crawler's extraction code.
"""
