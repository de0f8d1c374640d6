"""German explanations of YAML syntax errors, located where the user must look.

libyaml and PyYAML word their errors in English and point at the place where
parsing failed, which for an unclosed quote or bracket is often the end of
the file; these rules name the mistake and the line where it begins.
"""

from __future__ import annotations

import yaml

# Needles match both libyaml's and PyYAML's wording; the first match wins.
# (PyYAML's "found character '\\t'" is caught by the tab check in _syntax_failure.)
_SYNTAX_HINTS = [
    (
        "tab character",
        "Tabulator statt Leerzeichen",
        "YAML erlaubt zum Einrücken nur Leerzeichen – Tabulatoren durch Leerzeichen ersetzen",
    ),
    (
        "while scanning a quoted scalar",
        "Anführungszeichen nicht geschlossen",
        "Das schließende \" oder ' am Ende des Textes ergänzen",
    ),
    (
        "while parsing a flow",
        "Klammer nicht geschlossen",
        "Die schließende ] oder } ergänzen; Einträge durch Komma trennen",
    ),
    (
        "found unexpected end of stream",
        "Anführungszeichen oder Klammer nicht geschlossen",
        "Das schließende \" oder ' bzw. ] oder } ergänzen",
    ),
    (
        "mapping values are not allowed",
        "Doppelpunkt an unerwarteter Stelle oder falsche Einrückung",
        "Einrückung prüfen; Text mit „: “ in Anführungszeichen setzen",
    ),
    (
        "did not find expected key",
        "Falsche Einrückung",
        "Alle Schlüssel einer Ebene müssen gleich weit eingerückt sein",
    ),
    (
        "expected <block end>",
        "Falsche Einrückung",
        "Alle Schlüssel einer Ebene müssen gleich weit eingerückt sein",
    ),
    (
        "did not find expected '-' indicator",
        "Falsche Einrückung in einer Liste",
        "Listeneinträge beginnen alle mit „- “ in derselben Spalte",
    ),
    (
        "expected a single document",
        "Mehrere YAML-Dokumente in einer Datei",
        "Pro Datei nur ein Datensatz – die Zeile „---“ entfernen",
    ),
    (
        "found undefined alias",
        "Unbekannter Alias (*name)",
        "Alias entfernen oder Wert direkt eintragen",
    ),
    ("could not determine a constructor", "Unbekanntes YAML-Tag (!…)", "Das Tag entfernen"),
    (
        "nesting depth",
        "YAML ist zu tief verschachtelt",
        "Kein Datensatz braucht so viele Ebenen – Klammern [ und { bzw. Einrückung prüfen",
    ),
]

# Errors about an unclosed construct point at the line where it opens.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow")


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str, int | None, int | None]:
    """(message, hint, line, column) in German for a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    detail = f"{exc.context or ''} {exc.problem or ''}"
    message, hint = "YAML-Syntaxfehler", "Zeile im Editor prüfen"
    for needle, msg, hnt in _SYNTAX_HINTS:
        if needle in detail:
            message, hint = msg, hnt
            break
    if message.startswith("Tabulator") is False and mark is not None:
        lines = text.splitlines()
        if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: max(mark.column, 1) + 1]:
            message, hint = _SYNTAX_HINTS[0][1], _SYNTAX_HINTS[0][2]
    if any(n in detail for n in _OPENED_AT) and exc.context_mark is not None:
        line = exc.context_mark.line + 1
        column = exc.context_mark.column + 1
    return message, hint, line, column
