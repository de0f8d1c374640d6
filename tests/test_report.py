"""merzig report referrals: the figures, the terminal bars, the HTML report and its cache."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pdfua_support import assert_pdfua

from merzig_cli.inquiries.index import CACHE_FILE, load_inquiries
from merzig_cli.workspace.cache import CACHE_DIR

QUESTION_1 = "Geheime Frage eins zum Zeugnis"
OUTCOME_1 = "Vertrauliches Ergebnis eins"


def inquiry(n: int, received: str, referrals: str, closed: str = "null", **kw: str) -> str:
    return f"""\
id: "{received[:4]}-{n:04d}"
received: {received}
channel: {kw.get("channel", "phone")}
inquirer: {kw.get("group", "refugees")}
language: {kw.get("lang", "ar")}
topics: [{kw.get("topics", "recognition")}]
question: {kw.get("question", "Frage")}
referrals:
{referrals}
closed: {closed}
"""


def ref(
    actor: str, date: str, status: str, feedback: str | None = None, outcome: str = "ok"
) -> str:
    text = f"  - actor: {actor}\n    date: {date}\n    status: {status}\n"
    if feedback:
        text += f"    feedback: {{date: {feedback}, outcome: {outcome}}}\n"
    return text


@pytest.fixture
def ws(make_ws: Callable[..., Path]) -> Path:
    return make_ws(
        {
            "inquiries/2026/2026-0001.yaml": inquiry(
                1, "2026-03-01",
                ref("iq-beratung", "2026-03-01", "done", "2026-03-05", OUTCOME_1)
                + ref("akteur-1", "2026-03-02", "declined", "2026-03-12"),
                closed="2026-03-12", question=QUESTION_1,
            ),
            "inquiries/2026/2026-0002.yaml": inquiry(
                2, "2026-05-10", ref("iq-beratung", "2026-05-10", "open"),
                channel="email", group="employers", lang="de", topics="work",
            ),
            "inquiries/2026/2026-0003.yaml": inquiry(
                3, "2026-06-01", ref("iq-beratung", "2026-06-01", "accepted", "2026-06-21"),
            ),
            "inquiries/2025/2025-0001.yaml": inquiry(
                1, "2025-12-01", ref("akteur-1", "2025-12-01", "open"), lang="uk",
            ),
        },
        actors=2,
    )  # fmt: skip


def report(cli: Callable[..., Any], ws: Path, *args: str) -> dict[str, Any]:
    result = cli("report", "referrals", "--data", str(ws), "--json", "--date", "2026-07-01", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_figures_of_one_year(cli: Callable[..., Any], ws: Path) -> None:
    rep = report(cli, ws, "--year", "2026")
    assert rep["inquiries"] == 3 and rep["closed"] == 1
    assert rep["referrals"] == 4 and rep["with_feedback"] == 3
    assert rep["feedback_share"] == 0.75
    assert rep["median_days_until_feedback"] == 10.0  # 4, 10 and 20 days
    assert rep["overdue"] == 1  # 2026-0002: open since 2026-05-10, no feedback
    assert rep["by_topic"] == [
        {"label": "Anerkennung ausländischer Abschlüsse", "count": 2},
        {"label": "Arbeit und Beruf", "count": 1},
    ]
    assert rep["by_group"][0] == {"label": "Geflüchtete", "count": 2}
    assert rep["by_channel"] == [{"label": "Telefon", "count": 2}, {"label": "E-Mail", "count": 1}]
    assert rep["by_language"] == [
        {"label": "Arabisch", "count": 2},
        {"label": "Deutsch", "count": 1},
    ]
    assert {o["label"]: o["count"] for o in rep["outcomes"]} == {
        "erledigt": 1, "abgelehnt": 1, "offen": 1, "angenommen": 1,
    }  # fmt: skip
    iq = next(r for r in rep["per_actor"] if r["actor"] == "iq-beratung")
    assert iq == {"actor": "iq-beratung", "name": "IQ Beratung 0", "referrals": 3,
                  "with_feedback": 2, "done": 1, "overdue": 1}  # fmt: skip


def test_all_years_by_default(cli: Callable[..., Any], ws: Path) -> None:
    rep = report(cli, ws)
    assert rep["year"] is None and rep["inquiries"] == 4
    assert rep["by_month"][0] == {"label": "2025-12", "count": 1}


def test_terminal_tables_with_bars(cli: Callable[..., Any], ws: Path) -> None:
    result = cli("report", "referrals", "--data", str(ws), "--year", "2026", "--date", "2026-07-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "3 Anfragen, davon 1 abgeschlossen" in out
    assert "mit Rückmeldung: 75 %" in out and "Median bis zur Rückmeldung: 10 Tage" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("Anerkennung ausländischer"))
    half = next(ln for ln in out.splitlines() if ln.startswith("Arbeit und Beruf"))
    assert line.count("█") == 30 and half.count("█") == 15


def test_html_report_has_charts_and_nothing_personal(cli: Callable[..., Any], ws: Path) -> None:
    out = ws.parent / "auswertung.html"
    result = cli(
        "report", "referrals", "--data", str(ws), "--html", str(out), "--date", "2026-07-01"
    )
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") >= 6  # matplotlib charts, embedded
    assert "Anfragen nach Thema" in html and "IQ Beratung 0" in html
    for private in (QUESTION_1, OUTCOME_1, "Erika Beispiel", "erika.beispiel@example.org"):
        assert private not in html
    assert "<script" not in html and 'src="' not in html and 'href="http' not in html


def test_html_report_renders_in_a_browser(cli: Callable[..., Any], ws: Path, browser: Any) -> None:
    out = ws.parent / "auswertung.html"
    assert cli("report", "referrals", "--data", str(ws), "--html", str(out)).exit_code == 0
    browser.get(out.as_uri())
    assert browser.find_element("tag name", "h1").text.startswith("Auswertung der Lotsenfunktion")
    charts = browser.find_elements("css selector", "figure.chart svg")
    assert len(charts) >= 6
    assert all(c.size["width"] > 100 and c.size["height"] > 50 for c in charts)


def test_cache_is_used_refreshed_and_holds_no_text(ws: Path) -> None:
    first, skipped = load_inquiries(ws)
    assert (len(first), skipped) == (4, 0)
    cache = ws / CACHE_DIR / CACHE_FILE
    text = cache.read_text(encoding="utf-8")
    assert QUESTION_1 not in text and OUTCOME_1 not in text
    assert (ws / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    # A changed file is read again, even with the same size.
    path = ws / "inquiries/2026/2026-0002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("email", "event"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again, _ = load_inquiries(ws)
    assert next(i for i in again if i.id == "2026-0002").channel == "event"
    # A tampered cache does not break the report; the files win.
    cache.write_text(text.replace('"refugees"', "[1, 2]"), encoding="utf-8")
    third, skipped = load_inquiries(ws)
    assert sorted(i.inquirer for i in third) == ["employers", "refugees", "refugees", "refugees"]
    assert skipped == 0


def test_invalid_inquiry_is_not_counted_and_reported(cli: Callable[..., Any], ws: Path) -> None:
    (ws / "inquiries/2026/2026-0004.yaml").write_text(
        'id: "2026-0004"\nreceived: 2026-13-45\nchannel: phone\n', encoding="utf-8"
    )
    (ws / "inquiries/2026/2026-0005.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = cli("report", "referrals", "--data", str(ws), "--json", "--year", "2026")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["inquiries"] == 3
    assert "2 ungültige Anfrage-Dateien nicht mitgezählt" in " ".join(result.stderr.split())


def test_report_on_an_empty_year(cli: Callable[..., Any], ws: Path) -> None:
    rep = report(cli, ws, "--year", "2024")
    assert rep["inquiries"] == 0 and rep["feedback_share"] is None
    assert rep["median_days_until_feedback"] is None


def test_same_dates_same_overdue_as_inquiry_list(cli: Callable[..., Any], ws: Path) -> None:
    rep = report(cli, ws)
    listed = cli(
        "inquiry", "list", "--data", str(ws), "--overdue", "--json", "--date", "2026-07-01"
    )
    overdue = [r["actor"] for i in json.loads(listed.stdout) for r in i["referrals"]
               if r["actor"] in i["overdue"]]  # fmt: skip
    assert rep["overdue"] == len(overdue) == 2
    assert dt.date(2026, 7, 1).isoformat() == rep["date"]


def test_html_to_a_folder_is_a_german_error(
    cli: Callable[..., Any], ws: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ausgabe"
    folder.mkdir()
    result = cli("report", "referrals", "--data", str(ws), "--html", str(folder))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "ist ein Ordner, keine Datei" in err and "auswertung.html" in err
    assert "Interner Fehler" not in err
    assert list(folder.iterdir()) == []


def test_html_that_cannot_be_written_is_a_german_error(
    cli: Callable[..., Any], ws: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("x", encoding="utf-8")
    result = cli("report", "referrals", "--data", str(ws), "--html", str(blocker / "a.html"))
    assert result.exit_code == 1
    assert "kann nicht geschrieben werden" in " ".join(result.stderr.split())


def many_topics(make_ws: Callable[..., Path], n: int = 20) -> Path:
    """A workspace of another town: n topics, one inquiry each, with several referrals."""
    topics = "".join(
        f"  - id: thema-{i:02d}\n    label: {{de: Thema Nummer {i:02d}}}\n" for i in range(n)
    )
    taxonomy = (
        "topics:\n" + topics + "target_groups:\n  - id: refugees\n    label: {de: Geflüchtete}\n"
        "categories:\n  - id: counselling\n    label: {de: Beratung}\n"
    )
    files = {"taxonomy.yaml": taxonomy}
    for i in range(n):
        files[f"inquiries/2026/2026-{i + 1:04d}.yaml"] = inquiry(
            i + 1, "2026-03-01", ref("iq-beratung", "2026-03-01", "done", f"2026-03-{(i % 9) + 2:02d}"),
            topics=f"thema-{i:02d}",
        )  # fmt: skip
    root = make_ws(files)
    actor = root / "actors" / "iq-beratung.yaml"
    actor.write_text(
        actor.read_text(encoding="utf-8")
        .replace("topics: [recognition]", "topics: [thema-00]")
        .replace("    topics: [thema-00]", "    topics: [thema-01]"),
        encoding="utf-8",
    )
    return root


def test_every_topic_appears_in_the_html_chart(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    root = many_topics(make_ws)
    out = root.parent / "bericht.html"
    result = cli("report", "referrals", "--data", str(root), "--html", str(out))
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    chart = html[html.index('id="diagramm-topics"') : html.index('id="diagramm-groups"')]
    for i in range(20):
        assert f"Thema Nummer {i:02d}" in chart


def test_median_in_the_text_is_the_median_of_the_json(
    cli: Callable[..., Any], make_ws: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    root = many_topics(make_ws, 4)  # feedback after 1, 2, 3, 4 days: median 2.5
    data = report(cli, root)
    assert data["median_days_until_feedback"] == 2.5
    text = cli("report", "referrals", "--data", str(root)).stdout
    assert "Median bis zur Rückmeldung: 2,5 Tage" in text
    out = root.parent / "bericht.html"
    cli("report", "referrals", "--data", str(root), "--html", str(out))
    assert "<b>2,5 Tage</b>bis zur Rückmeldung (Median)" in out.read_text(encoding="utf-8")


def test_an_empty_year_says_so(cli: Callable[..., Any], ws: Path) -> None:
    out = ws.parent / "leer.html"
    result = cli("report", "referrals", "--data", str(ws), "--year", "2024", "--html", str(out))
    assert result.exit_code == 0
    assert "Für 2024 liegen keine Anfragen vor." in result.stdout
    html = out.read_text(encoding="utf-8")
    assert "Für 2024 liegen keine Anfragen vor." in html
    assert "<svg" not in html


def test_terminal_table_titles_stay_whole(
    cli: Callable[..., Any], make_ws: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    result = cli("report", "referrals", "--data", str(many_topics(make_ws, 3)))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for title in ("Anfragen nach Thema", "Anfragen nach Zielgruppe", "Weiterleitungen je Akteur"):
        assert title in lines
    assert all(len(line.rstrip()) <= 40 for line in lines[2:])


def test_pdf_report_through_the_shared_pipeline(
    cli: Callable[..., Any], make_ws: Callable[..., Path]
) -> None:
    from pdftext_support import page_texts

    root = many_topics(make_ws, 30)
    pdf = root.parent / "bericht.pdf"
    result = cli("report", "referrals", "--data", str(root), "--pdf", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert "✓ PDF-Bericht geschrieben:" in result.stdout
    pages = page_texts(pdf)
    assert len(pages) >= 2
    text = "\n".join(pages)
    assert "Auswertung der Lotsenfunktion" in text
    assert all(f"Thema Nummer {i:02d}" in text for i in range(30))
    # A chart's heading, its bars and its caption share a page.
    for heading, caption in (
        ("Anfragen nach Thema", "Worum es ging"),
        ("Anfragen nach Zielgruppe", "Wer gefragt hat"),
        ("Stand der Weiterleitungen", "Was aus den Weiterleitungen wurde"),
    ):
        on = [i for i, p in enumerate(pages) if heading in p]
        assert on and caption in pages[on[0]], (heading, on)
    tags = assert_pdfua(pdf.read_bytes(), "de", title="Auswertung der Lotsenfunktion")
    charts = [alt for tag, alt in tags if tag == "Figure"]
    assert any(alt.startswith("Balkendiagramm „Anfragen nach Thema“") for alt in charts)
    assert all(f"Thema Nummer {i:02d}: " in " ".join(charts) for i in range(30))
    themes = [i for i, p in enumerate(pages) if "Thema Nummer 00" in p]
    assert themes and "Thema Nummer 29" in pages[themes[0]]
