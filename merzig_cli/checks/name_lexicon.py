"""The word lists of the name detector and what they say about one word.

``names.txt.gz`` beside this module (built by ``tools/name_lists.py``; sources
and licences in its header) holds first names and surnames of many countries
(Faker, MIT), given names of every origin (nomquamgender, MIT) and the surnames
of the U.S. census 2010 (public domain), both without accents and without any
German or English word, and the German nouns, first names, surnames and places
of Wiktionary (german-nouns, CC BY-SA 4.0). :class:`Lexicon` answers per word:
a German word? a listed name? unknown? Shapes and letters say the rest.
Used by :mod:`merzig_cli.checks.names` (free text) and
:mod:`merzig_cli.checks.pseudonyms`.
"""

from __future__ import annotations

import bisect
import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .name_words import COMMON, GERMAN_LETTERS, LOCAL_PLACES, PLACE_ENDINGS, SUBJECT_VERBS, TITLES

# Endings of German nouns that no name of the lists has: a word the noun list lacks
# ("Qualifizierung") is still a noun after "Familie" or "herr".
NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "ismus", "tät", "nis", "tum")

DATA = Path(__file__).with_name("names.txt.gz")

TOKEN = re.compile(
    r"[^\W\d_]+(?:['’-][^\W\d_]+)*-?|\d+|[.:!?;,(„“\"&]"
)  # letters of every script; "Lese-": part of a compound; "&" marks a firm
SENTENCE_END = frozenset(".:!?;")

# Shapes only names have: Arabic particles, Slavic, Turkish, Armenian, Persian, Georgian,
# Romanian, Sinhala, Pashto, Albanian endings ("Al-Hassan", "Shevchenko", "Petrović",
# "Öztürkoğlu", "Rahimi", "Beridze", "Popescu", "Ahmadzai", "Gegaj"); none ends a German word.
_L = r"[^\W\d_A-ZÀ-ÞĀ-Ž]"  # a small letter of any script
NAME_SHAPE = re.compile(
    rf"^(?:(?:Al|El|Abu|Abd|Abdel|Abdul|Bin|Ben|Ould|Ibn)-[^\W\d_]{_L}+"
    rf"|[^\W\d_]{_L}+(?:enko|chuk|czuk|iuk|yuk|skyi|skyy|ski|ska|sky|ová|owa|owicz|ovych|"
    r"ović|ovic|evic|ević|ić|oglu|oğlu|yan|zadeh|zada|ullah|czyk|czak|wicz|mariam|michael|"
    r"mikael|yesus|giorgis|hiwet|uddin|eddine|ov|ova|ev|eva|dze|shvili|escu|eanu|singhe|"
    r"nayake|zai|khel|pour|poor|nejad|[^\W\d_]iu|[^\W\d_]aj)"
    rf"|(?:Gebre|Ghebre|Tesfa|Welde|Wolde|Habte|Haile|Abdel|Abdul|Abdi){_L}{{3,}}"
    rf"|[^\W\d_]{_L}{{3,}}[bdfghklmnrstvz]i)$"
)
_INFLECTION = ("n", "en", "s", "es", "e", "in", "innen")
_WORD_ENDINGS = ("lich", "isch", "ig", "bar", "weise", "falls", "dings", "mals", "haft", "sam")
LONGEST = 40  # a longer run of letters is no name (and is not looked into further)
# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ß": "ss", "ı": "i", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe",
                       "þ": "th", "ð": "d", "ə": "a", "ħ": "h", "ŧ": "t"})  # fmt: skip
MEMO_SIZE = 50_000


class Sorted:
    """A sorted list of words with membership by bisection: loads in a fraction of a set's time."""

    def __init__(self, items: list[str]) -> None:
        self.items = items

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        i = bisect.bisect_left(self.items, word)
        return i < len(self.items) and self.items[i] == word


def fold(word: str) -> str:
    """The word as the world-wide lists write it: without accents, first letter capital
    ("Öztürk" -> "Ozturk", "ŁUKASZ" -> "Lukasz")."""
    if word.isascii():
        return word.capitalize()
    small = unicodedata.normalize("NFKD", word.lower().translate(_FOLD))
    return "".join(ch for ch in small if not unicodedata.combining(ch)).capitalize()


@dataclass(frozen=True)
class Lexicon:
    first: Sorted
    last: Sorted
    world_first: Sorted  # given names of every origin, without accents (nomquamgender)
    world_last: Sorted  # surnames of the U.S. census 2010, without accents
    small_words: Sorted  # names that written small are German or English words: "ernst", "will"
    countries: Sorted  # country and language names of one word: "Israel", "Georgia"
    places: Sorted  # places, countries, languages
    nouns: Sorted
    # answers of word() and name() by word: a long text repeats its words
    memo: dict[tuple[str, bool, bool], bool] = field(default_factory=dict, compare=False)

    def _remember(self, key: tuple[str, bool, bool], answer: bool) -> bool:
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
        self.memo[key] = answer
        return answer

    def noun(self, word: str, compounds: bool = True) -> bool:
        """A German noun; with ``compounds`` also inflected ("Kindern") or as the head of a
        compound that the list lacks ("Kitaplatzsuche"); without, only as it stands or in the
        genitive (a name like "Hansen" or "Morales" is no inflected "Hanse" or "Moral")."""
        if len(word) > LONGEST or word in self.nouns:
            return True
        if not compounds:
            return word.endswith("s") and word[:-1] in self.nouns  # genitive: "des Servers"
        if any(word.endswith(e) and word[: -len(e)] in self.nouns for e in _INFLECTION):
            return True
        # heads of five letters or more; of four in long words ("Elternkurs")
        last = len(word) - (3 if len(word) >= 9 else 4)
        return compounds and any(word[i:].capitalize() in self.nouns for i in range(3, last))

    def plain_noun(self, word: str) -> bool:
        """A noun as it stands, or one the list lacks by its ending ("Qualifizierung")."""
        return self.noun(word, compounds=False) or word.lower().endswith(NOUN_SUFFIXES)

    def word(self, word: str, compounds: bool = True) -> bool:
        """A German word or place rather than a name: a noun, a place, a country or language."""
        key = (word, compounds, False)
        if key in self.memo:
            return self.memo[key]
        answer = word in COMMON or self.place(word) or self.noun(word, compounds)
        return self._remember(key, answer)

    def place(self, word: str) -> bool:
        return word in self.places or word in LOCAL_PLACES

    def name(self, word: str) -> bool:
        """A first name or surname of the lists, also with a genitive "s" ("Annas")
        or as a double name ("Anna-Lena", "Müller-Lüdenscheidt")."""

        key = (word, False, True)
        if key in self.memo:
            return self.memo[key]

        def listed(w: str) -> bool:
            return self.given(w) or self.family(w)

        parts = word.split("-")
        answer = listed(word) or (word.endswith("s") and listed(word[:-1]))
        answer = answer or (len(parts) > 1 and all(listed(p) for p in parts))
        return self._remember(key, answer)

    def given(self, word: str) -> bool:
        """A first name of the lists ("Anna", "Senait", "Çiğdem")."""
        return word in self.first or fold(word) in self.world_first

    def family(self, word: str) -> bool:
        """A surname of the lists ("Müller", "Tadesse", "Öztürk")."""
        return word in self.last or fold(word) in self.world_last

    def unknown(self, word: str) -> bool:
        """Neither a word nor a name of the lists, nor shaped like a place of the region
        ("Brotdorf", "Besseringen")."""
        return not (self.word(word) or self.name(word) or word.endswith(PLACE_ENDINGS))


@cache
def lexicon() -> Lexicon:
    """The lists of ``names.txt.gz``: one ``[section]`` line, then one entry a line, sorted."""
    text = gzip.decompress(DATA.read_bytes()).decode("utf-8")
    sections: dict[str, Sorted] = {}
    for chunk in text.split("\n[")[1:]:
        head, _, body = chunk.partition("\n")
        sections[head.rstrip("]")] = Sorted(body.rstrip("\n").split("\n"))  # written sorted
    return Lexicon(
        first=sections["first"],
        last=sections["last"],
        world_first=sections["world-first"],
        world_last=sections["world-last"],
        small_words=sections["small-word"],
        countries=sections["country"],
        places=sections["place"],
        nouns=sections["noun"],
    )


def capitalised(token: str) -> bool:
    return token[:1].isupper() and not token.isupper() and 2 <= len(token) <= LONGEST


def foreign(word: str) -> bool:
    """Written with a letter German does not use: "Ayşe", "Paweł", "Berfîn", "Дмитро"."""
    return any(ch.lower() not in GERMAN_LETTERS for ch in word)


def verb_after_subject(word: str) -> bool:
    """A finite verb as it follows a person named first: "fragt", "möchte", "hat"."""
    return word in SUBJECT_VERBS


def word_shaped(word: str) -> bool:
    """Shaped like a German adjective, adverb or participle: "Vermutlich", "Gebraucht"."""
    w = word.lower()
    participle = w.startswith("ge") and w.endswith(("t", "en")) and len(w) >= 7
    participle |= (
        w.startswith(("be", "er", "ver", "ent", "zer")) and w.endswith("t") and len(w) >= 8
    )
    return participle or w.endswith(_WORD_ENDINGS)


def alien_sentences(tokens: list[str]) -> list[bool]:
    """Per token: does its sentence read as another language? A German sentence writes its
    small words in German letters; one where a quarter of them are not is another language."""
    out: list[bool] = []
    begin = 0
    for end in range(len(tokens) + 1):
        if end < len(tokens) and tokens[end] not in (".", "!", "?", ";"):
            continue
        small = [t for t in tokens[begin:end] if t[:1].islower()]
        odd = sum(1 for t in small if foreign(t))
        out += [odd > 0 and odd * 4 >= len(small)] * (min(end + 1, len(tokens)) - begin)
        begin = end + 1
    return out


def shouted(tokens: list[str]) -> bool:
    """A text written in capitals ("YONAS HAT DEN PLATZ"): its case tells nothing."""
    words = [t for t in tokens if t[:1].isalpha() and len(t) > 1]
    return len(words) >= 3 and sum(t.isupper() for t in words) * 5 >= len(words) * 4


def small_after_title(title: str, word: str, lex: Lexicon) -> bool:
    """A word written small after a title written small that is no German word:
    "rückruf bei herrn nowak", "mit familie barzani" (not "frau doktor")."""
    if not word.isalpha() or not word.islower() or len(word) < 3:
        return False
    if not title.islower() or title.capitalize() not in TITLES or len(title) < 4:
        return False
    if word.endswith(NOUN_SUFFIXES) or word_shaped(word):
        return False  # "familie qualifizierung": a noun the list lacks, written small
    return not lex.word(word) and not lex.word(word.capitalize())
