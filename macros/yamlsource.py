"""YAML loading that remembers the line of every key, and typed getters whose errors name file, line and key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import urls
from .money import MoneyError, parse_money

MARKUP = re.compile(r"[<>]")
#: LibYAML's parser when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
_FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(Exception):
    """A data file that cannot be used: ``path:line: dotted.key: what is wrong — how to fix it``."""

    def __init__(self, path: str, line: int | None, key: str, message: str) -> None:
        self.path, self.line, self.key, self.message = path, line, key, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


def _record_lines(node: yaml.Node, key: str, lines: dict[str, int]) -> None:
    """Remember the line of every dotted key (``plans.pro.monthly``, ``terms[3].match``)."""
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{key}.{key_node.value}" if key else str(key_node.value)
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{key}[{index}]", lines)


#: The largest data file the loader reads (the glossary, the biggest, is about 65 KB): a file past it is refused before parsing.
MAX_DATA_BYTES = 256 * 1024
#: How deeply YAML may nest (our deepest file nests 6 levels): deeper is refused before it can exhaust the stack.
MAX_DEPTH = 32


class UnsafeYaml(yaml.YAMLError):
    """YAML this site refuses though the YAML is valid: an anchor or alias, a duplicate key, too large or too deep.

    A YAMLError, so every caller that handles broken YAML handles this too."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"{line}: {message}" if line else message)


def read_capped(path: Path, limit: int) -> str:
    """A file's text (UTF-8, a byte-order mark dropped, CRLF read as LF), refused past ``limit`` bytes before it is read."""
    if path.is_symlink():
        raise UnsafeYaml(None, "is a symbolic link — the build reads only files in the repository: replace the link with the file itself")
    size = path.stat().st_size
    if size > limit:
        raise UnsafeYaml(None, f"the file is {size:,} bytes, over the limit of {limit:,} — split it or remove what no page uses")
    return normalise(path.read_bytes().decode("utf-8"))


def normalise(text: str) -> str:
    """Text as every rule reads it: no byte-order mark, LF line ends (a harmless encoding must not move a line number)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


#: What git writes into a file it could not merge: the ours, base and theirs markers (seven characters at a line start).
CONFLICT = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)")


def conflict_markers(text: str) -> Iterator[tuple[int, str]]:
    """``(line, message)`` for each merge-conflict marker: both sides would be published, or the data misread.

    One home for the rule: data files here, pages, replies and templates through kbtools/pagetext.py.
    """
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "|||||||" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if CONFLICT.match(line):
            yield number, f"a merge-conflict marker ({line[:7]}) — resolve the conflict: keep one side, delete the markers and the ======= line"


def compose(text: str) -> yaml.Node | None:
    """The one way this project parses YAML it did not write itself (data files, front matter, old data versions).

    PyYAML's safe loader expands aliases (nine nested levels grew past 4 GB in a minute) and lets a repeated key win
    silently; here both are refused with their lines, as is nesting deeper than ``MAX_DEPTH``. Anchors are found in
    LibYAML's event stream, which costs milliseconds and expands nothing; then the tree is composed and walked.
    """
    if "&" in text or "*" in text:
        for event in yaml.parse(text, Loader=_FastSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise UnsafeYaml(event.start_mark.line + 1, f"alias *{event.anchor}: anchors and aliases are not allowed — write the value out in full")
            if getattr(event, "anchor", None):
                raise UnsafeYaml(event.start_mark.line + 1, f"anchor &{event.anchor}: anchors and aliases are not allowed — write the value out in full")
    try:
        node = yaml.compose(text, Loader=_FastSafeLoader)
    except RecursionError:
        raise UnsafeYaml(None, f"nested deeper than {MAX_DEPTH} levels — flatten the structure") from None
    if node is not None:
        _check_tree(node, 0)
    return node


def _check_tree(node: yaml.Node, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise UnsafeYaml(node.start_mark.line + 1, f"nested deeper than {MAX_DEPTH} levels — flatten the structure")
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                if key.value == "<<" and key.tag == "tag:yaml.org,2002:merge":
                    raise UnsafeYaml(line, "a merge key (<<) copies another mapping — write the keys out in full")
                if key.value in seen:
                    raise UnsafeYaml(
                        line,
                        f"key '{key.value}' is written twice, on lines {seen[key.value]} and {line}: the last would silently win — keep one",
                    )
                seen[key.value] = line
            _check_tree(value, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_tree(item, depth + 1)


def load(text: str, line_offset: int = 0) -> Any:
    """Parse ``text`` with ``compose``'s rules, impossible dates refused; errors carry the line plus ``line_offset``."""
    try:
        node = compose(text)
    except UnsafeYaml as exc:
        raise UnsafeYaml(exc.line + line_offset if exc.line else None, exc.message) from None
    return construct(node) if node is not None else None


def construct(node: yaml.Node) -> Any:
    """The Python value of a composed tree (safe types only; an impossible date is a YAML error at its line)."""
    loader = DateCheckingLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def dotted(path: str, name: str) -> str:
    """The dotted key of ``name`` under ``path`` (``plans.pro`` + ``monthly``)."""
    return f"{path}.{name}" if path else name


@dataclass(frozen=True)
class Schedule:
    """A value that changes on a date: ``{value: NEW, from: YYYY-MM-DD, was: OLD}`` in any data file."""

    key: str  # dotted key of the value (``refunds.goodwill_window_days``)
    value: Any  # the new value, in force from ``effective``
    effective: date
    was: Any  # the value it replaces, in force before ``effective``
    line: int | None = None  # where the value is written

    def upcoming(self, as_of: date | None) -> bool:
        """True while the change is still ahead (the page shows "changes to X on D")."""
        return as_of is None or as_of < self.effective


SCHEDULE_KEYS = {"value", "from", "was"}


#: Data files' composed trees by name and text: `make check` loads the data more than once in a run, and the tests
#: load it in many copies of the tree. Composing is most of a load; the tree is only read afterwards (constructing the
#: values makes new objects), and a file that fails to compose is not kept.
_COMPOSED: dict[tuple[str, str], yaml.Node | None] = {}


def _composed(display: str, text: str) -> yaml.Node | None:
    key = (display, text)
    if key not in _COMPOSED:
        if len(_COMPOSED) >= 512:
            _COMPOSED.clear()
        _COMPOSED[key] = compose(text)
    return _COMPOSED[key]


class Source:
    """One parsed data file: its values, and the line where each dotted key was written.

    A value written as ``{value: NEW, from: DATE, was: OLD}`` is a scheduled change: the file reads as ``OLD``
    before ``as_of`` reaches DATE and as ``NEW`` from it, and ``schedules`` keeps the change for the pages to say
    "changes to NEW on DATE". Without ``as_of`` (a tool that needs no date) it reads as ``OLD``.
    """

    def __init__(self, path: Path, display: str, as_of: date | None = None, hosts: frozenset[str] = frozenset()) -> None:
        self.display = display
        self.hosts = hosts  # internal-looking hosts a web address may name (data/trusted.yml)
        self.path = path
        self.as_of = as_of
        self.schedules: dict[str, Schedule] = {}
        try:
            text = read_capped(path, MAX_DATA_BYTES)
        except FileNotFoundError:
            raise DataError(display, None, "", "file not found — restore it from git or create it") from None
        except UnsafeYaml as exc:
            raise DataError(display, exc.line, "", exc.message) from None
        except UnicodeDecodeError as exc:
            raise DataError(display, None, "", f"not UTF-8 ({exc.reason} at byte {exc.start}) — save the file as UTF-8") from None
        for line, message in conflict_markers(text):
            raise DataError(display, line, "", message)
        try:
            node = _composed(display, text)
        except UnsafeYaml as exc:
            raise DataError(display, exc.line, "", exc.message) from None
        except yaml.YAMLError as exc:
            # Point at where the broken construct starts (an unclosed bracket or quote), not where the
            # parser gave up, which is often the next key.
            problem_mark = getattr(exc, "problem_mark", None)
            context_mark = getattr(exc, "context_mark", None)
            mark = context_mark or problem_mark
            line = mark.line + 1 if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            if context_mark and problem_mark and problem_mark.line != context_mark.line:
                problem += f" on line {problem_mark.line + 1}"
            raise DataError(display, line, "", f"invalid YAML ({problem}) — fix the indentation, brackets or quotes from this line on") from None
        self.lines: dict[str, int] = {}
        if node is not None:
            _record_lines(node, "", self.lines)
        try:
            self.value = construct(node) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            raise DataError(display, line, "", str(exc.problem)) from None
        self.value = self._resolve(self.value, "")

    def _resolve(self, value: Any, key: str) -> Any:
        """Replace every scheduled value by the one in force on ``as_of``, keeping the schedule."""
        if isinstance(value, dict) and "from" in value and "value" in value:
            if set(value) != SCHEDULE_KEYS:
                raise self.error(key, "a scheduled change has exactly value, from and was — {value: NEW, from: 2027-01-01, was: OLD}")
            if not isinstance(value["from"], date):
                raise self.error(f"{key}.from", f"from must be the date the new value takes effect, like 2027-01-01, got {value['from']!r}")
            if type(value["value"]) is not type(value["was"]):
                raise self.error(key, f"value and was must be the same kind of value (both quoted money…), got {value['value']!r} and {value['was']!r}")
            schedule = Schedule(key, value["value"], value["from"], value["was"], self.line(key))
            self.schedules[key] = schedule
            return schedule.was if schedule.upcoming(self.as_of) else schedule.value
        if isinstance(value, dict):
            return {name: self._resolve(item, dotted(key, str(name))) for name, item in value.items()}
        if isinstance(value, list):
            return [self._resolve(item, f"{key}[{index}]") for index, item in enumerate(value)]
        return value

    def line(self, key: str) -> int | None:
        """The line where ``key`` (or, failing that, its nearest parent) is written."""
        line, probe = None, key
        while probe and line is None:
            line = self.lines.get(probe)
            probe = probe.rpartition(".")[0] if "." in probe else ""
        return line or self.lines.get("")

    def error(self, key: str, message: str) -> DataError:
        return DataError(self.display, self.line(key), key, message)

    # Typed getters. ``parent`` is a dict already obtained from this source, ``key`` its dotted path.
    def get(self, parent: dict[str, Any], path: str, name: str, *, required: bool = True) -> Any:
        if name not in parent:
            if required:
                raise self.error(path or name, f"missing key '{name}' — add it (see the comment at the top of the file)")
            return None
        return parent[name]

    def mapping(self, parent: dict[str, Any], path: str, name: str) -> dict[str, Any]:
        value = self.get(parent, path, name)
        key = dotted(path, name)
        if not isinstance(value, dict) or not value:
            raise self.error(key, f"expected a non-empty mapping of keys, got {type(value).__name__}")
        return value

    def sequence(self, parent: dict[str, Any], path: str, name: str) -> list[Any]:
        value = self.get(parent, path, name)
        key = dotted(path, name)
        if not isinstance(value, list) or not value:
            raise self.error(key, f"expected a non-empty list, got {type(value).__name__}")
        return value

    def text(self, parent: dict[str, Any], path: str, name: str, *, required: bool = True) -> str | None:
        value = self.get(parent, path, name, required=required)
        key = dotted(path, name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected text, got {value!r} — write it as a quoted string")
        markup = MARKUP.search(value)
        if markup:
            # Every text in data/ reaches a page (a table cell, a tooltip, a form label): none may be markup.
            raise self.error(key, f"plain text only: remove {markup.group(0)!r} — it would reach the page as markup")
        return value.strip()

    def choice(self, parent: dict[str, Any], path: str, name: str, choices: Any) -> str:
        """Text that must be one of ``choices`` (any iterable of strings, such as a dict's keys)."""
        value = self.text(parent, path, name)
        allowed = list(choices)
        if value not in allowed:
            raise self.error(dotted(path, name), f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    def url(self, parent: dict[str, Any], path: str, name: str, *, required: bool = True) -> str | None:
        value = self.text(parent, path, name, required=required)
        key = dotted(path, name)
        if value is not None:
            if not value.startswith("https://"):
                raise self.error(key, f"expected a web address starting with https://, got {value!r}")
            wrong = urls.problem(value, self.hosts)
            if wrong:
                raise self.error(key, wrong)
        return value

    def integer(self, parent: dict[str, Any], path: str, name: str, low: int, high: int) -> int:
        value = self.get(parent, path, name)
        key = dotted(path, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number from {low} to {high}, got {value!r}")
        if not low <= value <= high:
            raise self.error(key, f"expected a whole number from {low} to {high}, got {value}")
        return value

    def boolean(self, parent: dict[str, Any], path: str, name: str) -> bool:
        value = self.get(parent, path, name)
        key = dotted(path, name)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def money(self, parent: dict[str, Any], path: str, name: str) -> Decimal:
        value = self.get(parent, path, name)
        key = dotted(path, name)
        if not isinstance(value, str):
            raise self.error(key, f'expected a quoted decimal like "20.00", got {value!r}')
        try:
            amount = parse_money(value)
        except MoneyError as exc:
            raise self.error(key, str(exc)) from None
        if amount < 0:
            raise self.error(key, f"expected an amount of zero or more, got {value!r}")
        return amount


class DateCheckingLoader(_FastSafeLoader):
    """PyYAML's safe loader, except that an impossible date (2026-02-30) is a YAML error at its line.

    The stock loader raises a bare ValueError with no position, and MkDocs then silently drops the page's front
    matter (render_macros and all): here the editor gets ``file:line``.
    """

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date — check the day and the month (YYYY-MM-DD)", node.start_mark
            ) from None


DateCheckingLoader.add_constructor("tag:yaml.org,2002:timestamp", DateCheckingLoader.construct_yaml_timestamp)
