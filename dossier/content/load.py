"""Turn a content folder's files into plain data that remembers the line of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..characters import describe, first_forbidden, line_of
from ..errors import Problems
from ..files import Refused, read_file
from ..limits import INTEGER_DIGITS

# The files of one dossier folder, in the order a reader meets them in the PDF.
METADATA = "dossier.yaml"
BACKGROUND = "background.md"
CHARGES = "charges.yaml"
EVENTS = "events.yaml"
POSITIONS = "positions.yaml"
SOURCES = "sources.bib"
REQUIRED = (METADATA, BACKGROUND, CHARGES, EVENTS, POSITIONS, SOURCES)

Loc = tuple[str | int, ...]


class _Constructor(RoundTripConstructor):
    """Reads a date such as 2017-09-03 as text: the models parse it, and report one that
    does not exist (2017-09-31) with its line, where ruamel would raise without one."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


@dataclass
class YamlFile:
    """Plain data of one YAML file plus the parsed tree that knows where each value stood."""

    path: Path
    data: Any
    tree: Any

    def line(self, loc: Loc) -> int:
        """1-based line of the value at `loc`, or of the nearest enclosing item that exists."""
        node, line = self.tree, 0
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0]
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0]
                node = node[part]
            else:
                break
        return int(line) + 1

    def text_start(self, loc: Loc) -> int:
        """1-based line where a text value's first character stands (block scalars start below)."""
        parent: Any = self.tree
        for part in loc[:-1]:
            parent = parent[part]
        last = loc[-1]
        position = parent.lc.value(last) if isinstance(parent, CommentedMap) else parent.lc.item(last)
        line = int(position[0])
        if isinstance(parent[last], (LiteralScalarString, FoldedScalarString)):
            line += 1
        return line + 1


@dataclass
class TextFile:
    path: Path
    text: str


@dataclass
class Folder:
    """Everything read from one dossier folder, before any checking of meaning."""

    root: Path
    yaml: dict[str, YamlFile] = field(default_factory=dict)
    markdown: dict[str, TextFile] = field(default_factory=dict)
    bibtex: TextFile | None = None


class UnsafeYaml(ValueError):
    """YAML that is valid but not content: tags, anchors and aliases."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _tag(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None) if tag is not None else None
    return str(value) if value else None


def plain(node: Any, line: int = 0, seen: set[int] | None = None) -> Any:
    """ruamel's round-trip types are str/dict/list subclasses; models get the plain kinds.

    Content files are data: a tag (`!!python/object`, `!custom`) is refused, and so is an
    alias (`*name`), which could make a small file expand into a huge one.
    """
    seen = set() if seen is None else seen
    if isinstance(node, (CommentedMap, CommentedSeq)):
        line = node.lc.line
        if isinstance(node, CommentedMap) and node.merge:
            raise UnsafeYaml(
                line + 1, "YAML merge keys (<<) are not allowed in content: write the fields out"
            )
        if id(node) in seen:
            raise UnsafeYaml(line + 1, "YAML anchors and aliases (&name, *name) are not allowed in content")
        seen.add(id(node))
        if _tag(node):
            raise UnsafeYaml(line + 1, f"YAML tag {_tag(node)} is not allowed in content")
    if isinstance(node, TaggedScalar):
        raise UnsafeYaml(line + 1, f"YAML tag {_tag(node)} is not allowed in content")
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            key_line = node.lc.key(key)[0] if isinstance(node, CommentedMap) and key in node else line
            result[str(key)] = plain(value, key_line, seen)
        return result
    if isinstance(node, list):
        return [
            plain(v, node.lc.item(i)[0] if isinstance(node, CommentedSeq) else line, seen)
            for i, v in enumerate(node)
        ]
    if isinstance(node, str):
        # A YAML escape ("\e", "\u202E") makes a character the file's text does not show.
        bad = first_forbidden(node)
        if bad:
            raise UnsafeYaml(line + 1, describe(bad[0]))
        return str(node)
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 10**INTEGER_DIGITS:
        raise UnsafeYaml(line + 1, f"number with {len(str(abs(node)))} digits: no value here needs so many")
    return node


def read_yaml(path: Path, text: str, problems: Problems) -> YamlFile | None:
    # The round-trip loader is YAML 1.2 (`NO` stays a string), safe (no object tags),
    # rejects duplicate keys, and records the line of every key and item.
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in message:
            message = message.replace("found ", "")
        problems.add(path, line, f"malformed YAML: {message}")
        return None
    except YAMLError as exc:  # e.g. a control character: not every YAML error has a mark
        mark = getattr(exc, "problem_mark", None)
        problems.add(
            path, mark.line + 1 if mark else 1, f"malformed YAML: {' '.join(str(exc).split())[:200]}"
        )
        return None
    except RecursionError:
        problems.add(path, None, "malformed YAML: nested too deeply")
        return None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits; ruamel does not catch it.
        run = next((m for m in re.finditer(r"\d+", text) if len(m[0]) > INTEGER_DIGITS), None)
        line = text.count("\n", 0, run.start()) + 1 if run else 1
        problems.add(path, line, "a number with thousands of digits: no value here needs so many")
        return None
    try:
        data = plain(tree)
    except UnsafeYaml as exc:
        problems.add(path, exc.line, str(exc))
        return None
    except RecursionError:
        problems.add(path, None, "YAML nested too deeply")
        return None
    return YamlFile(path, data, tree)


def read_text(root: Path, name: str, problems: Problems) -> TextFile | None:
    """A content file's text, read under the one rule for files (files.py)."""
    path = root / name
    try:
        data = read_file(root, name)
    except Refused as exc:
        problems.add(path, None, str(exc))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(path, line, "file is not UTF-8 text (save it as UTF-8)")
        return None
    bad = first_forbidden(text)
    if bad:
        problems.add(path, line_of(text, bad.start()), describe(bad[0]))
        return None
    return TextFile(path, text)


def load_folder(root: Path, problems: Problems) -> Folder:
    """Read every content file of `root`; missing or unreadable files become problems."""
    folder = Folder(root)
    if not root.is_dir():
        problems.add(root, None, "not a folder of content files")
        return folder
    for name in REQUIRED:
        path = root / name
        if not path.exists() and not path.is_symlink():
            problems.add(path, None, f"missing file: a dossier needs {', '.join(REQUIRED)}")
            continue
        text = read_text(root, name, problems)
        if text is None:
            continue
        if name.endswith(".yaml"):
            loaded = read_yaml(path, text.text, problems)
            if loaded is not None:
                folder.yaml[name] = loaded
        elif name.endswith(".md"):
            folder.markdown[name] = text
        else:
            folder.bibtex = text
    return folder
