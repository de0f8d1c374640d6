"""Fuzzy German word matching for routing: stems, compound parts, typos.

Callers phrase questions their own way ("Anerkenung", "Pflegediplom",
"Fürerschein"); Steckbriefe use official words. Every query word is compared
with the vocabulary of the Steckbriefe and the taxonomy, and each pair gets a
similarity between 0 and 1. Rare words count more than common ones (inverse
document frequency), so "merzig" or "beratung" never decide a referral.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.text import fold, words

# Function words of German and simple English questions: they say nothing
# about who is responsible. Country and town names of the asker's situation
# neither ("seit drei Monaten in Deutschland").
_STOP_TEXT = """
aber alle alles als also am an andere auch auf aus bei beim bin bis bitte bzw da dafuer
damit dann das dass dem den denen der des dich die dies diese diesem dieser doch dort du
durch ein eine einem einen einer eines einfach er es etwa etwas euch fuer ganz geht gibt
gibts gilt habe haben hat hier ich ihm ihn ihr ihre im immer in ist ja jemand jetzt kann
kein keine keinen koennen koennte man mehr mein meine meinem meinen meiner mich mir mit
moechte muss muessen nach nicht noch nur ob oder ohne schon sehr sein seine seit sich sie
sind so soll sowas ueber um und uns unser unsere unserem unseren vom von vor war was weil
welche welcher wenn wer werden wie wieder will wir wird wo woher wohin wollen zu zum zur
a an and are as at be can do for from get have how i if in is it me my of on or so the
there this to want we what when where who will with would you your
deutschland germany merzig saarland hallo hi guten tag danke
"""
STOPWORDS = frozenset(_STOP_TEXT.split())

_SUFFIXES = ("innen", "ungen", "heiten", "keiten", "ung", "heit", "keit", "ern", "en", "er")
_SUFFIXES_SHORT = ("es", "e", "n", "s", "in")


def stem(word: str) -> str:
    """A light German stem: one inflection or derivation ending removed."""
    for suffix in (*_SUFFIXES, *_SUFFIXES_SHORT):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def within_distance(a: str, b: str, limit: int) -> bool:
    """Is the edit distance (with transpositions) of ``a`` and ``b`` at most ``limit``?"""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def similarity(q: str, v: str) -> float:
    """How well query word ``q`` stands for vocabulary word ``v`` (0 = not at all)."""
    if q == v:
        return 1.0
    short, long_ = (q, v) if len(q) <= len(v) else (v, q)
    if len(short) < 4:
        return 0.0
    if stem(q) == stem(v):
        return 0.9
    if len(short) >= 5 and long_.startswith(short):
        return 0.8 if len(long_) - len(short) <= 4 else 0.7
    if len(short) >= 5 and long_.endswith(short):
        return 0.6
    if len(short) >= 5 and q[0] == v[0]:
        limit = 2 if len(short) >= 9 else 1
        if within_distance(q, v, limit):
            return 0.8
    return 0.0


def query_terms(text: str) -> list[str]:
    """Content words of a question, folded, in order, without duplicates."""
    out: list[str] = []
    for w in words(text):
        if w in STOPWORDS or w.isdigit() or len(w) < 2 or w in out:
            continue
        out.append(w)
    return out


@dataclass
class Vocabulary:
    """All words of the Steckbriefe and taxonomy, with cached query matches."""

    words: set[str] = field(default_factory=set)
    _by_initial: dict[str, list[str]] = field(default_factory=dict)
    _cache: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def add(self, items: Iterable[str]) -> None:
        for w in items:
            if w not in self.words:
                self.words.add(w)
                self._by_initial.setdefault(w[0], []).append(w)

    def matches(self, q: str) -> list[tuple[str, float]]:
        """Vocabulary words that ``q`` stands for, with their similarity."""
        if q not in self._cache:
            # Same stem, prefix and typo matches share the first letter; only a
            # compound's tail ("pflegediplom" - "diplom") needs the whole vocabulary.
            found = [(v, s) for v in self._by_initial.get(q[0], ()) if (s := similarity(q, v))]
            if len(q) >= 5:
                seen = {v for v, _ in found}
                found.extend(
                    (v, 0.6)
                    for v in self.words
                    if v not in seen and (v.endswith(q) or (len(v) >= 5 and q.endswith(v)))
                )
            if not any(s >= 0.8 for _, s in found):
                found.extend(self._compound(q))
            self._cache[q] = found
        return self._cache[q]

    def _compound(self, q: str) -> list[tuple[str, float]]:
        """A compound query word ("pflegediplom") matches its known parts."""
        best: list[tuple[str, float]] = []
        for i in range(4, len(q) - 3):
            head, tail = q[:i], q[i:]
            heads = [head, head[:-1]] if head.endswith(("s", "n")) and len(head) > 4 else [head]
            for h in heads:
                if h in self.words and tail in self.words:
                    best = [(h, 0.7), (tail, 0.7)]
        if best:
            return best
        for i in range(len(q) - 5, 3, -1):
            tail = q[i:]
            if len(tail) >= 5 and tail in self.words:
                return [(tail, 0.6)]
        return []


def idf(document_frequency: int, documents: int) -> float:
    """Weight of a word found in ``document_frequency`` of ``documents`` Steckbriefe."""
    return math.log((documents + 1) / (document_frequency + 0.5))


def tokens_of(text: str | None) -> set[str]:
    return {w for w in words(text or "") if w not in STOPWORDS and len(w) >= 2}


def phrase_in(phrase: str, text_terms: list[str]) -> bool:
    """A multi-word keyword ("deutsch lernen") matches when all its words occur."""
    parts = [w for w in words(phrase) if w not in STOPWORDS]
    return bool(parts) and all(any(similarity(t, p) >= 0.8 for t in text_terms) for p in parts)


__all__ = [
    "STOPWORDS",
    "Vocabulary",
    "fold",
    "idf",
    "phrase_in",
    "query_terms",
    "similarity",
    "stem",
    "tokens_of",
    "within_distance",
]
