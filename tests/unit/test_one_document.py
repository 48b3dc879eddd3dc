"""Only `extraction/document.py` parses HTML or compiles CSS; the package runs beside the
cssselect that a common neighbour pins (readability-lxml 0.9 brings cssselect 1.3.0)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "newscrawl"
OWNER = PACKAGE / "extraction" / "document.py"

# What parses HTML or compiles a CSS selector; XML feeds (lxml.etree.fromstring with an XML
# parser) are not HTML and stay with the feed reader.
FORBIDDEN_MODULES = {"cssselect", "parsel", "lxml.cssselect", "html5lib", "bs4"}
FORBIDDEN_NAMES = {
    "CSSSelector",
    "document_fromstring",
    "fragment_fromstring",
    "fragments_fromstring",
    "HTMLParser",
    "HTML",
    "cssselect",
    "css",
    "xpath",
    "selector",
}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_MODULES:
            found.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module in {"lxml.html", "lxml.etree"}:
            found += [a.name for a in node.names if a.name in FORBIDDEN_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_NAMES:
            owner = ast.unparse(node.value)
            # lxml.html.fromstring & co., response.css/xpath/selector, element.cssselect()
            if node.attr != "selector" or owner.endswith("response"):
                found.append(f"{owner}.{node.attr} (line {node.lineno})")
    return found


def test_no_module_but_document_parses_html_or_compiles_css() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if path != OWNER and (found := _violations(path))
    }
    assert offenders == {}


def test_the_check_sees_what_it_forbids() -> None:
    """Guards the test above: the owner itself does each forbidden thing."""
    found = _violations(OWNER)
    assert "lxml.cssselect" in found
    assert any("document_fromstring" in f for f in found)


def test_extraction_works_with_the_installed_cssselect_at_or_above_its_floor() -> None:
    """The package extracts a page through the cssselect installed beside it. `make
    test-lowest` installs the floor pyproject.toml declares (cssselect 1.3, which
    readability-lxml 0.9 pins), offline against what is installed, and runs this there."""
    import cssselect

    from newscrawl.extraction import extract_article
    from newscrawl.sites.registry import get_profile

    declared = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))
    needs = [d for d in declared["project"]["dependencies"] if d.startswith("cssselect")]
    (floor,) = [re.sub(r"^cssselect>=", "", need.split(",")[0].strip()) for need in needs]
    assert _version(cssselect.__version__) >= _version(floor)
    page = """<html lang="de"><body><article><h1 class="entry-title">Titel</h1>
<div class="entry-meta"><span class="byline"><span class="author">dpa</span></span></div>
<div class="entry-content"><p>Ein erster Absatz mit genug Text, um ein Artikel zu sein.</p>
<p>Ein zweiter Absatz, der die Geschichte weitererzaehlt und endet.</p></div>
</article></body></html>"""
    article = extract_article(
        page, "https://bna.example/2024/05/02/titel/", get_profile("bna_germany")
    )
    assert (article.title, article.body.count("\n\n") + 1) == ("Titel", 2)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])
