"""`scrapy shell [--spider=SPIDER] URL`: recording nothing (inspection.py); a profiled spider
gets the URL's origin as its `base_url`."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShell

from newscrawl.commands.inspection import inspection_settings, origin
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.section import SectionSpider


class Command(ScrapyShell):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        inspection_settings(self.settings, args[0] if args else None)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        start = origin(args[0]) if args else None
        if start:
            SectionSpider.default_base_url = start  # the shell builds its spider without -a
            GenericSpider.default_base_url = start
        super().run(args, opts)
