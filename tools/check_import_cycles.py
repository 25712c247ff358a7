"""Fail when any of the project's modules import each other in a cycle (run by make lint).

import-linter (contracts in pyproject.toml) checks which package may import which; this checks
every module of those packages, a package's ``__init__`` included, so a cycle inside a package
is caught too. Imports under ``TYPE_CHECKING`` count: such a cycle still ties the modules together.
"""
from __future__ import annotations

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("questions", "scoring", "agreement", "storage", "portfolio", "ui")


def find_cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One shortest cycle through each import that has a way back, each cycle listed once."""
    found: dict[frozenset[str], tuple[str, ...]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycle = (importer, *back)
                found.setdefault(frozenset(cycle), cycle)
    return list(found.values())


def main() -> int:
    sys.path.insert(0, str(ROOT))
    cycles = find_cycles(grimp.build_graph(*PACKAGES, cache_dir=None))
    for cycle in cycles:
        print("import cycle: " + " -> ".join(cycle), file=sys.stderr)
    if not cycles:
        print(f"No import cycles in {', '.join(PACKAGES)}.")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
