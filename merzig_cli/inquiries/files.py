"""How a new inquiry file is written: the data model's key order, the workspace's own style.

A coordinator's repository has its habits (quoted ids, topics in brackets,
indented lists); a file written by the tool looks like the ones written by
hand, so that ``git diff`` and the next reader see nothing strange.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.files import read_limited
from ..schema.inquiry import Inquiry
from ..workspace import store
from ..workspace.loader import list_kind

_NUMBER = re.compile(r"^(\d{4})-(\d{4,})\.yaml$")


def referral_map(actor: str, contact: str | None, day: dt.date) -> Any:
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    item["actor"] = actor
    if contact:
        item["contact"] = contact
    item["date"] = day
    item["status"] = "open"
    return item


@dataclass
class FileStyle:
    """How the workspace's inquiry files are written, so new ones look the same."""

    id_quote: str = '"'  # '"', "'" or "" (no quotes)
    flow_topics: bool = True  # topics: [a, b] rather than one "- a" per line
    sequence_offset: int = 2  # "  - actor:" under "referrals:" (0: "- actor:")


_ID_LINE = re.compile(r"^id:[ \t]*([\"']?)", re.M)
_SEQ_LINE = re.compile(r"^referrals:[ \t]*\r?\n([ ]*)- ", re.M)


def file_style(root: Path) -> FileStyle:
    """The style of the newest inquiry file of the workspace (the default without one)."""
    newest = max(
        (
            Path(path)
            for _, path in list_kind(root, "inquiry").files
            if _NUMBER.match(Path(path).name)
        ),
        key=lambda p: p.name,
        default=None,
    )
    style = FileStyle()
    if newest is None:
        return style
    try:
        text = read_limited(newest).decode("utf-8-sig")[:20000]
    except (OSError, UnicodeDecodeError):
        return style
    if m := _ID_LINE.search(text):
        style.id_quote = m.group(1)
    style.flow_topics = bool(re.search(r"^topics:[ \t]*\[", text, re.M)) or not re.search(
        r"^topics:[ \t]*$", text, re.M
    )
    if m := _SEQ_LINE.search(text):
        style.sequence_offset = len(m.group(1))
    return style


def render_new(inquiry_id: str, new: Inquiry, style: FileStyle | None = None) -> str:
    """The text of a new inquiry file, in the key order of the data model and the workspace's style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    style = style or FileStyle()
    quoted = {'"': DoubleQuotedScalarString, "'": SingleQuotedScalarString}.get(style.id_quote)
    data = CommentedMap()
    data["id"] = quoted(inquiry_id) if quoted else inquiry_id
    data["received"] = new.received
    data["channel"] = new.channel
    data["inquirer"] = new.inquirer
    data["language"] = new.language
    topics = CommentedSeq(new.topics)
    if style.flow_topics:
        topics.fa.set_flow_style()
    data["topics"] = topics
    data["question"] = new.question
    if new.referrals:
        data["referrals"] = [referral_map(r.actor, r.contact, r.date) for r in new.referrals]
    yaml = store.new_yaml()
    offset = style.sequence_offset
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return store.dump(yaml, data)
