"""The network's contact persons for address books and spreadsheets: vCard, CSV, XLSX.

One entry per contact person, with the actor as organisation. Spreadsheets
get German column headers. Every value passes its medium's cleaning last
(:mod:`merzig_cli.documents.media`): control characters and noncharacters go,
and a cell that then starts with ``=``, ``+``, ``-``, ``@`` could be run as a
formula (OWASP „CSV injection“): in CSV it gets a leading apostrophe; in
XLSX it is stored as text with Excel's quote prefix, so the value stays
exact (``+49 …``) and is never evaluated, not even after editing the cell.
CSV is UTF-8 with a BOM, separated by semicolons and with CRLF line ends:
that is what a German Excel opens with umlauts and columns intact. vCard
lines end in CRLF and are folded at 75 octets.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass

from ..core.languages import language_name
from ..core.text import one_line
from ..documents import media
from ..schema.actor import Actor, Contact
from ..schema.config import pick_label
from ..workspace.loader import Workspace
from .recipients import clean_address

FORMATS = {"vcf": "vCard 3.0", "csv": "CSV (Excel, Semikolon)", "xlsx": "Excel-Arbeitsmappe"}
COLUMNS = (
    "Akteur",
    "Akteur-Kennung",
    "Name",
    "Funktion",
    "E-Mail",
    "Telefon",
    "Zuständig für",
    "Sprachen",
    "Verteiler",
    "Anschrift",
    "Internetseite",
)
CSV_DELIMITER = ";"
_UID_NAMESPACE = uuid.UUID("6f7c1a52-7d0f-4b0e-9a5e-2f3c9b8e4d10")


@dataclass(frozen=True)
class Entry:
    actor: Actor
    contact: Contact
    topics: str
    languages: str

    def row(self) -> list[str]:
        """The values as the files hold them; each writer cleans them for its medium."""
        a, c = self.actor, self.contact
        return [
            a.name,
            a.id,
            c.name,
            c.role or "",
            clean_address(c.email) or "",
            c.phone or "",
            self.topics,
            self.languages,
            ", ".join(a.network.lists),
            a.address.one_line() if a.address else "",
            a.website or "",
        ]


def entries(ws: Workspace, actors: list[Actor]) -> list[Entry]:
    topics = ws.taxonomy.topics
    out = []
    for actor in actors:
        for contact in actor.contacts:
            labels = [
                pick_label(topics[t].label, "de") if t in topics else t for t in contact.topics
            ]
            out.append(
                Entry(
                    actor,
                    contact,
                    ", ".join(labels) or "alle Themen",
                    ", ".join(language_name(code) for code in contact.languages),
                )
            )
    return out


def to_csv(rows: list[Entry]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in rows:
        writer.writerow([media.csv(cell) for cell in entry.row()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[Entry]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kontakte"
    table = [[media.xlsx(v) for v in values] for values in [COLUMNS, *(e.row() for e in rows)]]
    for number, values in enumerate(table, start=1):
        for column, (value, formula) in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"  # text, also for "=…": never a formula
            cell.quotePrefix = formula
            if number == 1:
                cell.font = Font(bold=True)
    from openpyxl.utils import get_column_letter

    for column in range(1, len(COLUMNS) + 1):
        width = max(len(values[column - 1][0]) for values in table)
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _vcard(entry: Entry) -> list[str]:
    a, c = entry.actor, entry.contact
    name = one_line(c.name) or c.id
    given, _, family = name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{uuid.uuid5(_UID_NAMESPACE, f'{a.id}/{c.id}')}",
        f"FN:{media.vcard(name)}",
        f"N:{media.vcard(family)};{media.vcard(given)};;;",
        f"ORG:{media.vcard(a.name)}",
    ]
    if c.role:
        lines.append(f"TITLE:{media.vcard(c.role)}")
    if clean_address(c.email):
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{clean_address(c.email)}")
    if c.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{media.vcard(c.phone)}")
    if a.address:
        ad = a.address
        parts = ["", "", ad.street or "", ad.city or "", "", ad.postal_code or "", ""]
        lines.append("ADR;TYPE=WORK:" + ";".join(media.vcard(p) for p in parts))
    from ..documents.sanitize import web_url

    if web_url(a.website):
        lines.append(f"URL:{web_url(a.website)}")  # a URI value: no text escaping
    if a.network.lists:
        lines.append("CATEGORIES:" + ",".join(media.vcard(x) for x in a.network.lists))
    note = f"Zuständig für: {entry.topics}"
    if entry.languages:
        note += f"; Sprachen: {entry.languages}"
    lines += [f"NOTE:{media.vcard(note)}", "END:VCARD"]
    return [_fold(line) for line in lines]


def to_vcf(rows: list[Entry]) -> bytes:
    return "".join(line + "\r\n" for e in rows for line in _vcard(e)).encode("utf-8")


def export_contacts(ws: Workspace, actors: list[Actor], fmt: str) -> bytes:
    """The contact persons of ``actors`` in ``fmt`` (vcf, csv or xlsx)."""
    writers = {"vcf": to_vcf, "csv": to_csv, "xlsx": to_xlsx}
    return writers[fmt](entries(ws, actors))
