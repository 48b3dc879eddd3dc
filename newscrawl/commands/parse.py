"""`scrapy parse --spider=SPIDER URL`: the article a page gives, through the spider's default
`parse` callback, touching no state and writing no feed (inspection.py)."""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParse

from newscrawl.commands.inspection import inspection_settings, origin


class Command(ScrapyParse):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        url = args[0] if args else None
        assert self.settings is not None
        inspection_settings(self.settings, url)
        if url and "base_url" not in opts.spargs and "url" not in opts.spargs:
            start = origin(url)
            if start:
                opts.spargs["base_url"] = start
