"""`scrapy report <site>` and `scrapy report --sites FILE`: a site's last runs as one HTML page.

Read from the run summaries beside the site's feeds (`NEWSCRAWL_OUTPUT_DIR/<site>/`, or
`--feeds DIR`): articles per run and per section, drops by reason, field coverage and the
generic fallback's share with the drifts marked, body length, story links per listing page,
errors by type, and the latest run's undelivered articles. The page is self-contained (charts
are inlined SVG), written atomically, and its path printed.

With a sites file: one page per site (`<DIR>/<name>.html`) and an overview (`<DIR>/index.html`)
listing the sites whose latest run drifted first; DIR defaults to
`NEWSCRAWL_OUTPUT_DIR/<sites file stem>-report`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.atomic_file import write_text_atomically
from newscrawl.config import ConfigError, load_config
from newscrawl.spiders.sites_file import SitesFileError, read_sites_file

if TYPE_CHECKING:
    from newscrawl.reporting.history import History

# newscrawl.reporting (and matplotlib, ~0.3 s and ~25 MB) is imported when a report is written:
# Scrapy imports every command to list them, at the start of each `scrapy crawl` too

SITE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "<site> [--runs N] [--feeds DIR] [-o FILE] | --sites FILE [--runs N] [-o DIR]"

    def short_desc(self) -> str:
        return "Write an HTML report of a site's last runs (or of every site of a sites file)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--runs", type=int, default=20, metavar="N",
            help="how many of the latest runs the report covers (default: 20)",
        )  # fmt: skip
        parser.add_argument(
            "--feeds", metavar="DIR",
            help="where the site's feeds and summaries are (default: NEWSCRAWL_OUTPUT_DIR/<site>)",
        )  # fmt: skip
        parser.add_argument(
            "--sites", metavar="FILE", help="report every site of this sites file",
        )  # fmt: skip
        parser.add_argument(
            "-o", "--output", metavar="PATH",
            help="the page to write (with --sites: the folder; default beside the feeds)",
        )  # fmt: skip

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if opts.runs < 1:
            raise UsageError("--runs must be 1 or more", print_help=False)
        if bool(args) == bool(opts.sites) or len(args) > 1:
            raise UsageError("give one site name, or --sites FILE", print_help=False)
        try:
            output_dir = load_config(self.settings).output_dir
            if opts.sites:
                written = self._sites(opts.sites, output_dir, opts.runs, opts.output)
            else:
                written = self._site(args[0], output_dir, opts)
        except (ConfigError, SitesFileError, ValueError) as wrong:
            self._refuse(str(wrong))
            return
        except OSError as exc:
            self._refuse(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
            return
        print(f"report written to {written}")

    def _site(self, site: str, output_dir: Path, opts: argparse.Namespace) -> Path:
        from newscrawl.reporting.pages import site_page

        if not SITE_NAME.match(site):
            raise ValueError(f"{site!r} is not a site name (the folder under the output)")
        folder = Path(opts.feeds) if opts.feeds else output_dir / site
        history = _history(site, folder, opts.runs)
        target = Path(opts.output) if opts.output else folder / "report.html"
        write_text_atomically(target, site_page(history))
        return target

    def _sites(self, sites_file: str, output_dir: Path, runs: int, output: str | None) -> Path:
        from newscrawl.reporting.history import read_history
        from newscrawl.reporting.pages import overview_page, site_page

        entries = read_sites_file(sites_file)
        folder = Path(output) if output else output_dir / f"{Path(sites_file).stem}-report"
        histories = [read_history(e.name, output_dir / e.name, runs) for e in entries]
        links = {h.site: f"{h.site}.html" for h in histories}
        folder.mkdir(parents=True, exist_ok=True)
        for history in histories:
            write_text_atomically(folder / links[history.site], site_page(history, "index.html"))
        index = folder / "index.html"
        write_text_atomically(index, overview_page(Path(sites_file).name, histories, links))
        return index

    def _refuse(self, why: str) -> None:
        print(f"newscrawl: exit 1: {why}", file=sys.stderr)
        self.exitcode = 1


def _history(site: str, folder: Path, runs: int) -> History:
    from newscrawl.reporting.history import read_history

    if not folder.is_dir():
        raise ValueError(f"{folder}: no such folder: no run of {site} wrote its feed there")
    history = read_history(site, folder, runs)
    if not history.runs:
        unreadable = f" ({len(history.unreadable)} unreadable)" if history.unreadable else ""
        raise ValueError(f"{folder}: no run summary{unreadable}: crawl {site} first")
    return history
