"""Write the bundled import examples in data/import/ (``python tools/import_examples.py``).

A LimeSurvey response export (CSV as LimeSurvey writes it: BOM, ``;``, CRLF,
every field quoted) whose headings are the codes of ``merzig actors survey``,
and a form of ``merzig actors form awo-merzig`` filled in as the actor would.
``make demo`` imports both into a copy of data/, never into data/ itself.
All people in them are fictional.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from merzig_cli.exchange.forms import xlsx_form
from merzig_cli.exchange.survey import structure
from merzig_cli.workspace.loader import load_workspace

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "data" / "import"
META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp"]


def survey_export(root: Path) -> bytes:
    ws = load_workspace(root)
    rows = list(
        csv.DictReader(io.StringIO(structure(ws.taxonomy, ws.config.municipality)), delimiter="\t")
    )
    columns: list[str] = []
    codes: dict[tuple[str, str], str] = {}
    question = ""
    for row in rows:
        if row["class"] == "Q":
            question = row["name"]
            if row["type/scale"] not in ("M", "Q"):
                columns.append(question)
        elif row["class"] == "SQ":
            columns.append(f"{question}[{row['name']}]")
            codes[question, row["text"]] = row["name"]
        elif row["class"] == "A":
            codes[question, row["text"]] = row["name"]

    def pick(q: str, *texts: str) -> dict[str, str]:
        return {f"{q}[{codes[q, t]}]": "Y" for t in texts}

    garden = {
        "name": "Interkultureller Garten Merzig",
        "kategorie": codes["kategorie", "Ehrenamt und Vereine"],
        "ebene": codes["ebene", "Zivilgesellschaft"],
        "kurz": "Gemeinsam gärtnern, kochen und Deutsch sprechen: ein Garten für alle am Seffersbach.",
        "beschreibung": "Jeden Samstag ab 10 Uhr. Neue Gärtnerinnen und Gärtner sind willkommen;\r\n"
        "Werkzeug und Saatgut sind da.",
        "strasse": "Am Seffersbach 3",
        "plz": "66663",
        "ort": "Merzig",
        "zeiten": "Sa 10–14 Uhr (April bis Oktober)",
        "email": "garten-merzig@example.org",
        **pick("themen", "Ehrenamt und Engagement", "Freizeit, Sport und Kultur"),
        **pick("zielgruppen", "Geflüchtete", "Neuzugewanderte", "Ehrenamtliche"),
        **pick("sprachen", "Deutsch", "Arabisch", "Persisch"),
        "person1[name]": "Mira Sandmann",
        "person1[funktion]": "Ehrenamtliche Koordination",
        "person1[email]": "mira.sandmann@example.org",
        **pick("person1sprachen", "Deutsch", "Persisch"),
    }
    head = META + columns
    meta = ["1", "2026-11-24 18:02:11", "3", "de", "1840", "", "2026-11-24 17:48:40", ""]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows([head, meta + [garden.get(c, "") for c in columns]])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def filled_form(root: Path) -> bytes:
    ws = load_workspace(root)
    doc = ws.document("actor", "awo-merzig")
    assert doc is not None
    book = load_workbook(io.BytesIO(xlsx_form(ws.taxonomy, ws.config.municipality, doc.data)))
    sheet = book["Steckbrief"]
    answers = {
        "opening_hours": "Mo–Fr 8:00–15:00 Uhr; Jugendtreff Mo–Fr 15:00–20:00 Uhr",
        "languages_note": "Türkisch und Arabisch im Projekt „Frauen stärken“",
    }
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in answers:
            row[2].value = answers[str(row[0].value)]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    root = REPO / "data"
    (OUT / "limesurvey-antworten.csv").write_bytes(survey_export(root))
    (OUT / "steckbrief-awo-merzig.xlsx").write_bytes(filled_form(root))


if __name__ == "__main__":
    main()
