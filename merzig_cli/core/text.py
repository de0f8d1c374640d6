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


def loose(folded: str) -> str:
    """Spelled-out umlauts without their "e": "aerztin" -> "arztin"."""
    return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _term_in(term: str, haystack: str) -> bool:
    if term in haystack:
        return True
    if len(term) >= 8:
        return any(head in haystack and tail in haystack for head, tail in compound_parts(term))
    return False


def term_in(term: str, haystack: str) -> bool:
    """Does a folded query word occur in folded text, directly or as compound parts?

    A second, umlaut-loose pass lets "arzt" find "Ärztin" ("aerztin").
    """
    return _term_in(term, haystack) or _term_in(loose(term), loose(haystack))
