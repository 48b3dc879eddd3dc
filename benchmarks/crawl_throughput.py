"""Crawl throughput and memory: newscrawl against bare Scrapy on the same static site.

    python benchmarks/crawl_throughput.py [--articles 10000] [--rounds 1] [--hosts 10]
        [--memory] [--huge] [--light-pages]

The demo site is rendered to static files of real-world weight (60-120 KB, see static_site.py)
and served by nginx (python http.server when nginx
is missing), whose own capacity is printed first. Each crawl runs in its own process:
(a) a bare Scrapy spider following the same links, (a') the same with a few CSS selectors per
article and a JSON Lines feed (Scrapy's own cost of yielding items), (b) `scrapy crawl
bna_germany` with all pipelines and the feed, (c) generic mode (`scrapy crawl generic`) on the
same site, and (d) many hosts: the same number of articles split over `--hosts` sites of the
same weight, each on its own loopback address, crawled by one `scrapy crawl sites` run (the
command line, its start included; politeness off as in the others: a polite crawl's speed
comes from many hosts at once, and its CPU per page is what this prices).
Printed: pages/s, the ratios b/a and c/a (targets 0.85 and 0.5), CPU per page of the whole
process tree (crawler and extraction workers) and bare Scrapy's over (b)'s, (c)'s and (d)'s
(targets 0.67 and 0.5 for (b) and (c), medians over `--rounds`), CPU seconds per article by
stage from profiled runs of (b) and (c), peak RSS, and (e) the CPU of a whole crawl of a
10-article site (what each cron run pays to start and finish). `--memory` also runs (b) at
N = 2,000 and N = 20,000 (`--huge`: and 100,000) and prints peak RSS and state bytes per
article.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from static_site import (  # noqa: E402
    PAGE_BYTES,
    server_capacity,
    server_cpu_seconds,
    static_hosts,
    static_server,
)

SCRAPY = str(Path(sys.executable).with_name("scrapy"))


def run(mode: str, base_url: str, *flags: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            str(ROOT / "benchmarks" / "_crawl_runner.py"),
            mode,
            base_url,
            out,
        ]
        server_before = server_cpu_seconds(base_url)
        result = subprocess.run(
            [*command, *flags],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
        line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            raise RuntimeError(f"{mode} crawl failed:\n{result.stderr[-3000:]}")
        figures: dict[str, Any] = json.loads(line[len("RESULT ") :])
        state = sum(p.stat().st_size for p in Path(out, "state").glob("*.sqlite*"))
        figures["state_bytes"] = state
        figures["pages_per_s"] = figures["responses"] / figures["seconds"]
        server_after = server_cpu_seconds(base_url)
        if server_before is not None and server_after is not None:
            figures["server_cpu_seconds"] = server_after - server_before
        return figures


def run_many_hosts(urls: list[str]) -> dict[str, Any]:
    """(d): `scrapy crawl sites` over one `bna_germany` site per loopback host, in one
    process (politeness off: our own servers). CPU is the whole process tree's (the crawler
    and its extraction workers, from wait4); pages and articles are the sites' summaries'."""
    with tempfile.TemporaryDirectory() as out:
        sites = Path(out, "sites.toml")
        sites.write_text(
            "".join(
                f'[[site]]\nbase_url = "{url}"\nprofile = "bna_germany"\nname = "host{n}"\n'
                for n, url in enumerate(urls, 1)
            ),
            "utf-8",
        )
        env = _output_env(out)
        command = [SCRAPY, "crawl", "sites", "-a", f"sites={sites}", "-s",
                   "NEWSCRAWL_POLITENESS=off", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
        started = time.monotonic()
        exit_code, usage = _tree_usage(command, env)
        seconds = time.monotonic() - started
        summaries = [
            json.loads(path.read_text("utf-8"))
            for path in Path(out, "output").glob("host*/host*.summary.json")
        ]
    if exit_code != 0 or len(summaries) != len(urls):
        raise RuntimeError(f"many-hosts crawl failed (exit {exit_code})")
    pages = sum(summary["pages"]["requests"] for summary in summaries)
    return {
        "hosts": len(urls),
        "responses": pages,
        "items": sum(summary["items_emitted"] for summary in summaries),
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "tree_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,
    }


def _output_env(out: str) -> dict[str, str]:
    """This environment with a crawl's feeds and state under `out`/output."""
    env = {**os.environ, "NEWSCRAWL_OUTPUT_DIR": f"{out}/output"}
    env.pop("NEWSCRAWL_STATE_DIR", None)
    return env


def _tree_usage(command: list[str], env: dict[str, str]) -> tuple[int, Any]:
    """Run `command` in the project; its exit code and the resource usage of its whole
    process tree (it and the children it waited for: os.wait4)."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), usage


def start_up(rounds: int = 3, articles: int = 10) -> None:
    """(e) What a run costs before and after its pages: the CPU of a whole crawl of a small
    site (the command line, as cron starts it: imports, extraction workers, state, feed),
    against bare Scrapy's whole process on the same site; medians over `rounds`."""
    with static_server(articles) as (base_url, _, pages):
        bare: list[float] = []
        full: list[float] = []
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as out:
                runner = [sys.executable, str(ROOT / "benchmarks" / "_crawl_runner.py")]
                code, usage = _tree_usage([*runner, "bare", base_url, out], dict(os.environ))
                bare.append(usage.ru_utime + usage.ru_stime)
                env = _output_env(out)
                command = [SCRAPY, "crawl", "bna_germany", "-a", f"base_url={base_url}", "-s",
                           "NEWSCRAWL_POLITENESS=off", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
                full_code, usage = _tree_usage(command, env)
                full.append(usage.ru_utime + usage.ru_stime)
            if code != 0 or full_code != 0:
                raise RuntimeError(f"start-up crawls failed (exit {code}, {full_code})")
    print(
        f"(e) a whole crawl of a {articles}-article site ({pages} pages; a cron run with "
        f"little new), CPU of the process tree, median of {rounds}: bare Scrapy "
        f"{statistics.median(bare):.2f} s, scrapy crawl bna_germany {statistics.median(full):.2f} s"
    )


def show(name: str, figures: dict[str, Any]) -> None:
    print(
        f"{name:<34} {figures['responses']:>7} pages {figures['seconds']:>7.1f} s "
        f"{figures['pages_per_s']:>7.1f} pages/s  peak RSS {figures['max_rss_mb']:>6.0f} MB"
    )
    pages = max(figures["responses"], 1)
    crawler_ms = figures["cpu_seconds"] / pages * 1000
    line = f"{'':<34} CPU per page: crawler process {crawler_ms:.2f} ms"
    if figures.get("offloaded"):
        worker_ms = figures["worker_cpu_seconds"] / pages * 1000
        line += (
            f", extraction workers {worker_ms:.2f} ms ({figures['offloaded']} pages offloaded; "
            f"worker peak RSS {figures['worker_rss_mb']:.0f} MB)"
        )
    if "server_cpu_seconds" in figures:
        line += f", web server {figures['server_cpu_seconds'] / pages * 1000:.2f} ms"
    print(line)


def cpu_per_page(figures: dict[str, Any]) -> float:
    """CPU seconds per page of the crawl's whole process tree: the crawler process and its
    extraction workers (user + sys; the web server not counted)."""
    total = figures["cpu_seconds"] + (figures.get("worker_cpu_seconds") or 0.0)
    return total / max(figures["responses"], 1)


def cpu_budget(bare: dict[str, Any], name: str, run_figures: dict[str, Any], target: float) -> str:
    """What running at `target` times bare Scrapy's speed would take with the CPU this run
    spent per page: cores in all (crawler, extraction workers, web server) and the crawler
    process's own share, which cannot exceed one core."""
    rate = target * bare["pages_per_s"]
    pages = max(run_figures["responses"], 1)
    crawler = run_figures["cpu_seconds"] / pages
    total = crawler + run_figures.get("server_cpu_seconds", 0.0) / pages
    if run_figures.get("offloaded"):
        total += run_figures["worker_cpu_seconds"] / pages
    return (
        f"{name} at {target:.2f}x bare ({rate:.0f} pages/s) with this run's CPU per page: "
        f"{rate * total:.2f} cores in all, crawler process {rate * crawler:.2f} of its one core "
        f"(machine: {os.cpu_count()} cores)"
    )


def throughput(articles: int, weight: bool, rounds: int = 1, hosts: int = 0) -> None:
    many_hosts = static_hosts(hosts, max(articles // hosts, 1)) if hosts else nullcontext(None)
    with static_server(articles, weight) as (base_url, server, pages), many_hosts as many:
        paths = ["/", "/kategorie/politik/", "/robots.txt"]
        size = (
            f"pages of {PAGE_BYTES[0] // 1000}-{PAGE_BYTES[1] // 1000} KB"
            if weight
            else "light pages (~11 KB, markup only)"
        )
        print(
            f"static site: {pages} {size} of {articles} articles, served by {server}; "
            f"server capacity {server_capacity(base_url, paths):.0f} requests/s"
        )
        if many is not None:
            print(
                f"many hosts (d): {hosts} sites of {max(articles // hosts, 1)} articles, each on "
                f"its own loopback address, {many[2]} pages of the same weight, served by {many[1]}"
            )
        ratios: list[tuple[float, ...]] = []
        for number in range(1, rounds + 1):
            if rounds > 1:
                print(f"round {number} of {rounds}:")
            ratios.append(_round(base_url, many[0] if many is not None else None))
        if rounds > 1:
            columns = [("b/a", 0), ("c/a", 1), ("CPU b", 2), ("CPU c", 3)]
            columns += [("CPU d", 4)] if many is not None else []
            for label, column in columns:
                values = sorted(r[column] for r in ratios)
                print(
                    f"over {rounds} rounds: {label} median {statistics.median(values):.2f} "
                    f"(range {values[0]:.2f}-{values[-1]:.2f})"
                )
            # one process, so that each stage's CPU is seen by the one profiler
        in_process = {"NEWSCRAWL_EXTRACT_PROCESSES": "0"}
        profiled = {
            "(b)": run("profile", base_url, "--profile", env=in_process),
            "(c)": run("generic", base_url, "--profile", env=in_process),
        }
    for name, figures in profiled.items():
        items = max(figures["items"], 1)
        print(
            f"CPU seconds per article by stage (profiled run of {name} with extraction in the "
            f"crawler process, {items} articles; the profiler itself inflates call-heavy code):"
        )
        for stage, seconds in sorted(figures["stages"].items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<56} {seconds / items * 1000:7.3f} ms")


def _round(base_url: str, many_urls: list[str] | None) -> tuple[float, ...]:
    """(a), (a'), (b), (c) and, given `many_urls`, (d) one after the other; returns (b/a,
    c/a) in pages/s and bare Scrapy's CPU per page over (b)'s, (c)'s and (d)'s. This
    machine's speed drifts over minutes, so ratios are taken within a round and compared
    across rounds."""
    bare = run("bare", base_url)
    show("(a) bare Scrapy, same links", bare)
    css = run("css", base_url)
    show("(a') Scrapy, CSS selectors + feed", css)
    full = run("profile", base_url)
    show("(b) bna_germany, all pipelines+feed", full)
    generic = run("generic", base_url)
    show("(c) generic mode", generic)
    a, floor = bare["pages_per_s"], css["pages_per_s"]
    b_ratio, c_ratio = full["pages_per_s"] / a, generic["pages_per_s"] / a
    print(f"b/a = {b_ratio:.2f} (target >= 0.85)")
    print(f"c/a = {c_ratio:.2f} (target >= 0.5)")
    print(
        f"a'/a = {floor / a:.2f} (what yielding items and a feed costs Scrapy itself); "
        f"b/a' = {full['pages_per_s'] / floor:.2f}, c/a' = {generic['pages_per_s'] / floor:.2f}"
    )
    bare_cpu = cpu_per_page(bare)
    b_cpu, c_cpu = bare_cpu / cpu_per_page(full), bare_cpu / cpu_per_page(generic)
    print(
        f"CPU per page (crawler + workers): (a) {bare_cpu * 1000:.2f} ms, "
        f"(b) {cpu_per_page(full) * 1000:.2f} ms, (c) {cpu_per_page(generic) * 1000:.2f} ms; "
        f"a/b = {b_cpu:.2f} (target >= 0.67), a/c = {c_cpu:.2f} (target >= 0.5)"
    )
    print("CPU needed for the targets (measured CPU per page times the target rate):")
    print("  " + cpu_budget(bare, "(a')", css, 0.85))
    print("  " + cpu_budget(bare, "(b)", full, 0.85))
    print("  " + cpu_budget(bare, "(c)", generic, 0.5))
    if not many_urls:
        return b_ratio, c_ratio, b_cpu, c_cpu
    many = run_many_hosts(many_urls)
    many_cpu = many["tree_cpu_seconds"] / max(many["responses"], 1)
    print(
        f"{'(d) ' + str(many['hosts']) + ' hosts, one crawl sites run':<34} "
        f"{many['responses']:>7} pages {many['seconds']:>7.1f} s "
        f"{many['pages_per_s']:>7.1f} pages/s  peak RSS {many['max_rss_mb']:>6.0f} MB "
        f"(largest process)"
    )
    print(
        f"{'':<34} CPU per page (crawler + workers): {many_cpu * 1000:.2f} ms against "
        f"{cpu_per_page(full) * 1000:.2f} ms for (b) on one host; a/d = {bare_cpu / many_cpu:.2f}"
    )
    return b_ratio, c_ratio, b_cpu, c_cpu, bare_cpu / many_cpu


def memory(sizes: list[int]) -> None:
    print("memory of (b) by site size:")
    peaks = {}
    for articles in sizes:
        with static_server(articles) as (base_url, _, _):
            figures = run("profile", base_url)
        peaks[articles] = figures["max_rss_mb"]
        print(
            f"  N = {articles:>6}: peak RSS {figures['max_rss_mb']:.0f} MB, "
            f"{figures['pages_per_s']:.0f} pages/s, state "
            f"{figures['state_bytes'] / max(figures['items'], 1):.0f} bytes per article"
        )
    small, large = sizes[0], sizes[1]
    print(f"peak RSS N={large} / N={small}: {peaks[large] / peaks[small]:.2f} (target <= 1.2)")
    for huge in sizes[2:]:
        growth = (peaks[huge] - peaks[small]) * 2**20 / (huge - small)
        print(
            f"peak RSS N={huge} / N={small}: {peaks[huge] / peaks[small]:.2f}, "
            f"{growth:.0f} bytes per added article"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--memory", action="store_true", help="also N = 2,000 vs 20,000")
    parser.add_argument("--huge", action="store_true", help="with --memory: also 100,000")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat (a)-(c) and print the median ratios"
    )
    parser.add_argument(
        "--hosts",
        type=int,
        default=10,
        help="(d): the articles split over this many sites on their own loopback addresses, "
        "crawled in one `scrapy crawl sites` run (0: skip)",
    )
    parser.add_argument(
        "--light-pages",
        action="store_true",
        help="serve the generator's bare markup (~11 KB) instead of real-weight pages",
    )
    args = parser.parse_args()
    if not args.skip_throughput:
        throughput(args.articles, not args.light_pages, args.rounds, max(args.hosts, 0))
        start_up()
    if args.memory:
        memory([2000, 20000] + ([100000] if args.huge else []))


if __name__ == "__main__":
    main()
