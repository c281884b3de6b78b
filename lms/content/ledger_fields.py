"""Reading a ledger's YAML with line numbers, and its field checks (each problem as (line, message)).

Amounts and times stay text until read here (YAML would turn 0.1 into a float), addresses are
checked against their checksums, and every mapping remembers the line it starts on.
`what` names the part of the ledger a message is about ("a block", "chain 'bitcoin'"): an
lms.i18n.Message, like the messages themselves, so that pages show both translated.
Pure: no Flask, no database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ..i18n import N_, Message
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
        self.problems: list[tuple[int, Message]] = []

    def problem(self, line: int, message: Message) -> None:
        self.problems.append((line, message))

    def keys(self, item: Any, where: int, allowed: set[str], required: set[str], what: Message) -> dict | None:
        if not isinstance(item, dict):
            self.problem(where, N_("%(what)s must be a set of 'key: value' lines", what=what))
            return None
        line = item.get(LINE, where)
        for name in sorted(set(item) - allowed - {LINE}):
            self.problem(line, N_("%(what)s has an unknown key '%(key)s'; the keys are %(keys)s", what=what, key=name,
                                  keys=", ".join(sorted(allowed))))  # fmt: skip
        for name in sorted(required - set(item)):
            self.problem(line, N_("%(what)s needs '%(key)s'", what=what, key=name))
        return item

    def exactly(self, item: Any, where: int, names: set[str], what: Message) -> dict | None:
        """`keys` for a mapping whose keys are all required."""
        return self.keys(item, where, names, names, what)

    def text(self, item: dict, name: str, what: Message) -> str | None:
        value = item.get(name)
        if value is None:
            return None
        if not isinstance(value, (str, int)) or not str(value).strip():
            self.problem(item[LINE], N_("'%(key)s' of %(what)s must be text", key=name, what=what))
            return None
        return str(value).strip()

    def amount(self, item: dict, name: str, decimals: int, what: Message, allow_zero: bool = False) -> Decimal | None:
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
            self.problem(item[LINE], N_("'%(key)s' of %(what)s must be a number such as 0.015 (it is %(value)s)",
                                        key=name, what=what, value=repr(raw)))  # fmt: skip
            return None
        if value < 0 or (value == 0 and not allow_zero):
            self.problem(item[LINE], N_("'%(key)s' of %(what)s must be more than 0 (it is %(value)s)",
                                        key=name, what=what, value=str(value)))  # fmt: skip
            return None
        if -value.as_tuple().exponent > decimals:  # type: ignore[operator]
            self.problem(item[LINE], N_("'%(key)s' of %(what)s has more than %(decimals)s decimals (%(value)s)",
                                        key=name, what=what, decimals=decimals, value=str(value)))  # fmt: skip
            return None
        return value

    def time(self, item: dict, name: str, what: Message) -> datetime | None:
        raw = item.get(name)
        try:
            value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            self.problem(item[LINE], N_("'%(key)s' of %(what)s must be a UTC time such as 2026-03-02T09:14:31Z (it is %(value)s)",
                                        key=name, what=what, value=repr(raw)))  # fmt: skip
            return None
        return value.astimezone(UTC)

    def address(self, item: dict, name: str, kinds: frozenset[str], what: Message) -> str | None:
        value = self.text(item, name, what)
        if value is None:
            return None
        problem = A.problem_with(value)
        if problem:
            self.problem(item[LINE], N_("%(what)s: %(problem)s", what=what, problem=problem))
            return None
        if A.kind_of(value) not in kinds:
            self.problem(item[LINE], N_("%(what)s: '%(address)s' is not an address of this chain's kind",
                                        what=what, address=value))  # fmt: skip
            return None
        return value

    def txid(self, item: dict, name: str, what: Message) -> str | None:
        value = self.text(item, name, what)
        if value is None:
            return None
        if not A.TXID.match(value):
            self.problem(item[LINE], N_("%(what)s: a transaction id is 64 hexadecimal digits (it is '%(value)s')",
                                        what=what, value=value))  # fmt: skip
            return None
        return value.lower().removeprefix("0x")


def entries(checker: Checker, item: dict, name: str, line: int, what: Message, required: bool = True) -> list:
    value = item.get(name, [] if not required else None)
    if not isinstance(value, list) or (required and not value):
        checker.problem(line, N_("%(what)s needs '%(key)s': a list of at least one entry", what=what, key=name))
        return []
    return value
