"""Discover site profiles: every module in `newscrawl.sites` exporting `PROFILE`.

Adding a site is adding one file; nothing central is edited.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from newscrawl.extraction.profile import ProfileError, SiteProfile

_NOT_SITES = frozenset({"registry"})


@lru_cache(maxsize=1)
def all_profiles() -> dict[str, SiteProfile]:
    import newscrawl.sites as package

    profiles: dict[str, SiteProfile] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name in _NOT_SITES or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        profile = getattr(module, "PROFILE", None)
        if not isinstance(profile, SiteProfile):
            raise ProfileError(f"newscrawl/sites/{module_info.name}.py defines no PROFILE")
        if profile.slug in profiles:
            raise ProfileError(f"two site profiles share the slug {profile.slug!r}")
        profiles[profile.slug] = profile
    return profiles


def get_profile(slug: str) -> SiteProfile:
    try:
        return all_profiles()[slug]
    except KeyError:
        known = ", ".join(sorted(all_profiles())) or "none"
        raise ProfileError(f"no site profile named {slug!r} (known: {known})") from None
