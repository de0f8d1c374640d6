"""The form as an OpenDocument spreadsheet (LibreOffice's own format), and reading one back.

Written with odfpy from the same layout as the XLSX form: hidden key
column, protected sheet with unlocked answer cells, drop-down lists from a
hidden sheet (content validations). Reading expands repeated rows and
columns only as far as they hold text, so a file that claims a million
empty columns costs nothing.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..schema.config import Taxonomy
from .fields import FORM_VERSION
from .forms import (
    INSTRUCTIONS,
    LISTS,
    SHEET,
    VOCABS,
    cell_value,
    checksum,
    layout,
    title,
    vocabularies,
)
from .readers import MAX_COLUMNS, MAX_ROWS, Sheet, check_zip


def ods_form(tax: Taxonomy, municipality: str, data: dict[str, Any] | None = None) -> bytes:
    """The form as an ODS file."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import (
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TextProperties,
    )
    from odf.table import (
        ContentValidation,
        ContentValidations,
        ErrorMessage,
        Table,
        TableCell,
        TableColumn,
        TableRow,
    )
    from odf.text import P

    actor_id, rows = layout(tax, municipality, data)
    vocabs = vocabularies(tax)
    doc = OpenDocumentSpreadsheet()

    def style(name: str, family: str, *props: Any) -> Style:
        s = Style(name=name, family=family)
        for p in props:
            s.addElement(p)
        doc.automaticstyles.addElement(s)
        return s

    hidden_table = style("hiddentable", "table", TableProperties(display="false"))
    answer = style(
        "answer",
        "table-cell",
        TableCellProperties(cellprotect="none", backgroundcolor="#fff7cc", wrapoption="wrap"),
    )
    bold = style("bold", "table-cell", TextProperties(fontweight="bold"))
    wrap = style("wrap", "table-cell", TableCellProperties(wrapoption="wrap"))
    widths = [
        style(f"col{i}", "table-column", TableColumnProperties(columnwidth=w))
        for i, w in enumerate(("2cm", "6cm", "11cm", "10cm"))
    ]

    validations = ContentValidations()
    for name in VOCABS:
        count = max(len(vocabs[name]), 1)
        letter = chr(ord("A") + VOCABS.index(name))
        v = ContentValidation(
            name=f"list-{name}",
            condition=f"of:cell-content-is-in-list([$'{LISTS}'.${letter}$1:.${letter}${count}])",
            allowemptycell="true",
            displaylist="unsorted",
        )
        v.addElement(
            ErrorMessage(display="true", messagetype="stop", title="Bitte aus der Liste wählen")
        )
        validations.addElement(v)
    doc.spreadsheet.addElement(validations)

    def cell(text: str = "", long: bool = False, **attrs: Any) -> Any:
        text = cell_value(text, long)[0] if text else ""  # a string cell: never a formula
        c = TableCell(valuetype="string", **attrs) if text else TableCell(**attrs)
        for line in text.split("\n") if text else []:
            c.addElement(P(text=line))
        return c

    form = Table(name=SHEET, protected="true")
    form.addElement(TableColumn(stylename=widths[0], visibility="collapse"))
    for w in widths[1:]:
        form.addElement(TableColumn(stylename=w))
    keys = [r.key for r in rows]
    top = [
        [FORM_VERSION, title(municipality, str((data or {}).get("name") or ""))],
        [actor_id, INSTRUCTIONS],
        [checksum(actor_id, keys)],
        ["", "Feld", "Ihre Angabe", "Erklärung"],
    ]
    for values in top:
        tr = TableRow()
        for i, text in enumerate(values):
            tr.addElement(cell(text, stylename=bold if i and values is top[3] else wrap))
        form.addElement(tr)
    for row in rows:
        tr = TableRow()
        tr.addElement(cell(row.key))
        tr.addElement(cell(row.label, stylename=bold if not row.key else wrap))
        if row.key:
            extra = {"contentvalidationname": f"list-{row.vocab}"} if row.vocab else {}
            tr.addElement(cell(row.value, row.long, stylename=answer, **extra))
            tr.addElement(cell(row.help, stylename=wrap))
        form.addElement(tr)
    doc.spreadsheet.addElement(form)

    lists = Table(name=LISTS, stylename=hidden_table, protected="true")
    columns = [list(vocabs[name].values()) or ["(keine Einträge)"] for name in VOCABS]
    for r in range(max(len(c) for c in columns)):
        tr = TableRow()
        for c in columns:
            tr.addElement(cell(c[r] if r < len(c) else ""))
        lists.addElement(tr)
    doc.spreadsheet.addElement(lists)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _attr(node: Any, name: str) -> str:
    from odf.namespaces import OFFICENS, TABLENS

    ns = OFFICENS if name.startswith("office:") else TABLENS
    value = node.attributes.get((ns, name.split(":", 1)[1]))
    return str(value) if value is not None else ""


def _text(cell: Any) -> str:
    """A cell's value as typed: the text of its paragraphs, a number or date as stored."""
    kind = _attr(cell, "office:value-type")
    if kind in ("float", "percentage", "currency"):
        value = _attr(cell, "office:value")
        return value[:-2] if value.endswith(".0") else value
    if kind == "date":
        return _attr(cell, "office:date-value")[:10]
    if kind == "boolean":
        return "1" if _attr(cell, "office:boolean-value") == "true" else "0"
    from odf import teletype
    from odf.text import P

    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))


def _repeat(node: Any, name: str) -> int:
    try:
        return max(1, int(_attr(node, name) or 1))
    except ValueError:
        return 1


def _hidden_tables(doc: Any) -> set[str]:
    from odf.namespaces import TABLENS
    from odf.style import Style, TableProperties

    hidden = set()
    for s in doc.automaticstyles.getElementsByType(Style):
        for p in s.getElementsByType(TableProperties):
            if p.attributes.get((TABLENS, "display")) == "false":
                hidden.add(str(s.getAttribute("name")))
    return hidden


def _cells(tr: Any) -> list[str]:
    """A row's cells as text; repeated empty cells count only when text follows them."""
    cells: list[str] = []
    empty = 0
    for tc in tr.childNodes:
        if tc.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        text = _text(tc) if tc.qname[1] == "table-cell" else ""
        times = _repeat(tc, "table:number-columns-repeated")
        if not text:
            empty += times
            continue
        if len(cells) + empty + times > MAX_COLUMNS:
            break
        cells += [""] * empty + [text] * times
        empty = 0
    return cells


def read_ods(path: Path, data: bytes) -> list[Sheet]:
    """The visible sheets of an ODS file as text grids."""
    check_zip(path, data)
    from odf.opendocument import load
    from odf.table import Table, TableRow

    said = io.StringIO()  # odfpy prints a part it cannot parse, whole, and goes on
    try:
        with contextlib.redirect_stdout(said):
            doc = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises many kinds for a broken file
        raise UserError(
            f"{path.name} kann nicht gelesen werden: keine lesbare ODS-Datei ({type(exc).__name__})"
        ) from None
    if said.getvalue():  # a part broke: never the file's text on the terminal, never half a sheet
        raise UserError(f"{path.name} kann nicht gelesen werden: die ODS-Datei ist beschädigt")
    hidden = _hidden_tables(doc)
    sheets = []
    for table in doc.spreadsheet.getElementsByType(Table):
        if _attr(table, "table:style-name") in hidden:
            continue
        rows: list[list[str]] = []
        empty_rows = 0  # repeated empty rows count only when text follows them
        for tr in table.getElementsByType(TableRow):
            cells = _cells(tr)
            times = _repeat(tr, "table:number-rows-repeated")
            if not cells:
                empty_rows += times
                continue
            if len(rows) + empty_rows + times > MAX_ROWS:
                raise UserError(f"{path.name}: Blatt „{_attr(table, 'table:name')}“ ist zu lang")
            rows += [[] for _ in range(empty_rows)] + [list(cells) for _ in range(times)]
            empty_rows = 0
        sheets.append(Sheet(_attr(table, "table:name"), rows))
    return sheets
