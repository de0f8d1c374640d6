"""Which kind of file an import reads, and its answers as entries (one per actor).

A form of ``merzig actors form`` is recognised by its hidden version cell;
any other table has one row per actor and is read by its headings: the
question codes of ``merzig actors survey`` (LimeSurvey: ``themen[SQ]``,
``themen_SQ``; KoboToolbox: ``gruppe/themen/wahl`` with 1/0), or a mapping
file that names the field of each heading (Microsoft Forms, Nextcloud Forms).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.problems import Problem
from ..schema.config import Taxonomy
from ..schema.values import SLUG_RE
from .entries import Entry, Where
from .fields import CHOICE, FORM_VERSION, MULTI, field_for
from .forms import FIRST_ROW, checksum
from .readers import Sheet, read_table
from .survey import Question, codes, norm

# Columns of LimeSurvey, KoboToolbox, Microsoft and Nextcloud Forms that are about the
# response, not the actor; left out without a word.
METADATA = {
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "interviewtime",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "meta/instanceid",
    "starttime",
    "completiontime",
    "lastmodifiedtime",
    "startzeit",
    "fertigstellungszeit",
    "zeitstempel",
    "timestamp",
    "userid",
    "benutzerid",
    "zeitpunktderletztenanderung",
}
DATE_COLUMNS = (
    "submitdate",
    "_submission_time",
    "completiontime",
    "fertigstellungszeit",
    "timestamp",
    "zeitstempel",
)
SELECTED = {"y", "1", "ja", "yes", "true", "wahr", "x"}
IGNORE = "ignore"
HEADING = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(?:\[([^\]]*)\]|_([A-Za-z0-9]+))?$")


@dataclass
class Read:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about the file, not one actor
    kind: str = ""  # Formular | Umfrage | Zuordnung


def _day(text: str) -> dt.date | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text.strip())
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})", text.strip())
    if m:
        first, second, year = (int(x) for x in m.groups())
        day, month = (second, first) if "/" in text[:6] else (first, second)  # US: M/D/Y
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def read_form(sheet: Sheet, name: str) -> Entry:
    """The answers of a form made by ``merzig actors form``; a changed layout is refused."""
    rows = sheet.rows
    col_a = [r[0] if r else "" for r in rows]
    actor_id = col_a[1].strip() if len(col_a) > 1 else ""
    stored = col_a[2].strip() if len(col_a) > 2 else ""
    keys = col_a[FIRST_ROW - 1 :]
    while keys and not keys[-1]:
        keys.pop()
    entry = Entry(Where(name, sheet.name), actor_id=actor_id, complete=True)
    if checksum(actor_id, keys) != stored:
        entry.problems.append(
            entry.where.problem(
                "Das Formular wurde verändert (Zeilen verschoben, eingefügt oder gelöscht, "
                "oder die Kennung geändert); es wird nicht übernommen",
                "Ein neues Formular mit merzig actors form erzeugen und die Angaben übertragen",
            )
        )
        return entry
    if actor_id and not SLUG_RE.match(actor_id):
        entry.problems.append(entry.where.problem(f"Kennung „{actor_id}“ ist ungültig"))
        return entry
    for n, key in enumerate(keys, start=FIRST_ROW):
        if not key:
            continue
        f = field_for(key)
        if f is None:
            entry.problems.append(entry.where.problem(f"unbekanntes Feld „{key}“ in Zeile {n}"))
            continue
        row = rows[n - 1]
        value = row[2] if len(row) > 2 else ""
        where = Where(name, sheet.name, n, 3, f.label, cell=True)
        if f.kind == MULTI:
            entry.add_item(key, value, where)
        else:
            entry.add(key, value, where)
    return entry


def _mapping_keys(mapping: dict[str, str]) -> dict[str, str]:
    return {norm(k) or k: v for k, v in mapping.items()}


def read_rows(sheet: Sheet, name: str, tax: Taxonomy, mapping: dict[str, str] | None) -> Read:
    """A table with one row per actor, read by question codes or by a mapping."""
    out = Read(kind="Zuordnung" if mapping is not None else "Umfrage")
    if not sheet.rows:
        out.problems.append(Where(name, sheet.name).problem("Die Tabelle ist leer"))
        return out
    headings = [h.strip().lstrip("\ufeff") for h in sheet.rows[0]]
    table = codes(tax)
    mapped = _mapping_keys(mapping) if mapping is not None else {}
    plan: list[tuple[str, str | None, str]] = []  # (key, choice id or None, how) per column
    date_col: int | None = None
    multi_columns: set[str] = set()
    by_key = {q.key: q for q in table.values()}
    answer_codes: dict[int, dict[str, str]] = {}  # column -> LimeSurvey answer code -> id
    for col, heading in enumerate(headings, start=1):
        where = Where(name, sheet.name, 1, col, heading)
        key, choice = _column(heading, table, mapped, mapping is not None)
        if key == "_date":
            date_col = col
            key = IGNORE
        if key is None:
            if heading:
                out.problems.append(
                    where.problem(
                        "Unbekannte Spalte: wird nicht übernommen",
                        "In die Zuordnung (--mapping) aufnehmen, falls sie ein Feld ist",
                        severity="warning",
                        code="unknown-column",
                    )
                )
            key = IGNORE
        if choice is not None:
            multi_columns.add(key)
        if mapping is None and key in by_key and by_key[key].field.kind == CHOICE:
            answer_codes[col] = {c.lower(): i for c, i in by_key[key].choices.items()}
        plan.append((key, choice, heading))
    for number, row in enumerate(sheet.rows[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        entry = Entry(Where(name, sheet.name, number))
        if date_col is not None and date_col <= len(row):
            entry.day = _day(row[date_col - 1])
        for col, (key, choice, heading) in enumerate(plan, start=1):
            if key == IGNORE:
                continue
            value = row[col - 1] if col <= len(row) else ""
            where = Where(name, sheet.name, number, col, heading)
            f = field_for(key) if key != "id" else None
            if key == "id":
                value = value.strip()
                if value and not SLUG_RE.match(value):
                    entry.problems.append(where.problem(f"Kennung „{value}“ ist ungültig"))
                entry.actor_id = value if SLUG_RE.match(value) else ""
            elif choice is not None:
                selected = value.strip().lower() in SELECTED
                entry.add_item(key, choice if selected else "", where)
            elif f is not None and f.kind == MULTI:
                if key in multi_columns:
                    continue  # one column per choice says it already (KoboToolbox)
                parts = value.split(";") if ";" in value or mapping is not None else value.split()
                for part in parts or [""]:
                    entry.add_item(key, part, where)
            else:
                entry.add(key, answer_codes.get(col, {}).get(value.strip().lower(), value), where)
        out.entries.append(entry)
    return out


def _column(
    heading: str, table: dict[str, Question], mapped: dict[str, str], by_mapping: bool
) -> tuple[str | None, str | None]:
    """(field key, choice id) of a column; key "ignore" for metadata, None when unknown."""
    plain = heading.strip()
    low = plain.lower()
    if by_mapping:
        target = mapped.get(norm(plain) or plain)
        if target in ("submitted", "eingereicht"):
            return "_date", None
        if target is not None:
            return target, None
    if low in DATE_COLUMNS or norm(plain) in DATE_COLUMNS:
        return "_date", None
    if low in METADATA or norm(plain) in METADATA or low.startswith("_") or not plain:
        return IGNORE, None
    if by_mapping:
        return None, None
    parts = [p for p in plain.split("/") if p]
    if len(parts) > 1:  # KoboToolbox: group/question or group/question/choice
        found = _coded(parts[-2], parts[-1], table)  # a question's part or choice first
        return found if found[0] is not None else _coded(parts[-1], None, table)
    m = HEADING.match(plain)
    if not m:
        return None, None
    return _coded(m.group(1), m.group(2) or m.group(3), table)


def _coded(code: str, sub: str | None, table: dict[str, Question]) -> tuple[str | None, str | None]:
    q = table.get(code.lower())
    if q is None:
        return None, None
    if sub is None:
        return (q.key, None) if not q.parts else (None, None)
    if q.parts:
        key = next((k for c, k in q.parts.items() if c.lower() == sub.lower()), None)
        return key, None
    if sub.lower() == "other":
        return q.key, None  # the free text of "Sonstiges": checked against the list like a value
    choice = next((i for c, i in q.choices.items() if c.lower() == sub.lower()), None)
    if choice is None:
        choice = next((i for i in q.choices.values() if norm(i) == norm(sub)), None)
    return (q.key, choice) if choice is not None else (None, None)


def load_mapping(path: Path) -> dict[str, str]:
    """A mapping file: ``columns: {heading: field key}``; unknown keys are refused."""
    from ..core.files import read_text_or_refuse
    from ..core.yamlio import LoadFailure, parse_text

    text = read_text_or_refuse(path)
    try:
        doc = parse_text(text, path, path.name)
    except LoadFailure as failure:
        raise UserError(
            f"Zuordnung {path.name} ist fehlerhaft: {failure.problem.format()}"
        ) from None
    data: Any = doc.data
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise UserError(
            f"Zuordnung {path.name}: der Abschnitt „columns:“ fehlt",
            "Mit merzig actors import DATEI --mapping-skeleton eine Vorlage erzeugen",
        )
    out: dict[str, str] = {}
    for heading, key in columns.items():
        key = str(key or IGNORE).strip()
        if key not in (IGNORE, "id", "submitted") and field_for(key) is None:
            raise UserError(
                f"Zuordnung {path.name}: „{key}“ (für Spalte „{heading}“) ist kein Feld",
                "Erlaubt sind die Feldnamen aus der Vorlage (--mapping-skeleton), id, "
                "submitted oder ignore",
            )
        out[str(heading)] = key
    return out


def read_file(path: Path, tax: Taxonomy, mapping: dict[str, str] | None) -> Read:
    """Every entry of one file: a form, or the rows of its first visible sheet."""
    sheets = read_table(path)
    if not sheets:
        raise UserError(f"{path.name}: keine sichtbare Tabelle gefunden")
    first = sheets[0]
    if first.rows and first.rows[0] and first.rows[0][0].strip() == FORM_VERSION:
        return Read([read_form(first, path.name)], kind="Formular")
    return read_rows(first, path.name, tax, mapping)
