"""Split a Markdown file into its YAML front matter (with line numbers) and its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..i18n import N_

FENCE = "---"


@dataclass
class Document:
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    has_front_matter: bool = False


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def split(text: str) -> Document:
    """Parse `---`-fenced YAML at the top of `text`; no fence means no front matter.

    Raises FrontMatterError with the file line of the problem.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return Document(body=text)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        raise FrontMatterError(1, N_("the front matter opened with '---' is never closed; add a '---' line after it"))
    yaml_text = "".join(lines[1:end])
    loader = yaml.SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark else 2
        raise FrontMatterError(
            line, N_("the front matter is not valid YAML: %(error)s", error=str(exc.problem or exc.context))
        ) from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, N_("the front matter must be a set of 'key: value' lines"))
    key_lines = {}
    if node is not None:
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return Document(
        meta={str(k): v for k, v in meta.items()},
        key_lines=key_lines,
        body="".join(lines[end + 1 :]),
        body_line=end + 2,
        has_front_matter=True,
    )
