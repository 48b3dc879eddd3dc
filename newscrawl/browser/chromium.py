"""Find the Chromium a crawl will launch, or say plainly how to get one.

Checked when the crawl starts (not at the first rendered page), so a crawl that needs a
browser and has none stops before it sends a request.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# No background traffic: these machines (and many crawl hosts) have no route to Google's
# update and field-trial servers, and Chromium stalls waiting for them without these flags;
# no DNS prefetching, no hyperlink-auditing pings, and WebRTC only through the proxy (no UDP of
# its own), so a page cannot make Chromium reach an address the gate never judged.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--dns-prefetch-disable",
    "--no-pings",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
SYSTEM_NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "install one with `python -m playwright install chromium`, or install a system Chromium "
    "(Debian/Ubuntu: `apt-get install chromium`) and point NEWSCRAWL_CHROMIUM at it, e.g. "
    "NEWSCRAWL_CHROMIUM=/usr/bin/chromium"
)
_PLAYWRIGHT_PATH = (
    "from playwright.sync_api import sync_playwright\n"
    "with sync_playwright() as p:\n"
    "    print(p.chromium.executable_path)\n"
)


class BrowserUnavailable(RuntimeError):
    """This crawl renders pages in a browser and none can be launched."""


def find_chromium(configured: str) -> str | None:
    """The executable to launch: `configured`, else None for Playwright's own Chromium when
    it is installed, else a Chromium on PATH. Raises BrowserUnavailable with what to do."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise BrowserUnavailable(
            "rendering pages needs scrapy-playwright: pip install 'newscrawl[browser]', then "
            + INSTALL_HINT
        )
    if configured:
        path = Path(configured).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise BrowserUnavailable(
                f"this crawl renders pages in Chromium, but NEWSCRAWL_CHROMIUM={configured} "
                "is not an executable file; " + INSTALL_HINT
            )
        return str(path)
    if playwright_chromium_installed():
        return None
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable("this crawl renders pages but no Chromium was found: " + INSTALL_HINT)


def playwright_chromium_installed() -> bool:
    """Whether `playwright install chromium` has put its build in place (asked in a child
    process: Playwright's sync API cannot run inside the crawler's event loop)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PLAYWRIGHT_PATH],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    path = done.stdout.strip()
    return done.returncode == 0 and bool(path) and Path(path).is_file()
