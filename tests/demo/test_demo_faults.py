"""`--faults`: the hostile demo site is deterministic, its truth splits cleanly, and each
fault behaves as documented in newscrawl/demo/faults.py."""

from __future__ import annotations

import gzip
import http.client
import json
import subprocess
import sys
from typing import Any

import pytest

from newscrawl.demo.fault_responses import RESET, STALL
from newscrawl.demo.faults import DELIVERABLE, ENDLESS_SECTION, UNDELIVERABLE, plan_faults
from newscrawl.demo.server import serve_in_thread
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def faulty() -> DemoSite:
    return DemoSite(faults=True)


def _path(site: DemoSite, kind: str) -> str:
    return next(p for p, k in site.faults.plan.by_path.items() if k == kind)  # type: ignore[union-attr]


def test_the_default_site_has_no_faults_and_the_plan_is_deterministic() -> None:
    assert DemoSite().faults is None
    one, two = DemoSite(faults=True), DemoSite(faults=True)
    assert one.faults is not None and two.faults is not None
    assert one.faults.plan == two.faults.plan
    assert sorted(one.faults.plan.by_path.values()) == sorted([*DELIVERABLE, *UNDELIVERABLE])


def test_truth_splits_into_deliverable_and_undeliverable(faulty: DemoSite) -> None:
    assert faulty.faults is not None
    records = records_for(faulty.index, BASE)
    kept = faulty.faults.truth(records)
    lost = faulty.faults.truth(records, undeliverable=True)
    assert len(lost) == len(UNDELIVERABLE)
    assert {r["url"] for r in kept} | {r["url"] for r in lost} == {r["url"] for r in records}
    assert all(r["reason"] and r["fault"] in UNDELIVERABLE for r in lost)


def test_transient_errors_succeed_on_retry(faulty: DemoSite) -> None:
    statuses = [faulty.respond(_path(faulty, "error_503_twice"), BASE).status for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert [faulty.respond(_path(faulty, "reset_once"), BASE).status for _ in range(2)] == [
        RESET,
        200,
    ]
    assert faulty.respond(_path(faulty, "stall_always"), BASE).status == STALL


def test_wrongly_labelled_pages_carry_the_same_text(faulty: DemoSite) -> None:
    plain = DemoSite()
    for kind, charset in (("latin1_page", "cp1252"), ("utf8_declared_cp1252_sent", "cp1252")):
        path = _path(faulty, kind)
        body = faulty.respond(path, BASE).body
        assert (
            body.decode(charset).replace("ISO-8859-1", "UTF-8")
            == plain.respond(path, BASE).body.decode()
        )
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_size_faults(faulty: DemoSite) -> None:
    assert len(faulty.respond(_path(faulty, "oversized"), BASE).body) > 8 * 1024 * 1024
    bomb = faulty.respond(_path(faulty, "gzip_bomb"), BASE)
    assert bomb.headers["Content-Encoding"] == "gzip"
    assert len(bomb.body) < 1024 * 1024 < 8 * 1024 * 1024 < len(gzip.decompress(bomb.body))


def test_redirects_chain_loop_and_point_at_forbidden_addresses(faulty: DemoSite) -> None:
    hop = faulty.respond(_path(faulty, "redirect_chain"), BASE)
    for _ in range(2):
        hop = faulty.respond(hop.headers["Location"].removeprefix(BASE), BASE)
    assert hop.status == 307 and "/?p=" in hop.headers["Location"]
    loop = _path(faulty, "redirect_loop")
    back = faulty.respond(faulty.respond(loop, BASE).headers["Location"], BASE)
    assert back.headers["Location"] == loop
    target = faulty.respond(_path(faulty, "redirect_metadata"), BASE).headers["Location"]
    assert target.startswith("http://127.0.0.3:")  # a loopback stand-in, never a real address


def test_traps_never_end_and_pages_carry_bait(faulty: DemoSite) -> None:
    last = plan_faults(faulty.index).last_page[ENDLESS_SECTION]
    for page in (last + 1, last + 50):
        body = faulty.respond(f"/kategorie/{ENDLESS_SECTION}/page/{page}/", BASE).body
        assert f"/page/{page + 1}/".encode() in body
    calendar = faulty.respond("/kategorie/kultur/archiv/2024/06/2024/05/", BASE).body
    assert b'href="2024/04/"' in calendar
    article = faulty.respond(faulty.index.metas[3].path, BASE).body
    assert b"http://127.0.0.3:" in article and b"http://127.0.0.2:" in article
    for real in (b"169.254.", b"http://10.", b"192.168.", b"fe80:"):  # loopback stand-ins only
        assert real not in article


def test_the_server_resets_the_connection_once() -> None:
    site = DemoSite(faults=True)
    with serve_in_thread(site) as url:
        host, port = url.split("//")[1].rstrip("/").split(":")
        path = _path(site, "reset_once")
        for expected in ("reset", 200):
            connection = http.client.HTTPConnection(host, int(port), timeout=5)
            try:
                connection.request("GET", path)
                outcome: Any = connection.getresponse().status
            except (ConnectionError, http.client.HTTPException):
                outcome = "reset"
            finally:
                connection.close()
            assert outcome == expected


def test_cli_truth_with_faults_prints_two_listings() -> None:
    def run(*extra: str) -> list[dict[str, Any]]:
        command = [sys.executable, "-m", "newscrawl.demo", "truth", "--base-url", BASE, *extra]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return [json.loads(line) for line in out.splitlines()]

    everything, kept = run(), run("--faults")
    lost = run("--faults", "--undeliverable")
    assert len(kept) + len(lost) == len(everything)
    assert set(lost[0]) == {"id", "url", "fault", "reason"}
