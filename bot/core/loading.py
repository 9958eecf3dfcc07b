"""Reading one knowledge file: bytes -> UTF-8 text -> plain YAML data, within the caps.

Every way a file can fail (too big, not UTF-8, invalid YAML, duplicate keys, alias bombs, deep
nesting) becomes a _FileProblem in plain words a curator can act on; knowledge.py turns it into
`file: line: problem; file not loaded`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Caps against a file that is small on disk but huge once loaded (YAML aliases, issue 11 item 9)
MAX_EXAMPLE_CHARS = 300  # an example question
MAX_STATEMENT_CHARS = 600  # a fact's statement, per language
MAX_ALIAS_CHARS = 100  # an entity's name or alias
MAX_TEXT_CHARS = 2000  # any other text (a fixed answer, a title)
MAX_FILE_BYTES = 4 * 1024 * 1024  # one knowledge file
MAX_ALIAS_EXPANSIONS = 100  # uses of a YAML alias (*name) in one file
MAX_DEPTH = 20  # nesting of mappings and lists in one file (the format needs 7)


# libyaml's parser when PyYAML has it (about 5x faster on the shipped base: start-up matters)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """safe_load that refuses duplicate mapping keys (a silent overwrite is a curator's bug)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word, not a list or a mapping (`? [a, b]`)", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FileProblem(Exception):
    """One file cannot be loaded: `line` (or "-") and a plain-words problem."""

    def __init__(self, line: str, problem: str):
        self.line, self.problem = line, problem
        super().__init__(f"{line}: {problem}")


def _line(mark: Any) -> str:
    return f"line {mark.line + 1}" if mark is not None else "-"


def _check_shape(root: yaml.Node) -> None:
    """Walk the composed document without recursion: refuse nesting deeper than MAX_DEPTH and more
    than MAX_ALIAS_EXPANSIONS uses of aliases (each use is walked again, as loading would)."""
    seen: set[int] = set()
    expansions = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # a node is met twice only through an alias
            expansions += 1
            if expansions > MAX_ALIAS_EXPANSIONS:
                raise _FileProblem(_line(node.start_mark), (
                    f"YAML aliases (*name) are used more than {MAX_ALIAS_EXPANSIONS} times; "
                    "write the text out where it is needed"))
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _FileProblem(_line(node.start_mark), (
                f"nested more than {MAX_DEPTH} levels deep; a knowledge file needs about 7 "
                "(check the indentation)"))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, depth + 1) for v in node.value)


# libyaml's own words -> what a curator should do about them
_YAML_HINTS = (
    ("mapping values are not allowed", "a value holds ': ' (a colon and a space); put that text in double quotes"),
    ("did not find expected key", "a line does not continue the list or mapping above it; text that starts "
     "with a quote (\" or ') must end with it, so put the whole text in double quotes (and write an inner "
     "\" as \\\")"),
    ("did not find expected '-' indicator", "a list item is indented differently from the ones above it; "
     "line the '-' up with theirs"),
    ("found character '\\t'", "a tab: YAML indents with spaces only"),
    ("found a tab character", "a tab: YAML indents with spaces only"),
    ("could not find expected ':'", "a key without ':' after it, or text running over lines; put the text in "
     "double quotes"),
    ("did not find expected ',' or '}'", "inside { }, text that holds ': ' or ',' must be in double quotes"),
    ("did not find expected ',' or ']'", "inside [ ], text that holds ': ' or ',' must be in double quotes"),
    ("found undefined alias", "'*' starts a YAML alias; put text that starts with '*' in double quotes"),
    ("found unknown escape character", "a backslash in double-quoted text; write \\\\ or use single quotes"),
    ("found unexpected end of stream", "a quote is opened and never closed"),
    ("found character that cannot start any token", "text that starts with '@', '`', '%' or '|' must be "
     "in double quotes"),
    ("expected <block end>, but found", "an item is indented differently from the ones above it"),
    ("found duplicate anchor", "the same anchor (&name) is defined twice"),
)


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, str]:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    col = f"column {mark.column + 1}; " if mark is not None else ""
    for needle, hint in _YAML_HINTS:
        if needle in problem or needle in context:
            return _line(mark), f"invalid YAML: {hint} ({col}the parser said: {problem})"
    return _line(mark), f"invalid YAML: {problem}"


def _parse_file(path: Path) -> Any:
    """One knowledge file -> plain data, or _FileProblem in plain words."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _FileProblem("-", f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise _FileProblem("-", f"{size / 1e6:.1f} MB; a knowledge file may hold at most "
                                f"{MAX_FILE_BYTES // (1024 * 1024)} MB (split it into several files)")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise _FileProblem("-", "not UTF-8 text; save the file as UTF-8") from None
    except OSError as exc:
        raise _FileProblem("-", f"cannot read: {exc.strerror or exc}") from None
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _FileProblem(*_yaml_problem(exc)) from None
    except RecursionError:
        raise _FileProblem("-", f"nested too deep (at most {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()
