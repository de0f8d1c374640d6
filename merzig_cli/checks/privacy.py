"""Privacy checks that several commands share: data minimisation and pseudonyms."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "+49 (0)6861 12345", "0176 1234567", "06861/123-45": a prefix, then digits
# with spaces, slashes, dashes or brackets; at least seven digits in all.
PHONE_IN_TEXT = re.compile(r"(?:\+\s?\d|\(0\)|\b0)[\d\s/()-]{5,}\d")
PHONE_MIN_DIGITS = 7
# "Frau Müller", "Herr Ahmad Karimi": a title followed by a capitalised word.
NAME_AFTER_TITLE = re.compile(r"\b(?:Frau|Herr|Herrn|Mr\.?|Mrs\.?|Ms\.?)\s+[A-ZÄÖÜ][a-zäöüß]+")
FULL_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáíóúç'-]{1,}(?:\s+[A-ZÄÖÜ][a-zäöüßéèáíóúç'-]{1,})+$")

_CAP = r"[A-ZÄÖÜ][a-zäöüßéèáíóúçñ']+"
# Two capitalised words in a row ("Ahmad Karimi"), the second maybe with a
# hyphen ("Al-Sayed"), with the word before them (or the start of the text).
CAPITAL_PAIR = re.compile(
    rf"(?:(?<=\s)|^|(?<=[(„\"]))(?P<prev>\w+\s+)?(?P<a>{_CAP})\s+(?P<b>{_CAP}(?:-{_CAP})?)\b"
)
# "heißt Karimi", "namens Olena", "Name: Karimi".
NAME_CUE = re.compile(rf"\b(?:heißt|heisst|namens|Name(?:\s+ist)?:?)\s+(?P<a>{_CAP})\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Before a noun phrase, not before a name: articles, determiners, prepositions.
_LEAD_WORDS = _words(
    """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
    keiner mein meine meinen meinem meiner dein deine sein seine seinen seinem seiner ihr
    ihre ihren ihrem ihrer unser unsere unseren unserem euer eure jeden jede jeder jedes
    diese dieser dieses diesen welche welcher welches zum zur im am vom beim ins ans mit
    für aus in an auf bei nach zu über unter ohne gegen um durch als wie per pro bis seit
    ab neue neuen neuer alle allen viele mehrere einige the a an my our for with of to"""
)
# Capitalised words that are no names: sentence starters, pronouns, greetings,
# days, months, everyday English of simple questions.
_COMMON = _words(
    """Ich Wir Sie Er Es Du Ihr Man Mein Meine Meinen Dein Sein Seine Ihre Unser Unsere
    Der Die Das Den Dem Des Ein Eine Einen Kein Keine Dies Diese Dieser Wie Was Wer Wo Wann
    Warum Wieso Welche Welcher Welches Wohin Woher Kann Können Könnte Darf Dürfen Muss Müssen
    Soll Sollen Will Gibt Gab Hat Haben Ist Sind War Bin Hallo Guten Tag Tage Morgen Abend
    Sehr Bitte Danke Ja Nein Auch Und Oder Aber Doch Noch Schon Seit Ab Im Am Zum Zur Für
    Mit Bei Nach Ohne Von Vom Aus In An Auf Bis Über Unter Neue Neuer Junger Junge Jungen
    Alte Alter Erste Zweite Anruf Anfrage Frage Termin Kontakt Familie Mutter Vater Sohn
    Tochter Kind Kinder Mann Frau Eltern Bruder Schwester Person Leute Beispiel Zeit Jahr
    Jahre Jahren Monat Monate Woche Wochen Montag Dienstag Mittwoch Donnerstag Freitag
    Samstag Sonntag Januar Februar März April Mai Juni Juli August September Oktober
    November Dezember Deutsch Deutschland Deutsche Englisch Arabisch Türkisch Russisch
    Ukrainisch Persisch Französisch Hilfe Geld Arbeit Schule Kita Job Stelle Amt Stadt
    Kreis Land Haus Wohnung Karte Antrag Kurs Case Blue Card Center Hello Hi Please Can
    Could Where What How Who Which When Why Is Are Do Does My The Our Your Good Thank
    Thanks Dear Yes No Not And Or But Help Need Want Visa Work German English Zwei Drei
    Vier Fünf Sechs Sieben Acht Neun Zehn Elf Zwölf Freie Viele Einige Alle Kitas"""
)
# Endings of German nouns and adjectives (and compound heads) that names lack.
_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ismus", "chen", "nis", "tum",
    "ling", "ment", "isch", "ische", "ischer", "isches", "ischen", "lich", "liche", "licher",
    "liches", "lichen", "ige", "iger", "iges", "igen", "kurs", "amt", "stelle", "center",
    "zentrum", "büro", "haus", "schule", "platz", "geld", "karte", "schein", "recht",
    "arbeit", "kreis", "stadt", "land", "dienst", "verein", "betrieb", "firma", "gericht",
    "behörde", "ierung", "prüfung", "erlaubnis", "kasse", "hilfe", "beratung", "er", "en", "e", "es", "tzt",
)  # fmt: skip


def _plain_word(word: str) -> bool:
    """A capitalised word that is probably no German noun, adjective or function word."""
    return word not in _COMMON and not word.lower().endswith(_NOUN_ENDINGS)


def _name_like(text: str) -> bool:
    for m in CAPITAL_PAIR.finditer(text):
        prev = (m.group("prev") or "").strip().lower()
        if prev in _LEAD_WORDS:
            continue
        a, b = m.group("a"), m.group("b")
        if "-" in b and _plain_word(a):
            return True  # "Mohammed Al-Sayed"
        if _plain_word(a) and _plain_word(b.split("-")[-1]):
            return True
    return any(_plain_word(m.group("a")) for m in NAME_CUE.finditer(text))


def _phone_like(text: str) -> bool:
    return any(
        sum(ch.isdigit() for ch in m.group(0)) >= PHONE_MIN_DIGITS
        for m in PHONE_IN_TEXT.finditer(text)
    )


def personal_data_in(text: str, known_names: Iterable[str] = ()) -> list[str]:
    """What in ``text`` looks like contact data or a name (German descriptions).

    Names are guessed: a title and a capitalised word ("Frau Yilmaz"), two
    capitalised words in a row that are neither common German words nor
    shaped like German nouns and that no article or preposition introduces
    ("Ahmad Karimi", "Mohammed Al-Sayed", "von Olena Kovalenko"), or a word
    after "heißt"/"namens"/"Name". Ordinary questions – every German noun
    capitalised – stay quiet (tests/test_privacy.py measures that).
    """
    found = []
    if EMAIL_IN_TEXT.search(text):
        found.append("eine E-Mail-Adresse")
    if _phone_like(text):
        found.append("eine Telefonnummer")
    if NAME_AFTER_TITLE.search(text) or _name_like(text):
        found.append("einen Namen")
    return found


def looks_like_full_name(pseudonym: str) -> bool:
    """ "Ahmad Karimi" does, "A. K." and "FK26-03" do not."""
    return bool(FULL_NAME.match(pseudonym.strip()))


def tracked_by_git(root: Path, rel_folder: str) -> list[str]:
    """Files below ``root/rel_folder`` that a git repository tracks (empty without git)."""
    if shutil.which("git") is None or not (root / rel_folder).is_dir():
        return []
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--", rel_folder],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode != 0:
        return []
    return [line for line in out.stdout.splitlines() if line.endswith(".yaml")]
