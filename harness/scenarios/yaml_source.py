"""Scenario YAML: parse one file within fixed limits, and find the line of any field.

Every limit is enforced here, at the one entry point, while the node tree is composed and
before any Python object is built: the file's size, how deep it nests, how many nodes its
aliases expand to (so a recursive alias or a "billion laughs" file fails fast, in little
memory), and duplicate keys in any mapping. Each breach is a `ScenarioError` with the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from harness.errors import ScenarioError


class _PythonEvents(Reader, Scanner, Parser):
    """PyYAML's own event parser, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


if TYPE_CHECKING or not yaml.__with_libyaml__:
    _EventParser = _PythonEvents
else:  # libyaml's event parser (bundled in PyYAML's wheels) reads about 7 times faster
    from yaml._yaml import CParser as _EventParser

MAX_FILE_BYTES = 1024 * 1024
"""A scenario file is at most 1 MiB (the largest in the corpus is under 10 KiB)."""
MAX_DEPTH = 64
"""Collections nest at most 64 levels deep (the corpus needs 12)."""
MAX_NODES = 100_000
"""The document, with every alias expanded, has at most 100,000 nodes (the corpus: 232)."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


@dataclass(frozen=True)
class Document:
    """A parsed scenario file: its data and the node tree that gives each field's line."""

    data: Any
    root: yaml.Node | None

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest node on ``path`` that exists (1-based)."""
        node = self.root
        best = node.start_mark.line + 1 if node is not None else None
        for key in path:
            node, line = _child(node, key)
            if node is None:
                break
            best = line
        return best


def parse(raw: bytes, shown: str) -> Document:
    """Parse ``raw`` (a whole file) as YAML within the limits; errors name ``shown``."""
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(
            shown, None, f"the file is {len(raw)} bytes; a scenario may hold {MAX_FILE_BYTES}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(shown, None, f"cannot read the file: {exc}") from None
    loader = _LimitedLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _LimitError as exc:
        raise ScenarioError(shown, exc.line, exc.message) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's own, lower-level guard saw it first
            raise ScenarioError(shown, line, _TOO_DEEP) from None
        raise ScenarioError(shown, line, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    return Document(data, root)


class _LimitError(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line: int | None = mark.line + 1 if mark is not None else None
        self.message = message


class _LimitedLoader(Composer, _EventParser, SafeConstructor, Resolver):
    """PyYAML's safe loader on libyaml's events, composing in Python so that it can count:
    nesting depth, anchors still open (an alias to one is recursive), nodes with every alias
    expanded; and check each mapping for duplicate keys."""

    def __init__(self, text: str) -> None:
        _EventParser.__init__(self, text)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self._depth = 0
        self._open: set[str] = set()
        self._expanded: dict[str, int] = {}
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise _LimitError(event.start_mark, _TOO_DEEP)
        anchor: str | None = getattr(event, "anchor", None)
        before = self._nodes
        self._count(1, event.start_mark)
        self._depth += 1
        if anchor is not None:
            self._open.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(anchor or "")
        if anchor is not None:
            self._expanded[anchor] = self._nodes - before
        if isinstance(node, yaml.MappingNode):
            _no_duplicate_keys(node)
        return node

    def _alias(self, event: yaml.AliasEvent) -> None:
        anchor = event.anchor or ""
        if anchor in self._open:
            raise _LimitError(
                event.start_mark, f"alias *{anchor} is recursive (it is inside its own anchor)"
            )
        self._count(self._expanded.get(anchor, 1), event.start_mark)

    def _count(self, nodes: int, mark: Any) -> None:
        self._nodes += nodes
        if self._nodes > MAX_NODES:
            raise _LimitError(
                mark,
                f"the document expands to more than {MAX_NODES} nodes "
                "(aliases are expanded: is an alias repeated many times?)",
            )


def _no_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, Any], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE_TAG:
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            raise _LimitError(
                key.start_mark, f"{key.value}: duplicate key (first at line {seen[ident]})"
            )
        seen[ident] = key.start_mark.line + 1


def _child(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node | None, int]:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v, k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        child: yaml.Node = node.value[key]
        return child, child.start_mark.line + 1
    return None, 0
