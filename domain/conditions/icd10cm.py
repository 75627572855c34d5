"""The ICD-10-CM tabular list as a tree of disease concepts, read from the data file that the
``simple-icd-10-cm`` package ships (the CDC's tabular XML, one release a year; MIT-licensed
package, public-domain classification).

Only the file is used, not the package's functions: they load through ``pkg_resources`` and
keep module-level state. One parse (~1 s), read a chapter at a time, is kept for the process.

A node is a chapter (``CH02``), a block (``C15-C26``), a category (``C16``) or a subcategory
(``C16.9``); seven-character extensions (injuries' encounters) are not diseases of their own
and are left out. A block of one category is named ``C50-C50`` (the list names it ``C50``, as
the category). ``groups.GROUPS`` nests chapter 2's blocks under malignant and solid neoplasms,
which the list keeps flat.
"""

from __future__ import annotations

import functools
import importlib.util
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from domain.conditions.groups import GROUPS

PACKAGE = "simple_icd_10_cm"


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    label: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Tabular:
    version: str
    nodes: dict[str, Node]
    # (code, text): every node's title and inclusion terms, as written
    terms: tuple[tuple[str, str], ...]

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes above ``code``, nearest first (the chapter last)."""
        out: list[str] = []
        node = self.nodes.get(code)
        while node is not None and node.parent is not None:
            out.append(node.parent)
            node = self.nodes.get(node.parent)
        return tuple(out)

    def label(self, code: str) -> str:
        node = self.nodes.get(code)
        return node.label if node else code


def _data_file() -> Iterator[ET.Element]:
    """The data file's top-level elements (the version, each chapter), each complete when
    given and cleared after: the file's tree (~60 MB) is never held whole, so the tree
    built from it does not lie scattered among the freed parts of one."""
    # found, not imported: importing the package parses the file a second time
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{PACKAGE} is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    names = sorted(data.glob("icd10c*-tabular-*.xml"))
    if not names:
        raise RuntimeError(f"{PACKAGE} ships no tabular XML")
    depth = 0
    with names[-1].open("rb") as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 1:
                yield el
                el.clear()


def _chapter_code(number: str) -> str:
    return f"CH{int(number):02d}"


@functools.cache
def tabular() -> Tabular:
    """The tree, parsed once. Reparented per ``regroup`` (see ``groups``)."""

    nodes: dict[str, Node] = {}
    terms: list[tuple[str, str]] = []

    def add(code: str, label: str, parent: str | None, el: ET.Element) -> None:
        nodes[code] = Node(code, label, parent)
        terms.append((code, label))
        for note in el.findall("inclusionTerm/note"):
            if note.text:
                terms.append((code, note.text.strip()))

    def diag(el: ET.Element, parent: str) -> None:
        code = (el.findtext("name") or "").strip()
        label = (el.findtext("desc") or "").strip()
        if not code or not label:
            return
        add(code, label, parent, el)
        for child in el.findall("diag"):
            diag(child, code)

    version = ""
    for chapter in _data_file():
        if chapter.tag == "version":
            version = version or (chapter.text or "").strip()
        if chapter.tag != "chapter":
            continue
        ch = _chapter_code(chapter.findtext("name") or "0")
        title = (chapter.findtext("desc") or "").split(" (")[0].strip()
        add(ch, title, None, chapter)
        for section in chapter.findall("section"):
            block = section.get("id") or ""
            if block and "-" not in block:  # a block of one category ("C50"): not its code
                block = f"{block}-{block}"
            label = (section.findtext("desc") or "").split(" (")[0].strip()
            children = section.findall("diag")
            if block and (children or block in GROUPS):
                add(block, label, ch, section)
            for el in children:
                diag(el, block or ch)

    for code, (label, parent, children) in GROUPS.items():
        nodes[code] = Node(code, label, parent)
        if (code, label) not in terms:
            terms.append((code, label))
        for child in children:
            if child in nodes:
                nodes[child] = Node(child, nodes[child].label, code)
    return Tabular(version=version, nodes=nodes, terms=tuple(terms))
