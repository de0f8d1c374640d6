"""conference minutes --format odt: minutes, sheets and excerpts as OpenDocument, read back with
odfpy and compared with the HTML of the same run; gated and forgotten like every case document."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conference_support import conference_workspace

from merzig_cli.documents.odt import odt_text

Cli = Callable[..., Any]
AFTER = "2027-07-01"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    root = conference_workspace(tmp_path_factory.mktemp("odt") / "ws")
    out = root.parent / "out"
    args = ["conference", "minutes", "fk-2027", "--data", str(root), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--format", "html,odt", "--date", AFTER])
    assert result.exit_code == 0, result.stderr
    return out / "fk-2027"


class _Body(HTMLParser):
    """The text of an HTML page's body (no title, no style)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._inside = self._inside or tag == "body"
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.parts.append(data)


def _words(text: str) -> list[str]:
    """The words and numbers in order (the sheet's signature lines are underscores in .odt)."""
    return re.findall(r"[^\W_]+", text)


def _html_words(path: Path) -> list[str]:
    parser = _Body()
    parser.feed(path.read_text(encoding="utf-8"))
    return _words("".join(parser.parts))


def _odt(path: Path) -> str:
    return odt_text(path.read_bytes())


def test_every_html_document_has_an_odt_with_the_same_words(folder: Path) -> None:
    pages = sorted(p.stem for p in folder.glob("*.html"))
    assert sorted(p.stem for p in folder.glob("*.odt")) == pages
    assert {"protokoll", "auszug-jmd", "vereinbarung-fk-2027-12"} <= set(pages)
    for stem in pages:
        html, odt = _html_words(folder / f"{stem}.html"), _words(_odt(folder / f"{stem}.odt"))
        assert odt == html, stem


def test_the_odt_minutes_hold_every_admitted_case_and_step_and_no_withdrawn_one(
    folder: Path,
) -> None:
    html = (folder / "protokoll.html").read_text(encoding="utf-8")
    text = _odt(folder / "protokoll.odt")
    cases = sorted(set(re.findall(r"fk-2027-\d\d", html)))
    assert len(cases) == 20
    for case in cases:
        assert f"({case})" in text
        assert f"Bewerbungen schreiben ({case})" in text
        assert f"Hilfeplangespräch führen ({case})" in text
    assert "20 Fälle mit gültiger Einwilligung." in text
    for path in folder.glob("*.odt"):
        content = _odt(path)
        for secret in ("W. D.", "fk-2027-04", "fk-2027-07", "Familiengeheimnis"):
            assert secret not in content, (path.name, secret)


def test_the_odt_has_real_headings_tables_and_lists(folder: Path) -> None:
    from odf.opendocument import load
    from odf.table import Table, TableHeaderRows
    from odf.text import H, List

    minutes = load(str(folder / "protokoll.odt"))
    levels = [h.getAttribute("outlinelevel") for h in minutes.text.getElementsByType(H)]
    assert levels[:3] == ["1", "2", "2"] and levels.count("3") == 20
    tables = minutes.text.getElementsByType(Table)
    assert len(tables) == 20 and all(t.getElementsByType(TableHeaderRows) for t in tables)
    assert minutes.text.getElementsByType(List)  # the participants
    with zipfile.ZipFile(folder / "protokoll.odt") as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    sheet = _odt(folder / "vereinbarung-fk-2027-12.odt")
    assert "Deine Vereinbarung" in sheet and "Unterschrift der Sorgeberechtigten" in sheet
    assert "Dein Ziel: Du willst eine Ausbildung in einem Betrieb machen." in sheet
    excerpt = _odt(folder / "auszug-jmd.odt")
    assert "Auszug für Jugendmigrationsdienst Musterstadt" in excerpt
    assert "Ihre Schritte" in excerpt


def test_odt_files_are_private_and_recorded(folder: Path) -> None:
    root = folder.parent.parent / "ws"
    manifest = json.loads((root / ".merzig-outputs/manifest.json").read_text(encoding="utf-8"))
    recorded = {Path(e["file"]).name: e for e in manifest["files"]}
    for path in folder.glob("*.odt"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert path.name in recorded
    assert recorded["vereinbarung-fk-2027-12.odt"]["kind"] == "sheet"
    assert recorded["vereinbarung-fk-2027-12.odt"]["cases"] == ["fk-2027-12"]
    assert recorded["auszug-jmd.odt"]["recipient"] == "jmd"


def test_a_withdrawal_removes_the_case_from_the_odt_and_deletes_its_sheet(
    cli: Cli, tmp_path: Path
) -> None:
    root = conference_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    args = ["conference", "minutes", "fk-2027", "--data", str(root), "--out", str(out)]
    assert cli(*args, "--format", "odt", "--date", AFTER).exit_code == 0
    again = cli(*args, "--format", "odt", "--date", AFTER, "--json")
    assert {f["status"] for f in json.loads(again.stdout)["files"]} == {"unchanged"}
    sheet = out / "fk-2027/vereinbarung-fk-2027-03.odt"
    assert "Bewerbungen schreiben (fk-2027-03)" in _odt(sheet)
    copy = out / "fk-2027/protokoll-korrigiert.odt"  # edited and saved under a new name
    copy.write_bytes((out / "fk-2027/protokoll.odt").read_bytes())
    path = root / "cases/2027/fk-2027-03.yaml"
    text = path.read_text(encoding="utf-8").replace("withdrawn: null", "withdrawn: 2027-06-30")
    path.write_text(text, encoding="utf-8")
    result = cli(*args, "--format", "odt", "--date", AFTER)
    assert result.exit_code == 0, result.output
    assert not sheet.exists()
    assert "fk-2027-03" not in _odt(out / "fk-2027/protokoll.odt")
    assert "fk-2027-03" not in _odt(out / "fk-2027/auszug-schule.odt")
    check = cli("privacy", "check", "--data", str(root), "--date", AFTER, "--json")
    assert check.exit_code == 1
    stale = {f["file"] for f in json.loads(check.stdout) if f["code"] == "stale-output"}
    assert stale == {str(copy)}  # read back from the archive: the copy names the case


def test_the_plan_offers_no_odt(cli: Cli, tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    result = cli("conference", "plan", "fk-2027", "--data", str(root), "--format", "odt")
    assert result.exit_code == 2
    assert "--format odt: unbekanntes Format" in result.stderr


def test_hidden_and_xml_forbidden_characters_never_reach_the_file() -> None:
    from merzig_cli.documents.odt import Bold, OdtDocument

    doc = OdtDocument("Titel\x00")
    doc.heading(1, "Fall\x01 T01\u202e")
    doc.paragraph(Bold("Schule:\x1f "), "BBZ\ufffe\ud800 zwei\nZeilen")
    doc.table(["Nr.\x1b[31m"], [["1\x7f"]])
    data = doc.to_bytes()
    text = odt_text(data)  # parses: the XML is well-formed
    assert text.split("\n") == ["Fall T01", "Schule: BBZ zwei", "Zeilen", "Nr.[31m", "1"]
    with pytest.raises(ValueError):
        odt_text(data, limit=100)  # a file that would unpack to more is not unpacked
