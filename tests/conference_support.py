"""A Förderkonferenz of 22 cases as a file tree, for the conference and privacy tests.

fk-2027 (2027-06-29, start 09:00, 20-minute slots, a 15-minute break after the
6th case, lunch at 12:00 for 45 minutes) with cases fk-2027-01 … -22. Case 04
has withdrawn its consent (pseudonym „W. D.“ must appear in no output), case
07 consented only after the conference. Case i shares with the school and the
youth office, with the Jobcenter when i is even, with the JMD when i is a
multiple of 3, with the HWK for case 05 (the HWK does not take part). The
Jobcenter accompanies step 2 of the even cases. In case 12 the JMD accompanies
step 1 without being in the support system (its excerpt shows the step, not the
situation). The earlier conference fk-2026 has one open case (a review item)
and one closed.
"""

from __future__ import annotations

from pathlib import Path

from conftest import CONFIG, TAXONOMY, write

ACTORS = {
    "schule": ("Berufsschule Musterstadt", "bildung"),
    "jugendamt": ("Jugendamt Musterkreis", "behoerde"),
    "jobcenter": ("Jobcenter Musterkreis", "behoerde"),
    "jmd": ("Jugendmigrationsdienst Musterstadt", "beratung"),
    "hwk": ("Handwerkskammer Musterland", "kammer"),
    "anlaufstelle": ("Anlaufstelle Integration Musterstadt", "behoerde"),
}

ACTOR = """\
id: {id}
name: {name}
category: authority
level: district
summary: Beratung.
topics: [work]
target_groups: [refugees]
languages: [de]
email: {id}@example.org
phone: "+49 6861 000-{n}"
contacts:
  - id: k-{id}
    name: Kontakt {name}
    email: k-{id}@example.org
publish: true
reviewed: 2026-10-01
"""

CONFERENCE = """\
id: fk-2027
title: Förderkonferenz 2027
date: 2027-06-29
start: "09:00"
slot_minutes: 20
location: Berufsschule Musterstadt
host: schule
participants:
  - {actor: anlaufstelle, contact: k-anlaufstelle}
  - {actor: schule, contact: k-schule}
  - {actor: jugendamt, contact: k-jugendamt}
  - {actor: jobcenter, contact: k-jobcenter}
  - {actor: jmd, contact: k-jmd}
breaks:
  - {after_case: 6, minutes: 15}
  - {at: "12:00", minutes: 45}
"""

EARLIER = """\
id: fk-2026
title: Förderkonferenz 2026
date: 2026-06-30
location: Berufsschule Musterstadt
participants:
  - {actor: schule, contact: k-schule}
"""

CASE = """\
# Erfundener Testfall.
id: {id}
conference: {conference}
pseudonym: {pseudonym}
birth_year: 2009
school: {{name: Berufsschule Musterstadt, class: BVJ}}
consent:
  date: {consent}
  by: guardian
  share_with: [{share}]
  withdrawn: {withdrawn}
language_level: A2
situation:
  family: Familiengeheimnis {id}
  competencies: [Stärke {id}]
  interests: [Interesse {id}]
  motivation: hoch
actors:
{actors}
options: [training, internship]
agreement:
  date: {agreed}
  perspective: training
  steps:
    - action: Bewerbungen schreiben ({id})
      by: youth
      support: {support1}
      due: 2027-07-15
      status: {first}
      done: {first_done}
    - action: Hilfeplangespräch führen ({id})
      by: jugendamt
      support: {support2}
      due: 2027-08-0{second_day}
      status: open
follow_up: []
closed: {closed}
"""


def shares(i: int) -> list[str]:
    found = ["schule", "jugendamt"]
    if i % 2 == 0:
        found.append("jobcenter")
    if i % 3 == 0:
        found.append("jmd")
    if i == 5:
        found.append("hwk")
    return found


def pseudonym(i: int) -> str:
    return "W. D." if i == 4 else f"T{i:02d}"


def conference_workspace(root: Path) -> Path:
    write(root, "config.yaml", CONFIG)
    write(root, "taxonomy.yaml", TAXONOMY.replace("  - id: office\n", "  - id: office\n"))
    for n, (ident, (name, _)) in enumerate(ACTORS.items(), start=1):
        write(root, f"actors/{ident}.yaml", ACTOR.format(id=ident, name=name, n=n))
    write(root, "conferences/fk-2027.yaml", CONFERENCE)
    write(root, "conferences/fk-2026.yaml", EARLIER)
    for i in range(1, 23):
        share = shares(i)
        system = [a for a in share if not (i == 12 and a == "jmd")]
        write(
            root,
            f"cases/2027/fk-2027-{i:02d}.yaml",
            CASE.format(
                id=f"fk-2027-{i:02d}",
                conference="fk-2027",
                pseudonym=pseudonym(i),
                consent="2027-07-01" if i == 7 else "2027-04-01",
                share=", ".join(share),
                withdrawn="2027-05-01" if i == 4 else "null",
                actors="\n".join(f"  - {{actor: {a}, role: Rolle}}" for a in system),
                support1="jmd" if i == 12 else "schule",
                support2="jobcenter" if i % 2 == 0 else "null",
                agreed="2027-06-29",
                first="done" if i <= 3 else "open",
                first_done="2027-07-10" if i <= 3 else "null",
                second_day=i % 5 + 1,
                closed="null",
            ),
        )
    for i, closed in ((1, "null"), (2, "2026-11-01")):
        write(
            root,
            f"cases/2026/fk-2026-{i:02d}.yaml",
            CASE.format(
                id=f"fk-2026-{i:02d}",
                conference="fk-2026",
                pseudonym=f"R{i:02d}",
                consent="2026-06-01",
                share="schule, jugendamt",
                withdrawn="null",
                actors="  - {actor: schule, role: Schule}",
                support1="schule",
                support2="null",
                agreed="2026-06-30",
                first="open",
                first_done="null",
                second_day=1,
                closed=closed,
            )
            .replace("2027-07-15", "2026-09-15")
            .replace("2027-08-01", "2026-10-01"),
        )
    return root


def yaml_files(root: Path) -> dict[str, bytes]:
    """Every YAML file of a workspace by its path, to show that a refused command wrote nothing."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.yaml"))
        if ".merzig-cache" not in p.parts
    }


def flat(text: str) -> str:
    """A message with Rich's line breaks undone, for looking up a phrase."""
    return " ".join(text.split())
