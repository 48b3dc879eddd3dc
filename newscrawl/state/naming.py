"""Where a site's state lives: one name per site and address, shared by lock and store."""

from __future__ import annotations

import hashlib
from pathlib import Path


def state_dir(value: str | None) -> Path | None:
    """The NEWSCRAWL_STATE_DIR setting; "none" (or unset) keeps state in memory only."""
    if not value or value.strip().lower() in ("none", "memory", "off"):
        return None
    return Path(value)


def store_name(site: str, base_url: str) -> str:
    """`bna_germany-1a2b3c4d`: the same site at two addresses keeps two histories."""
    return f"{site}-{hashlib.sha1(base_url.encode('utf-8')).hexdigest()[:8]}"
