"""Build ``merzig_cli/checks/names.txt.gz``: first names, surnames and German nouns.

    python tools/name_lists.py FAKER_WHEEL GERMAN_NOUNS_WHEEL

The personal-data check (``merzig_cli/checks/privacy.py``) needs to know which
capitalised words are names ("Anna", "Müller", "Karimi") and which are German
nouns ("Koch", "Bachelor", "Anerkennung"). Both come from well-kept public
lists, read from the wheels on PyPI (nothing is imported or run from them):

* first names and surnames from the person providers of Faker (MIT licence,
  https://github.com/joke2k/faker), every locale written in Latin letters,
  and the Cyrillic ones (ru_RU, uk_UA, bg_BG) transliterated the English and
  the German way ("Коваленко" -> Kovalenko, Kowalenko);
* German nouns, and the entries marked as first name, surname or place, from
  german-nouns (compiled from Wiktionary DE, CC BY-SA 4.0,
  https://github.com/gambolputty/german-nouns);
* the words of country and language names in German and English from the
  Unicode CLDR data that Babel ships (Unicode licence), so that "India" or
  "Englisch" are not taken for names.

The result is sorted and deterministic; its header names both sources and
licences. The file as a whole is a derivative of the Wiktionary data and
therefore under CC BY-SA 4.0.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "merzig_cli" / "checks" / "names.txt.gz"
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ž'’-]+$")
_CYRILLIC = ("ru_RU", "uk_UA", "bg_BG")

_COMMON_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "ё": "yo", "ы": "y",
    "э": "e", "ъ": "",
}  # fmt: skip
_RUSSIAN = {"г": "g", "и": "i"}
_GERMAN_WAY = {
    "в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ю": "ju", "я": "ja", "є": "je", "ї": "ji", "ё": "jo", "с": "s",
}  # fmt: skip


def transliterate(name: str, table: dict[str, str]) -> str:
    out = "".join(table.get(ch, ch) for ch in name.lower())
    return "-".join(part[:1].upper() + part[1:] for part in out.split("-"))


def _lists(source: str) -> dict[str, list[str]]:
    """Every ``first_names…``/``last_names…`` literal of a Faker provider module."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name) or "name" not in target.id:
            continue
        if not any(k in target.id for k in ("first", "last")):
            continue
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        if isinstance(value, dict):
            value = list(value)
        if isinstance(value, list | tuple):
            found[target.id] = [v for v in value if isinstance(v, str)]
    return found


def faker_names(wheel: Path) -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    prefix = "faker/providers/person/"
    with zipfile.ZipFile(wheel) as z:
        for member in sorted(z.namelist()):
            if not (member.startswith(prefix) and member.endswith("/__init__.py")):
                continue
            locale = member[len(prefix) :].split("/")[0]
            if locale == "__init__.py":
                continue
            lists = _lists(z.read(member).decode("utf-8"))
            for key, names in lists.items():
                bucket = first if "first" in key else last
                for raw in names:
                    for name in raw.split():
                        if locale in _CYRILLIC:
                            table = _COMMON_TRANSLIT | (_RUSSIAN if locale != "uk_UA" else {})
                            bucket.add(transliterate(name, table))
                            bucket.add(transliterate(name, table | _GERMAN_WAY))
                        elif _LATIN.match(name):
                            bucket.add(name)
    return first, last


def wiktionary(wheel: Path) -> tuple[set[str], set[str], set[str], set[str]]:
    """(nouns, first names, surnames, places) of german-nouns, with the plurals of the nouns."""
    nouns: set[str] = set()
    first: set[str] = set()
    last: set[str] = set()
    places: set[str] = set()
    with zipfile.ZipFile(wheel) as z:
        text = z.read("german_nouns/nouns.csv").decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        lemma = row["lemma"].strip()
        if " " in lemma or not lemma[:1].isupper():
            continue
        kinds = set(row["pos"].split(","))
        if "Vorname" in kinds:
            first.add(lemma)
        if "Nachname" in kinds:
            last.add(lemma)
        if "Toponym" in kinds:
            places.add(lemma)
        if kinds & {"Vorname", "Nachname", "Toponym", "Eigenname"}:
            continue
        nouns.add(lemma)
        for key, value in row.items():
            if key.startswith("nominativ plural") and value and " " not in value:
                nouns.add(value.strip())
    return nouns, first, last, places


def world() -> set[str]:
    """Words of country and language names, German and English (Babel's CLDR data)."""
    from babel import Locale

    out: set[str] = set()
    for lang in ("de", "en"):
        locale = Locale.parse(lang)
        for names in (locale.territories, locale.languages):
            out.update(w for name in names.values() for w in str(name).split())
    return out


def build(faker_wheel: Path, nouns_wheel: Path) -> bytes:
    first, last = faker_names(faker_wheel)
    nouns, w_first, w_last, places = wiktionary(nouns_wheel)
    places |= world()
    first |= w_first
    last |= w_last
    lines = [
        "# Namen und Hauptwörter für die Prüfung auf personenbezogene Daten (privacy.py).",
        "# Erzeugt mit tools/name_lists.py aus:",
        "#  - Faker (MIT), faker/providers/person: Vor- und Nachnamen aller Länder in",
        "#    lateinischer Schrift, kyrillische transliteriert; https://github.com/joke2k/faker",
        "#  - german-nouns (Wiktionary DE, CC BY-SA 4.0): Substantive mit Plural, Vornamen,",
        "#    Nachnamen, Orte; https://github.com/gambolputty/german-nouns",
        "#  - Unicode CLDR über Babel: Wörter der Länder- und Sprachnamen (de, en), bei den Orten",
        "# Lizenz dieser Datei: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
    ]
    for section, items in (
        ("first", first),
        ("last", last),
        ("place", places),
        ("noun", nouns),
    ):
        lines.append(f"[{section}]")
        lines.extend(sorted(i for i in items if len(i) >= 2))
    text = "\n".join(lines) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    OUT.write_bytes(build(Path(argv[1]), Path(argv[2])))
    print(f"geschrieben: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
