"""The rules for one file: what a record must fulfil by itself, and its facts for the rest.

A rule here reads only its file and the :class:`Frame` (what of config.yaml
and of the other files it may depend on); everything that needs other files
is a rule across files (:mod:`merzig_cli.checks.cross_file`). That split is what
lets the validation cache keep a file's result until the file or the frame
changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.text import hidden_characters
from ..core.vocab import INQUIRY_ID_RE
from ..core.yamlio import Document
from ..schema.kinds import RECORD_KINDS
from ..schema.values import RefUse
from .cases import case_rules, conference_rules
from .facts import Facts, extract, stem
from .names import KnownNames
from .privacy import personal_data_in
from .raw_data import entries


@dataclass(frozen=True)
class Frame:
    """What the rules for one file may know besides the file: the brochure's languages
    and the configured format of pseudonyms."""

    languages: tuple[str, ...] = ("de",)
    pseudonym_pattern: str | None = None


def check_file(
    doc: Document, kind: str, frame: Frame, names: Callable[[], KnownNames], refs: list[RefUse]
) -> Facts:
    """Run every rule for one file (its problems go to ``doc.problems``) and return its facts.

    The schema check has run already (it found ``refs``); ``names`` gives the
    workspace's own names, which a question may mention (asked only when a
    question shows something that might be a name).
    """
    found: list[Facts] = []
    rules: list[Callable[[Document], None]] = [lambda d: found.append(extract(d, kind, refs))]
    if kind in RECORD_KINDS:
        rules.append(lambda d: _id_rules(d, kind))
    own: dict[str, list[Callable[[Document], None]]] = {
        "taxonomy": [_taxonomy],
        "actor": [lambda d: _actor(d, frame)],
        "inquiry": [_inquiry_dates],
        "conference": [conference_rules],
        "case": [lambda d: case_rules(d, frame.pseudonym_pattern)],
    }
    rules += own.get(kind, [])
    rules.append(lambda d: _placeholders(d, d.data, ()))
    for rule in rules:
        guarded(doc, rule)
    facts = found[0] if found else Facts(kind=kind, rel=doc.rel)
    if kind == "inquiry":
        guarded(doc, lambda d: _personal_data(d, facts, names))
    return facts


def guarded(doc: Document, rule: Callable[[Document], None]) -> None:
    """Run one rule on one file; a shape no rule foresaw is that file's problem, not a crash.

    The rules read only what has the expected shape (:mod:`merzig_cli.checks.raw_data`,
    fuzzed in tests/test_fuzz.py); this is the last line, so that one malformed
    record never stops the check of all others.
    """
    try:
        rule(doc)
    except Exception as exc:
        doc.problems.append(
            doc.problem(
                "error",
                "rule-failed",
                f"Die Datei hat eine unerwartete Form; eine Prüfung brach ab ({type(exc).__name__})",
                (),
                "Datei mit der Formatreferenz docs/format.md vergleichen",
            )
        )


def _id_rules(doc: Document, kind: str) -> None:
    """The id against the file name, and an inquiry's number against its year."""
    value = doc.data.get("id")
    if not isinstance(value, str):
        return
    own = stem(doc.rel)
    if value != own:
        doc.problems.append(
            doc.problem(
                "error",
                "id-mismatch",
                f"Kennung „{value}“ passt nicht zum Dateinamen „{own}.yaml“",
                ("id",),
                f"Datei in „{value}.yaml“ umbenennen oder die Kennung auf „{own}“ ändern",
            )
        )
    if kind != "inquiry" or not INQUIRY_ID_RE.fullmatch(value):
        return
    year, folder = value[:4], doc.rel.split("/")[-2]
    if folder != year:
        doc.problems.append(
            doc.problem(
                "warning",
                "year-folder",
                f"Anfrage {value} liegt im Ordner „{folder}“",
                ("id",),
                f"Datei nach inquiries/{year}/ verschieben",
            )
        )
    received = doc.data.get("received")
    if isinstance(received, dt.date) and str(received.year) != year:
        doc.problems.append(
            doc.problem(
                "warning",
                "year-number",
                f"Anfrage {value} ist am {received.isoformat()} eingegangen, "
                f"trägt aber die Nummer eines anderen Jahres",
                ("received",),
                "Anfragen werden je Eingangsjahr nummeriert: Datum oder Nummer prüfen",
            )
        )


def _placeholders(doc: Document, value: Any, path: tuple[str | int, ...]) -> None:
    """Template lines still saying "TODO:" (from merzig actors new) are errors; hidden
    characters (control codes, direction overrides) a warning."""
    if not path and doc.text and _plainly_clean(doc.text):
        return
    if isinstance(value, str):
        if value.lstrip().startswith("TODO"):
            doc.problems.append(
                doc.problem(
                    "error",
                    "placeholder",
                    "Platzhalter ist noch nicht ausgefüllt",
                    path,
                    "Den Text nach „TODO:“ durch die echte Angabe ersetzen",
                )
            )
        if hidden_characters(value):
            doc.problems.append(
                doc.problem(
                    "warning",
                    "hidden-characters",
                    "Text enthält unsichtbare Steuer- oder Richtungszeichen (im Terminal als „�“)",
                    path,
                    "Text neu eintippen statt einzufügen; die Zeichen können Anzeigen verfälschen",
                )
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _placeholders(doc, item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _placeholders(doc, item, (*path, i))


def _plainly_clean(text: str) -> bool:
    """No value of ``text`` can hold a placeholder or a hidden character.

    A value holds only characters of the text itself unless an escape (\\)
    makes others; line breaks become \\n. So a text without "TODO", without
    a backslash, without a carriage return and without hidden characters is
    clean, and the walk through every value is spared.
    """
    return (
        "TODO" not in text and "\\" not in text and "\r" not in text and not hidden_characters(text)
    )


def _taxonomy(doc: Document) -> None:
    for key in ("topics", "target_groups", "categories"):
        _unique_ids(doc, key, "Kennung")
    for i, entry in entries(doc.data, "topics"):
        if entry.get("parent") is not None and entry.get("parent") == entry.get("id"):
            doc.problems.append(
                doc.problem(
                    "error",
                    "parent-self",
                    "Ein Thema kann nicht sein eigenes Oberthema sein",
                    ("topics", i, "parent"),
                )
            )
    _parent_cycles(doc)


def _parent_cycles(doc: Document) -> None:
    """A chain of parents that comes back to where it started, once per circle."""
    parents: dict[str, tuple[int, str]] = {}
    for i, entry in entries(doc.data, "topics"):
        ident, parent = entry.get("id"), entry.get("parent")
        if isinstance(ident, str) and isinstance(parent, str) and parent != ident:
            parents.setdefault(ident, (i, parent))
    done: set[str] = set()  # every topic is walked once: a long chain costs no more
    for start in parents:
        path: dict[str, None] = {}  # the walk from ``start``, in order
        here = start
        while here in parents and here not in done and here not in path:
            path[here] = None
            here = parents[here][1]
        done.update(path)
        if here in path:  # came back: the circle is the path from here on
            chain = list(path)[list(path).index(here) :]
            if len(chain) > 6:  # a long circle: its start and end, and how many lie between
                chain = [*chain[:3], f"… {len(chain) - 5} weitere …", *chain[-2:]]
            circle = " → ".join([*chain, here])
            doc.problems.append(
                doc.problem(
                    "error",
                    "parent-cycle",
                    f"Die Oberthemen bilden einen Kreis: {circle}",
                    ("topics", parents[here][0], "parent"),
                    "Bei einem der Themen das Oberthema ändern oder streichen",
                )
            )


def _unique_ids(doc: Document, key: str, what: str) -> None:
    seen: set[str] = set()
    for i, item in entries(doc.data, key):
        if isinstance(item.get("id"), str):
            if item["id"] in seen:
                doc.problems.append(
                    doc.problem(
                        "error",
                        "id-duplicate",
                        f"{what} „{item['id']}“ steht doppelt",
                        (key, i, "id"),
                    )
                )
            seen.add(item["id"])


def _actor(doc: Document, frame: Frame) -> None:
    data = doc.data
    _unique_ids(doc, "contacts", "Ansprechperson")
    _unique_ids(doc, "offers", "Angebot")
    for i, contact in entries(data, "contacts"):
        if not contact.get("email") and not contact.get("phone"):
            doc.problems.append(
                doc.problem(
                    "error",
                    "contact-unreachable",
                    "Ansprechperson ohne E-Mail und ohne Telefon",
                    ("contacts", i),
                    "E-Mail-Adresse oder Telefonnummer eintragen",
                )
            )
        for j, absent in entries(contact, "absent"):
            if (
                isinstance(absent.get("from"), dt.date)
                and isinstance(absent.get("to"), dt.date)
                and absent["from"] > absent["to"]
            ):
                doc.problems.append(
                    doc.problem(
                        "error",
                        "date-order",
                        "Abwesenheit endet vor ihrem Beginn",
                        ("contacts", i, "absent", j),
                        "„from“ und „to“ vertauscht?",
                    )
                )
    translations = data.get("translations")
    languages = frame.languages
    for lang in translations if isinstance(translations, dict) else {}:
        if lang not in languages[1:]:
            doc.problems.append(
                doc.problem(
                    "warning",
                    "translation-language",
                    f"Übersetzung „{lang}“ wird nicht verwendet (Broschürensprachen: {', '.join(languages)})",
                    ("translations", lang),
                    "Sprache in config.yaml unter brochure.languages ergänzen",
                    key=True,
                )
            )


def _inquiry_dates(doc: Document) -> None:
    data = doc.data
    received = data.get("received")
    for i, ref in entries(data, "referrals"):
        ref_day = ref.get("date")
        if isinstance(ref_day, dt.date) and isinstance(received, dt.date) and ref_day < received:
            doc.problems.append(
                doc.problem(
                    "error",
                    "date-order",
                    f"Weiterleitung am {ref_day} liegt vor dem Eingang der Anfrage ({received})",
                    ("referrals", i, "date"),
                    "Datum der Weiterleitung prüfen: frühestens am Eingangstag",
                )
            )
        if isinstance(ref.get("feedback"), dict):
            fb_date = ref["feedback"].get("date")
            if isinstance(fb_date, dt.date) and isinstance(ref_day, dt.date) and fb_date < ref_day:
                doc.problems.append(
                    doc.problem(
                        "error",
                        "date-order",
                        f"Rückmeldung am {fb_date} liegt vor der Weiterleitung ({ref_day})",
                        ("referrals", i, "feedback", "date"),
                        "Datum der Rückmeldung prüfen: frühestens am Tag der Weiterleitung",
                    )
                )
    closed = data.get("closed")
    if isinstance(closed, dt.date) and isinstance(received, dt.date) and closed < received:
        doc.problems.append(
            doc.problem("error", "date-order", "Abschluss liegt vor dem Eingang", ("closed",))
        )


def _personal_data(doc: Document, facts: Facts, names: Callable[[], KnownNames]) -> None:
    """Data minimisation: contact data or a person's name in the question.

    The workspace's own names only ever spare words (tests/test_names.py), so a
    question that shows nothing without them shows nothing with them either, and
    its result does not depend on the other files (``needs_names`` stays False).
    """
    question = doc.data.get("question")
    if not isinstance(question, str) or not personal_data_in(question):
        return
    facts.needs_names = True
    found = personal_data_in(question, names())
    if found:
        doc.problems.append(
            doc.problem(
                "warning",
                "personal-data",
                f"Die Frage enthält vermutlich {' und '.join(found)}",
                ("question",),
                "Datensparsamkeit: Namen und Kontaktdaten der fragenden Person entfernen",
            )
        )
