"""OpenDocument text (``.odt``): documents an office corrects in its word processor.

A document is built from structure, never from HTML: headings with their
outline level (a word processor's navigator and a screen reader find them),
paragraphs, bullet lists, tables with a header row, and bold runs. Every
value passes :func:`~merzig_cli.documents.media.odt` last, so no hidden or
controlling character (and nothing XML cannot hold) reaches the file. The same
structure always gives the same bytes: the archive's time stamps are fixed,
so a rebuilt, unchanged document is not even touched (``write_outputs``).
odfpy is imported here, inside the builder, so no other command pays for it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .media import odt as clean

# The archive's time stamps: fixed, so that the bytes depend on the content alone.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Bold:
    """A run of bold text inside a paragraph or a list item."""

    text: str


Run = str | Bold


class OdtDocument:
    """One text document in German (or ``lang``), built top to bottom."""

    def __init__(self, title: str, lang: str = "de") -> None:
        from odf import dc
        from odf.opendocument import OpenDocumentText

        self._doc: Any = OpenDocumentText()
        self._doc.meta.addElement(dc.Title(text=clean(title)))
        self._doc.meta.addElement(dc.Language(text=lang))
        self._styles = _styles(self._doc, lang)

    def heading(self, level: int, text: str) -> None:
        from odf.text import H

        level = min(max(level, 1), 3)
        self._doc.text.addElement(
            self._fill(H(outlinelevel=level, stylename=self._styles[f"h{level}"]), [text])
        )

    def paragraph(self, *runs: Run, style: str = "body") -> None:
        from odf.text import P

        self._doc.text.addElement(self._fill(P(stylename=self._styles[style]), runs))

    def bullets(self, items: Sequence[Run | Sequence[Run]]) -> None:
        """A bullet list; an item is a text or a sequence of runs."""
        from odf.text import List, ListItem, P

        if not items:
            return
        found = List(stylename=self._styles["bullets"])
        for item in items:
            runs = [item] if isinstance(item, str | Bold) else list(item)
            entry = ListItem()
            entry.addElement(self._fill(P(stylename=self._styles["body"]), runs))
            found.addElement(entry)
        self._doc.text.addElement(found)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table with a repeated header row (its columns share the page width)."""
        from odf.table import Table, TableColumn, TableHeaderRows

        number = sum(1 for _ in self._doc.text.getElementsByType(Table)) + 1
        table = Table(name=f"Tabelle{number}", stylename=self._styles["table"])
        table.addElement(TableColumn(numbercolumnsrepeated=len(header)))
        head = TableHeaderRows()
        head.addElement(self._row(header, "th"))
        table.addElement(head)
        for row in rows:
            table.addElement(self._row(row, "td"))
        self._doc.text.addElement(table)

    def facts(self, items: Sequence[tuple[str, str]]) -> None:
        """Label and text, one pair a paragraph (the HTML's definition list)."""
        for label, text in items:
            self.paragraph(Bold(f"{label}: "), text)

    def _row(self, cells: Sequence[str], style: str) -> Any:
        from odf.table import TableCell, TableRow
        from odf.text import P

        row = TableRow()
        for value in cells:
            cell = TableCell(stylename=self._styles["cell"], valuetype="string")
            cell.addElement(self._fill(P(stylename=self._styles[style]), [value]))
            row.addElement(cell)
        return row

    def _fill(self, element: Any, runs: Sequence[Run]) -> Any:
        """``element`` with the text of ``runs``: spaces, tabs and breaks as ODF writes them."""
        from odf import teletype
        from odf.text import Span

        for run in runs:
            if isinstance(run, Bold):
                span = Span(stylename=self._styles["bold"])
                teletype.addTextToElement(span, clean(run.text))
                element.addElement(span)
            else:
                teletype.addTextToElement(element, clean(run))
        return element

    def to_bytes(self) -> bytes:
        """The document as an ``.odt`` file, byte-identical for identical content."""
        _every_namespace()
        raw = io.BytesIO()
        self._doc.write(raw)
        return _fixed_times(raw.getvalue())


def _styles(doc: Any, lang: str) -> dict[str, Any]:
    """Headings, body text, table and list styles; the language for spelling and hyphens."""
    from odf.style import (
        DefaultStyle,
        ListLevelProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableProperties,
        TextProperties,
    )
    from odf.text import ListLevelStyleBullet, ListStyle

    default = DefaultStyle(family="paragraph")
    default.addElement(
        TextProperties(
            fontfamily="Liberation Sans, Arial, sans-serif",
            fontsize="11pt",
            language=lang,
            country="DE" if lang == "de" else "none",
        )
    )
    doc.styles.addElement(default)
    found: dict[str, Any] = {}

    def paragraph_style(name: str, display: str, size: str, bold: bool, top: str) -> Any:
        style = Style(name=name, displayname=display, family="paragraph")
        style.addElement(ParagraphProperties(margintop=top, marginbottom="0.12cm"))
        style.addElement(TextProperties(fontsize=size, fontweight="bold" if bold else "normal"))
        doc.styles.addElement(style)
        return style

    found["h1"] = paragraph_style("Heading_20_1", "Heading 1", "16pt", True, "0.2cm")
    found["h2"] = paragraph_style("Heading_20_2", "Heading 2", "13pt", True, "0.4cm")
    found["h3"] = paragraph_style("Heading_20_3", "Heading 3", "11.5pt", True, "0.35cm")
    for level in (1, 2, 3):
        found[f"h{level}"].setAttribute("defaultoutlinelevel", str(level))
    found["body"] = paragraph_style("Text_20_body", "Text body", "11pt", False, "0cm")
    found["meta"] = paragraph_style("Meta", "Meta", "9.5pt", False, "0cm")
    found["th"] = paragraph_style("Table_20_Heading", "Table Heading", "10pt", True, "0cm")
    found["td"] = paragraph_style("Table_20_Contents", "Table Contents", "10pt", False, "0cm")
    bold = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.styles.addElement(bold)
    found["bold"] = bold
    table = Style(name="Tabelle", family="table")
    table.addElement(TableProperties(width="17cm", align="left"))
    doc.automaticstyles.addElement(table)
    found["table"] = table
    cell = Style(name="Zelle", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #808080", padding="0.08cm"))
    doc.automaticstyles.addElement(cell)
    found["cell"] = cell
    bullets = ListStyle(name="Aufzaehlung")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.5cm"))
    bullets.addElement(level)
    doc.styles.addElement(bullets)
    found["bullets"] = bullets
    return found


def _every_namespace() -> None:
    """Declare every namespace odfpy knows, in a fixed order, on each part written.

    odfpy collects the namespaces it has seen in one dictionary shared by every document
    of the process, and declares them all: without this, a document's bytes would
    depend on which documents were written before it in the same run.
    """
    from odf.element import Element
    from odf.namespaces import nsdict

    Element.namespaces.clear()
    Element.namespaces.update(sorted(nsdict.items(), key=lambda item: item[1]))


def _fixed_times(data: bytes) -> bytes:
    """The archive again, every entry in its order with a fixed time stamp (``mimetype`` first
    and uncompressed, as OpenDocument requires)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def odt_text(data: bytes, limit: int = 64 * 1024 * 1024) -> str:
    """The text of an ``.odt`` file, one line per heading or paragraph in document order
    (``privacy check`` and the tests read a document back with it). An archive that would
    unpack to more than ``limit`` bytes is refused (ValueError) before it is unpacked."""
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > limit:
            raise ValueError("OpenDocument-Datei zu groß zum Lesen")

    blocks = {(TEXTNS, "h"), (TEXTNS, "p")}
    lines: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            if getattr(child, "qname", None) in blocks:
                lines.append(teletype.extractText(child))
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(load(io.BytesIO(data)).text)
    return "\n".join(lines)
