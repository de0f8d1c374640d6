"""The Steckbrief as a spreadsheet form that an actor fills in (``merzig actors form``).

One layout (:func:`layout`) is written as XLSX here and as ODS by
:mod:`.ods`: a hidden key column A names each row's field, column B the
German label, column C takes the answer (the only unlocked cells) and
column D explains it. The first rows hold, hidden in column A, the form's
version, the actor's id and a checksum of the layout, so that the import
knows which actor and which layout it reads and can tell a form whose rows
were moved. Choices come from drop-down lists that point to a hidden sheet
(an inline list is limited to 255 characters).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..core.languages import language_name
from ..core.vocab import LEVELS
from ..schema.config import Taxonomy, pick_label
from .fields import (
    ACTOR_FIELDS,
    BLOCK_TITLES,
    CONTACT_BLOCKS,
    FORM_VERSION,
    MULTI,
    OFFER_BLOCKS,
    Field,
    block_fields,
)

SHEET = "Steckbrief"
LISTS = "Listen"
META_ROWS = 3  # version, actor id, checksum in A1:A3
FIRST_ROW = 5
VOCABS = ("category", "level", "topic", "target_group", "language")


@dataclass(frozen=True)
class Row:
    key: str  # "" for a heading
    label: str
    help: str = ""
    value: str = ""
    vocab: str = ""
    long: bool = False


def vocabularies(tax: Taxonomy) -> dict[str, dict[str, str]]:
    """Every choice list as id -> German label (what the drop-downs show)."""
    from ..core.languages import ISO_639_1

    return {
        "category": {k: pick_label(v.label, "de") for k, v in tax.categories.items()},
        "level": dict(LEVELS),
        "topic": {k: pick_label(v.label, "de") for k, v in tax.topics.items()},
        "target_group": {k: pick_label(v.label, "de") for k, v in tax.target_groups.items()},
        "language": {c: language_name(c) for c in sorted(ISO_639_1, key=language_name)},
    }


def _shown(value: Any, vocab: dict[str, str] | None) -> str:
    if value is None:
        return ""
    text = str(value)
    return vocab.get(text, text) if vocab is not None else text


def _field_rows(
    f: Field, data: dict[str, Any], vocabs: dict[str, dict[str, str]], lookup: str = ""
) -> list[Row]:
    """The row(s) of ``f``, pre-filled from ``data`` under ``lookup`` (default: the key)."""
    head, _, rest = (lookup or f.key).partition(".")
    value: Any = data.get(head)
    if rest and isinstance(value, dict):
        value = value.get(rest)
    elif rest:
        value = None
    vocab = vocabs.get(f.vocab) if f.vocab else None
    if f.kind == MULTI:
        items = [_shown(v, vocab) for v in value] if isinstance(value, list) else []
        slots = max(f.slots, len(items) + 1)
        return [
            Row(
                f.key,
                f.label if n == 0 else f"{f.label} ({n + 1})",
                f.help if n == 0 else "",
                items[n] if n < len(items) else "",
                f.vocab,
            )
            for n in range(slots)
        ]
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return [Row(f.key, f.label, f.help, _shown(value, vocab), f.vocab, f.kind == "long")]


def layout(
    tax: Taxonomy, municipality: str, data: dict[str, Any] | None = None
) -> tuple[str, list[Row]]:
    """(the actor's id or "", the form's rows from FIRST_ROW on); ``data``: the current Steckbrief."""
    data = data or {}
    vocabs = vocabularies(tax)
    rows: list[Row] = [Row("", "Die Einrichtung")]
    for f in ACTOR_FIELDS:
        rows += _field_rows(f, data, vocabs)
    for block, default in (("contacts", CONTACT_BLOCKS), ("offers", OFFER_BLOCKS)):
        items = data.get(block) if isinstance(data.get(block), list) else []
        assert isinstance(items, list)
        for n in range(1, max(default, len(items) + 1) + 1):
            item = items[n - 1] if n <= len(items) and isinstance(items[n - 1], dict) else {}
            rows.append(Row("", f"{BLOCK_TITLES[block]} {n}"))
            for f in block_fields(block, n):
                rows += _field_rows(f, item, vocabs, f.key.split(".", 2)[2])
    _ = municipality
    return str(data.get("id") or ""), rows


def cell_value(text: object, long: bool = False) -> tuple[str, bool]:
    """(a cell's text, whether it needs Excel's quote prefix), as every spreadsheet of the
    tool writes cells (:func:`merzig_cli.documents.media.xlsx`); a long text keeps its lines."""
    from ..core.text import HIDDEN
    from ..documents import media

    if not long:
        return media.xlsx(text)
    lines = [" ".join(HIDDEN.sub(" ", line).split()) for line in str(text).splitlines()]
    value = "\n".join(lines).strip()
    return value, media.formula(value)


def _put(sheet: Any, row: int, column: int, text: object, long: bool = False) -> Any:
    """Write ``text`` as text: never a formula, nothing that makes the workbook unreadable."""
    cell = sheet.cell(row=row, column=column)
    value, formula = cell_value(text, long) if text not in (None, "") else ("", False)
    cell.value = value or None
    cell.data_type = "s"
    cell.quotePrefix = formula
    return cell


def checksum(actor_id: str, keys: list[str]) -> str:
    """The layout's fingerprint: version, actor and the key of every row, in order."""
    text = "\n".join([FORM_VERSION, actor_id, *keys])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def title(municipality: str, name: str) -> str:
    return f"Steckbrief für das Akteursverzeichnis {municipality}" + (f": {name}" if name else "")


INSTRUCTIONS = (
    "Bitte nur die gelben Felder in Spalte C ausfüllen; Listenfelder über den Pfeil wählen. "
    "Leere Blöcke für Ansprechpersonen und Angebote einfach leer lassen."
)


def xlsx_form(tax: Taxonomy, municipality: str, data: dict[str, Any] | None = None) -> bytes:
    """The form as an Excel workbook (also opened by LibreOffice)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    actor_id, rows = layout(tax, municipality, data)
    vocabs = vocabularies(tax)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    lists = book.create_sheet(LISTS)
    ranges: dict[str, str] = {}
    for col, name in enumerate(VOCABS, start=1):
        letter = chr(ord("A") + col - 1)
        labels = [cell_value(v)[0] for v in vocabs[name].values()] or ["(keine Einträge)"]
        for r, label in enumerate(labels, start=1):
            _put(lists, r, col, label)
        ranges[name] = f"{LISTS}!${letter}$1:${letter}${len(labels)}"
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    keys = [row.key for row in rows]
    sheet["A1"] = FORM_VERSION
    _put(sheet, 2, 1, actor_id)
    sheet["A3"] = checksum(actor_id, keys)
    _put(sheet, 1, 2, title(municipality, str((data or {}).get("name") or "")))
    sheet["B1"].font = Font(bold=True, size=14)
    sheet["B2"] = INSTRUCTIONS
    sheet.merge_cells("B2:D2")
    sheet["B2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 32
    for letter, head in (("B", "Feld"), ("C", "Ihre Angabe"), ("D", "Erklärung")):
        sheet[f"{letter}4"] = head
        sheet[f"{letter}4"].font = Font(bold=True)
    yellow = PatternFill("solid", fgColor="FFF7CC")
    grey = PatternFill("solid", fgColor="DDDDDD")
    validations = {
        name: DataValidation(
            type="list",
            formula1=ranges[name],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Bitte aus der Liste wählen",
            error="Dieser Wert steht nicht in der Liste. Bitte über den Pfeil auswählen.",
        )
        for name in VOCABS
    }
    for dv in validations.values():
        sheet.add_data_validation(dv)
    top = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(rows, start=FIRST_ROW):
        sheet.cell(row=n, column=1, value=row.key or None)
        caption = _put(sheet, n, 2, row.label)
        caption.alignment = top
        if not row.key:
            caption.font = Font(bold=True)
            for col in (2, 3, 4):
                sheet.cell(row=n, column=col).fill = grey
            continue
        answer = _put(sheet, n, 3, row.value, row.long)
        answer.protection = Protection(locked=False)
        answer.fill = yellow
        answer.alignment = top
        _put(sheet, n, 4, row.help).alignment = top
        if row.vocab:
            validations[row.vocab].add(answer.coordinate)
        if row.long:
            sheet.row_dimensions[n].height = 90
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 32
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 55
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column stays possible
    sheet.protection.formatRows = False
    sheet.freeze_panes = "C5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
