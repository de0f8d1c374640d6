"""The asker's language: a filter and a preference, never a subject word.

"Ich spreche nur Arabisch" says which contact person should take the call;
it does not make an actor with "Arabisch" in its name responsible. So a
language named in the question is taken out of the subject words and, when
``--lang`` is not given, used as the language the person needs. German is a
subject only where it is one ("Deutsch lernen"); after "spreche", "kann" or
"verstehe" ("spricht kein Deutsch") it is a statement about the person.

Only a contact person's own ``languages`` say what that person speaks; the
actor's list says what is possible at the place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.vocab import language_labels, language_words
from ..schema.actor import Actor, Contact
from .index import stem, words

# "spricht kaum Deutsch", "versteht kein Deutsch", "auf Deutsch": German as the
# person's language, not as a subject.
_SPEAKING_TEXT = """spreche sprichst spricht sprechen sprecht verstehe verstehst versteht
verstehen speak speaks understand auf"""
_QUALIFIER_TEXT = """kein keine kaum nur wenig etwas gut schlecht noch nicht sehr ein bisschen
no only little some"""
_SPEAKING = frozenset(_SPEAKING_TEXT.split())
_QUALIFIERS = frozenset(_QUALIFIER_TEXT.split())
_GERMAN = frozenset({"deutsch", "german"})


def _about_person(before: list[str]) -> bool:
    """Do the words before "Deutsch" say that a person speaks it (or not)?"""
    for word in reversed(before[-4:]):
        if word in _SPEAKING:
            return True
        if word not in _QUALIFIERS:
            return False
    return False


@dataclass
class AskerLanguage:
    """Languages named in a question and the words that named them."""

    codes: list[str]
    words: set[str]


CACHE_NAME = "languages-v3.json"


def _babel_files() -> list[Path]:
    """Which Babel the names come from: its package file, replaced on every upgrade."""
    import importlib.util

    spec = importlib.util.find_spec("babel")
    return [Path(spec.origin)] if spec and spec.origin else []


@dataclass
class LanguageNames:
    """Language names from Babel's CLDR data: to recognise them, and to say them in German."""

    words: dict[str, str]  # folded name ("arabisch", "arabic", "farsi") -> code
    labels: dict[str, str]  # code -> German name ("ar" -> "Arabisch")

    def label(self, code: str) -> str:
        return self.labels.get(code, code)


def language_names(root: Path | None) -> LanguageNames:
    """The language names, read from the workspace's cache when it is current.

    Loading them from Babel takes longer than the rest of a routing answer,
    so ``merzig route`` keeps them in ``.merzig-cache/``, bound to Babel's package
    file and the workspace's config.yaml as they are on this machine, by the one
    rule of every cache (:func:`merzig_cli.workspace.cache.unchanged`): made again
    when Babel changes, and never believed when it comes along with a copy of
    the workspace.
    """
    if root is None:
        return LanguageNames(language_words(), language_labels())
    import contextlib
    import json

    from ..workspace.cache import read_cache, sources, unchanged, write_cache

    babel = _babel_files()
    bound = [*babel, root / "config.yaml"]
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        data = read_cache(root, CACHE_NAME)
        if babel and unchanged(data["sources"], bound):
            return LanguageNames(
                {str(k): str(v) for k, v in data["words"].items()},
                {str(k): str(v) for k, v in data["labels"].items()},
            )
    key = sources(bound)
    names = LanguageNames(language_words(), language_labels())
    if babel and key:
        payload = {"sources": key, "words": names.words, "labels": names.labels}
        write_cache(root, CACHE_NAME, json.dumps(payload, ensure_ascii=False))
    return names


def asker_language(question: str, names: LanguageNames | None = None) -> AskerLanguage:
    """The languages a question says the person speaks, first named first."""
    table = (names or language_names(None)).words
    found = AskerLanguage([], set())
    seen = words(question)
    for i, word in enumerate(seen):
        code = table.get(word) or table.get(stem(word))
        if code is None:
            continue
        if word in _GERMAN or code == "de":
            if _about_person(seen[:i]):
                found.words.add(word)
            continue
        found.words.add(word)
        if code not in found.codes:
            found.codes.append(code)
    return found


def speaks(contact: Contact, lang: str) -> bool:
    """Whether ``contact`` counsels in ``lang``: only their own list says so."""
    return lang in contact.languages


def offered(actor: Actor, lang: str) -> bool:
    """Whether counselling in ``lang`` is possible at the actor (its list or a contact's)."""
    return lang in actor.languages or any(lang in c.languages for c in actor.contacts)


def absent_until(contact: Contact, day: dt.date) -> dt.date:
    return max(a.end for a in contact.absent if a.start <= day <= a.end)


def absent_speakers(
    actor: Actor, chosen: Contact, lang: str | None, day: dt.date
) -> list[dict[str, object]]:
    """Who would speak ``lang`` but is away, when the chosen contact does not speak it."""
    if not lang or lang == "de" or speaks(chosen, lang):
        return []
    return [
        {
            "actor": actor.id,
            "contact": c.id,
            "contact_name": c.name,
            "language": lang,
            "until": absent_until(c, day).isoformat(),
        }
        for c in actor.contacts
        if c.is_absent(day) and speaks(c, lang)
    ]
