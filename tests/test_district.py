"""merzig district build: one brochure over three towns' workspaces, as a district office runs it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ACTOR, CONFIG, TAXONOMY, TODAY, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_brochure_support import JOBCENTER

REPO = Path(__file__).resolve().parent.parent
Cli = Callable[..., Any]

SECRET_CASE = "GEHEIMFALL Ahmad braucht Therapieplatz"
SECRET_INQUIRY = "GEHEIMANFRAGE Frau Nadia Beispiel"
PHONE_NEW = "+49 6861 000-130"
PHONE_OLD = "+49 6861 999-999"

LOCAL = """\
id: {id}
name: {name}
category: counselling
level: civil-society
summary: Deutsch üben bei Kaffee und Kuchen.
topics: [language]
target_groups: [refugees]
languages: [de]
address: {{street: Marktplatz 1, postal_code: "66663", city: {city}}}
contacts:
  - id: k-beispiel
    name: Karla Beispiel
    email: karla.beispiel@example.org
publish: true
reviewed: 2026-09-01
"""

DISTRICT = """\
title: {de: Landkreis Musterkreis, en: District of Musterkreis}
office: {name: Integrationsbüro des Landkreises, email: kreis@example.org}
members:
  - {path: nord}
  - {path: sued}
  - {path: west}
"""


def town(root: Path, name: str, actors: dict[str, str], taxonomy: str = TAXONOMY) -> Path:
    """A small workspace: config (municipality ``name``), taxonomy, these Steckbriefe."""
    write(root, "config.yaml", CONFIG.replace("Musterstadt", name))
    write(root, "taxonomy.yaml", taxonomy)
    for ident, text in actors.items():
        write(root, f"actors/{ident}.yaml", text)
    return root


def district(base: Path, west_taxonomy: str = TAXONOMY) -> Path:
    """Three towns: the Jobcenter in each (Süd's copy older and different), a local actor that
    Nord and West hold under different ids with the same name and address, and cases and
    inquiries that must never reach the brochure."""
    old_copy = (
        JOBCENTER.replace(PHONE_NEW + '"', PHONE_OLD + '"', 1)
        .replace('"Mo–Fr 8–12 Uhr"', '"Mo–Do 8–12 Uhr"')
        .replace("reviewed: 2026-11-05", "reviewed: 2026-02-01")
    )
    cafe = {"id": "sprachcafe", "name": "Sprachcafé Nordheim", "city": "Nordheim"}
    nord = town(
        base / "nord",
        "Stadt Nordheim",
        {
            "jobcenter-test": JOBCENTER,
            "sprachcafe": LOCAL.format(**cafe),
            "iq-beratung": ACTOR.format(
                id="iq-beratung", name="IQ Beratung", category="counselling"
            ),
        },
    )
    write(nord, "cases/2026/fk-2026-01.yaml", f"id: fk-2026-01\nsituation: {SECRET_CASE}\n")
    write(nord, "inquiries/2026/2026-001.yaml", f'id: "2026-001"\nquestion: {SECRET_INQUIRY}\n')
    town(
        base / "sued",
        "Gemeinde Südheim",
        {
            "jobcenter-test": old_copy,
            "tafel-sued": LOCAL.format(id="tafel-sued", name="Tafel Südheim", city="Südheim"),
        },
    )
    town(
        base / "west",
        "Gemeinde Westheim",
        {"jobcenter-test": JOBCENTER, "cafe-west": LOCAL.format(**{**cafe, "id": "cafe-west"})},
        west_taxonomy,
    )
    write(base, "district.yaml", DISTRICT)
    return base / "district.yaml"


def run(cli: Cli, path: Path, out: Path, *extra: str) -> Any:
    return cli("district", "build", str(path), "--format", "html,md", "--out", str(out), *extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The district built once (German and English, HTML and Markdown) through the CLI."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    base = tmp_path_factory.mktemp("kreis")
    path = district(base)
    out = base / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MERZIG_TODAY", TODAY)
        args = ["district", "build", str(path), "--lang", "de,en", "--format", "html,md"]
        result = CliRunner().invoke(app, [*args, "--out", str(out)])
    files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    return {"result": result, "files": files, "path": path, "out": out}


def test_writes_one_brochure_per_language_and_format(built: dict[str, Any]) -> None:
    assert built["result"].exit_code == 0, built["result"].output
    assert sorted(built["files"]) == [
        f"landkreis-musterkreis-{lang}.{fmt}" for lang in ("de", "en") for fmt in ("html", "md")
    ]
    assert "District of Musterkreis" in built["files"]["landkreis-musterkreis-en.html"]


def test_an_actor_of_several_towns_is_listed_once_with_its_towns(built: dict[str, Any]) -> None:
    md = built["files"]["landkreis-musterkreis-de.md"]
    assert md.count("#### Jobcenter Musterkreis") == 1
    assert "* Für: Stadt Nordheim, Gemeinde Südheim, Gemeinde Westheim" in md
    # same name and address under two ids: one entry, both towns
    assert md.count("#### Sprachcafé Nordheim") == 1
    assert "* Für: Stadt Nordheim, Gemeinde Westheim" in md
    html = built["files"]["landkreis-musterkreis-de.html"]
    assert len(re.findall(r'<article id="akteur-jobcenter-test"', html)) == 1


def test_district_actors_first_then_each_town_with_its_own(built: dict[str, Any]) -> None:
    md = built["files"]["landkreis-musterkreis-de.md"]
    headings = re.findall(r"^(#{2,4}) (.+)$", md, re.M)
    order = [text for level, text in headings if level == "##"]
    assert order[:2] == ["Inhalt", "Ihre Anlaufstelle im Landkreis"]
    assert order[2:6] == ["Im ganzen Landkreis", "Stadt Nordheim", "Gemeinde Südheim",
                          "Gemeinde Westheim"]  # fmt: skip
    assert order[6:] == ["Angebote nach Ort", "Ich suche Hilfe bei …", "Ich bin …"]
    section = md.split("## Im ganzen Landkreis")[1].split("## Stadt Nordheim")[0]
    assert "Jobcenter Musterkreis" in section and "IQ Beratung" in section  # level district
    assert "Tafel Südheim" in md.split("## Gemeinde Südheim")[1].split("## Gemeinde Westheim")[0]
    index = md.split("## Angebote nach Ort")[1].split("## Ich suche")[0]
    assert "**Gemeinde Südheim**: Jobcenter Musterkreis, Tafel Südheim" in index


def test_the_newest_copy_is_used_and_the_difference_named(built: dict[str, Any]) -> None:
    md = built["files"]["landkreis-musterkreis-de.md"]
    assert PHONE_NEW in md and PHONE_OLD not in md and "Mo–Do" not in md
    err = built["result"].stderr
    line = next(ln for ln in err.splitlines() if "sued/actors/jobcenter-test.yaml" in ln)
    assert "Warnung" in line and "opening_hours, phone" in line
    assert "verwendet wird die Kopie" in line and "nord/actors/jobcenter-test.yaml" in line
    assert "reviewed 2026-11-05" in line
    assert re.search(r"sued/actors/jobcenter-test\.yaml:\d+", line)  # with its line


def test_no_case_or_inquiry_reaches_the_brochure(built: dict[str, Any]) -> None:
    for text in built["files"].values():
        assert "GEHEIM" not in text and "Ahmad" not in text and "Nadia" not in text


def test_strict_fails_on_a_differing_copy_and_writes_nothing(
    cli: Cli, built: dict[str, Any], tmp_path: Path
) -> None:
    result = run(cli, built["path"], tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert "opening_hours, phone" in result.stderr and "--strict" in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_is_clean_then_names_what_would_change(cli: Cli, tmp_path: Path) -> None:
    path = district(tmp_path)
    out = tmp_path / "out"
    assert run(cli, path, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    clean = run(cli, path, out, "--check")
    assert clean.exit_code == 0 and "aktuell" in clean.stdout
    assert run(cli, path, tmp_path / "again").exit_code == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()} == before
    tafel = tmp_path / "sued" / "actors" / "tafel-sued.yaml"
    tafel.write_text(tafel.read_text(encoding="utf-8").replace("Kuchen", "Keksen"), "utf-8")
    dirty = run(cli, path, out, "--check", "--lang", "de")
    assert dirty.exit_code == 1 and "landkreis-musterkreis-de.md" in dirty.stderr
    assert "merzig district build" in dirty.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written


def test_a_taxonomy_conflict_is_an_error_naming_both_files(cli: Cli, tmp_path: Path) -> None:
    other = TAXONOMY.replace("label: {de: Arbeit und Beruf, en: Work}", "label: {de: Werkstatt}")
    path = district(tmp_path, west_taxonomy=other)
    result = run(cli, path, tmp_path / "out")
    assert result.exit_code == 1
    line = next(ln for ln in result.stderr.splitlines() if "taxonomy.yaml" in ln)
    assert re.search(r"west/taxonomy\.yaml:2: Fehler", line), line
    assert "nord/taxonomy.yaml:2" in line and "Thema „work“" in line
    assert "„Arbeit und Beruf“ und „Werkstatt“" in line
    assert not (tmp_path / "out").exists()


def test_new_topics_of_a_town_are_merged(cli: Cli, tmp_path: Path) -> None:
    extra = TAXONOMY.replace(
        "target_groups:",
        "  - id: seasonal\n    label: {de: Saisonarbeit}\n    parent: work\ntarget_groups:",
    )
    path = district(tmp_path, west_taxonomy=extra)
    write(tmp_path, "west/actors/hotel.yaml", LOCAL.format(id="hotel", name="Hotel", city="W")
          .replace("topics: [language]", "topics: [seasonal]"))  # fmt: skip
    result = run(cli, path, tmp_path / "out", "--lang", "de")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "landkreis-musterkreis-de.md").read_text(encoding="utf-8")
    assert "  - **Saisonarbeit**: Hotel" in md  # under its parent "Arbeit und Beruf"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: boese\nname: [unclosed\n", 2),  # broken YAML
        ("id: boese\nname: &a [*a, *a]\nsummary: x\n", None),  # an alias, refused
    ],
)
def test_a_broken_member_file_is_reported_with_file_and_line(
    cli: Cli, tmp_path: Path, text: str, line: int | None
) -> None:
    path = district(tmp_path)
    (tmp_path / "sued" / "actors" / "boese.yaml").write_text(text, encoding="utf-8")
    result = run(cli, path, tmp_path / "out")
    assert result.exit_code == 1
    found = [ln for ln in result.stderr.splitlines() if "sued/actors/boese.yaml:" in ln]
    assert found and "Fehler" in found[0], result.stderr
    if line is not None:
        assert f"sued/actors/boese.yaml:{line}" in found[0]
    assert "nicht gebaut" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title: Landkreis\nx: &a [*a]\n", "Ankern/Aliassen"),
        ('title: "Landkreis\n', "Anführungszeichen nicht geschlossen"),
    ],
)  # fmt: skip
def test_an_unreadable_district_file_is_one_problem_with_file_and_line(
    cli: Cli, tmp_path: Path, text: str, words: str
) -> None:
    path = district(tmp_path)
    path.write_text(text, encoding="utf-8")
    result = run(cli, path, tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path.as_posix()}:") and words in lines[0], result.stderr
    assert lines[0].count("Fehler") == 1 and not lines[1].startswith("→")  # said once
    assert "nicht gebaut" in lines[-1]
    assert not (tmp_path / "out").exists()


def test_a_member_reached_through_a_link_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = district(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "sued").rename(tmp_path / "real" / "sued")
    (tmp_path / "sued").symlink_to(tmp_path / "real" / "sued")
    result = run(cli, path, tmp_path / "out")
    assert result.exit_code == 1
    assert "district.yaml:5" in result.stderr and "symbolische Verknüpfung" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_member_outside_the_district_folder_by_dotdot_is_read(cli: Cli, tmp_path: Path) -> None:
    path = district(tmp_path / "kreis")
    (tmp_path / "kreis" / "nord").rename(tmp_path / "nord")
    path.write_text(DISTRICT.replace("{path: nord}", "{path: ../nord}"), encoding="utf-8")
    assert run(cli, path, tmp_path / "out", "--lang", "de").exit_code == 0
    absolute = DISTRICT.replace("{path: nord}", "{path: " + str(tmp_path / "nord") + "}")
    path.write_text(absolute, encoding="utf-8")
    refused = run(cli, path, tmp_path / "out2")
    assert refused.exit_code == 1 and "absoluter Pfad" in refused.stderr


def test_the_bundled_example_district_builds(cli: Cli, tmp_path: Path) -> None:
    """Merzig (data/) and two fictional towns; the older Jobcenter copy is named, not fatal."""
    path = REPO / "examples" / "district" / "district.yaml"
    result = run(cli, path, tmp_path / "out", "--lang", "de")
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.stderr.splitlines() if "Warnung" in ln]
    assert len(warnings) == 1 and "mettlach/actors/jobcenter-merzig-wadern.yaml" in warnings[0]
    md = (tmp_path / "out" / "landkreis-merzig-wadern-de.md").read_text(encoding="utf-8")
    assert "Saisonarbeit in Gastronomie und Tourismus" in md
    assert md.count("#### Jobcenter Landkreis Merzig-Wadern") == 1


@pytest.fixture(scope="module")
def pdf(built: dict[str, Any]) -> bytes:
    """The German PDF of the district, built once for the module through the library."""
    from merzig_cli.district.build import build_outputs, merge
    from merzig_cli.district.members import load_district

    loaded = load_district(built["path"])
    merged, _ = merge(loaded)
    [out] = build_outputs(merged, ["de"], ["pdf"])
    assert out.name == "landkreis-musterkreis-de.pdf"
    return out.data


def test_the_pdf_has_the_sections_as_bookmarks_and_every_actor_once(pdf: bytes) -> None:
    import io

    import pypdf
    from pdftext_support import page_texts

    reader: Any = pypdf.PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)
    assert len(texts) == len(reader.pages)
    text = "\n".join(texts)
    assert "Landkreis Musterkreis" in text and "Integrationsbüro des Landkreises" in text
    body = text.split("Ihre Anlaufstelle im Landkreis")[-1]  # after the table of contents
    assert body.count("Bürgergeld und Arbeitsvermittlung nach dem SGB II.") == 1
    assert "GEHEIM" not in text and PHONE_OLD not in text
    titles = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    for section in ("Im ganzen Landkreis", "Stadt Nordheim", "Gemeinde Südheim"):
        assert section in titles
    assert "Angebote nach Ort" in titles
    toc = texts[1]
    assert re.search(r"Gemeinde Westheim\s*\.+\s*\d+", toc), toc  # real page numbers


def test_hostile_text_of_a_member_or_the_district_file_stays_text(tmp_path: Path) -> None:
    from test_brochure_hostile import assert_inert, hostile_workspace

    from merzig_cli.district.build import build_outputs, merge
    from merzig_cli.district.members import load_district

    hostile_workspace(tmp_path / "boese")
    path = tmp_path / "district.yaml"
    head = 'title: "<script>alert(1)</script>"\nmembers: [{path: boese}]\n'
    path.write_text(head + "office: {name: Kreis, website: 'javascript:alert(3)'}\n", "utf-8")
    assert [p.field for p in load_district(path).errors] == ["office.website"]  # refused
    path.write_text(head + "office: {name: '<img src=x onerror=alert(2)>'}\n", "utf-8")
    loaded = load_district(path)
    merged, _ = merge(loaded)
    for page in build_outputs(merged, ["de", "ar"], ["html"]):
        html = page.data.decode("utf-8")
        assert_inert(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_a_town_without_consent_is_not_overruled_by_another(cli: Cli, tmp_path: Path) -> None:
    path = district(tmp_path)
    copy = tmp_path / "west" / "actors" / "jobcenter-test.yaml"
    copy.write_text(JOBCENTER.replace("publish: true", "publish: false"), encoding="utf-8")
    result = run(cli, path, tmp_path / "out", "--lang", "de")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / "landkreis-musterkreis-de.md").read_text(encoding="utf-8")
    assert "Jobcenter Musterkreis" not in md
    line = next(ln for ln in result.stderr.splitlines() if "west/actors/jobcenter-test" in ln)
    assert "publish: false" in line and "Gemeinde Westheim" in line
    assert run(cli, path, tmp_path / "out", "--strict").exit_code == 1


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.sampled_from(["nord", "../nord", "/", "nord/../nord", "\x00", ".", "..", "sued/actors"]),
    st.lists(st.text(max_size=5), max_size=2),
    st.dictionaries(st.sampled_from(["de", "en", "xx", "path", "name"]), st.text(max_size=8)),
)


@given(
    title=VALUES,
    office=VALUES,
    members=st.one_of(VALUES, st.lists(st.one_of(VALUES, st.fixed_dictionaries({"path": VALUES})))),
    languages=VALUES,
)
@example(title="X", office={"name": "Y"}, members=[{"path": "nord\x00x"}], languages=None)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_district_file_makes_the_build_fail_internally(
    fuzz_district: Path, title: Any, office: Any, members: Any, languages: Any
) -> None:
    import json

    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    data = {"title": title, "office": office, "members": members, "languages": languages}
    path = fuzz_district / "district.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    out = fuzz_district / "out"
    args = ["district", "build", str(path), "--lang", "de", "--format", "md", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2), result.output


@pytest.fixture(scope="module")
def fuzz_district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fuzz")
    town(base / "nord", "Stadt Nordheim", {"jobcenter-test": JOBCENTER})
    return base


def test_the_district_pdf_is_pdf_ua_1(pdf: bytes) -> None:
    from pdfua_support import assert_pdfua

    assert_pdfua(pdf, "de", "Landkreis Musterkreis")
