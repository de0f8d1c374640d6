"""case consent-form: what the young person signs, in German, English and a workspace's language."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace
from conftest import write
from pdftext_support import pdf_text

Cli = Callable[..., Any]
DAY = "2027-06-01"  # the form is printed before the conference (2027-06-29)
PRIVACY = """\
retention: {cases_months: 48, withdrawn_days: 14}
privacy:
  officer: {name: Datenschutzbeauftragte Musterstadt, email: dsb@example.org}
  authority: {name: Landesbeauftragte für Datenschutz Musterland, address: "Postfach 1, 12345 Musterstadt"}
"""
FRENCH = """\
{% extends "consent/base.html.j2" %}
{% block title %}Consentement {{ form.pseudonym }}{% endblock %}
{% block body %}
<h1>Consentement pour la conférence</h1>
<p>Âge probable : {{ form.age }} ans.</p>
<ul>{% for r in form.recipients %}<li>{{ r.name }}</li>{% endfor %}</ul>
{% if form.guardian %}<p>Signature du représentant légal</p>{% endif %}
{% endblock %}
"""


def _person(root: Path, case: str, birth_year: int) -> None:
    """The young person of ``case`` born in ``birth_year``, consenting alone."""
    path = root / f"cases/2027/{case}.yaml"
    text = path.read_text(encoding="utf-8").replace("birth_year: 2009", f"birth_year: {birth_year}")
    path.write_text(text.replace("by: guardian", "by: self"), encoding="utf-8")


def workspace(root: Path) -> Path:
    conference_workspace(root)
    (root / "config.yaml").write_text(
        (root / "config.yaml").read_text(encoding="utf-8") + PRIVACY, encoding="utf-8"
    )
    _person(root, "fk-2027-12", 2012)  # vermutlich 15 on the conference day's year
    _person(root, "fk-2027-11", 2010)  # vermutlich 17
    write(root, "templates/consent/fr.html.j2", FRENCH)
    return root


def _invoke(*args: str) -> Any:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The forms of case 12 (15 years, de/en/fr, HTML and PDF) and 11 (17 years, de/en, HTML)."""
    root = workspace(tmp_path_factory.mktemp("consent") / "ws")
    out = root.parent / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MERZIG_TODAY", DAY)
        common = ["--data", str(root), "--out", str(out), "--date", DAY]
        first = _invoke("case", "consent-form", "fk-2027-12", "--lang", "de,en,fr", *common)
        assert first.exit_code == 0, first.output
        second = _invoke(
            "case", "consent-form", "fk-2027-11", "--lang", "de,en", "--format", "html", *common
        )
        assert second.exit_code == 0, second.output
    yield root, out / "fk-2027"


def _text(path: Path) -> str:
    pdf = path.suffix == ".pdf"
    text = pdf_text(path) if pdf else re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return " ".join(text.replace("\u2010\n", "").split())  # a word hyphenated at a line end


def test_a_15_year_old_s_form_names_recipients_data_purpose_retention_and_guardian(
    made: tuple[Path, Path],
) -> None:
    folder = made[1]
    for name in ("einwilligung-fk-2027-12-de.html", "einwilligung-fk-2027-12-de.pdf"):
        text = _text(folder / name)
        assert "Einwilligung: Deine Daten für die Förderkonferenz" in text, name
        assert "vermutlich 15 Jahre alt" in text and "Geburtsjahr: 2012" in text, name
        assert "Unterschrift der Sorgeberechtigten" in text, name
        assert "darf nicht allein einwilligen" in text, name
        for actor in ("Berufsschule Musterstadt", "Jugendamt Musterkreis", "Jobcenter"):
            assert actor in text, (name, actor)
        assert "Abstimmung der Unterstützung beim Übergang von der Schule in den Beruf" in text
        assert "noch 48 Monate auf" in text and "spätestens 14 Tage danach" in text, name
        assert "jederzeit widerrufen" in text and "integration@example.org" in text, name
        assert "Datenschutzbeauftragte Musterstadt" in text and "dsb@example.org" in text, name
        assert "Landesbeauftragte für Datenschutz Musterland, Postfach 1, 12345" in text, name
        assert "T12" in text and "Familiengeheimnis" not in text, name
    raw = pdf_text(folder / name)
    assert "dsb@example.org" in raw and "integration@example.org" in raw  # never hyphenated


def test_an_actor_outside_the_support_system_is_promised_only_its_steps(
    made: tuple[Path, Path],
) -> None:
    """Case 12: the JMD accompanies a step but is not in the support system (its excerpt)."""
    html = (made[1] / "einwilligung-fk-2027-12-de.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", html))
    assert rows["Jugendmigrationsdienst Musterstadt"] == (
        "dein Ziel und die Schritte, bei denen sie mitmacht"
    )
    school = rows["Berufsschule Musterstadt"]
    assert "deine Lage, nicht deine Familie" in school and "Deutschniveau" in school
    assert "Schule" in school
    assert "Handwerkskammer" not in html  # not named in this case's consent


def test_a_17_year_old_signs_alone(made: tuple[Path, Path]) -> None:
    text = _text(made[1] / "einwilligung-fk-2027-11-de.html")
    assert "vermutlich 17 Jahre alt" in text and "Du unterschreibst selbst." in text
    assert "Sorgeberechtigten" not in text and "sorgeberechtigte" not in text
    english = _text(made[1] / "einwilligung-fk-2027-11-en.html")
    assert "You are probably 17 years old" in english and "You sign yourself." in english
    assert "guardian" not in english


def test_the_english_form_is_bundled(made: tuple[Path, Path]) -> None:
    for name in ("einwilligung-fk-2027-12-en.html", "einwilligung-fk-2027-12-en.pdf"):
        text = _text(made[1] / name)
        assert "Consent: your data for the support conference" in text, name
        assert "You are probably 15 years old" in text, name
        assert "Signature of a parent or guardian" in text, name
        assert "within 14 days" in text and "withdraw it at any time" in text, name
    html = (made[1] / "einwilligung-fk-2027-12-en.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in html


def test_a_workspace_adds_a_language_as_a_template(made: tuple[Path, Path]) -> None:
    for name in ("einwilligung-fk-2027-12-fr.html", "einwilligung-fk-2027-12-fr.pdf"):
        text = _text(made[1] / name)
        assert "Consentement pour la conférence" in text and "Âge probable : 15 ans" in text
        assert "Jugendamt Musterkreis" in text and "Signature du représentant légal" in text
    html = (made[1] / "einwilligung-fk-2027-12-fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in html


def test_forms_are_private_files_recorded_for_forgetting(made: tuple[Path, Path]) -> None:
    root, folder = made
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            f"einwilligung-fk-2027-12-{lang}.{fmt}"
            for lang in ("de", "en", "fr")
            for fmt in ("html", "pdf")
        ]
        + ["einwilligung-fk-2027-11-de.html", "einwilligung-fk-2027-11-en.html"]
    )
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    manifest = json.loads((root / ".merzig-outputs/manifest.json").read_text(encoding="utf-8"))
    recorded = {Path(e["file"]).name: e for e in manifest["files"]}
    assert set(recorded) == set(names)
    entry = recorded["einwilligung-fk-2027-12-fr.pdf"]
    assert entry["cases"] == ["fk-2027-12"] and entry["kind"] == "consent-form"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return workspace(tmp_path / "ws")


def _form(cli: Cli, root: Path, case: str, *extra: str) -> Any:
    out = root.parent / "out"
    args = ["case", "consent-form", case, "--data", str(root), "--out", str(out)]
    return cli(*args, "--format", "html", "--date", DAY, *extra)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("fk-2027-04", "Einwilligung am 2027-05-01 widerrufen"),
        ("fk-2027-07", "Einwilligung vom 2027-07-01 liegt nach der Konferenz"),
    ],
)
def test_a_case_the_gate_withholds_gets_no_form(
    cli: Cli, small: Path, case: str, reason: str
) -> None:
    result = _form(cli, small, case)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert f"Fall {case}: keine Einwilligungserklärung – {reason}" in message
    assert "Traceback" not in result.output
    assert not (small.parent / "out").exists()


def test_a_withdrawal_later_deletes_the_earlier_form(cli: Cli, small: Path) -> None:
    assert _form(cli, small, "fk-2027-12").exit_code == 0
    form = small.parent / "out/fk-2027/einwilligung-fk-2027-12-de.html"
    assert form.is_file()
    scan = small.parent / "out/fk-2027/alt/einwilligung-fk-2027-12-en.pdf"  # not recorded
    scan.parent.mkdir()
    scan.write_bytes(b"%PDF- unreadable scan")
    path = small / "cases/2027/fk-2027-12.yaml"
    text = path.read_text(encoding="utf-8").replace("withdrawn: null", "withdrawn: 2027-05-20")
    path.write_text(text, encoding="utf-8")
    result = _form(cli, small, "fk-2027-11", "--json")
    assert result.exit_code == 0, result.output
    assert not form.exists()
    assert "Einwilligungserklärung" in result.stderr and "gelöscht" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["case"] == "fk-2027-11" and summary["guardian"] is False
    assert [f["status"] for f in summary["files"]] == ["new"]
    assert summary["forgotten"] == [
        {"file": str(form), "cases": ["fk-2027-12"], "status": "deleted", "reason": ""}
    ]
    check = cli("privacy", "check", "--data", str(small), "--date", DAY, "--json")
    stale = {f["file"] for f in json.loads(check.stdout) if f["code"] == "stale-output"}
    assert check.exit_code == 1 and stale == {str(scan)}  # known by its name


@pytest.mark.parametrize(
    ("lang", "message"),
    [("xx", "--lang xx: kein Sprachcode"), ("it", "--lang it: keine Vorlage für diese Sprache")],
)
def test_a_language_without_a_template_is_a_usage_error(
    cli: Cli, small: Path, lang: str, message: str
) -> None:
    result = _form(cli, small, "fk-2027-12", "--lang", lang)
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert message in text and "de, en, fr" in text


def test_a_hostile_language_template_stays_in_the_sandbox(cli: Cli, small: Path) -> None:
    write(
        small,
        "templates/consent/fr.html.j2",
        "{{ form.__class__.__init__.__globals__ }}{{ ''.__class__.__mro__ }}",
    )
    result = _form(cli, small, "fk-2027-12", "--lang", "fr")
    assert result.exit_code == 1, result.output
    assert "Vorlage" in result.stderr and "Traceback" not in result.output
    assert not (small.parent / "out").exists()


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_the_consent_form_pdf_is_pdf_ua_1_in_its_language(
    made: tuple[Path, Path], lang: str
) -> None:
    """A form handed to a young person by a public body must be accessible (issue 21)."""
    from pdfua_support import assert_pdfua

    assert_pdfua((made[1] / f"einwilligung-fk-2027-12-{lang}.pdf").read_bytes(), lang)
