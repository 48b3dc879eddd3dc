"""Print pip constraints pinning every dependency of pyproject.toml to its declared floor.

    python scripts/lowest_constraints.py [--extra browser] > constraints.txt

`name>=X` (with or without an upper bound) becomes `name==X`; a dependency without a floor
is left to pip. CI installs the package with these constraints in a second environment and
runs the unit tests there (`make test-lowest`), so a floor that is too low fails CI instead
of a user.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)$")
_FLOOR = re.compile(r">=\s*([0-9][A-Za-z0-9.]*)")


def floors(requirements: list[str]) -> list[str]:
    pins = []
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement.split(";")[0])
        if match is None:
            raise SystemExit(f"cannot read requirement {requirement!r}")
        name, spec = match.groups()
        floor = _FLOOR.search(spec)
        if floor is not None:
            pins.append(f"{name}=={floor.group(1)}")
    return pins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[], help="also pin this extra")
    args = parser.parse_args()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in args.extra:
        requirements += [r for r in project["optional-dependencies"][extra] if "newscrawl" not in r]
    print("\n".join(floors(requirements)))


if __name__ == "__main__":
    main()
