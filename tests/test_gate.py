"""The consent gate: which cases an output may show, and to whom; it fails closed.

The gate reads the consent as written. Every form of a consent it cannot read
without doubt withholds the case from every output (minutes, plan, follow-up,
reminder mails, report), and the command prints the gate's German reason.
"""

from __future__ import annotations

import ast
import datetime as dt
import email
import email.policy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mailserver import network_ws

from merzig_cli.conference.followup import due_steps
from merzig_cli.conference.gate import TEXTS, Gate, Reason, gate
from merzig_cli.workspace.loader import load_workspace

Cli = Callable[..., Any]
REPO = Path(__file__).resolve().parent.parent

CONFERENCE = """\
id: fk-2027
title: Förderkonferenz 2027
date: 2027-06-29
location: BBZ
"""

CASE = """\
id: {id}
conference: fk-2027
pseudonym: X. Y.
birth_year: 2009
consent:
  date: {consent}
  by: self
  share_with: [iq-beratung]
  withdrawn: {withdrawn}
agreement:
  date: 2027-06-29
  steps:
    - action: Bewerbung schreiben
      by: youth
      support: iq-beratung
      due: 2027-07-15
      status: open
    - action: Praktikum suchen
      by: youth
      due: 2027-07-01
      status: open
"""


def _ws(make_ws: Callable[..., Path]) -> Path:
    files = {"conferences/fk-2027.yaml": CONFERENCE}
    for ident, consent, withdrawn in (
        ("fk-2027-01", "2027-06-01", "null"),
        ("fk-2027-02", "2027-06-01", "2027-07-10"),  # withdrawn after the conference
        ("fk-2027-03", "2027-06-30", "null"),  # consent after the conference
    ):
        files[f"cases/2027/{ident}.yaml"] = CASE.format(
            id=ident, consent=consent, withdrawn=withdrawn
        )
    return make_ws(files)


def test_the_gate_admits_only_valid_consent_and_gives_typed_reasons(
    make_ws: Callable[..., Path],
) -> None:
    ws = load_workspace(_ws(make_ws))
    after = gate(ws, dt.date(2027, 7, 10))  # the day of the withdrawal: gone from then on
    assert [c.id for c in after.cases()] == ["fk-2027-01"]
    assert [(w.case, w.reason, w.data) for w in after.withheld] == [
        ("fk-2027-02", Reason.WITHDRAWN, ("2027-07-10",)),
        ("fk-2027-03", Reason.CONSENT_AFTER_CONFERENCE, ("2027-06-30",)),
    ]
    assert [w.text for w in after.withheld] == [
        "Einwilligung am 2027-07-10 widerrufen",
        "Einwilligung vom 2027-06-30 liegt nach der Konferenz",
    ]
    assert [c.id for c in after.cases_for("iq-beratung")] == ["fk-2027-01"]
    assert after.cases_for("jobcenter") == []  # not named in share_with
    assert after.verdict("fk-2027-01") is None
    assert after.verdict("fk-2027-02") is not None


def test_the_day_is_a_parameter_and_the_gate_reads_no_clock(
    make_ws: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the clock years ahead, only the days passed in count."""
    monkeypatch.setenv("MERZIG_TODAY", "2035-01-01")
    ws = load_workspace(_ws(make_ws))

    def why(g: Gate, case: str) -> Reason | None:
        held = g.verdict(case)
        return held.reason if held else None

    # a withdrawal dated after the day the output is made cannot be real: held back too
    assert why(gate(ws, dt.date(2027, 7, 9)), "fk-2027-02") is Reason.WITHDRAWAL_IN_FUTURE
    # made a day later for the day before: the withdrawal counts (a back-dated run)
    made_later = gate(ws, dt.date(2027, 7, 9), made=dt.date(2027, 7, 10))
    assert why(made_later, "fk-2027-02") is Reason.WITHDRAWN
    # a consent dated after the day of the output is not given yet on that day
    early = gate(ws, dt.date(2027, 5, 31))
    assert why(early, "fk-2027-01") is Reason.CONSENT_AFTER_DAY
    assert early.withheld[0].text == (
        "Einwilligung vom 2027-06-01 liegt nach dem Tag der Ausgabe (2027-05-31)"
    )
    source = (REPO / "merzig_cli/conference/gate.py").read_text(encoding="utf-8")
    assert "today(" not in source and "..core.clock" not in source


def test_due_steps_are_grouped_by_the_accompanying_actor_through_the_gate(
    make_ws: Callable[..., Path],
) -> None:
    ws = load_workspace(_ws(make_ws))
    steps = due_steps(gate(ws, dt.date(2027, 7, 10)), dt.date(2027, 7, 10))
    assert [(s.case, s.number, s.days_overdue, s.accompanied_by) for s in steps] == [
        ("fk-2027-01", 2, 9, None),  # a youth step without support: nobody accompanies it
        ("fk-2027-01", 1, -5, "iq-beratung"),  # due within 7 days
    ]
    day = dt.date(2027, 7, 9)
    mine = due_steps(gate(ws, day, made=day), day, actor="iq-beratung")
    assert [(s.case, s.number) for s in mine] == [("fk-2027-01", 1)]


# --- every unreadable consent, through every output of the CLI -----------------------------

DAY = "2027-07-20"
ENV = {"MERZIG_TODAY": DAY}
KEEP, GONE = "KTRL-01", "ZIEL-02"  # pseudonyms: the control case and the case to withhold

NETWORK_CONFERENCE = """\
id: fk-2027
title: Förderkonferenz 2027
date: 2027-06-29
location: BBZ
participants:
  - {actor: akteur-1, contact: a}
  - {actor: akteur-2, contact: a}
"""

NETWORK_CASE = """\
id: {id}
conference: fk-2027
pseudonym: {pseudonym}
birth_year: 2009
consent:
  date: 2027-06-01
  by: self
  share_with: [akteur-1, akteur-2]
  withdrawn: {withdrawn}
situation:
  family: Familie {pseudonym}
actors:
  - {{actor: akteur-1, role: Beratung}}
agreement:
  date: 2027-06-29
  perspective: training
  steps:
    - action: Bewerbung {pseudonym}
      by: youth
      support: akteur-1
      due: 2027-07-15
      status: open
    - action: Gespräch {pseudonym}
      by: akteur-2
      due: 2027-07-22
      status: open
"""

TARGET = "cases/2027/fk-2027-02.yaml"


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / TARGET
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _duplicate(root: Path) -> None:
    """The newer copy records the withdrawal, an older one in another year folder does not."""
    path = root / TARGET
    text = path.read_text(encoding="utf-8")
    older = root / "cases/2026/fk-2027-02.yaml"
    older.parent.mkdir(parents=True)
    older.write_text(text, encoding="utf-8")
    path.write_text(text.replace("withdrawn: null", "withdrawn: 2027-07-01"), encoding="utf-8")


def _broken(root: Path) -> None:
    path = root / TARGET
    path.write_text(path.read_text(encoding="utf-8") + "  kaputt: [\n", encoding="utf-8")


FORMS: dict[str, tuple[Callable[[Path], None], str]] = {
    "german-date": (
        _replace("withdrawn: null", "withdrawn: 01.07.2027"),
        "Widerruf nicht lesbar: „01.07.2027“ ist kein Datum JJJJ-MM-TT",
    ),
    "quoted-date": (
        _replace("withdrawn: null", 'withdrawn: "2027-07-01"'),
        "Widerruf nicht lesbar: „2027-07-01“",
    ),
    "impossible-date": (
        _replace("withdrawn: null", "withdrawn: 2027-02-30"),
        "Widerruf nicht lesbar: „2027-02-30“",
    ),
    "word": (
        _replace("withdrawn: null", "withdrawn: zurückgezogen"),
        "Widerruf nicht lesbar: „zurückgezogen“",
    ),
    "doubled-key": (
        _replace("withdrawn: null", "withdrawn: null\n  withdrawn: 2027-07-01"),
        "die Einwilligung ist nicht eindeutig lesbar (Schlüssel „withdrawn“ steht doppelt",
    ),
    "unknown-key": (
        _replace("withdrawn: null", "withdrawn: null\n  widerruf: 2027-07-01"),
        "unbekannte Angaben in der Einwilligung: widerruf",
    ),
    "consent-in-the-future": (
        _replace("date: 2027-06-01", "date: 2027-08-01"),
        "Einwilligung vom 2027-08-01 liegt nach der Konferenz",
    ),
    "same-id-twice": (
        _duplicate,
        "die Fallkennung steht in mehreren Dateien (cases/2026/fk-2027-02.yaml, "
        "cases/2027/fk-2027-02.yaml); keine davon gilt",
    ),
    "does-not-parse": (_broken, "cases/2027/fk-2027-02.yaml ist nicht lesbar"),
}


def _network(tmp_path: Path) -> Path:
    root = network_ws(tmp_path / "ws", 25, actors=2)
    files = {"conferences/fk-2027.yaml": NETWORK_CONFERENCE}
    for number, pseudonym in (("01", KEEP), ("02", GONE)):
        files[f"cases/2027/fk-2027-{number}.yaml"] = NETWORK_CASE.format(
            id=f"fk-2027-{number}", pseudonym=pseudonym, withdrawn="null"
        )
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _texts(folder: Path) -> dict[str, str]:
    """Every file written below ``folder`` as text; mails decoded part by part."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".eml":
            message = email.message_from_bytes(raw, policy=email.policy.default)
            parts = [str(message["Subject"])]
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    parts.append(part.get_content())
            found[path.name] = "\n".join(parts)
        else:
            found[path.name] = raw.decode("utf-8", "replace")
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_unreadable_consent_withholds_the_case_from_every_output(
    cli: Cli, tmp_path: Path, form: str
) -> None:
    root = _network(tmp_path)
    edit, reason = FORMS[form]
    edit(root)
    data = ["--data", str(root), "--date", DAY]
    out = tmp_path / "out"
    runs = {
        "minutes": cli("conference", "minutes", "fk-2027", "--format", "md",
                       "--out", str(out / "minutes"), *data, env=ENV),
        "plan": cli("conference", "plan", "fk-2027", "--format", "md",
                    "--out", str(out / "plan"), *data, env=ENV),
        "followup": cli("followup", *data, env=ENV),
        "reminders": cli("mail", "reminders", "--kind", "steps", "--out", str(out / "mail"),
                         *data, env=ENV),
        "report": cli("report", "conference", "fk-2027", *data, env=ENV),
    }  # fmt: skip
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        assert GONE not in result.stdout + result.stderr, name
        said = _flat(result.stdout if name == "reminders" else result.stderr)
        assert f"fk-2027-02 {'nicht berücksichtigt' if name == 'reminders' else 'ausgelassen'}: " \
            f"{reason}" in said, (name, said)  # fmt: skip
    written = _texts(out)
    for kind in ("minutes", "plan", "mail"):
        assert any(f.is_file() for f in (out / kind).rglob("*")), kind
    assert not [name for name, text in written.items() if GONE in text]
    # the control case is in each output, so the check above could fail
    assert KEEP in written["protokoll.md"] and KEEP in written["tagesordnung.md"]
    assert KEEP in runs["followup"].stdout
    mails = [text for name, text in written.items() if name.endswith(".eml")]
    assert mails and all(KEEP in text for text in mails)  # both actors: akteur-2 carries a step
    assert "1 Fall mit Einwilligung" in runs["report"].stdout
    # no young person is lost unseen: the follow-up check fails and says why
    check = cli("followup", "--check", *data, env=ENV)
    assert check.exit_code == 1 and GONE not in check.stdout + check.stderr
    assert f"fk-2027-02 (?): {reason}" in _flat(check.stderr)


def test_a_consent_dated_after_the_day_of_the_output_is_not_yet_given(
    cli: Cli, tmp_path: Path
) -> None:
    root = _network(tmp_path)
    _replace("date: 2027-06-01", "date: 2027-06-25")(root)
    out = tmp_path / "out"

    def plan(day: str) -> Any:
        folder = out / day
        result = cli("conference", "plan", "fk-2027", "--format", "md", "--out", str(folder),
                     "--data", str(root), "--date", day, env={"MERZIG_TODAY": day})  # fmt: skip
        assert result.exit_code == 0, result.output
        return result, _texts(folder)["tagesordnung.md"]

    early, agenda = plan("2027-06-20")
    assert GONE not in agenda and KEEP in agenda
    expected = "Fall fk-2027-02 ausgelassen: Einwilligung vom 2027-06-25 liegt nach dem Tag der "
    assert expected + "Ausgabe (2027-06-20)" in _flat(early.stderr)
    _, later = plan("2027-06-26")
    assert GONE in later


def test_the_coordinators_case_list_hides_a_case_whose_withdrawal_cannot_be_read(
    cli: Cli, tmp_path: Path
) -> None:
    root = _network(tmp_path)
    _replace("withdrawn: null", "withdrawn: 01.07.2027")(root)
    listed = cli("case", "list", "--data", str(root), "--date", DAY, "--json", env=ENV)
    states = {c["id"]: (c["state"], c["withheld"]) for c in json.loads(listed.stdout)}
    assert states["fk-2027-01"] == ("offen", None)
    assert states["fk-2027-02"][1] == "withdrawal-unreadable"
    table = cli("case", "list", "--data", str(root), "--date", DAY, env=ENV)
    assert table.exit_code == 0 and KEEP in table.stdout and GONE not in table.stdout
    shown = cli("case", "show", "fk-2027-02", "--data", str(root), "--date", DAY, env=ENV)
    assert shown.exit_code == 0 and GONE not in shown.stdout
    assert "Widerruf nicht lesbar" in _flat(shown.stdout)
    assert "Der Inhalt wird nicht angezeigt" in _flat(shown.stdout)


# --- cli/ renders the gate's reasons, it never decides -------------------------------------


NEEDLE_CALLS = {"startswith", "endswith", "find", "rfind", "index", "search", "match", "findall"}


def _needle_tests(tree: ast.AST) -> list[tuple[int, str]]:
    """Substring tests on text with a word in it: ``"…" in x``, ``x.startswith("…")``, re."""
    found = []
    for node in ast.walk(tree):
        needles: list[ast.expr] = []
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn) for op in node.ops
        ):
            needles.append(node.left)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in NEEDLE_CALLS
        ):
            needles += node.args[:1]
        for needle in needles:
            texts = [needle] if isinstance(needle, ast.Constant) else []
            texts += [e for e in getattr(needle, "elts", []) if isinstance(e, ast.Constant)]
            for text in texts:
                if isinstance(text.value, str) and re.search(r"[^\W\d_]{2}", text.value):
                    found.append((text.lineno, text.value))
    return found


def test_cli_never_decides_a_case_by_matching_message_text() -> None:
    """No command tests German text for a gate state; the reasons' texts live only in the gate."""
    fragments = {
        part.strip()
        for text in TEXTS.values()
        for part in re.split(r"\{\d\}", text)
        if len(part.strip()) >= 12
    }
    offences = []
    for path in sorted((REPO / "merzig_cli" / "cli").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        offences += [
            f"{path.name}:{line}: tests text {text!r}" for line, text in _needle_tests(tree)
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                offences += [f"{path.name}:{node.lineno}: repeats the gate's text {f!r}"
                             for f in fragments if f in node.value]  # fmt: skip
        if re.search(r"\brefusal\b|\.reason\s*==|\.reason\s+in\b", source):
            offences.append(f"{path.name}: decides on its own")
    assert offences == []


def test_the_needle_scan_would_see_the_old_way() -> None:
    """The scan above catches what cli/case.py once did."""
    old = 'state = "x"\nhidden = "–" if "widerrufen" in state else "p"\nok = "," in state\n'
    assert _needle_tests(ast.parse(old)) == [(2, "widerrufen")]
