"""A spider per site profile, made from the registry: adding a site file adds its spider."""

from __future__ import annotations

from newscrawl.sites import all_profiles
from newscrawl.spiders.section import SectionSpider


def _spider_for(slug: str) -> type[SectionSpider]:
    profile = all_profiles()[slug]
    class_name = "".join(part.title() for part in slug.split("_")) + "Spider"
    attributes = {
        "name": slug,
        "profile": profile,
        "custom_settings": dict(profile.politeness),
        "__module__": __name__,
        "__doc__": f"Crawl {profile.name} ({slug}) from its section pages.",
    }
    return type(class_name, (SectionSpider,), attributes)


for _slug in all_profiles():
    _made = _spider_for(_slug)
    globals()[_made.__name__] = _made
del _slug, _made  # only the named classes may stay visible to Scrapy's spider loader
