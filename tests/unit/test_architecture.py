"""Who may import whom in the package (DESIGN.md's arrows), read from the source with `ast`,
function-level imports included:
- no circle among the package's parts (its subpackages and top-level modules);
- extraction, navigation, state, workers and reporting never import Scrapy: pure, testable
  on a page (or on run summaries);
- matplotlib only in reporting/ (a crawl never pays for its import);
- state imports nothing of newscrawl above it (only the small utilities it stands on);
- the demo site is a program of its own: nothing outside demo/ imports it;
- redis and scrapy-redis only in distributed/ (which holds the Redis backend of the store);
- no module but config.py (and settings.py, the defaults) reads a NEWSCRAWL_* setting: every
  other part asks the typed config;
- distributed/ knows nothing of the run above it (extensions/, spiders, pipelines, feeds, …),
  and only the run (extensions/run.py) and the commands reach down into it.
The checks run on a planted package first, so a check that sees nothing cannot pass."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "newscrawl"
PURE = ("extraction", "navigation", "state", "workers", "reporting")
PLOTTING_HOMES = ("reporting/",)  # matplotlib's import (~0.3 s) stays out of every crawl
STATE_STANDS_ON = {"state", "atomic_file", "redaction"}
REDIS_HOMES = ("distributed/",)
ABOVE_DISTRIBUTED = {"extensions", "spiders", "pipelines", "middlewares", "feeds", "commands"}
REACH_DISTRIBUTED = {"distributed", "extensions", "commands"}


def _imports(root: Path) -> dict[str, set[str]]:
    """module file (relative to the package's parent) -> the modules it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(root.parent))] = names
    return found


def _part(module: str, root: Path) -> str | None:
    """The package part a dotted name belongs to (None: outside the package)."""
    pieces = module.split(".")
    if pieces[0] != root.name or len(pieces) < 2:
        return None
    return pieces[1]


def _part_of_file(path: str) -> str:
    pieces = Path(path).with_suffix("").parts
    return pieces[1]


def _cycles(root: Path) -> list[set[str]]:
    """The package's parts that import each other in a circle (strongly connected)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path, names in _imports(root).items():
        source = _part_of_file(path)
        for name in names:
            target = _part(name, root)
            if target is not None and target != source:
                edges[source].add(target)
    circles, index, low, stack, on = [], {}, {}, [], set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            circle = set()
            while True:
                member = stack.pop()
                on.discard(member)
                circle.add(member)
                if member == node:
                    break
            if len(circle) > 1:
                circles.append(circle)

    for node in list(edges):
        if node not in index:
            visit(node)
    return circles


def _wrong_arrows(root: Path) -> list[str]:
    wrong = []
    for path, names in _imports(root).items():
        part = _part_of_file(path)
        inside = path.split("/", 1)[1]
        for name in names:
            top = name.split(".")[0]
            if part in PURE and top == "scrapy":
                wrong.append(f"{path} imports {name}: {part}/ is pure")
            target = _part(name, root)
            if part == "state" and target is not None and target not in STATE_STANDS_ON:
                wrong.append(f"{path} imports {name}: state/ stands below it")
            if target == "demo" and part != "demo":
                wrong.append(f"{path} imports {name}: the demo is a program of its own")
            if part == "distributed" and target in ABOVE_DISTRIBUTED:
                wrong.append(f"{path} imports {name}: distributed/ knows nothing above it")
            if target == "distributed" and part not in REACH_DISTRIBUTED:
                wrong.append(f"{path} imports {name}: distributed/ only through the run")
            if top in ("redis", "scrapy_redis") and not inside.startswith(REDIS_HOMES):
                wrong.append(f"{path} imports {name}: redis only in {', '.join(REDIS_HOMES)}")
            if top == "matplotlib" and not inside.startswith(PLOTTING_HOMES):
                wrong.append(f"{path} imports {name}: matplotlib only in reporting/")
    return wrong


_GETTERS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict", "getwithbase"}
SETTINGS_READERS = ("config.py", "settings.py")


def _raw_setting_reads(root: Path) -> list[str]:
    """`settings.get*("NEWSCRAWL_…")` and `settings["NEWSCRAWL_…"]` outside config.py."""
    found = []
    for path in sorted(root.rglob("*.py")):
        inside = str(path.relative_to(root))
        if inside in SETTINGS_READERS:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            key = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in _GETTERS and node.args:
                    key = node.args[0]
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                key = node.slice
            if isinstance(key, ast.Constant) and str(key.value).startswith("NEWSCRAWL_"):
                found.append(f"{inside}:{node.lineno} reads {key.value}")
    return found


def _plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "newscrawl" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "newscrawl"


def test_the_checks_see_what_they_forbid(tmp_path: Path) -> None:
    planted = _plant(
        tmp_path,
        {
            "__init__.py": "",
            "a/__init__.py": "",
            "a/one.py": "from newscrawl.b.two import x\n",
            "b/__init__.py": "",
            "b/two.py": "def f():\n    from newscrawl.a import one\n",  # a lazy back-arrow
            "extraction/__init__.py": "import scrapy\n",
            "state/__init__.py": "from newscrawl.a.one import y\n",
            "reporting/__init__.py": "from scrapy import Spider\n",
            "feeds.py": "import redis\nimport matplotlib.pyplot\n"
            "from newscrawl.demo.site import DemoSite\n"
            "a = s.getfloat('NEWSCRAWL_X', 1)\nb = s['NEWSCRAWL_Y']\ns['NEWSCRAWL_Z'] = 1\n",
            "config.py": "a = s.get('NEWSCRAWL_X')\n",
            "distributed/__init__.py": "",
            "distributed/worker.py": "from newscrawl.extensions.run import run_of\n",
            "spiders/__init__.py": "from newscrawl.distributed.shared import shared_store\n",
        },
    )
    assert _cycles(planted) == [{"a", "b"}]
    wrong = _wrong_arrows(planted)
    assert any("extraction/__init__.py imports scrapy" in w for w in wrong)
    assert any("state/__init__.py imports newscrawl.a.one" in w for w in wrong)
    assert any("feeds.py imports redis" in w for w in wrong)
    assert any("feeds.py imports matplotlib.pyplot: matplotlib only" in w for w in wrong)
    assert any("reporting/__init__.py imports scrapy" in w for w in wrong)
    assert any("feeds.py imports newscrawl.demo.site" in w for w in wrong)
    assert any("distributed/worker.py imports newscrawl.extensions.run" in w for w in wrong)
    assert any("spiders/__init__.py imports newscrawl.distributed.shared" in w for w in wrong)
    assert _raw_setting_reads(planted) == [
        "feeds.py:4 reads NEWSCRAWL_X",
        "feeds.py:5 reads NEWSCRAWL_Y",
    ]


def test_no_part_of_the_package_imports_another_in_a_circle() -> None:
    assert _cycles(PACKAGE) == []


def test_every_arrow_runs_the_way_the_design_draws_it() -> None:
    assert _wrong_arrows(PACKAGE) == []


def test_only_the_typed_config_reads_a_newscrawl_setting() -> None:
    assert _raw_setting_reads(PACKAGE) == []


def test_a_crawl_does_not_import_what_only_some_runs_need() -> None:
    """Scrapy imports every project command at the start of each `scrapy crawl`: the report
    command imports the plotting only when it writes a report (measured: +0.7 s and +30 MB on
    every `scrapy` run when it did at import). Likewise ftfy, for the text that needs repair
    (0.05 s), and jsonschema, for tools (0.04 s; the chain checks with fastjsonschema)."""
    probe = (
        "import importlib, pkgutil, sys\n"
        "import newscrawl.commands as commands\n"
        "for found in pkgutil.iter_modules(commands.__path__):\n"
        "    importlib.import_module(f'newscrawl.commands.{found.name}')\n"
        "import newscrawl.settings, newscrawl.spiders.section, newscrawl.pipelines.extract\n"
        "unused = ('matplotlib', 'ftfy', 'jsonschema')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in unused))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "[]", out
