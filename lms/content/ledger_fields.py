"""Reading a ledger's YAML with line numbers, and its field checks (each problem as (line, message)).

Amounts and times stay text until read here (YAML would turn 0.1 into a float), addresses are
checked against their checksums, and every mapping remembers the line it starts on.
Pure: no Flask, no database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from . import addresses as A  # noqa: N812

LINE = "__line__"


class Loader(yaml.SafeLoader):
    """Every mapping remembers the line it starts on (under LINE), for file:line messages."""


def _mapping_with_line(loader: Loader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
# Amounts and times stay text until we read them ourselves: YAML would turn 0.1 into a float.
Loader.yaml_implicit_resolvers = {
    k: [(tag, regexp) for tag, regexp in v if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Checker:
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def keys(self, item: Any, where: int, allowed: set[str], required: set[str], what: str) -> dict | None:
        if not isinstance(item, dict):
            self.problem(where, f"{what} must be a set of 'key: value' lines")
            return None
        line = item.get(LINE, where)
        for name in sorted(set(item) - allowed - {LINE}):
            self.problem(line, f"{what} has an unknown key '{name}'; the keys are {', '.join(sorted(allowed))}")
        for name in sorted(required - set(item)):
            self.problem(line, f"{what} needs '{name}'")
        return item

    def exactly(self, item: Any, where: int, names: set[str], what: str) -> dict | None:
        """`keys` for a mapping whose keys are all required."""
        return self.keys(item, where, names, names, what)

    def text(self, item: dict, name: str, what: str) -> str | None:
        value = item.get(name)
        if value is None:
            return None
        if not isinstance(value, (str, int)) or not str(value).strip():
            self.problem(item[LINE], f"'{name}' of {what} must be text")
            return None
        return str(value).strip()

    def amount(self, item: dict, name: str, decimals: int, what: str, allow_zero: bool = False) -> Decimal | None:
        raw = item.get(name)
        try:
            value = (
                Decimal(str(raw).replace("_", ""))
                if isinstance(raw, (str, int)) and not isinstance(raw, bool)
                else None
            )
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.problem(item[LINE], f"'{name}' of {what} must be a number such as 0.015 (it is {raw!r})")
            return None
        if value < 0 or (value == 0 and not allow_zero):
            self.problem(item[LINE], f"'{name}' of {what} must be more than 0 (it is {value})")
            return None
        if -value.as_tuple().exponent > decimals:  # type: ignore[operator]
            self.problem(item[LINE], f"'{name}' of {what} has more than {decimals} decimals ({value})")
            return None
        return value

    def time(self, item: dict, name: str, what: str) -> datetime | None:
        raw = item.get(name)
        try:
            value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            self.problem(
                item[LINE], f"'{name}' of {what} must be a UTC time such as 2026-03-02T09:14:31Z (it is {raw!r})"
            )
            return None
        return value.astimezone(UTC)

    def address(self, item: dict, name: str, kinds: frozenset[str], what: str) -> str | None:
        value = self.text(item, name, what)
        if value is None:
            return None
        problem = A.problem_with(value)
        if problem:
            self.problem(item[LINE], f"{what}: {problem}")
            return None
        if A.kind_of(value) not in kinds:
            self.problem(item[LINE], f"{what}: '{value}' is not an address of this chain's kind")
            return None
        return value

    def txid(self, item: dict, name: str, what: str) -> str | None:
        value = self.text(item, name, what)
        if value is None:
            return None
        if not A.TXID.match(value):
            self.problem(item[LINE], f"{what}: a transaction id is 64 hexadecimal digits (it is '{value}')")
            return None
        return value.lower().removeprefix("0x")


def entries(checker: Checker, item: dict, name: str, line: int, what: str, required: bool = True) -> list:
    value = item.get(name, [] if not required else None)
    if not isinstance(value, list) or (required and not value):
        checker.problem(line, f"{what} needs '{name}': a list of at least one entry")
        return []
    return value
