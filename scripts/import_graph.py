"""Print the project's import graph by layer and check that every import points down.

    python scripts/import_graph.py            # layers, the edges between them, then violations
    python scripts/import_graph.py --modules  # every module and the project modules it imports

Imports anywhere in a file count (function-level ones too). Exit status 1 when an import
points up a layer or two runtime modules import each other in a cycle.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "store", "seed", "schemas", "service", "tools")

# Each layer may import the layers listed for it (and itself). Lower floors first.
LAYERS: dict[str, tuple[str, ...]] = {
    "domain": (),
    "store": ("domain",),
    "parser": ("domain",),
    "schemas": ("domain",),
    "loader": ("domain", "store", "parser"),
    "seed-cli": ("domain", "store", "parser", "loader", "schemas"),
    "service": ("domain", "store", "parser", "loader", "schemas"),
    "tools": ("domain", "parser", "schemas"),
}


def layer_of(module: str) -> str:
    """The layer a module belongs to."""
    top = module.split(".")[0]
    if top != "seed":
        return top
    if module == "seed.load" or module.startswith("seed.load."):
        return "loader"
    if module in ("seed.cli", "seed.__main__"):
        return "seed-cli"
    return "parser"


def modules() -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {m: imports_of(m, p, known) for m, p in found.items()}


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs whose direction the layers forbid."""
    bad = []
    for module, deps in edges.items():
        mine = layer_of(module)
        for dep in deps:
            theirs = layer_of(dep)
            if theirs != mine and theirs not in LAYERS[mine]:
                bad.append((module, dep))
    return sorted(bad)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (a package's own __init__ excluded)."""
    edges = {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in edges:
        if v not in index:
            visit(v)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="print every module's imports")
    args = parser.parse_args(argv)
    edges = graph()
    if args.modules:
        for module in sorted(edges):
            deps = ", ".join(sorted(edges[module])) or "-"
            print(f"{module} [{layer_of(module)}] -> {deps}")
    else:
        between: dict[tuple[str, str], int] = defaultdict(int)
        for module, deps in edges.items():
            for dep in deps:
                if layer_of(dep) != layer_of(module):
                    between[layer_of(module), layer_of(dep)] += 1
        print("layers (each may import those after the colon):")
        for layer, allowed in LAYERS.items():
            print(f"  {layer}: {', '.join(allowed) or '(nothing of the project)'}")
        print("imports between layers (count of module edges):")
        for (a, b), n in sorted(between.items()):
            print(f"  {a} -> {b}: {n}")
    bad, loops = upward(edges), cycles(edges)
    for module, dep in bad:
        print(f"UPWARD: {module} [{layer_of(module)}] imports {dep} [{layer_of(dep)}]")
    for group in loops:
        print("CYCLE: " + " <-> ".join(group))
    print(f"{len(edges)} modules, {len(bad)} upward imports, {len(loops)} cycles")
    return 1 if bad or loops else 0


if __name__ == "__main__":
    sys.exit(main())
