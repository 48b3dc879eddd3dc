"""Each field has one home: only `extraction/fields/` reads a page's title, summary, dates,
authors, source, sections, tags, images and language (the profile's selectors, structured
data, `<meta>`, markup), with `extraction/document.py` for the page's parts. "Where does
`published_at` come from?" is answered there, and nowhere else."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "newscrawl"
HOMES = (PACKAGE / "extraction" / "fields", PACKAGE / "extraction" / "document.py")

# Where pages state a field: JSON-LD properties, OpenGraph and other <meta> names
FIELD_KEYS = {
    "headline", "datePublished", "dateModified", "author", "creator", "keywords",
    "articleSection", "thumbnailUrl", "inLanguage", "og:title", "og:description",
    "og:image", "og:locale", "og:site_name", "og:updated_time", "twitter:title",
    "twitter:description", "twitter:image", "article:published_time",
    "article:modified_time", "article:author", "article:tag", "article:section",
    "pubdate", "dc.date", "parsely-pub-date", "sailthru.date",
}  # fmt: skip
# The readers' own tools: JSON-LD people and organisations, <time> values, category links,
# the text beside the headline, htmldate, trafilatura's metadata reader
FIELD_TOOLS = {
    "people_of", "names_of", "organisations_of", "time_value", "category_slugs",
    "near_headline", "find_date", "extract_metadata",
}  # fmt: skip


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _reads_a_key(node):
            found.append(f"{ast.unparse(node)} (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom):
            found += [a.name for a in node.names if a.name in FIELD_TOOLS]
            found += [node.module] if node.module == "htmldate" else []
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "htmldate"]
        elif isinstance(node, ast.Attribute) and node.attr in FIELD_TOOLS:
            found.append(f"{ast.unparse(node)} (line {node.lineno})")
    return found


def _reads_a_key(call: ast.Call) -> bool:
    """`doc.meta("og:title")`, `doc.meta_all("author")`, `article.get("datePublished")`."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in (
        "meta",
        "meta_all",
        "get",
    ):
        return False
    return any(isinstance(a, ast.Constant) and a.value in FIELD_KEYS for a in call.args)


def _home(path: Path) -> bool:
    return any(path == home or home in path.parents for home in HOMES)


def test_only_the_field_readers_read_fields_from_a_page() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if not _home(path) and (found := _violations(path))
    }
    assert offenders == {}


def test_the_check_sees_a_field_read_outside_its_home(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text(
        "from newscrawl.extraction.generic.jsonld import people_of\n"
        "def byline(doc):\n"
        "    return doc.meta('article:published_time') or people_of(doc.article.get('author'))\n",
        encoding="utf-8",
    )
    assert len(_violations(stray)) == 3
