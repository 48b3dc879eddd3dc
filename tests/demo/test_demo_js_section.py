"""`serve --js`: the ticker section whose links and bodies exist only after scripts run."""

from __future__ import annotations

import json

from newscrawl.demo.js_section import BATCH, LISTING_PATH
from newscrawl.demo.site import DemoSite
from newscrawl.demo.truth import records_for

BASE = "http://127.0.0.1:8000"


def test_without_js_the_ticker_does_not_exist_and_the_truth_is_unchanged() -> None:
    plain, js = DemoSite(60), DemoSite(60, js=True)
    path = js.js.metas[0].path if js.js else ""
    assert plain.render(LISTING_PATH)[0] == 404
    assert plain.render(path)[0] == 404
    assert plain.render("/wp-json/bna/v1/ticker/page/1/")[0] == 404
    assert records_for(plain.index, BASE) == records_for(js.index, BASE)
    assert plain.render("/kategorie/politik/") == js.render("/kategorie/politik/")


def test_the_listing_is_empty_until_its_script_fetches_batches() -> None:
    site = DemoSite(240, js=True)
    assert site.js is not None
    status, _, body = site.render(LISTING_PATH)
    html = body.decode()
    assert status == 200 and "/ticker/20" not in html and "Mehr laden" in html
    seen, page = [], 1
    while page:
        status, content_type, raw = site.render(f"/wp-json/bna/v1/ticker/page/{page}/")
        data = json.loads(raw)
        assert status == 200 and content_type.startswith("application/json")
        assert len(data["items"]) <= BATCH
        seen += [item["url"] for item in data["items"]]
        page = data["next"]
    assert sorted(seen) == sorted(m.path for m in site.js.metas)
    assert site.render("/wp-json/bna/v1/ticker/page/99/")[0] == 404


def test_an_article_body_arrives_only_from_its_json_endpoint() -> None:
    site = DemoSite(240, js=True)
    assert site.js is not None
    truth = {r["url"]: r for r in site.js.records(BASE)}
    meta = site.js.metas[5]
    html = site.render(meta.path)[2].decode()
    assert 'class="entry-content"' not in html and 'id="js-body"' in html
    fragment = json.loads(site.render("/wp-json/bna/v1/ticker/body/5/")[2])["html"]
    first_paragraph = truth[BASE + meta.path]["body"].split("\n\n")[0]
    assert fragment.startswith('<div class="entry-content">')
    assert first_paragraph[:20] in fragment and first_paragraph[:20] not in html
    assert all(r["section"] == "ticker" and r["sections"] == ["ticker"] for r in truth.values())
