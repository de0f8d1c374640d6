"""The rules across files: duplicate ids, references, contact persons, consent dates.

They read only the facts of every file (:mod:`merzig_cli.checks.facts`),
gathered per kind in a :class:`~merzig_cli.checks.validation_cache.Table` – from the cache
or from the file just read – so they run in full on every validation. Over
tens of thousands of files :meth:`Across.faulty` takes a few set operations on
whole columns, not a loop over every reference; only the files it names (and
the files whose facts are too odd to be cached) are looked at one by one
(:meth:`Across.findings`), after reading them again to name the line.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.text import close_match
from ..schema.config import Taxonomy
from ..schema.containers import REF_NAMES
from ..workspace.loader import RECORD_DIRS
from .facts import Facts, Where, stem
from .validation_cache import Table


@dataclass(frozen=True)
class Finding:
    where: Where
    severity: str
    code: str
    message: str
    hint: str | None = None


class Across:
    """What the rules know about the whole workspace, from every kind's table of facts.

    ``broken`` are the files of records that could not be read at all (or are
    links out of the workspace): their names still count as known ids, so that
    one defect does not repeat as a dangling reference in every other file.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        tables: dict[str, Table],
        broken: Iterable[str] = (),
        actor_refs: bool = True,
    ) -> None:
        self.tables, self.actor_refs = tables, actor_refs
        self.known: dict[str, set[str]] = {
            "topic": set(taxonomy.topics),
            "target_group": set(taxonomy.target_groups),
            "category": set(taxonomy.categories),
        }
        for kind in ("actor", "conference"):
            t = tables.get(kind, Table())
            self.known[kind] = set(t.column("id")) | {stem(rel) for rel in t.rels}
        for rel in broken:
            for kind in ("actor", "conference"):
                if rel.startswith(RECORD_DIRS[kind] + "/"):
                    self.known[kind].add(stem(rel))
        self.contacts: dict[str, set[str]] = defaultdict(set)
        actors = tables.get("actor", Table())
        for ident, contacts in zip(actors.column("id"), actors.column("contacts"), strict=True):
            if contacts:
                self.contacts[ident].update(contacts.split())
        for f in actors.facts.values():  # files whose facts are not cached
            self.contacts[f.known_id].update(f.contacts)
        self.conferences: dict[str, str] = {}  # id -> ISO date; the first file counts
        conferences = tables.get("conference", Table())
        for i, pair in enumerate(conferences.column("conference")):
            read = conferences.facts.get(i)
            if read is not None:
                if read.conference is not None:
                    self.conferences.setdefault(read.conference[0], read.conference[1].isoformat())
            elif pair:
                ident, _, day = pair.partition(" ")
                self.conferences.setdefault(ident, day)
        self.first: dict[tuple[str, str], str] = {}  # of ids that more than one file has
        for kind, t in tables.items():
            has = t.column("has_id")
            ids = [i for i, h in zip(t.column("id"), has, strict=True) if h]
            for ident, n in Counter(ids).items():
                if n > 1:
                    row = next(r for r, i in enumerate(t.column("id")) if i == ident and has[r])
                    self.first[(kind, ident)] = t.rels[row]

    def _ref_ok(self, kind: str, value: str) -> bool:
        return (kind == "actor" and not self.actor_refs) or value in self.known.get(kind, ())

    def _use_ok(self, actor: str, contact: str) -> bool:
        return actor not in self.contacts or contact in self.contacts[actor]

    def _late(self, conference: str, given: str) -> bool:
        day = self.conferences.get(conference)
        return day is not None and given > day  # ISO dates sort as the days they name

    def faulty(self, kind: str) -> list[int]:
        """The rows of ``kind`` that break a rule across files (to be read again)."""
        t = self.tables.get(kind, Table())
        bad = {
            "refs": {x for x in t.tokens("refs") if not self._ref_ok(*x.partition(":")[::2])},
            "uses": {x for x in t.tokens("uses") if not self._use_ok(*x.partition("/")[::2])},
            "steps": t.tokens("steps") - self.known["actor"],
        }
        out = {i for i, f in t.facts.items() if self.findings(f)}
        if any(k == kind for k, _ in self.first):
            ids, has, rels = t.column("id"), t.column("has_id"), t.rels
            out |= {
                i
                for i, ident in enumerate(ids)
                if has[i] and self.first.get((kind, ident), rels[i]) != rels[i]
            }
        for i, consent in enumerate(t.column("consent") if kind == "case" else []):
            if consent and self._late(*consent.partition(" ")[::2]):
                out.add(i)
        for name, wrong in bad.items():
            if wrong:
                out |= {i for i, v in enumerate(t.column(name)) if not wrong.isdisjoint(v.split())}
        return sorted(out)

    def findings(self, f: Facts) -> list[Finding]:
        """Everything the rules across files find wrong with the facts of one file."""
        out: list[Finding] = []
        first = self.first.get((f.kind, f.known_id)) if f.id is not None else None
        if first is not None and first != f.rel:
            out.append(
                Finding(
                    ("id",),
                    "error",
                    "id-duplicate",
                    f"Kennung „{f.id}“ gibt es schon in {first}",
                    "Jede Kennung darf es pro Datensatzart nur einmal geben",
                )
            )
        for kind, value, where in f.refs:
            if not self._ref_ok(kind, value):
                name, place = REF_NAMES[kind]
                out.append(
                    Finding(
                        where,
                        "error",
                        "ref-unknown",
                        f"{name} „{value}“ gibt es nicht",
                        _did_you_mean(
                            value, self.known[kind], f"Kennung in {place} anlegen oder korrigieren"
                        ),
                    )
                )
        for actor, contact, where in f.contact_uses:
            if not self._use_ok(actor, contact):
                out.append(
                    Finding(
                        where,
                        "error",
                        "ref-unknown",
                        f"Ansprechperson „{contact}“ gibt es bei {actor} nicht",
                        _did_you_mean(
                            contact,
                            self.contacts[actor],
                            f"Ansprechpersonen stehen in actors/{actor}.yaml",
                        ),
                    )
                )
        if f.consent is not None and self._late(f.consent[0], f.consent[1].isoformat()):
            out.append(
                Finding(
                    ("consent", "date"),
                    "error",
                    "consent-late",
                    f"Einwilligung vom {f.consent[1].isoformat()} liegt nach der Konferenz "
                    f"({self.conferences[f.consent[0]]})",
                    "Ohne vorherige Einwilligung darf der Fall nicht besprochen werden",
                )
            )
        for by, where in f.steps_by:
            if by not in self.known["actor"]:
                out.append(
                    Finding(
                        where,
                        "error",
                        "ref-unknown",
                        f"„{by}“ ist weder „youth“ noch ein bekannter Akteur",
                        "„youth“ oder eine Akteurs-Kennung eintragen",
                    )
                )
        return out


def _did_you_mean(value: str, known: set[str], otherwise: str) -> str:
    close = close_match(value, sorted(known))
    return f"Meinten Sie „{close}“?" if close else otherwise
