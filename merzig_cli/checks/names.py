"""Names of people in free text: the questions and notes a coordinator writes down.

In German every noun is capitalised, so capital letters alone say little.
Two well-kept public lists decide instead (``names.txt.gz`` beside this
module, built by ``tools/name_lists.py``; sources and licences in its header):
first names and surnames of many countries (Faker, MIT) and the German nouns,
first names, surnames and places of Wiktionary (german-nouns, CC BY-SA 4.0).

A text names a person when it has

* a title or a cue before a capitalised word: "Frau Weber", "Familie Yilmaz",
  "heißt Karimi";
* a first name next to a surname or another word that is no German noun:
  "Anna Müller", "Termin mit Ahmad Karimi", "Tesfaye Gebremedhin";
* a first name or a surname that is no German word, on its own: "Olena
  fragt", "Rückruf von Kovalenko"; a name that is also a word ("Mai", "Koch")
  counts only beside another name or without an article before it;
* a name-shaped word: "Al-Hassan", "Shevchenko", "Petrović", "Öztürkoğlu".

Spared are the workspace's own names (actors, their contact persons, the
office): "Caritas Merzig" and "Termin bei Samir Al-Hassan" name no asker.
The list is read once, on first use.
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("names.txt.gz")

_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-žȘșȚțḀ-ỿ"
_TOKEN = re.compile(
    rf"[{_LETTERS}]+(?:['’-][{_LETTERS}]+)*-?|\d+|[.:!?;,(„“\"]"
)  # "Lese-": part of a compound
_UPPER = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ŽȘȚḀ-Ỿ]")

_TITLE_TEXT = "Frau Herr Herrn Familie Fam Mr Mrs Ms Miss Dr Prof Sr Sra Madame Monsieur"
TITLES = frozenset(_TITLE_TEXT.split())
CUES = frozenset({"heißt", "heisst", "namens", "Name", "genannt"})
# Before a noun, not before a name: articles and determiners ("im Mai", "die Rose").
_ARTICLE_TEXT = """der die das den dem des ein eine einen einem einer eines kein keine keinen
keinem keiner mein meine meinen meinem meiner dein deine sein seine seinen seinem seiner ihr
ihre ihren ihrem ihrer unser unsere unseren unserem euer eure jeden jede jeder jedes diese
dieser dieses diesen welche welcher welches zum zur im am vom beim ins ans neue neuen neuer
alle allen viele mehrere einige the a an my our this that"""
ARTICLES = frozenset(_ARTICLE_TEXT.split())
# After a noun, hardly after a name: the genitive article ("Art der Anerkennung").
GENITIVE = frozenset({"der", "des", "eines", "einer", "dieser", "dieses", "of"})
# Capitalised words that are no names and no nouns of Wiktionary: pronouns,
# sentence starters, greetings, everyday English.
_COMMON_TEXT = """Ich Wir Sie Er Es Du Ihr Man Mein Meine Meinen Dein Sein Seine Ihre Unser
Unsere Der Die Das Den Dem Des Ein Eine Einen Kein Keine Dies Diese Dieser Wie Was Wer Wo Wann
Warum Wieso Welche Welcher Welches Wohin Woher Kann Können Könnte Darf Dürfen Muss Müssen Soll
Sollen Will Gibt Gab Hat Haben Ist Sind War Bin Hallo Guten Sehr Bitte Danke Ja Nein Auch Und
Oder Aber Doch Noch Schon Seit Ab Im Am Zum Zur Für Mit Bei Nach Ohne Von Vom Aus In An Auf Bis
Über Unter Neue Neuer Junger Junge Jungen Alte Alter Erste Zweite Deutsch Deutsche Deutschen
Deutscher Englisch Arabisch Türkisch Russisch Ukrainisch Persisch Französisch Hello Hi Please
Can Could Would Should Shall May Might Must Will Where What How Who Which When Why Is Are Do Does
Did My The Our Your Their His Her Good Thank Thanks Dear Yes No Not And Or But Hope Blue Card
Center I We You He She They It This That These Those There Here If Then So All Any Some Case
Einer Eines Keiner Jemand Niemand Beide Alle Viele Manche Andere Jeder Jede Jedes Mehrere
Help Need Want Work Job Visa German English Free New Old Young Family Office Service Services
Tag Tage Morgen Abend Anruf Anfrage Frage Termin Kontakt Familie Mutter Vater Sohn Tochter Kind
Kinder Mann Frau Eltern Bruder Schwester Person Leute Beispiel Zeit Jahr Jahre Jahren Monat
Monate Woche Wochen Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar
März April Mai Juni Juli August September Oktober November Dezember Sommer Winter Frühling
Herbst Hilfe Geld Arbeit Schule Kita Stelle Amt Stadt Kreis Land Haus Wohnung Karte Antrag Kurs
Zwei Drei Vier Fünf Sechs Sieben Acht Neun Zehn Elf Zwölf Freie Kitas Meister Chef"""
COMMON = frozenset(_COMMON_TEXT.split())
# Shapes only names have: Arabic particles, Slavic, Turkish, Armenian, Persian
# endings ("Al-Hassan", "Shevchenko", "Petrović", "Öztürkoğlu", "Rahimi").
NAME_SHAPE = re.compile(
    r"^(?:(?:Al|El|Abu|Abd|Abdel|Abdul|Bin|Ben|Ould|Ibn)-[A-ZÀ-Þ][a-zà-ÿ]+"
    r"|[A-ZÀ-Þ][a-zà-ÿ]+(?:enko|chuk|czuk|iuk|yuk|skyi|skyy|ski|ska|sky|ová|owa|owicz|ovych|"
    r"ović|ovic|evic|ević|ić|oglu|oğlu|yan|zadeh|zada|ullah)"
    r"|[A-ZÀ-Þ][a-zà-ÿ]{3,}[bdfghklmnrstvz]i)$"
)
_INFLECTION = ("n", "en", "s", "es", "e")


class Sorted:
    """A sorted list of words with membership by bisection: loads in a fraction of a set's time."""

    def __init__(self, items: list[str]) -> None:
        self.items = items

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        i = bisect.bisect_left(self.items, word)
        return i < len(self.items) and self.items[i] == word


@dataclass(frozen=True)
class Lexicon:
    first: Sorted
    last: Sorted
    places: Sorted  # places, countries, languages
    nouns: Sorted

    def noun(self, word: str, compounds: bool = True) -> bool:
        """A German noun, also inflected ("Kindern") or, with ``compounds``, as the
        head of a compound that the list lacks ("Kitaplatzsuche")."""
        if word in self.nouns:
            return True
        if any(word.endswith(e) and word[: -len(e)] in self.nouns for e in _INFLECTION):
            return True
        # Only heads as long as the longest noun can be one: trying every split of a
        # long word would take time by the square of its length.
        start = max(3, len(word) - self.longest_noun)
        return compounds and any(
            word[i:].capitalize() in self.nouns for i in range(start, len(word) - 4)
        )

    def word(self, word: str, compounds: bool = True) -> bool:
        """A German word or place rather than a name: a noun, a place, a country or language."""
        return word in COMMON or word in self.places or self.noun(word, compounds)

    def place(self, word: str) -> bool:
        return word in self.places

    @cached_property
    def longest_noun(self) -> int:
        return max(map(len, self.nouns.items), default=0)


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
        places=sections["place"],
        nouns=sections["noun"],
    )


def _capitalised(token: str) -> bool:
    return bool(_UPPER.match(token)) and not token.isupper() and len(token) >= 2


# No name of a person or an institution has more words; a longer one is cut to its first ones,
# so that looking for it at every word of a text takes time by the text's length only.
MAX_NAME_WORDS = 16


@dataclass(frozen=True)
class KnownNames:
    """The workspace's names, prepared once for many texts (see :func:`prepare_names`)."""

    starts: dict[str, dict[int, frozenset[tuple[str, ...]]]]  # first word -> words -> names
    singles: frozenset[str]


@lru_cache(maxsize=8)
def _prepare(names: tuple[str, ...]) -> KnownNames:
    sequences = sorted(
        {seq for name in names if (seq := tuple(_TOKEN.findall(name))[:MAX_NAME_WORDS])}
    )
    first = lexicon().first
    singles = frozenset(
        t for seq in sequences if len(seq) > 2 for t in seq if _capitalised(t) and t not in first
    )
    starts: dict[str, dict[int, set[tuple[str, ...]]]] = {}
    for seq in sequences:
        starts.setdefault(seq[0], {}).setdefault(len(seq), set()).add(seq)
    return KnownNames(
        {k: {n: frozenset(v) for n, v in by_length.items()} for k, by_length in starts.items()},
        singles,
    )


def prepare_names(names: Iterable[str] | KnownNames) -> KnownNames:
    """The workspace's names as token sequences by their first word, and the capitalised
    words of long institution names ("Caritasverband … Merzig"), which are spared on their
    own. Prepare them once when many texts are checked against the same workspace."""
    return names if isinstance(names, KnownNames) else _prepare(tuple(names))


def _masked(tokens: list[str], known: Iterable[str] | KnownNames) -> list[bool]:
    """Tokens that belong to a name of the workspace (actor, contact person, office)."""
    prepared = prepare_names(known)
    out = [t in prepared.singles for t in tokens]
    for i, t in enumerate(tokens):
        for length, names in prepared.starts.get(t, {}).items():
            if tuple(tokens[i : i + length]) in names:
                out[i : i + length] = [True] * length
    return out


@dataclass
class _Text:
    """The tokens of one text with what the lists say about them."""

    tokens: list[str]
    masked: list[bool]
    lex: Lexicon

    def cap(self, i: int) -> bool:
        """A capitalised word at ``i`` that is no word of the workspace's own names."""
        t = self.tokens
        return 0 <= i < len(t) and not self.masked[i] and _capitalised(t[i]) and t[i] not in COMMON

    def article(self, i: int) -> bool:
        """An article, determiner or number at ``i``: what stands before a noun."""
        return i >= 0 and (self.tokens[i].lower() in ARTICLES or self.tokens[i].isdigit())

    def listed(self, i: int) -> bool:
        """A first name or surname of the lists, also with a genitive "s" ("Annas")
        or as a double name ("Anna-Lena", "Müller-Lüdenscheidt")."""
        lex, t = self.lex, self.tokens[i]

        def name(w: str) -> bool:
            return w in lex.first or w in lex.last

        if name(t) or (t.endswith("s") and name(t[:-1])):
            return True
        parts = t.split("-")
        return len(parts) > 1 and all(name(p) for p in parts)

    def before(self, i: int) -> str:
        """The word before ``i``, passing over the dot of an abbreviation ("Dr. Weber")."""
        t = self.tokens
        j = i - 1
        if j >= 1 and t[j] == "." and (t[j - 1] in TITLES or len(t[j - 1]) == 1):
            j -= 1
        return t[j] if j >= 0 else ""

    def after_title(self, i: int) -> bool:
        t, prev = self.tokens, self.before(i)
        initial = len(prev) == 1 and prev.isupper()  # "A. Karimi"
        cue = prev == ":" and i > 1 and t[i - 2] in CUES
        return prev in TITLES or prev in CUES or initial or cue

    def why(self, i: int) -> str | None:
        """Why the word at ``i`` is a person's name, or None."""
        t, lex = self.tokens, self.lex
        word = t[i]
        if not self.cap(i) or word in TITLES:
            return None
        listed = self.listed(i)
        # A listed name is a word only if the list of nouns has it as it stands:
        # "Zimmermann" is a name although "Mann" is a noun.
        is_word = lex.word(word, compounds=not listed)
        if self.after_title(i) and (listed or not is_word):
            return "after a title"
        if NAME_SHAPE.match(word) and not is_word:
            return "name shape"
        if listed and not is_word:
            return "listed name"
        if listed and any(self.cap(j) and self.listed(j) for j in (i - 1, i + 1)):
            return "beside another name"
        nxt = t[i + 1] if i + 1 < len(t) else ""
        # A first name that is also a noun, without an article ("mit Klaus am …",
        # not "im Mai"); surnames are too often nouns ("Koch", "Mann") for this.
        first_alone = word in lex.first and not lex.place(word) and not self.article(i - 1)
        if first_alone and ((nxt.islower() and nxt not in GENITIVE) or not nxt[:1].isalnum()):
            return "first name that is also a word, without an article"
        if is_word or len(word) < 3:
            return None
        if self.cap(i - 1) and t[i - 1] in lex.first and not lex.word(t[i - 1]):
            return "after a first name"  # "Ahmad Karimi"
        if self.cap(i + 1) and not lex.word(nxt) and len(nxt) >= 3 and not self.article(i - 1):
            return "two words that are no German words"  # "Tesfaye Gebremedhin"
        return None


def names_in(text: str, known_names: Iterable[str] | KnownNames = ()) -> list[str]:
    """The words of ``text`` that look like the name of a person, in order."""
    tokens = _TOKEN.findall(text)
    capitalised = [i for i, t in enumerate(tokens) if _UPPER.match(t)]  # no other is a name
    if not capitalised:
        return []
    doc = _Text(tokens, _masked(tokens, known_names), lexicon())
    return [tokens[i] for i in capitalised if doc.why(i)]
