"""A deterministic synthetic workspace of any size that validates: actors, inquiries, cases.

    python bench/generate.py OUT [--actors 10000] [--inquiries 50000] [--cases 2000] [--seed 1]

The bundled config.yaml and taxonomy.yaml are the frame (so every topic,
group and category id is real); actors, contacts, offers, inquiries with
referrals and feedback, and Förderkonferenz cases with consent, agreement and
steps are invented from a fixed word list and a seeded random generator: the
same arguments always give the same bytes. All people are invented and every
address ends in example.org. The benchmarks build their workspaces with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

WORDS = (
    "Beratung Begleitung Hilfe Unterstützung Vermittlung Information Sprachkurs Ausbildung "
    "Arbeit Wohnung Familie Schule Kita Gesundheit Anerkennung Aufenthalt Integration Ehrenamt "
    "Qualifizierung Praktikum Bewerbung Jugend Frauen Senioren Sport Kultur Recht Schulden "
    "Pflege Handwerk Gastronomie Logistik Mobilität Führerschein Nachhilfe Lernhilfe Treffpunkt"
).split()
PLACES = "Merzig Mettlach Losheim Wadern Beckingen Perl Weiskirchen Hilbringen Brotdorf".split()
KINDS = "Beratungsstelle Fachdienst Treffpunkt Zentrum Büro Initiative Verein Netzwerk".split()
FIRST = "Anna Jonas Lea Ahmad Olena Mehmet Sara Paul Nadia Yusuf Eva Tim Lina Omar Julia".split()
LAST = "Beispiel Muster Probe Test Vorlage Entwurf Schema Modell Skizze Fiktiv".split()
LANGS = ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "ti", "ku", "ro", "pl"]
LEVELS = ["municipality", "district", "state", "federal", "civil-society", "private"]
CHANNELS = ["phone", "email", "walk-in", "event", "other"]
STATUS = ["open", "accepted", "done", "done", "done", "declined", "not-reached"]
PERSPECTIVES = ["training", "school-training", "entry-qualification", "internship"]


def _dump(path: Path, data: dict[str, Any]) -> None:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096)
    path.write_text(text, encoding="utf-8")


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


class Generator:
    def __init__(self, out: Path, seed: int) -> None:
        import yaml

        self.out = out
        self.rng = random.Random(seed)
        tax = yaml.safe_load((REPO / "data" / "taxonomy.yaml").read_text(encoding="utf-8"))
        self.topics = [t["id"] for t in tax["topics"]]
        self.groups = [g["id"] for g in tax["target_groups"]]
        self.categories = [c["id"] for c in tax["categories"]]
        self.contacts: dict[str, list[str]] = {}

    def frame(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for name in ("config.yaml", "taxonomy.yaml"):
            shutil.copy(REPO / "data" / name, self.out / name)

    def actor(self, n: int) -> None:
        rng = self.rng
        ident = f"akteur-{n:05d}"
        contacts = []
        for c in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            contact: dict[str, Any] = {
                "id": f"k-{c + 1}",
                "name": f"{first} {last}",
                "role": _phrase(rng, 2),
                "email": f"{first.lower()}.{last.lower()}.{n}@example.org",
                "topics": rng.sample(self.topics, rng.randint(0, 2)),
                "languages": ["de", *rng.sample(LANGS[1:], rng.randint(0, 2))],
            }
            if rng.random() < 0.1:
                start = dt.date(2026, rng.randint(1, 12), rng.randint(1, 20))
                contact["absent"] = [{"from": start, "to": start + dt.timedelta(days=7)}]
            contacts.append(contact)
        self.contacts[ident] = [c["id"] for c in contacts]
        data: dict[str, Any] = {
            "id": ident,
            "name": f"{rng.choice(KINDS)} {_phrase(rng, 2)} {rng.choice(PLACES)} {n}",
            "category": rng.choice(self.categories),
            "level": rng.choice(LEVELS),
            "summary": (_phrase(rng, 12) + ".")[:200],
            "description": "\n\n".join(_phrase(rng, 30) + "." for _ in range(rng.randint(1, 3))),
            "topics": rng.sample(self.topics, rng.randint(1, 4)),
            "target_groups": rng.sample(self.groups, rng.randint(1, 3)),
            "languages": ["de", *rng.sample(LANGS[1:], rng.randint(0, 3))],
            "address": {
                "street": f"Musterweg {n % 200 + 1}",
                "postal_code": "66663",
                "city": "Merzig",
            },
            "website": f"https://example.org/akteur/{n}",
            "email": f"info.{n}@example.org",
            "phone": f"+49 6861 {n:06d}",
            "offers": [
                {
                    "id": f"angebot-{o + 1}",
                    "name": _phrase(rng, 2),
                    "summary": _phrase(rng, 8) + ".",
                }
                for o in range(rng.randint(0, 3))
            ],
            "contacts": contacts,
            "network": {"lists": rng.sample(["arbeit", "ausbildung", "familie", "sprache"], 1)},
            "publish": rng.random() < 0.9,
            "reviewed": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
        }
        _dump(self.out / "actors" / f"{ident}.yaml", data)

    def inquiry(self, n: int, year: int) -> None:
        rng = self.rng
        received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        referrals = []
        for _ in range(rng.randint(0, 3)):
            actor = rng.choice(list(self.contacts))
            day = received + dt.timedelta(days=rng.randint(0, 3))
            ref: dict[str, Any] = {
                "actor": actor,
                "contact": rng.choice(self.contacts[actor]),
                "date": day,
                "status": rng.choice(STATUS),
            }
            if ref["status"] not in ("open", "accepted") or rng.random() < 0.3:
                fb = day + dt.timedelta(days=rng.randint(1, 30))
                ref["feedback"] = {"date": fb, "outcome": _phrase(rng, 5) + "."}
            referrals.append(ref)
        ident = f"{year}-{n:05d}"
        data: dict[str, Any] = {
            "id": ident,
            "received": received,
            "channel": rng.choice(CHANNELS),
            "inquirer": rng.choice(self.groups),
            "language": rng.choice(LANGS),
            "topics": rng.sample(self.topics, rng.randint(1, 2)),
            "question": "Frage zu " + _phrase(rng, 14).lower() + "?",
            "referrals": referrals,
        }
        if referrals and rng.random() < 0.6:
            data["closed"] = max(r["date"] for r in referrals) + dt.timedelta(days=40)
        _dump(self.out / "inquiries" / str(year) / f"{ident}.yaml", data)

    def conference(self, cases: int) -> None:
        rng = self.rng
        actors = list(self.contacts)
        participants = rng.sample(actors, min(12, len(actors)))
        _dump(
            self.out / "conferences" / "fk-2026.yaml",
            {
                "id": "fk-2026",
                "title": "Förderkonferenz 2026",
                "date": dt.date(2026, 6, 30),
                "start": "08:30",
                "slot_minutes": 20,
                "location": "Berufsbildungszentrum Merzig",
                "participants": [
                    {"actor": a, "contact": self.contacts[a][0]} for a in participants
                ],
                "breaks": [{"after_case": 6, "minutes": 15, "repeat": True}],
            },
        )
        for n in range(1, cases + 1):
            involved = rng.sample(participants, 3)
            steps = []
            for s in range(rng.randint(1, 4)):
                due = dt.date(2026, 7, 1) + dt.timedelta(days=rng.randint(10, 200))
                done = rng.random() < 0.5
                steps.append(
                    {
                        "action": _phrase(rng, 6),
                        "by": "youth" if s % 2 == 0 else involved[0],
                        "support": involved[s % 3],
                        "due": due,
                        "status": "done" if done else "open",
                        "done": due - dt.timedelta(days=rng.randint(-10, 10)) if done else None,
                    }
                )
            ident = f"fk-2026-{n:04d}"
            withdrawn = dt.date(2026, 9, 1) if n % 97 == 0 else None
            _dump(
                self.out / "cases" / "2026" / f"{ident}.yaml",
                {
                    "id": ident,
                    "conference": "fk-2026",
                    "pseudonym": f"FK26-{n:04d}",
                    "birth_year": rng.randint(2006, 2010),
                    "consent": {
                        "date": dt.date(2026, 6, 1),
                        "by": rng.choice(["self", "guardian"]),
                        "share_with": involved,
                        "withdrawn": withdrawn,
                    },
                    "language_level": rng.choice(["A2", "B1", "B2"]),
                    "situation": {"interests": [_phrase(rng, 1)], "motivation": "hoch"},
                    "actors": [{"actor": a, "role": _phrase(rng, 1)} for a in involved],
                    "options": rng.sample(PERSPECTIVES, 2),
                    "agreement": {
                        "date": dt.date(2026, 6, 30),
                        "perspective": rng.choice(PERSPECTIVES),
                        "steps": steps,
                    },
                },
            )


def generate(out: Path, actors: int, inquiries: int, cases: int, seed: int = 1) -> Path:
    """Write the workspace to ``out`` (which must not exist yet) and return it."""
    if out.exists():
        raise SystemExit(f"{out} gibt es schon; bitte einen neuen Ordner angeben")
    g = Generator(out, seed)
    g.frame()
    for n in range(1, max(actors, 1) + 1):
        g.actor(n)
    years = list(range(2019, 2027))
    for n in range(1, inquiries + 1):
        g.inquiry(n, years[n % len(years)])
    if cases:
        g.conference(cases)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--inquiries", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.out, args.actors, args.inquiries, args.cases, args.seed)
    print(f"{args.out}: {args.actors} Akteure, {args.inquiries} Anfragen, {args.cases} Fälle")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
