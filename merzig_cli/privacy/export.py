"""``merzig privacy export CASE``: everything the workspace holds about one case (right of access).

One readable Markdown file for the young person (Art. 15 DSGVO): every field
of the case file with German labels, with whom the consent allowed sharing,
which documents the tool makes from it, until when it is kept, and whether
the file is in a git history. A withdrawn consent does not hide anything
here: the person has the right to know what is still kept.
"""

from __future__ import annotations

import datetime as dt

from ..conference.views import FULL, case_view
from ..documents.sanitize import md_escape
from ..schema.conference import Case
from ..workspace.loader import Workspace
from .purge import commits_with
from .retention import case_deletion_due


def access_export(ws: Workspace, case: Case, day: dt.date) -> str:
    view = case_view(ws, case, day, FULL)
    conference = ws.conferences.get(case.conference)
    due = case_deletion_due(case, ws.config)
    esc = md_escape
    lines = [
        f"# Auskunft über gespeicherte Daten: Fall {esc(case.id)}",
        "",
        f"{esc(ws.config.office.name)}, {esc(ws.config.municipality)} · Stand {day.isoformat()}",
        "",
        "Diese Auskunft nennt alles, was im Arbeitsbereich zu diesem Fall gespeichert ist "
        "(Art. 15 DSGVO). Gespeichert ist nur ein Pseudonym, kein Name.",
        "",
        "## Angaben",
        "",
        f"- **Pseudonym:** {esc(view.pseudonym)}",
        f"- **Geburtsjahr:** {view.birth_year or '–'}",
        f"- **Förderkonferenz:** {esc(conference.title) if conference else esc(case.conference)}"
        + (f" am {conference.date.isoformat()}" if conference else ""),
    ]
    lines += [f"- **{esc(k)}:** {esc(v)}" for k, v in view.facts]
    lines += ["", "## Einwilligung", ""]
    lines += [f"- **{esc(k)}:** {esc(v)}" for k, v in view.consent]
    if view.support_system:
        lines += ["", "## Unterstützungssystem", ""]
        lines += [
            f"- {esc(name)}" + (f" ({esc(role)})" if role else "")
            for name, role in view.support_system
        ]
    if view.options:
        lines += ["", "## Besprochene Perspektiven", "", esc(", ".join(view.options))]
    lines += ["", "## Vereinbarung", ""]
    if view.steps or view.perspective:
        when = f" vom {view.agreement_date.isoformat()}" if view.agreement_date else ""
        lines.append(f"Perspektive{when}: {esc(view.perspective or '–')}")
        lines.append("")
        for s in view.steps:
            state = s.status_label + (f" am {s.done.isoformat()}" if s.done else "")
            due_text = f", bis {s.due.isoformat()}" if s.due else ""
            helper = f", begleitet von {esc(s.support)}" if s.support else ""
            lines.append(
                f"{s.number}\\. {esc(s.action)} – macht: {esc(s.by)}{helper}{due_text} ({state})"
            )
            lines.append("")
    else:
        lines.append("Keine Vereinbarung gespeichert.")
    if view.follow_up:
        lines += ["", "## Nachverfolgung", ""]
        lines += [f"- {d.isoformat()}: {esc(note)}" for d, note in view.follow_up]
    if view.outcome:
        lines += ["", "## Ergebnis", "", esc(view.outcome)]
    lines += ["", "## Aufbewahrung", ""]
    lines.append(
        f"Zu löschen ab {due.isoformat()}."
        if due
        else "Der Fall ist offen; die Löschfrist beginnt mit dem Abschluss oder dem Widerruf."
    )
    commits = commits_with(ws.root, case.source)
    if commits:
        lines += [
            "",
            f"Die Datei steht in der Geschichte eines git-Repositorys (Commits {', '.join(commits)}); "
            "dort wird sie erst durch ein Umschreiben der Geschichte gelöscht.",
        ]
    lines += [
        "",
        "## Was daraus gemacht wird",
        "",
        "Solange die Einwilligung gilt: die Tagesordnung der Konferenz (nur das Pseudonym), "
        "das Protokoll, die eigene Vereinbarung, Auszüge für die Akteure, denen die "
        "Einwilligung die Weitergabe erlaubt, Erinnerungen an diese Akteure (nur das Pseudonym) "
        "und anonyme Zahlen für die Auswertung. Nach einem Widerruf: nichts mehr.",
        "",
        f"Datei: {esc(case.source)}",
    ]
    return "\n".join(lines) + "\n"
