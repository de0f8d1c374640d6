"""Fuzzy German word matching for routing: stems, compound parts, separable verbs, typos.

Callers phrase questions their own way ("Anerkenung", "Pflegediplom",
"Fürerschein", "geimpft", "wo melde ich mich an"); Steckbriefe use official
words ("Impfung", "Anmeldung"). Every query word is compared with the
vocabulary of the Steckbriefe and the taxonomy, and each pair gets a
similarity between 0 and 1. A compound is a kind of its last part
("Pflegediplom" is a Diplom), so that part matches better than the first.
Cyrillic is read in Latin letters ("диплом" - "diplom").

Only words that carry subject matter are evidence. Two lists keep the others
out (:mod:`.stopwords`): function words (articles, pronouns, prepositions, auxiliaries) and empty
words that any question may contain ("lassen", "brauchen", "gesucht",
"Jahre"). A third rule is measured on the workspace itself: a word that
stands in a large share of the Steckbriefe ("Menschen", "Beratung") says
nothing about who is responsible (document frequency).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from ..core.text import fold
from ..core.text import words as latin_words
from .stopwords import EMPTY_WORDS, FUNCTION_WORDS, STOPWORDS

# Cyrillic letters in German transliteration, so that Ukrainian and Russian questions find
# words they share with German ("диплом" - "Diplom", "металл" - "Metall") and keywords
# written in Cyrillic in taxonomy.yaml ("права", "садок").
_CYRILLIC_TEXT = """а a б b в w г g ґ g д d е e є je ё jo ж sch з s и i й i і i ї ji к k л l
м m н n о o п p р r с s т t у u ф f х ch ц z ч tsch ш sch щ schtsch ы y э e ю ju я ja"""
_PAIRS = _CYRILLIC_TEXT.split()
_CYRILLIC = str.maketrans(
    dict(zip(_PAIRS[::2], _PAIRS[1::2], strict=True)) | dict.fromkeys("ъь'’", "")
)


def words(text: str) -> list[str]:
    """The folded words of ``text``, Cyrillic ones in Latin letters."""
    return latin_words(text if text.isascii() else text.lower().translate(_CYRILLIC))


# A word in more than this share of the Steckbriefe (and in at least
# COMMON_MIN of them) is no evidence for any one of them.
COMMON_SHARE = 0.25
COMMON_MIN = 3

# Parts of a compound query word: its last part names what it is ("Pflegediplom"
# is a Diplom), the first part only what kind.
COMPOUND_HEAD = 0.8
COMPOUND_MODIFIER = 0.6

_SUFFIXES = ("innen", "ungen", "heiten", "keiten", "ung", "heit", "keit", "ern", "en", "er")
_SUFFIXES_SHORT = ("es", "e", "n", "s", "in")
# Separable verb prefixes: "an-ge-meldet", "ab-ge-lehnt", "aus-ge-füllt".
_SEPARABLE = ("zurueck", "weiter", "heraus", "nach", "auf", "aus", "ein", "mit", "vor",
              "weg", "zu", "um", "an", "ab", "los")  # fmt: skip
_VERB_ENDINGS = ("est", "et", "st", "t")  # "du arbeitest", "er arbeitet", "braucht"


def stem(word: str) -> str:
    """A light German stem: one inflection or derivation ending removed."""
    for suffix in (*_SUFFIXES, *_SUFFIXES_SHORT):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _participle_stem(word: str) -> str | None:
    """ "geimpft" -> "impf", "angemeldet" -> "anmeld": the stem inside a past participle."""
    for prefix in ("", *_SEPARABLE):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest.startswith("ge") and rest.endswith("t"):
            core = rest[2:-2] if rest.endswith("et") and len(rest) > 6 else rest[2:-1]
            if len(prefix + core) >= 4 and len(core) >= 3:
                return prefix + core
    return None


@cache
def stems(word: str) -> frozenset[str]:
    """Every stem a folded word may stand for: noun and adjective endings, verb
    endings ("beantragt" - "beantrag") and past participles ("geimpft" - "impf").

    Two words with a stem in common are forms of one word ("Impfung", "impfen",
    "geimpft").
    """
    found = {stem(word)}
    if not word.endswith("t"):
        return frozenset(found)
    participle = _participle_stem(word) if "ge" in word[:9] else None
    if participle:
        found.add(participle)
    for ending in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            found.add(word[: -len(ending)])
            break
    return frozenset(found)


LONGEST_TYPO_WORD = 60


def within_distance(a: str, b: str, limit: int) -> bool:
    """Is the edit distance (with transpositions) of ``a`` and ``b`` at most ``limit``?

    Each edit adds or removes at most two letters to or from the set of letters
    a word uses, so words whose letter sets differ by more than two per edit
    allowed are answered without the table (most pairs compared).
    """
    if abs(len(a) - len(b)) > limit or len(set(a) ^ set(b)) > 2 * limit:
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


def similarity(q: str, v: str, typos: bool = True) -> float:
    """How well query word ``q`` stands for vocabulary word ``v`` (0 = not at all).

    ``typos=False`` when ``q`` is itself a known word: "Schulden" is then taken as
    written and does not stand for "Schulen".
    """
    if q == v:
        return 1.0
    short, long_ = (q, v) if len(q) <= len(v) else (v, q)
    if len(short) < 4:
        return 0.0
    if stems(q) & stems(v):
        return 0.9
    if len(short) >= 5 and long_.startswith(short):
        return 0.8 if len(long_) - len(short) <= 4 else 0.7
    if len(short) >= 5 and long_.endswith(short):
        # "pflegediplom" is a "diplom"; "frauen" is no "pflegefachfrauen".
        return 0.8 if short == v else 0.6
    # The edit distance takes time by the square of the length: a "word" longer than any
    # German compound is no word with a typo.
    if typos and len(short) >= 6 and len(long_) <= LONGEST_TYPO_WORD and q[0] == v[0]:
        limit = 2 if len(short) >= 9 else 1
        if within_distance(q, v, limit):
            return 0.8
    return 0.0


# Particles of separable verbs that stand at the end of a clause: "Wo melde ich mich an?"
_PARTICLES = frozenset(("an", "ab", "auf", "aus", "ein", "um", "mit", "vor", "nach", "zurueck",
                        "weiter", "los", "fest", "her", "hin"))  # fmt: skip
_CLAUSE = re.compile(r"[.,;:!?\n]+")


def separable_verbs(text: str, known: Callable[[str], bool]) -> dict[str, str]:
    """Verbs whose particle ends the clause, joined as the one word they are:
    "Wo melde ich mich an?" -> {"melde": "anmelde"}, "Wir stellen zwei Helfer ein"
    -> {"stellen": "einstellen"}; only where ``known`` knows the joined word."""
    joined: dict[str, str] = {}
    for clause in _CLAUSE.split(text):
        found = words(clause)
        if len(found) < 3 or found[-1] not in _PARTICLES:
            continue
        for w in found[:-1]:
            if w not in FUNCTION_WORDS and len(w) >= 3 and known(found[-1] + w):
                joined[w] = found[-1] + w
                break
    return joined


def query_terms(text: str) -> list[str]:
    """Subject words of a question, folded, in order, without duplicates."""
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
    _by_stem: dict[str, list[str]] = field(default_factory=dict)
    _cache: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    _by_ending: dict[str, list[str]] | None = None  # made on the first question
    _longest: int = 0

    def add(self, items: Iterable[str]) -> None:
        for w in items:
            if w not in self.words:
                self.words.add(w)
                self._by_ending = None
                self._by_initial.setdefault(w[0], []).append(w)
                for s in stems(w):
                    self._by_stem.setdefault(s, []).append(w)

    def matches(self, q: str) -> list[tuple[str, float]]:
        """Vocabulary words that ``q`` stands for, with their similarity."""
        if q not in self._cache:
            # Prefix and typo matches share the first letter; forms of one word
            # share a stem ("geimpft" - "impfung"); only a compound's tail
            # ("pflegediplom" - "diplom") needs the whole vocabulary. Of the words
            # with the first letter, only those as long within a typo's two letters
            # or holding (or held in) ``q`` can be similar at all.
            typos = q not in self.words
            n = len(q)
            near = dict.fromkeys(
                v for v in self.with_initial(q[0]) if -3 < len(v) - n < 3 or q in v or v in q
            )
            for root in stems(q):
                near.update(dict.fromkeys(self.with_stem(root)))
            found = [(v, s) for v in near if (s := similarity(q, v, typos))]
            if n >= 5:
                seen = {v for v, _ in found}
                # the known words ``q`` ends with (none longer than the longest known)
                for i in range(max(n - self.longest, 0), n - 4):
                    v = q[i:]
                    if v in self.words and v not in seen and v not in STOPWORDS:
                        found.append((v, COMPOUND_HEAD))
                for v in self._ending(q):  # the known words that end with ``q``
                    if v != q and v not in seen and v not in STOPWORDS:
                        found.append((v, 0.6))
            if typos:
                best = dict(found)
                for v, sim in self._compound(q):
                    if sim > best.get(v, 0.0):
                        best[v] = sim
                found = list(best.items())
            self._cache[q] = found
        return self._cache[q]

    def with_initial(self, letter: str) -> list[str]:
        """The known words that begin with ``letter``."""
        return self._by_initial.get(letter, [])

    def with_stem(self, root: str) -> list[str]:
        """The known words one of whose stems is ``root``."""
        return self._by_stem.get(root, [])

    @property
    def longest(self) -> int:
        """The length of the longest known word."""
        self._endings()
        return self._longest

    def _ending(self, q: str) -> list[str]:
        """The words that end with ``q`` (at least five letters), found by their last five."""
        return [v for v in self._endings().get(q[-5:], ()) if v.endswith(q)]

    def _endings(self) -> dict[str, list[str]]:
        """Words of five letters or more by their last five, and the longest word's length."""
        if self._by_ending is None:
            self._by_ending = {}
            for w in self.words:
                if len(w) >= 5:
                    self._by_ending.setdefault(w[-5:], []).append(w)
            self._longest = max(map(len, self.words), default=0)
        return self._by_ending

    def _compound(self, q: str) -> list[tuple[str, float]]:
        """A compound query word ("pflegediplom") matches its known parts, its last part
        ("diplom") better than the first ("pflege")."""
        best: list[tuple[str, float]] = []
        n, longest = len(q), self.longest  # both parts are known words: neither is longer
        for i in range(max(4, n - longest), min(n - 3, longest + 2)):
            head, tail = q[:i], q[i:]
            heads = [head, head[:-1]] if head.endswith(("s", "n")) and len(head) > 4 else [head]
            for h in heads:
                if h in self.words and tail in self.words and not {h, tail} & STOPWORDS:
                    best = [(h, COMPOUND_MODIFIER), (tail, COMPOUND_HEAD)]
        if best:
            return best
        for i in range(n - 5, max(3, n - longest - 1), -1):
            tail = q[i:]
            if len(tail) >= 5 and tail in self.words and tail not in STOPWORDS:
                return [(tail, COMPOUND_HEAD)]
        return []


def idf(document_frequency: int, documents: int) -> float:
    """Weight of a word found in ``document_frequency`` of ``documents`` Steckbriefe."""
    return math.log((documents + 1) / (document_frequency + 0.5))


def is_common(document_frequency: int, documents: int) -> bool:
    """A word in a large share of the Steckbriefe: no evidence for any one of them."""
    return document_frequency >= COMMON_MIN and document_frequency > COMMON_SHARE * documents


def tokens_of(text: str | None) -> set[str]:
    return {w for w in words(text or "") if w not in STOPWORDS and len(w) >= 2}


PHRASE_SLACK = 2  # other words a multi-word keyword may have between its words


@cache
def phrase_parts(phrase: str) -> tuple[str, ...]:
    """The words of a multi-word keyword that must all occur: "arbeit suchen" -> both."""
    return tuple(w for w in words(phrase) if w not in FUNCTION_WORDS)


def phrase_in(
    phrase: str, text_words: list[str], positions: dict[str, set[int]] | None = None
) -> bool:
    """A multi-word keyword ("arbeit suchen") matches when all its words occur close
    together, in any order ("suche Arbeit", "Arbeit in Merzig suchen") – not one
    word here and the other in another sentence.

    ``positions`` says where in ``text_words`` each keyword word stands
    (:meth:`PhraseWords.positions`); without it they are looked up here.
    """
    parts = phrase_parts(phrase)
    if positions is None:
        positions = {p: {i for i, t in enumerate(text_words) if similarity(t, p) >= 0.8}
                     for p in parts}  # fmt: skip
    where = [positions.get(p, set()) for p in parts]
    if not where or not all(where):
        return False  # a word of the keyword is missing
    width = len(parts) + PHRASE_SLACK
    starts = {i - k for i in min(where, key=len) for k in range(width)}
    return any(all(any(s <= i < s + width for i in found) for found in where) for s in starts)


class PhraseWords:
    """The words of the multi-word keywords, found in a question in one pass.

    A question word stands for a keyword word (similarity 0.8 or more) only when
    both are one word, share a stem, start alike with at most four letters more,
    differ by a typo (same first letter, at most two letters more), or the
    keyword word ends the question word; so each question word is compared only
    with the keyword words of its first letter and about its length, of its
    stems and of its endings.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._known = Vocabulary()  # indexed by first letter and by stem, as the Steckbriefe
        self._known.add(p for phrase in phrases for p in phrase_parts(phrase))
        self.words = self._known.words

    def positions(self, text_words: list[str]) -> dict[str, set[int]]:
        """Keyword word -> where in ``text_words`` it stands (only those found)."""
        where: dict[str, set[int]] = {}
        for i, t in enumerate(text_words):
            n = len(t)
            near = {p for p in self._known.with_initial(t[0]) if -5 < len(p) - n < 5}
            for root in stems(t):
                near.update(self._known.with_stem(root))
            tails = range(max(n - self._known.longest, 0), n - 4)  # no longer keyword word
            near.update(t[k:] for k in tails if t[k:] in self.words)
            for p in near:
                if similarity(t, p) >= 0.8:
                    where.setdefault(p, set()).add(i)
        return where


__all__ = [
    "EMPTY_WORDS",
    "FUNCTION_WORDS",
    "STOPWORDS",
    "PhraseWords",
    "Vocabulary",
    "fold",
    "idf",
    "is_common",
    "phrase_in",
    "phrase_parts",
    "query_terms",
    "similarity",
    "stem",
    "stems",
    "tokens_of",
    "within_distance",
    "words",
]
