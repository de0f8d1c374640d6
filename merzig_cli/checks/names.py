"""Names of people in free text: the questions and notes a coordinator writes down.

In German every noun is capitalised, so capital letters alone say little.
Public lists decide instead (``names.txt.gz`` beside this module, built by
``tools/name_lists.py``; sources and licences in its header): first names and
surnames of many countries (Faker, MIT; given names of every origin from
nomquamgender, MIT; surnames of the U.S. census 2010) and the German nouns,
first names, surnames and places of Wiktionary (german-nouns, CC BY-SA 4.0).

A text names a person when it has

* a title or a cue before a capitalised word: "Frau Weber", "Familie Yilmaz",
  "heißt Karimi";
* a first name next to a surname or another word that is no German noun:
  "Anna Müller", "Termin mit Ahmad Karimi", "Tesfaye Gebremedhin";
* a first name or a surname that is no German word, on its own: "Olena
  fragt", "Rückruf von Kovalenko"; a name that is also a word ("Mai", "Koch")
  counts only beside another name or without an article before it;
* a name-shaped word: "Al-Hassan", "Shevchenko", "Petrović", "Öztürkoğlu";
* a particle of names before a word: "Herr van der Berg", "Ahmad bin Rashid",
  "Herrn al-Khatib";
* a word no list knows, written with letters German does not use ("Ayşe",
  "Paweł", "Дмитро"), after a word of kinship or role ("Onkel Awet", "laut
  Tesfay") or as the subject of a sentence ("Lamin fragt");
* a first name written small where a name stands ("ahmad war heute da"), and in a
  German text written all small any name of the lists that is no word;
* a name in capitals beside another or before a verb ("KIDANE hat", "TRAN VAN MINH").

Spared are the workspace's own names (actors, their contact persons, the
office): "Caritas Merzig" and "Termin bei Samir Al-Hassan" name no asker;
firms ("Villeroy & Boch", "bei Ford"); places of the district; and words no
list knows in a sentence of another language ("Türkçe konuşan biri var?"),
where only the lists decide. The small word classes live in
:mod:`merzig_cli.checks.name_words`; pseudonyms are judged in
:mod:`merzig_cli.checks.pseudonyms`. Every step is linear in the text (tokens
of more than 40 letters are no names). The list is read once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .name_lexicon import (
    DATA,
    LONGEST,
    NAME_SHAPE,
    SENTENCE_END,
    TOKEN,
    Lexicon,
    alien_sentences,
    capitalised,
    foreign,
    lexicon,
    shouted,
    small_after_title,
    verb_after_subject,
    word_shaped,
)
from .name_words import (
    ADJECTIVE_NOUNS,
    ARTICLES,
    BEFORE_PERSON,
    COMMON,
    CUES,
    FIRM,
    GENITIVE,
    KIN,
    LOWER_STOP,
    NOUN_ENDINGS,
    PARTICLES,
    PLACE_ENDINGS,
    SMALL_WORDS,
    STRONG_PARTICLES,
    TITLES,
)

__all__ = ["DATA", "KnownNames", "has_name", "lexicon", "names_in", "prepare_names"]


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
        {seq for name in names if (seq := tuple(TOKEN.findall(name))[:MAX_NAME_WORDS])}
    )
    given = lexicon().given
    singles = frozenset(
        t for seq in sequences if len(seq) > 2 for t in seq if capitalised(t) and not given(t)
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
    alien: list[bool]  # in a sentence of another language ("Türkçe konuşan biri var?")
    small: bool = False  # the whole text is written small ("hat mit tante gulalai gesprochen")

    def cap(self, i: int) -> bool:
        """A capitalised word at ``i`` that is no word of the workspace's own names."""
        t = self.tokens
        return 0 <= i < len(t) and not self.masked[i] and capitalised(t[i]) and t[i] not in COMMON

    def article(self, i: int) -> bool:
        """An article, determiner or number at ``i``: what stands before a noun."""
        return i >= 0 and (self.tokens[i].lower() in ARTICLES or self.tokens[i].isdigit())

    def listed(self, i: int) -> bool:
        return self.lex.name(self.tokens[i])

    def firm(self, i: int) -> bool:
        """A word of a firm's name: "Villeroy & Boch", "Müller GmbH", "bei Ford"."""
        t = self.tokens
        near = {t[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(t)}
        if near & FIRM:
            return True
        single = not self.cap(i - 1) and not self.cap(i + 1)
        return single and i > 0 and t[i - 1] == "bei" and not foreign(t[i])

    def start(self, i: int) -> bool:
        """``i`` begins a sentence (or a note after a colon)."""
        return i == 0 or self.tokens[i - 1] in SENTENCE_END

    def before(self, i: int) -> str:
        """The word before ``i``, passing over the dot of an abbreviation ("Dr. Weber")."""
        t = self.tokens
        j = i - 1
        if (
            j >= 1
            and t[j] == "."
            and (t[j - 1] in TITLES or t[j - 1] in ("St", "Hl") or len(t[j - 1]) == 1)
        ):
            j -= 1
        return t[j] if j >= 0 else ""

    def over_particles(self, i: int) -> int:
        """The index before the particles in front of ``i`` ("Herr van der Berg": "Herr");
        an article alone is no particle ("Name der Rundmail")."""
        t, j = self.tokens, i
        while j > 0 and i - j < 3 and t[j - 1] in PARTICLES:
            j -= 1
        heads = STRONG_PARTICLES | {"von", "zu", "de", "da", "di", "du", "del", "dos", "le", "la"}
        return j if any(t[k].lower() in heads for k in range(j, i)) else i

    def after_particle(self, i: int) -> bool:
        """A name after a particle that stands only in names: "van der Berg", "bin Rashid"."""
        t, j = self.tokens, self.over_particles(i)
        strong = any(t[k].lower() in STRONG_PARTICLES for k in range(j, i))
        if not strong or j == 0:
            return False
        before = t[j - 1]
        return self.after_title(j) or (self.cap(j - 1) and self.lex.name(before))

    def after_title(self, i: int) -> bool:
        t = self.tokens
        i = self.over_particles(i)
        prev = self.before(i)
        initial = len(prev) == 1 and prev.isupper()  # "A. Karimi"
        cue = prev == ":" and i > 1 and t[i - 2] in CUES
        return prev in TITLES or prev in CUES or initial or cue

    def why(self, i: int) -> str | None:
        """Why the word at ``i`` is a person's name, or None."""
        t, lex = self.tokens, self.lex
        word = t[i]
        if not self.cap(i) or word in TITLES or word.endswith("-") or self.firm(i):
            return None
        if self.before(i) in ("St", "Sankt", "Hl"):
            return None  # a saint: "Krankenhaus St. Elisabeth", "Sankt Wendel"
        listed = self.listed(i)
        # A listed name is a word only if the list of nouns has it as it stands:
        # "Zimmermann" is a name although "Mann" is a noun.
        is_word = lex.word(word, compounds=not listed)
        # After "Herr", "Frau", "Familie" only a noun as it stands is no name ("Frau Doktor");
        # a compound of nouns is a surname ("Herr Weißmüller").
        # ... and a place is a surname as well: "Frau Dr. Weißenfels", "Herr Saarburg".
        if self.after_title(i) and (listed or not lex.plain_noun(word)):
            return "after a title"
        if self.over_particles(i) < i and self.before(self.over_particles(i)) in TITLES:
            return "after a title and a particle"  # "Frau von Ahlen", though "Ahlen" is a noun
        if i > 0 and t[i - 1] in KIN and listed and not lex.noun(word, compounds=False):
            return "after a word of kinship or role"  # "mit Kollegin Petra"
        if i > 0 and t[i - 1] in KIN and self.start(i - 1) and listed and self.lex.family(word):
            return "after a word of kinship or role"  # "Kollegin Schneider"
        if self.after_particle(i):
            return "after a particle of names"  # "Pieter van der Berg", "Ahmad bin Rashid"
        if NAME_SHAPE.match(word) and not lex.word(word, compounds=False):
            return "name shape"  # "Rahimullah" is no compound of "Mullah"
        if listed and not is_word:
            return "listed name"
        if listed and any(self.cap(j) and self.listed(j) for j in (i - 1, i + 1)):
            return "beside another name"
        nxt = t[i + 1] if i + 1 < len(t) else ""
        # A first name in the genitive before a noun: "Evas Mutter", "Amirs Akte".
        genitive = word.endswith("s") and word[:-1] in lex.first and not self.article(i - 1)
        if genitive and nxt[:1].isupper() and (nxt in COMMON or lex.word(nxt)):
            return "a first name in the genitive before a noun"
        # A first name that is also a noun, without an article ("mit Klaus am …",
        # not "im Mai"); surnames are too often nouns ("Koch", "Mann") for this.
        first_alone = word in lex.first and not lex.place(word) and not self.article(i - 1)
        first_alone = first_alone and (i == 0 or t[i - 1] != "als")  # "als Pate", "als Mentor"
        if first_alone and ((nxt.islower() and nxt not in GENITIVE) or not nxt[:1].isalnum()):
            return "first name that is also a word, without an article"
        # A first name that is also a place, where no place stands: "Heute kam Lena mit",
        # "Helena fragt" (not "aus Lima", "nach Sofia", "in Victoria").
        prev = t[i - 1] if i > 0 else ""
        named = word in lex.first and word not in lex.countries
        if named and lex.place(word) and not lex.noun(word, compounds=False):
            before = prev.lower()
            after_verb = before != "von" and (before in BEFORE_PERSON or verb_after_subject(prev))
            if after_verb or (self.start(i) and verb_after_subject(nxt)):
                return "first name that is also a place, where a person stands"
        if is_word or len(word) < 3 or word.endswith(PLACE_ENDINGS) or self.alien[i]:
            return None  # in a sentence of another language only the lists decide
        if self.cap(i - 1) and lex.given(t[i - 1]) and not lex.word(t[i - 1]):
            return "after a first name"  # "Ahmad Karimi"
        if self.cap(i + 1) and not lex.word(nxt) and len(nxt) >= 3 and not self.article(i - 1):
            return "two words that are no German words"  # "Tesfaye Gebremedhin"
        if word_shaped(word):
            return None
        if foreign(word) and (not self.start(i) or verb_after_subject(nxt)):
            return "letters German does not use"  # "Ayşe", "Paweł", "Дмитро"
        if i > 0 and t[i - 1] in KIN:
            return "after a word of kinship or role"  # "Onkel Awet", "laut Tesfay"
        if self.subject(i):
            return "subject of a sentence, without an article"  # "Lamin fragt"
        if self.unknown_alone(i):
            return "an unknown word without an article"  # "hat Senait in Mathe"
        return None

    def subject(self, i: int) -> bool:
        """A word no list knows that opens a sentence or clause and whose verb follows within
        a few words: "Lamin fragt", "Tharshan aus Sri Lanka braucht", "sagt, Dawit ist"."""
        t, word = self.tokens, self.tokens[i]
        if not (self.start(i) or (i > 0 and t[i - 1] == ",")) or not word[1:].islower():
            return False
        if word.lower().endswith(ADJECTIVE_NOUNS):
            return False  # "Zugezogener aus Kasachstan fragt", "Geflüchtete fragt"
        if t[i + 1 : i + 2] and t[i + 1][:1].isupper():
            return False  # an adjective before its noun: "Assistierte Ausbildung läuft"
        ahead = t[i + 1 : i + 6]
        stop = next((k for k, w in enumerate(ahead) if w in SENTENCE_END or w == ","), len(ahead))
        clause = ahead[:stop]
        return (clause[:1] == ["und"]) or any(verb_after_subject(w) for w in clause)

    def unknown_alone(self, i: int) -> bool:
        """A capitalised word no list knows, inside a sentence, with no article before it
        and not shaped like a German noun, an abbreviation or a place after "nach"/"in"."""
        t, word = self.tokens, self.tokens[i]
        prev = t[i - 1] if i > 0 else ""
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if self.start(i) or prev not in BEFORE_PERSON or nxt[:1].isupper():
            return False  # only where a person stands: "mit Senait", "hat Dawit"
        if not word[1:].islower():
            return False  # "AufenthG"
        tail = word.rsplit("-", 1)[-1].capitalize()
        stems = [tail] + [tail[:-n] for n in (1, 2, 3) if len(tail) - n >= 4]
        german = any(self.lex.word(stem) for stem in stems)  # "Elektroberufen": Elektroberuf
        return not tail.lower().endswith(NOUN_ENDINGS) and not german

    def name_in_capitals(self, i: int) -> bool:
        """A name written in capitals in a text that is not: "KIDANE hat …", "NGUYEN THI LAN –",
        "Nachricht von TRAN VAN MINH:"; an abbreviation ("BAMF", "AWO") is no name."""
        t = self.tokens

        def name(j: int) -> bool:
            w = t[j] if 0 <= j < len(t) else ""
            if not (3 <= len(w) <= LONGEST and w.isupper() and w.isalpha()) or self.masked[j]:
                return False
            c = w.capitalize()
            return c not in COMMON and self.lex.name(c) and not self.lex.word(c)

        if not name(i):
            return False

        def part(j: int) -> bool:  # "VAN", "THI": a particle or name in the run of capitals
            w = t[j] if 0 <= j < len(t) else ""
            return (
                w.isupper()
                and w.isalpha()
                and (w.lower() in PARTICLES or self.lex.name(w.capitalize()))
            )

        if self.article(i - 1):
            return False  # "im JSON", "das BOM"
        nxt = t[i + 1] if i + 1 < len(t) else ""
        prev = t[i - 1] if i > 0 else ""
        return part(i - 1) or part(i + 1) or verb_after_subject(nxt) or prev in BEFORE_PERSON

    def particle_name(self, i: int) -> bool:
        """A surname joined to its particle: "al-Khatib", "el-Amrani"."""
        head, _, rest = self.tokens[i].partition("-")
        if head not in PARTICLES or not rest[:1].isupper() or self.masked[i]:
            return False
        return not self.lex.word(rest) or self.lex.name(rest)

    def lower_name(self, i: int) -> bool:
        """A first name written small where a name stands: "ahmad war heute da",
        "Rückmeldung von mehmet:"."""
        t, word = self.tokens, self.tokens[i]
        if self.masked[i] or len(word) < 3 or word in LOWER_STOP or len(word) > LONGEST:
            return False
        name = word.capitalize()
        if not self.lex.given(name) or self.lex.word(name) or name in TITLES:
            return False
        nxt = t[i + 1] if i + 1 < len(t) else ""
        prev, before = (t[i - 1] if i > 0 else ""), (t[i - 2].lower() if i > 1 else "")
        if self.alien[i]:
            return False
        if self.small and word not in self.lex.small_words:
            return True  # a text all written small: a name of the lists that is no word
        # "ich bin fatima", "mein name ist reza", "mit hamid wegen …"
        named = (prev, before) in (("bin", "ich"), ("ist", "name")) or prev in ("heiße", "heisse")
        if named or prev in ("von", "mit", "laut", "für"):
            return True
        start = i == 0 or prev in (".", "!", "?")
        return (start or prev == "an") and (verb_after_subject(nxt) or nxt in (":", ","))


def _found(text: str, known_names: Iterable[str] | KnownNames) -> Iterator[str]:
    tokens = TOKEN.findall(text)
    if shouted(tokens):  # read as a sentence: nouns and names capitalised, the rest small
        lex = lexicon()
        tokens = [
            t.capitalize() if lex.word(t.capitalize()) or not lex.word(t.lower()) else t.lower()
            for t in tokens
        ]
    if not any(t[:1].isalpha() for t in tokens):
        return
    # A German sentence all written small ("hat mit tante gulalai gesprochen"), not a command.
    words = [t for t in tokens if t[:1].isalpha()]
    small = not any(t[:1].isupper() for t in words[1:])
    small = small and sum(t in SMALL_WORDS for t in words) >= 2
    doc = _Text(tokens, _masked(tokens, known_names), lexicon(), alien_sentences(tokens), small)
    for i, t in enumerate(tokens):
        if t.isupper() and len(t) > 2:
            if doc.name_in_capitals(i):
                yield t
        elif (t[:1].isupper() and doc.why(i)) or (
            t[:1].islower()
            and (
                doc.lower_name(i)
                or doc.particle_name(i)
                or (i > 0 and small_after_title(tokens[i - 1], t, doc.lex))
            )
        ):
            yield t


def names_in(text: str, known_names: Iterable[str] | KnownNames = ()) -> list[str]:
    """The words of ``text`` that look like the name of a person, in order."""
    return list(_found(text, known_names))


def has_name(text: str, known_names: Iterable[str] | KnownNames = ()) -> bool:
    """Does ``text`` name a person? (Stops at the first name.)"""
    return next(_found(text, known_names), None) is not None
