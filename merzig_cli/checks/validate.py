"""Rules across files: ids, references, consent and privacy.

Schema checks run while loading; this module adds what needs the whole
workspace and collects everything into one :class:`Report`. It never raises
for bad data.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from ..core.problems import Problem, Report
from ..core.text import hidden_characters
from ..core.vocab import INQUIRY_ID_RE
from ..core.yamlio import Document
from ..schema.containers import REF_NAMES
from ..workspace.loader import ALL_KINDS, Workspace, load_workspace
from .cases import case_rules, cases_in_git, conference_rules
from .privacy import personal_data_in, workspace_names
from .shape import entries


def validate_path(data: str | None = None) -> Report:
    return validate(load_workspace(data, ALL_KINDS, tolerant=True))


def validate(ws: Workspace) -> Report:
    problems: list[Problem] = list(ws.failures)
    for rel in ws.stray_files:
        problems.append(
            Problem(
                "warning",
                "stray-file",
                "Datei liegt nicht an der erwarteten Stelle und wird ignoriert",
                rel,
                hint="Endung .yaml verwenden; Anfragen und Fälle gehören in einen Jahresordner (…/2026/)",
            )
        )
    _ids(ws)
    _references(ws)
    contacts = _actor_contacts(ws)
    rules: dict[str, list[Callable[[Document], None]]] = {
        "taxonomy": [_taxonomy],
        "actor": [lambda d: _actor(d, ws)],
        "inquiry": [lambda d: _inquiry(d, ws, contacts)],
        "conference": [lambda d: _participants(d, ws, contacts), conference_rules],
        "case": [lambda d: case_rules(d, ws)],
    }
    for kind, checks in rules.items():
        for doc in ws.documents.get(kind, []):
            for rule in checks:
                _guarded(doc, rule)
    for doc in ws.all_documents():
        _guarded(doc, lambda d: _placeholders(d, d.data, ()))
        problems.extend(doc.problems)
    problems.extend(cases_in_git(ws))
    return Report(problems=_dedupe(problems), files_checked=ws.files_checked)


def _guarded(doc: Document, rule: Callable[[Document], None]) -> None:
    """Run one rule on one file; a shape no rule foresaw is that file's problem, not a crash.

    The rules read only what has the expected shape (:mod:`merzig_cli.checks.shape`,
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


def _placeholders(doc: Document, value: Any, path: tuple[str | int, ...]) -> None:
    """Template lines still saying "TODO:" (from merzig actors new) are errors; hidden
    characters (control codes, direction overrides) a warning."""
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


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _ids(ws: Workspace) -> None:
    for kind in ("actor", "inquiry", "conference", "case"):
        first: dict[str, Document] = {}
        for doc in ws.documents.get(kind, []):
            value = doc.data.get("id")
            if not isinstance(value, str):
                continue
            stem = PurePosixPath(doc.rel).stem
            if value != stem:
                doc.problems.append(
                    doc.problem(
                        "error",
                        "id-mismatch",
                        f"Kennung „{value}“ passt nicht zum Dateinamen „{stem}.yaml“",
                        ("id",),
                        f"Datei in „{value}.yaml“ umbenennen oder die Kennung auf „{stem}“ ändern",
                    )
                )
            if value in first:
                doc.problems.append(
                    doc.problem(
                        "error",
                        "id-duplicate",
                        f"Kennung „{value}“ gibt es schon in {first[value].rel}",
                        ("id",),
                        "Jede Kennung darf es pro Datensatzart nur einmal geben",
                    )
                )
            else:
                first[value] = doc
            if kind in ("inquiry", "case"):
                folder = PurePosixPath(doc.rel).parent.name
                year = value[:4] if kind == "inquiry" and INQUIRY_ID_RE.fullmatch(value) else None
                if year and folder != year:
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
                if year and isinstance(received, dt.date) and str(received.year) != year:
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


def _known(ws: Workspace) -> dict[str, set[str]]:
    return {
        "topic": set(ws.taxonomy.topics),
        "target_group": set(ws.taxonomy.target_groups),
        "category": set(ws.taxonomy.categories),
        "actor": ws.known_ids("actor"),
        "conference": ws.known_ids("conference"),
    }


def _references(ws: Workspace) -> None:
    known = _known(ws)
    for ref in ws.refs:
        if ref.kind == "actor" and "actor" not in ws.kinds:
            continue
        if ref.value in known[ref.kind]:
            continue
        name, where = REF_NAMES[ref.kind]
        close = difflib.get_close_matches(ref.value, sorted(known[ref.kind]), n=1)
        hint = (
            f"Meinten Sie „{close[0]}“?"
            if close
            else f"Kennung in {where} anlegen oder korrigieren"
        )
        ref.doc.problems.append(
            ref.doc.problem(
                "error", "ref-unknown", f"{name} „{ref.value}“ gibt es nicht", ref.path, hint
            )
        )


def _taxonomy(doc: Document) -> None:
    for key in ("topics", "target_groups", "categories"):
        _unique_ids(doc, key, "Kennung")
    entries = doc.data.get("topics")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if (
            isinstance(entry, dict)
            and entry.get("parent") is not None
            and entry.get("parent") == entry.get("id")
        ):
            doc.problems.append(
                doc.problem(
                    "error",
                    "parent-self",
                    "Ein Thema kann nicht sein eigenes Oberthema sein",
                    ("topics", i, "parent"),
                )
            )


def _unique_ids(doc: Document, key: str, what: str) -> None:
    items = doc.data.get(key)
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
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


def _actor(doc: Document, ws: Workspace) -> None:
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
    languages = ws.config.brochure.languages
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


def _actor_contacts(ws: Workspace) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for doc in ws.documents.get("actor", []):
        for _, c in entries(doc.data, "contacts"):
            if isinstance(c.get("id"), str):
                out[str(doc.data.get("id"))].add(c["id"])
    return out


def _check_contact(
    doc: Document,
    ws: Workspace,
    item: Any,
    path: tuple[str | int, ...],
    contacts: dict[str, set[str]],
) -> None:
    if not isinstance(item, dict):
        return
    actor, contact = item.get("actor"), item.get("contact")
    if (
        isinstance(actor, str)
        and isinstance(contact, str)
        and actor in contacts
        and contact not in contacts[actor]
    ):
        close = difflib.get_close_matches(contact, sorted(contacts[actor]), n=1)
        hint = (
            f"Meinten Sie „{close[0]}“?"
            if close
            else f"Ansprechpersonen stehen in actors/{actor}.yaml"
        )
        doc.problems.append(
            doc.problem(
                "error",
                "ref-unknown",
                f"Ansprechperson „{contact}“ gibt es bei {actor} nicht",
                (*path, "contact"),
                hint,
            )
        )


def _inquiry(doc: Document, ws: Workspace, contacts: dict[str, set[str]]) -> None:
    data = doc.data
    received = data.get("received")
    for i, ref in entries(data, "referrals"):
        _check_contact(doc, ws, ref, ("referrals", i), contacts)
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
            fb_date, ref_date = ref["feedback"].get("date"), ref.get("date")
            if (
                isinstance(fb_date, dt.date)
                and isinstance(ref_date, dt.date)
                and fb_date < ref_date
            ):
                doc.problems.append(
                    doc.problem(
                        "error",
                        "date-order",
                        f"Rückmeldung am {fb_date} liegt vor der Weiterleitung ({ref_date})",
                        ("referrals", i, "feedback", "date"),
                        "Datum der Rückmeldung prüfen: frühestens am Tag der Weiterleitung",
                    )
                )
    closed = data.get("closed")
    if isinstance(closed, dt.date) and isinstance(received, dt.date) and closed < received:
        doc.problems.append(
            doc.problem("error", "date-order", "Abschluss liegt vor dem Eingang", ("closed",))
        )
    question = data.get("question")
    if isinstance(question, str):
        found = personal_data_in(question, workspace_names(ws))
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


def _participants(doc: Document, ws: Workspace, contacts: dict[str, set[str]]) -> None:
    for i, item in entries(doc.data, "participants"):
        _check_contact(doc, ws, item, ("participants", i), contacts)
