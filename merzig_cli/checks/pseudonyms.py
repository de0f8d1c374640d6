"""Is a case's pseudonym a person's name? And is it initials or a code, as the format asks?

Two separate verdicts (issue 17): a real name of any origin, order or case is
``"name"`` ("Ayşe Demir", "Yılmaz, Emre", "ahmad karimi", "Ahmad K.", "al-Hassan");
a pseudonym that is no name but neither initials nor a code ("Leuchtturm",
"Merzig") only gets a format hint (``"format"``); initials and codes ("A. K.",
"AK-17", "Fall 7") pass. The format is the configurable
``privacy.pseudonym_pattern`` (a regular expression the whole pseudonym must match)
or, without it, :func:`initials_or_code`.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Literal

from .name_lexicon import LONGEST, NAME_SHAPE, TOKEN, foreign, lexicon, word_shaped
from .name_words import COMMON, FREQUENT_SURNAMES, PARTICLES, STRONG_PARTICLES, TITLES

Verdict = Literal["name", "format"] | None
MAX_LENGTH = 200  # a longer pseudonym is looked at only this far
_PIECES = re.compile(r"[^\W\d_]+")


def initials_or_code(text: str) -> bool:
    """The spec's format: initials ("A. K.", "M.-R. A.", "AK", "a.k.") or a code, that is
    anything with a digit ("AK-17", "Fall 7") or a word with a single letter ("Person B")."""
    if any(ch.isdigit() for ch in text):
        return True
    pieces = _PIECES.findall(text)
    if not pieces:
        return False
    if all(len(p) <= 2 or (p.isupper() and len(p) <= 4) for p in pieces):
        return True
    return len(pieces) == 2 and len(pieces[1]) == 1


def _cased(token: str) -> str:
    """The token as a name would be written: "ahmad" and "AHMAD" -> "Ahmad"."""
    if token.islower() or token.isupper():
        return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))
    return token


def _parts(pseudonym: str) -> tuple[list[str], bool]:
    """The words of a pseudonym, without particles ("al-", "van der"), initials and numbers
    ("al-Hassan" is looked up as "Hassan"); and whether a name particle joins two of them."""
    out: list[str] = []
    particle = False
    for token in TOKEN.findall(pseudonym[:MAX_LENGTH]):
        token = token.rstrip("-")
        if not token[:1].isalpha():
            continue
        head, _, rest = token.partition("-")
        if rest[:1].isupper() and head.lower() in STRONG_PARTICLES:
            return [rest], True  # "al-Ramadan", "Abu-Bakr": joined so only in names
        if rest and head.lower() in PARTICLES:
            token, particle = rest, True  # "al-Hassan", "El-Amrani"
        if token.lower() in STRONG_PARTICLES:
            particle = True
        elif particle and token[:1].isupper() and out:
            return out, True  # "Eva van der Linden", "Ahmad bin Rashid"
        if token.lower() in PARTICLES or len(token) < 2 or len(token) > LONGEST:
            continue
        if token.isupper() and len(token) <= 4:
            continue  # an abbreviation or initials: "AK", "BVJ", "SHK"
        out.append(token)
    return out, False


def _titled(pseudonym: str) -> bool:
    """A title before a word that is no noun as it stands: "Herr Jallow", "Frau Dr. Weißenfels"
    (not "Frau Doktor")."""
    tokens = [t for t in TOKEN.findall(pseudonym[:MAX_LENGTH]) if t[:1].isalpha()]
    lex = lexicon()
    for before, word in pairwise(tokens):
        if word.islower() and not before.islower():
            continue  # "junge Frau aus Eritrea": a small word after a title is no name
        if before.capitalize() in TITLES and word not in TITLES:
            word = _cased(word)  # "Herr Mai", "Frau Koch": a name although a noun
            return lex.name(word) or (word not in COMMON and not lex.noun(word, compounds=False))
    return False


def is_name(pseudonym: str) -> bool:
    """Does the pseudonym hold a person's name (first name, surname or both)?"""
    lex = lexicon()
    if _titled(pseudonym):
        return True
    parts, joined = _parts(pseudonym)
    if joined:
        return True
    unknown = 0
    given = False  # a first name of the lists, also one that is a word ("Eva", "Mark")
    for raw in parts:
        word = _cased(raw)
        small = raw.islower()
        given = given or (lex.given(word) and word not in COMMON)
        if word in FREQUENT_SURNAMES:
            return True  # "Müller", "Weber": a job title alone is no pseudonym anyone writes
        listed = lex.name(word)
        is_word = lex.word(word, compounds=not listed)
        if listed and not is_word:
            return True  # "Zeynep", "Kowalczyk", "Ahmad K.", "A. Karimi"
        if NAME_SHAPE.match(word) and not lex.word(word, compounds=False):
            return True  # "Rahimullah S.": no compound of "Mullah"
        if is_word or word in COMMON or word_shaped(word):
            continue
        if NAME_SHAPE.match(word) or foreign(word):
            return True  # "Shevchenko", "Rêzan", "rojîn", "Дмитро"
        if small:
            continue  # "unbekannt", "neu zugewandert": small words need the lists
        if lex.unknown(word):
            unknown += 1
    # "Tesfay Mebrahtu": two words no list knows. A single one ("Sonne": the list of nouns
    # lacks the nouns that are names as well) only gets the format hint, unless beside an
    # initial.
    initial = any(len(t) == 1 and t.isalpha() for t in TOKEN.findall(pseudonym[:MAX_LENGTH]))
    if initial and len(parts) == 1 and given:
        return True  # "Eva W.", "Mark B.": a first name and the initial of a surname
    return unknown >= 2 or (unknown == 1 and initial)  # "D. Tesfaye": an initial and a surname


def pseudonym_verdict(pseudonym: str, pattern: str | None = None) -> Verdict:
    """``"name"`` if the pseudonym holds a name, ``"format"`` if it is neither initials nor a
    code (``pattern``: the configured format), else None."""
    text = pseudonym.strip()
    if is_name(text):
        return "name"
    if pattern:
        try:
            return None if re.fullmatch(pattern, text[:MAX_LENGTH]) else "format"
        except re.error:
            pass  # the schema reports a broken pattern
    return None if initials_or_code(text[:MAX_LENGTH]) else "format"
