"""Site knowledge as data: one module per site, each defining a `PROFILE`."""

from newscrawl.extraction.profile import FieldSelectors, ProfileError, Section, SiteProfile
from newscrawl.sites.registry import all_profiles, get_profile

__all__ = [
    "FieldSelectors",
    "ProfileError",
    "Section",
    "SiteProfile",
    "all_profiles",
    "get_profile",
]
