"""The German format reference (``docs/format.md``), written from the record descriptions.

``python tools/docs.py`` writes the file; a test fails when it is out of
date, so the reference always says what ``merzig validate`` checks.
"""

from __future__ import annotations

from .containers import ListOf, Obj
from .kinds import KINDS
from .record import Rec, attributes
from .values import Spec

INTRO = """\
# Dateiformat des Arbeitsbereichs

<!-- Erzeugt aus den Datensatz-Beschreibungen in merzig_cli/schema/ mit
     python tools/docs.py – bitte nicht von Hand ändern. -->

Ein Arbeitsbereich ist ein Ordner mit dieser Struktur (der Ordner `data/` dieses
Repositorys ist das Beispiel für Merzig). Jede Datei ist UTF-8-YAML; Schlüssel sind
englisch, Texte für Menschen deutsch.

```
{layout}
```

## Regeln für alle Dateien

- `id` ist eine Kennung aus Kleinbuchstaben, Ziffern und Bindestrichen
  (`[a-z0-9][a-z0-9-]*`) und gleich dem Dateinamen ohne `.yaml`; Kennungen sind je
  Datensatzart eindeutig.
- Daten stehen als ISO-Datum da (`2026-11-20`), nie als freier Text.
- Jeder Verweis (Akteur, Ansprechperson, Konferenz, Thema, …) muss aufgelöst werden
  können; ein offener Verweis ist ein Fehler mit Datei, Zeile und fehlender Kennung.
- Unbekannte Schlüssel sind eine Warnung mit einem Vorschlag („meinten Sie …?“).
- Eine Datei über 1 MiB wird abgewiesen; ein UTF-8-BOM ist erlaubt, jede andere
  Kodierung als UTF-8 ein Fehler.
- *Pflicht* heißt: der Schlüssel muss da sein. Alle anderen dürfen fehlen oder `null`
  sein. Wo Werte aufgezählt sind, ist kein anderer Wert gültig.
- Regeln über Dateien hinweg (Einwilligung und `share_with`, Ansprechpersonen,
  Reihenfolge von Daten) prüft `merzig validate`; die Fehlermeldungen nennen sie.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _nested(spec: Spec) -> tuple[str, type] | None:
    """(path suffix, record class) of a value that gets a section of its own."""
    if isinstance(spec, Rec):
        return "", spec.record
    if isinstance(spec, ListOf) and isinstance(spec.item, Rec):
        return "[]", spec.item.record
    if isinstance(spec, Obj) and isinstance(spec.open_keys, Rec):
        return ".<sprache>", spec.open_keys.record
    return None


def _section(path: str, record: type, level: int, out: list[str]) -> None:
    rows = ["| Schlüssel | Pflicht | Wert | Bedeutung |", "|---|---|---|---|"]
    below: list[tuple[str, type]] = []
    for a in attributes(record):
        spec = a.info.spec
        rows.append(
            f"| `{a.key}` | {'ja' if a.info.required else ''} | {_cell(spec.describe())} "
            f"| {_cell(a.info.doc)} |"
        )
        nested = _nested(spec)
        if nested is not None:
            suffix, sub = nested
            below.append((f"{path}.{a.key}{suffix}" if path else f"{a.key}{suffix}", sub))
    out.extend(["", *rows])
    for sub_path, sub in below:
        out.extend(["", f"{'#' * (level + 1)} `{sub_path}`"])
        _section(sub_path, sub, level + 1, out)


def format_reference() -> str:
    """The whole reference as Markdown."""
    layout = "\n".join(f"{k.path:<28} {k.title.split(' (')[0]}" for k in KINDS.values())
    out = [INTRO.format(layout=layout).rstrip()]
    for k in KINDS.values():
        out.extend(["", f"## {k.title}"])
        _section("", k.record, 2, out)
    return "\n".join(out) + "\n"
