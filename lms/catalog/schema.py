"""What the front matter of course files may hold, and the course's weights. Pure.

Shared by the catalog's reader (build.py) and its translations (localize.py), which must hold the
same settings as their sources.
"""

from __future__ import annotations

from ..content import fields as F  # noqa: N812 - short name for the field schema
from ..i18n import N_, Message

COURSE_FIELDS = [
    F.Field("title", F.text(150), required=True),
    F.Field("summary", F.text(300), required=True),
    F.Field("pass_percent", F.integer(0, 100), default=70),
    F.Field("weights", lambda v: v),  # checked below: a mapping of modules and final
    F.Field("final_assessment", F.slug),
    F.Field("sequential", F.boolean, default=True),
]
PAGE_FIELDS = [
    F.Field("title", F.text(150), required=True),
    F.Field("summary", F.text(300)),
]
MODULE_FIELDS = [
    F.Field("title", F.text(150), required=True),
    F.Field("minutes", F.integer(1, 600), required=True),
    F.Field("objectives", F.text_list(), required=True),
    F.Field("quiz", F.slug),
    F.Field("lab", F.slug),
]


def course_weights(raw: object, has_final: bool) -> tuple[tuple[int, int] | None, Message | None]:
    """(module weight, final weight) from a course's `weights:` setting, or the problem with it."""
    if raw is None:
        return ((50, 50) if has_final else (100, 0)), None
    if not isinstance(raw, dict) or set(raw) != {"modules", "final"}:
        return None, N_("'weights' must have exactly two entries, 'modules' and 'final', e.g. {modules: 40, final: 60}")
    modules, final = raw["modules"], raw["final"]
    if any(isinstance(w, bool) or not isinstance(w, int) or w < 0 for w in (modules, final)) or modules + final != 100:
        return None, N_("'weights' must be whole numbers from 0 that add up to 100 (they add up to %(modules)s + "
                        "%(final)s)", modules=modules, final=final)  # fmt: skip
    if final and not has_final:
        return None, N_("'weights' gives the final assessment a weight, but the course names no 'final_assessment'")
    return (modules, final), None
