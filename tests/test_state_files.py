"""The files the tool keeps for itself are untrusted too: invitation state and statistics.

Each is first written by the real command (``conference plan``, ``privacy
purge``), then broken the ways a workspace breaks – wrong types, an end before
the start, numbers of any size, nesting 100,000 levels deep, a folder, a named
pipe or a link in the file's place, a file in the folder's place – and read
again by every command that reads it: a German error that names the file,
exit code 1, never an internal error.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

PLAN = ("conference", "plan", "fk-2027", "--format", "md", "--date", "2027-06-01")
DAY = "2030-06-30"
INQUIRY = """\
{id: "2023-0001", received: 2023-02-01, channel: phone, inquirer: refugees, language: ar,
 topics: [recognition], question: Wie wird ein Zeugnis anerkannt?, closed: 2023-03-01,
 referrals: [{actor: schule, date: 2023-02-02, status: done,
              feedback: {date: 2023-02-10, outcome: Beraten.}}]}
"""
DEEP = "[" * 100_000 + "]" * 100_000


def _fails_clearly(result: Any, *words: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Interner Fehler" not in result.output and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# --- invitations/<conference>.json -------------------------------------------------------


@pytest.fixture(scope="module")
def _planned_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose conference was planned once: its invitation state is on disk."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    base = tmp_path_factory.mktemp("planned")
    root = conference_workspace(base / "ws")
    result = CliRunner().invoke(app, [*PLAN, "--data", str(root), "--out", str(base / "out")])
    assert result.exit_code == 0, result.stderr
    assert (root / "invitations/fk-2027.json").is_file()
    return root


@pytest.fixture
def planned(_planned_once: Path, tmp_path: Path) -> Path:
    """A copy of the planned workspace of its own for each test (planned once per module)."""
    return Path(shutil.copytree(_planned_once, tmp_path / "ws", symlinks=True))


def _first(data: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = next(iter(data["events"].values()))
    return event


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: _first(data).__setitem__(key, value)


def _end_before_start(data: dict[str, Any]) -> None:
    event = _first(data)
    event["start"], event["end"] = event["end"], event["start"]


def _rename_first(uid: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        events = data["events"]
        events[uid] = events.pop(next(iter(events)))

    return change


EDITS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("events-a-list", lambda d: d.__setitem__("events", []), "„events“ fehlt"),
    ("event-a-number", lambda d: d["events"].__setitem__(next(iter(d["events"])), 7),
     "keine Zuordnung"),
    ("sequence-text", _set("sequence", "drei"), "keine ganze Zahl"),
    ("sequence-bool", _set("sequence", True), "keine ganze Zahl"),
    ("sequence-float", _set("sequence", 1.5), "keine ganze Zahl"),
    ("sequence-huge", _set("sequence", 10**40), "zwischen 0 und"),
    ("sequence-negative", _set("sequence", -5), "zwischen 0 und"),
    ("method-unknown", _set("method", "PUBLISH"), "weder REQUEST noch CANCEL"),
    ("start-no-time", _set("start", "gestern"), "kein Zeitpunkt"),
    ("start-year-1", _set("start", "0001-01-01T00:00:00"), "kein Zeitpunkt"),
    ("start-a-list", _set("start", [2027]), "kein Text"),
    ("end-before-start", _end_before_start, "endet der Termin nicht nach seinem Beginn"),
    ("end-with-zone", _set("end", "2027-06-29T10:00:00+02:00"), "Zeitzone"),
    ("participant-path", _set("participant", "../../x/y"), "akteur/kontakt"),
    ("participant-missing", lambda d: _first(d).pop("participant"), "fehlt „participant“"),
    ("uid-path", _rename_first("../../../../tmp/x"), "UID"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "words"), EDITS, ids=[e[0] for e in EDITS])
def test_a_broken_invitation_state_is_a_german_error(
    cli: Callable[..., Any],
    planned: Path,
    tmp_path: Path,
    name: str,
    edit: Callable[[dict[str, Any]], None],
    words: str,
) -> None:
    path = planned / "invitations/fk-2027.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    result = cli(*PLAN, "--data", str(planned), "--out", str(tmp_path / "again"))
    _fails_clearly(result, "invitations/fk-2027.json", words)
    assert path.read_bytes() == before  # nothing is written over what could not be read
    assert not list(tmp_path.rglob("*../*"))


RAW: list[tuple[str, str | bytes, str]] = [
    ("empty", "", "kein gültiges JSON"),
    ("truncated", '{"events": {', "kein gültiges JSON (Zeile 1"),
    ("deep", '{"events": ' + DEEP + "}", "zu tief verschachtelt"),
    ("deep-mappings", '{"a":' * 50 + "1" + "}" * 50, "zu tief verschachtelt"),
    ("5000-digits", '{"events": {}, "n": ' + "9" * 5000 + "}", "zu viele Stellen"),
    ("infinity", '{"events": {}, "n": Infinity}', "keine Zahl"),
    ("nan", '{"events": {}, "n": NaN}', "keine Zahl"),
    ("not-utf8", b'{"events": {"\xff": 1}}', "UTF-8"),
    ("a-list", "[1, 2]", "„events“ fehlt"),
]


@pytest.mark.parametrize(("name", "text", "words"), RAW, ids=[r[0] for r in RAW])
def test_an_invitation_state_that_is_no_json_of_ours_is_a_german_error(
    cli: Callable[..., Any], planned: Path, tmp_path: Path, name: str, text: str | bytes, words: str
) -> None:
    path = planned / "invitations/fk-2027.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = cli(*PLAN, "--data", str(planned), "--out", str(tmp_path / "again"))
    _fails_clearly(result, "invitations/fk-2027.json", words)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x.json").write_text("{}", encoding="utf-8")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link(path: Path) -> None:
    copy = path.with_name("kopie.json")
    path.rename(copy)
    path.symlink_to(copy.name)


def _file_for_folder(path: Path) -> None:
    shutil.rmtree(path.parent)
    path.parent.write_text("kein Ordner\n", encoding="utf-8")


PLACES: list[tuple[str, Callable[[Path], None], str]] = [
    ("folder", _folder, "keine gewöhnliche Datei"),
    ("fifo", _fifo, "keine gewöhnliche Datei"),
    ("link", _link, "Verknüpfung"),
    ("file-for-folder", _file_for_folder, "„invitations“ ist eine Datei, kein Ordner"),
]


@pytest.mark.parametrize(("name", "plant", "words"), PLACES, ids=[p[0] for p in PLACES])
def test_something_else_in_the_invitation_state_s_place_is_a_german_error(
    cli: Callable[..., Any],
    planned: Path,
    tmp_path: Path,
    name: str,
    plant: Callable[[Path], None],
    words: str,
) -> None:
    path = planned / "invitations/fk-2027.json"
    plant(path)
    result = cli(*PLAN, "--data", str(planned), "--out", str(tmp_path / "again"))
    _fails_clearly(result, "invitations/fk-2027.json", words)
    assert os.path.lexists(path) or name == "file-for-folder"  # left as it was found


def test_a_file_in_the_invitation_folder_s_place_stops_the_first_plan_too(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = conference_workspace(tmp_path / "ws")
    (root / "invitations").write_text("kein Ordner\n", encoding="utf-8")
    result = cli(*PLAN, "--data", str(root), "--out", str(tmp_path / "out"))
    _fails_clearly(result, "invitations/fk-2027.json", "ist eine Datei, kein Ordner")
    assert (root / "invitations").read_text(encoding="utf-8") == "kein Ordner\n"


# --- statistics/<year>.yaml ---------------------------------------------------------------


@pytest.fixture(scope="module")
def _purged_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace after a real purge: statistics/2023.yaml (an inquiry), 2026 and 2027 (cases)."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = conference_workspace(tmp_path_factory.mktemp("purged") / "ws")
    (root / "inquiries/2023").mkdir(parents=True)
    (root / "inquiries/2023/2023-0001.yaml").write_text(INQUIRY, encoding="utf-8")
    result = CliRunner().invoke(app, ["privacy", "purge", "--date", DAY, "--data", str(root)])
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in (root / "statistics").iterdir()} >= {"2023.yaml", "2026.yaml"}
    return root


@pytest.fixture
def purged(_purged_once: Path, tmp_path: Path) -> Path:
    """A copy of the purged workspace of its own for each test (purged once per module)."""
    return Path(shutil.copytree(_purged_once, tmp_path / "ws", symlinks=True))


READERS = {
    "conference": ("report", "conference", "--date", DAY),
    "referrals": ("report", "referrals", "--date", DAY),
    "purge": ("privacy", "purge", "--date", DAY),
}


def _counts(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], str]:
    """Change the real file of 2026 (the counts of a deleted case of fk-2026) by ``edit``."""

    def plant(root: Path) -> str:
        path = root / "statistics/2026.yaml"
        header, body = path.read_text(encoding="utf-8").split("\n{", 1)
        data = json.loads("{" + body)
        edit(data)
        path.write_text(header + "\n" + json.dumps(data), encoding="utf-8")
        return "statistics/2026.yaml"

    return plant


def _inquiry(key: str, value: Any) -> Callable[[Path], str]:
    def plant(root: Path) -> str:
        path = root / "statistics/2023.yaml"
        header, body = path.read_text(encoding="utf-8").split("\n{", 1)
        data = json.loads("{" + body)
        data["inquiries"][key] = value
        path.write_text(header + "\n" + json.dumps(data), encoding="utf-8")
        return "statistics/2023.yaml"

    return plant


def _raw(text: str) -> Callable[[Path], str]:
    def plant(root: Path) -> str:
        (root / "statistics/2026.yaml").write_text(text, encoding="utf-8")
        return "statistics/2026.yaml"

    return plant


def _stats_folder(root: Path) -> str:
    _folder(root / "statistics/2026.yaml")
    return "statistics/2026.yaml"


def _stats_fifo(root: Path) -> str:
    _fifo(root / "statistics/2026.yaml")
    return "statistics/2026.yaml"


def _stats_link(root: Path) -> str:
    _link(root / "statistics/2026.yaml")
    return "statistics/2026.yaml"


def _stats_is_a_file(root: Path) -> str:
    shutil.rmtree(root / "statistics")
    (root / "statistics").write_text("{}\n", encoding="utf-8")
    return "„statistics“ ist eine Datei, kein Ordner"


def _fk(value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["conferences"].__setitem__("fk-2026", value)


def _fk_key(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["conferences"]["fk-2026"].__setitem__(key, value)


STATS: list[tuple[str, Callable[[Path], str], str]] = [
    ("conference-a-number", _counts(_fk(5)), "conferences.fk-2026 ist keine Zuordnung"),
    ("conference-a-list", _counts(_fk([1, 2])), "keine Zuordnung"),
    ("cases-text", _counts(_fk_key("cases", "drei")), "ist keine Anzahl"),
    ("cases-a-mapping", _counts(_fk_key("cases", {"a": 1})), "ist keine Anzahl"),
    ("cases-huge", _counts(_fk_key("cases", 10**30)), "ist keine Anzahl"),
    ("cases-negative", _counts(_fk_key("cases", -1)), "ist keine Anzahl"),
    ("cases-float", _counts(_fk_key("cases", 2.5)), "ist keine Anzahl"),
    ("outcomes-a-number", _counts(_fk_key("outcomes", 3)), "keine Zuordnung von Anzahlen"),
    ("days-late-text", _counts(_fk_key("days_late", ["x"])), "keine Liste von Tagen"),
    ("unknown-key", _counts(_fk_key("geheim", 1)), "unbekannter Schlüssel „geheim“"),
    ("counted-a-number", _counts(lambda d: d.__setitem__("counted", 5)), "counted"),
    ("top-a-list", _raw("# Kopf\n[1, 2]\n"), "keine Zuordnung"),
    ("deep", _raw(DEEP), "zu tief verschachtelt"),
    ("5000-digits", _raw('{"counted": [], "n": ' + "9" * 5000 + "}"), "zu viele Stellen"),
    ("yaml-not-json", _raw("conferences:\n  fk-2026: {cases: 1}\n"), "kein gültiges JSON (Zeile 1"),
    ("by-topic-a-number", _inquiry("by_topic", 5), "inquiries.by_topic"),
    ("per-actor-negative", _inquiry("per_actor", {"schule": {"done": -1}}), "per_actor.schule"),
    ("per-actor-a-list", _inquiry("per_actor", [1]), "inquiries.per_actor ist keine Zuordnung"),
    ("folder", _stats_folder, "keine gewöhnliche Datei"),
    ("fifo", _stats_fifo, "keine gewöhnliche Datei"),
    ("link", _stats_link, "Verknüpfung"),
    ("statistics-a-file", _stats_is_a_file, ""),
]  # fmt: skip


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(("name", "plant", "words"), STATS, ids=[s[0] for s in STATS])
def test_broken_statistics_are_a_german_error_for_every_reader(
    cli: Callable[..., Any],
    purged: Path,
    reader: str,
    name: str,
    plant: Callable[[Path], str],
    words: str,
) -> None:
    shown = plant(purged)
    due = []  # for the purge: one more expired inquiry in each year of the statistics
    for year in ("2023", "2026"):
        due.append(purged / f"inquiries/{year}/{year}-0002.yaml")
        due[-1].parent.mkdir(parents=True, exist_ok=True)
        text = INQUIRY.replace("2023-0001", f"{year}-0002").replace("2023-0", f"{year}-0")
        due[-1].write_text(text, encoding="utf-8")
    result = cli(*READERS[reader], "--data", str(purged))
    _fails_clearly(result, shown, words)
    assert all(p.is_file() for p in due)  # a purge that cannot count deletes nothing


def test_the_statistics_a_purge_writes_are_read_back_by_both_reports(
    cli: Callable[..., Any], purged: Path
) -> None:
    """The checks accept exactly what the tool writes: every key of a case's and an
    inquiry's counts (a purge of a closed case with steps done late, and an inquiry)."""
    for args in READERS.values():
        result = cli(*args, "--json", "--data", str(purged))
        assert result.exit_code == 0, result.output
    report = json.loads(cli(*READERS["conference"], "--json", "--data", str(purged)).stdout)
    assert report["purged_cases"] == {"fk-2026": 1}
