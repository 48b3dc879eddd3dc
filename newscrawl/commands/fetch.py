"""`scrapy fetch URL`: the page as the crawler downloads it, recording nothing (inspection.py)."""

from __future__ import annotations

import argparse

from scrapy.commands.fetch import Command as ScrapyFetch

from newscrawl.commands.inspection import inspection_settings


class Command(ScrapyFetch):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        inspection_settings(self.settings, args[0] if args else None)
