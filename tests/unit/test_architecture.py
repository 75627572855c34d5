"""The layers hold: every import points down and no modules import each other in a cycle
(scripts/import_graph.py, which anyone can run to see the graph)."""

from __future__ import annotations

import importlib.util

from tests.support.paths import ROOT

spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_graph)


def test_every_import_points_down():
    assert import_graph.upward(import_graph.graph()) == []


def test_no_import_cycles():
    assert import_graph.cycles(import_graph.graph()) == []


def test_the_domain_imports_no_database_or_web_library():
    for module, path in import_graph.modules().items():
        if import_graph.layer_of(module) in ("domain", "parser"):
            source = path.read_text(encoding="utf-8")
            for library in ("sqlalchemy", "psycopg", "flask", "marshmallow"):
                assert f"import {library}" not in source and f"from {library}" not in source, (
                    module,
                    library,
                )


def test_an_upward_import_is_caught():
    edges = {"domain.records": {"service.db"}, "service.db": set()}
    assert import_graph.upward(edges) == [("domain.records", "service.db")]
