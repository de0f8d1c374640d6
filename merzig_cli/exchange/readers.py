"""Read spreadsheets and CSV files that come from outside as plain text grids.

Everything read here is untrusted: the file is size-checked before it is
opened, a workbook's zip members are counted and their unpacked size limited
(a zip bomb never unpacks), formulas are read as the text that was typed
(``=HYPERLINK(…)`` stays that text and is never calculated), external links
are not loaded, hidden sheets are skipped and every cell is cut to
:data:`MAX_CELL` characters by the caller's check.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.files import MIB, read_limited

MAX_FILE = 20 * MIB  # an export of a few hundred actors is well below 1 MiB
MAX_UNPACKED = 100 * MIB  # all members of a workbook together, unpacked
MAX_MEMBERS = 2000
MAX_ROWS = 5000
MAX_COLUMNS = 1000
MAX_CELL = 10_000  # characters; a Steckbrief's longest text is a description


@dataclass
class Sheet:
    name: str
    rows: list[list[str]]  # every cell as text, "" when empty


def _refuse(path: Path, why: str, hint: str | None = None) -> UserError:
    return UserError(f"{path.name} kann nicht gelesen werden: {why}", hint)


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return str(value)
    return str(getattr(value, "text", "") or "")  # an array formula: its text, never a result


def check_zip(path: Path, data: bytes) -> None:
    """Refuse a workbook whose zip would unpack to too much (a zip bomb) before any library opens it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(path, "die Datei ist keine gültige Arbeitsmappe (kein ZIP-Archiv)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(path, f"mehr als {MAX_MEMBERS} Teile im Archiv")
        total = sum(m.file_size for m in members)
        if total > MAX_UNPACKED:
            raise _refuse(
                path, f"entpackt über {MAX_UNPACKED // MIB} MiB groß (ZIP-Bombe?)", "Datei prüfen"
            )


def read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise UserError(f"{path}: Datei nicht gefunden")
    return read_limited(path, MAX_FILE)


def read_csv(path: Path) -> Sheet:
    """A CSV export: UTF-8 with or without BOM (else Windows-1252), ``;``, ``,`` or tab."""
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:4096]
    delimiter = max(";,\t", key=sample.split("\n", 1)[0].count)
    csv.field_size_limit(MAX_CELL * 4)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows: list[list[str]] = []
        for row in reader:
            if len(rows) > MAX_ROWS:
                raise _refuse(path, f"mehr als {MAX_ROWS} Zeilen")
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as exc:
        raise _refuse(path, f"CSV fehlerhaft ({exc})") from None
    return Sheet("", rows)  # a CSV file has no sheets


def read_xlsx(path: Path) -> list[Sheet]:
    """The visible sheets of a workbook, cells as typed (formulas as their text)."""
    data = read_bytes(path)
    check_zip(path, data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _refuse(path, f"keine lesbare Excel-Arbeitsmappe ({type(exc).__name__})") from None
    sheets = []
    try:
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # hidden sheets hold lists or tricks, never answers
            rows: list[list[str]] = []
            try:
                for row in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    if len(rows) > MAX_ROWS:
                        raise _refuse(path, f"Blatt „{ws.title}“ hat mehr als {MAX_ROWS} Zeilen")
                    rows.append([cell_text(v) for v in row])
            except UserError:
                raise
            except Exception as exc:  # read-only mode parses each sheet only here
                why = f"Blatt „{ws.title}“ ist beschädigt ({type(exc).__name__})"
                raise _refuse(path, why) from None
            sheets.append(Sheet(ws.title, rows))
    finally:
        book.close()
    return sheets


def read_table(path: Path) -> list[Sheet]:
    """The visible sheets of a spreadsheet or CSV file, by its ending."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return [read_csv(path)]
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".ods":
        from .ods import read_ods

        return read_ods(path, read_bytes(path))
    raise UserError(
        f"{path.name}: unbekanntes Dateiformat „{suffix or '(ohne Endung)'}“",
        "Lesbar sind .xlsx, .ods und .csv",
    )
