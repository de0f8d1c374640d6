"""German-aware text folding and matching, shared by search and routing.

"Ärztin", "aerztin" and "ARZTIN" fold alike; "ß" becomes "ss"; "Arzt" finds
"Ärztin" (umlaut-loose matching, since people type without umlauts); a query word
matches a longer compound ("anerkennung" finds "Anerkennungsberatung") and a
compound query matches its parts ("Anerkennungsberatung" finds "Beratung zur
Anerkennung").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .errors import UserError

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
_LINKING = ("s", "es", "n", "en")


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped."""
    text = text.lower().translate(_UMLAUTS)
    if text.isascii():
        return text  # nothing left to decompose: the common case for German text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def compound_parts(word: str, min_part: int = 4) -> list[tuple[str, str]]:
    """Ways to split a folded compound into two parts, with linking "s"/"n" removed."""
    out = []
    for i in range(min_part, len(word) - min_part + 1):
        head, tail = word[:i], word[i:]
        out.append((head, tail))
        for link in _LINKING:
            if head.endswith(link) and len(head) - len(link) >= min_part:
                out.append((head[: -len(link)], tail))
    return out


# A typo of an id, key or word is short; difflib's time grows faster than the length of what
# it compares (a 1 MiB value took minutes), so longer values get no suggestion.
MAX_SUGGESTION = 100


def close_match(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``choices`` that ``value`` most likely misspells, or None ("Meinten Sie …?")."""
    if len(value) > MAX_SUGGESTION:
        return None
    import difflib

    short = [c for c in choices if len(c) <= MAX_SUGGESTION]
    found = difflib.get_close_matches(value, short, n=1, cutoff=cutoff)
    return found[0] if found else None


def loose(folded: str) -> str:
    """Spelled-out umlauts without their "e": "aerztin" -> "arztin"."""
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


# What may follow a word inside a longer word: an ending, or the next part of a compound.
_ENDINGS = frozenset({"", "s", "n", "e", "en", "es", "er", "ern", "in", "innen", "nen"})
_PART_MIN = 3  # a compound part before or after a matched word has at least this many letters
# Longer words are not split (their splits would cost time by the square of the length):
# "Donaudampfschifffahrtsgesellschaftskapitän" has 42 letters.
_LONGEST_COMPOUND = 60


def at_boundary(term: str, word: str) -> bool:
    """Does ``term`` stand in ``word`` as a whole part: "beratung" in "anerkennungsberatung",
    "anerkennung" in "berufsanerkennungsstelle" – but "rat" not in "beratung"?"""
    start = word.find(term)
    while start >= 0:
        before, after = word[:start], word[start + len(term) :]
        if (not before or len(before) >= _PART_MIN) and (
            after in _ENDINGS or len(after) >= _PART_MIN
        ):
            return True
        start = word.find(term, start + 1)
    return False


def _part_in(part: str, hay: list[str], whole: set[str]) -> bool:
    """A part of a compound query: a word of the text, or a long part of one of its words."""
    return part in whole or (len(part) >= 5 and any(at_boundary(part, w) for w in hay))


def _term_in(term: str, haystack: str) -> bool:
    hay = _WORD.findall(haystack)
    if any(at_boundary(term, w) for w in hay):
        return True
    if 8 <= len(term) <= _LONGEST_COMPOUND:
        whole = set(hay)
        return any(
            _part_in(head, hay, whole) and _part_in(tail, hay, whole)
            for head, tail in compound_parts(term)
        )
    return False


def term_in(term: str, haystack: str) -> bool:
    """Does a folded query word occur in folded text, as a word, a part of a
    compound or split into its parts – only ever at part boundaries, so that
    "schulden" does not find "Schule"?

    A second, umlaut-loose pass lets "arzt" find "Ärztin" ("aerztin").
    """
    return _term_in(term, haystack) or _term_in(loose(term), loose(haystack))


# Characters that move the cursor, clear the screen, ring the bell or reverse the
# direction of text: control characters (but tab and newline), direction overrides
# and isolates, and invisible joiners that hide text; and what no file may hold:
# noncharacters (U+FFFF makes a workbook unreadable) and lone surrogates. Soft
# directional marks and the zero-width (non-)joiners that Arabic and Persian need stay.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff"
    f"\ud800-\udfff{_NONCHARACTERS}]"
)
REPLACEMENT = "\ufffd"


def count(n: int, singular: str, plural: str) -> str:
    """German counts: „1 Akteur“, „3 Akteure“, „0 Akteure“."""
    return f"{n} {singular if n == 1 else plural}"


def one_line(text: object) -> str:
    """``text`` as one line of plain text: line breaks and hidden characters become spaces.

    For values written into a comment or a line of a new file, where a line
    break would start a line of its own (a YAML key that was never typed).
    """
    return " ".join(HIDDEN.sub(" ", str(text)).split())


def hidden_characters(text: str) -> bool:
    return bool(HIDDEN.search(text))


def typed_text(value: str, what: str) -> str:
    """A text typed on the command line or at a prompt, as one line for a file.

    Line breaks and tabs become single spaces (a line break would start a YAML
    key of its own in a written line or comment); hidden characters – escape
    sequences, direction marks, other control characters – are refused with a
    German error: they would travel into files and documents and change what a
    terminal or a reader shows.
    """
    if hidden_characters(value.replace("\r", " ")):
        raise UserError(
            f"{what} enthält Steuer- oder unsichtbare Zeichen (z. B. aus einer kopierten "
            "Terminalausgabe); nichts geschrieben",
            "Den Text neu eintippen statt einzufügen",
        )
    return " ".join(value.split())
