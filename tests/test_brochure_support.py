"""Shared inputs of the brochure tests: a small workspace with every case the brochure handles.

(No tests here; the other test_brochure_* modules import from this one.)
"""

from __future__ import annotations

from pathlib import Path

import goldens

JOBCENTER = """\
id: jobcenter-test
name: Jobcenter Musterkreis
category: authority
level: district
summary: Bürgergeld und Arbeitsvermittlung nach dem SGB II.
description: |
  Wir helfen beim Weg in **Arbeit**.

  - Bürgergeld
  - Vermittlung, siehe [Merkblatt](https://example.org/merkblatt)
topics: [work]
target_groups: [refugees, employers]
languages: [de, en, ar, tr]
languages_note: Arabisch donnerstags
address: {street: Hochwaldstraße 40, postal_code: "66663", city: Musterstadt}
opening_hours: "Mo–Fr 8–12 Uhr"
website: https://example.org/jobcenter
email: jobcenter@example.org
phone: "+49 6861 000-130"
legal_basis: [SGB II]
offers:
  - id: team-migration
    name: Team Migration
    summary: Beratung zu Sprachkurs und Arbeitsaufnahme.
    topics: [language]
    target_groups: [refugees]
    cost: kostenlos
contacts:
  - id: m-schmitt
    name: Markus Schmitt
    role: Teamleitung
    email: markus.schmitt@example.org
    phone: "+49 6861 000-131"
    languages: [de, en]
publish: true
reviewed: 2026-11-05
translations:
  en:
    summary: Citizen's income and job placement under the Social Code II.
    description: We help you **into work**.
    opening_hours: "Mon–Fri 8 am–12 pm"
    status: current
  ar:
    summary: مساعدة المواطن والتوسط في العمل وفق القانون الاجتماعي الثاني (SGB II).
    description: يدعمك مركز العمل (Jobcenter) في الطريق إلى **العمل**.
    status: machine
"""

SPRACHCAFE = """\
id: sprachcafe
name: Ärztliche Sprachhilfe Sprachcafé
category: counselling
level: civil-society
summary: Deutsch üben bei Kaffee und Kuchen.
topics: [language]
target_groups: [refugees]
languages: [de, fr]
contacts:
  - id: team
    name: Team Sprachcafé
    phone: "+49 6861 000-200"
publish: true
reviewed: 2026-09-15
translations:
  en:
    summary: Practise German over coffee and cake.
    status: outdated
"""

SECRET = """\
id: geheim
name: Geheimer Verein
category: counselling
level: civil-society
summary: Darf nicht in der Broschüre stehen.
topics: [work]
target_groups: [refugees]
languages: [de]
contacts:
  - id: x
    name: Nicht Veröffentlicht
    email: nein@example.org
publish: false
reviewed: 2026-12-24
"""


def small_workspace(root: Path) -> Path:
    """Three published actors (one translated, one outdated, one German only), one unpublished,
    and a case file that is broken on purpose: the brochure must never read it."""
    from conftest import ACTOR, CONFIG, TAXONOMY, write

    write(root, "config.yaml", CONFIG)
    write(root, "taxonomy.yaml", TAXONOMY)
    iq = ACTOR.format(id="iq-beratung", name="IQ Beratung 0", category="counselling")
    for name, text in (
        ("iq-beratung", iq),
        ("jobcenter-test", JOBCENTER),
        ("sprachcafe", SPRACHCAFE),
        ("geheim", SECRET),
    ):
        write(root, f"actors/{name}.yaml", text)
    case = root / "cases" / "2026" / "fk-2026-01.yaml"
    case.parent.mkdir(parents=True)
    case.write_bytes(b"id: fk-2026-01\npseudonym: Fallgeheimnis\n\xff\xfe kaputt: [\n")
    return root


def golden(name: str, actual: str) -> str:
    """The brochure's golden file (see tests/goldens.py)."""
    return goldens.golden(f"brochure/{name}", actual)
