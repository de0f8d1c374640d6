"""merzig export hsds: the published directory as HSDS 3.0, checked against the official
schemas (tests/hsds/, see its README) with a Draft 2020-12 validator and format checks, and
as a tabular data package with frictionless. The bundled workspace is exported once per
module (twice, to compare the runs); every test reads those files."""

from __future__ import annotations

import gzip
import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED
from jsonschema_support import iri_grammar_when_first_used

from merzig_cli.brochure.build import load_actors_only
from merzig_cli.exchange.hsds import export_hsds
from merzig_cli.exchange.hsds_hours import Hours, read_hours
from merzig_cli.exchange.hsds_model import NAMESPACE, NO_STATE, hsds_id
from merzig_cli.exchange.hsds_tables import TABLES

FIXTURES = Path(__file__).resolve().parent / "hsds"
UNPUBLISHED = ("fahrradwerkstatt-merzig", "hotel-saarblick")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with gzip.open(FIXTURES / "organization_package.json.gz") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def _errors(schema: dict[str, Any], doc: Any) -> list[str]:
    iri_grammar_when_first_used()  # HSDS has no "iri" formats: its grammar is not built
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{e.json_path}: {e.message[:160]}" for e in validator.iter_errors(doc)]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled workspace, exported by the command and again by the library."""
    from typer.testing import CliRunner

    from merzig_cli.cli.main import app

    base = tmp_path_factory.mktemp("hsds")
    data = base / "data"
    shutil.copytree(BUNDLED, data, ignore=shutil.ignore_patterns(".merzig-*"))
    args = ["export", "hsds", "--data", str(data), "--out", str(base / "first")]
    result = CliRunner().invoke(app, [*args, "--format", "json,csv", "--lang", "de,en"])
    assert result.exit_code == 0, result.output
    assert "de: 38 Organisationen" in result.output
    export_hsds(load_actors_only(data), ["de", "en"], ["json", "csv"], base / "second")
    return base


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _orgs(work: Path, lang: str = "de") -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(
        (work / "first" / lang / "json" / "organizations.json").read_text("utf-8")
    )
    return loaded


def _by_id(work: Path, actor: str, lang: str = "de") -> dict[str, Any]:
    [org] = [o for o in _orgs(work, lang) if o["id"] == hsds_id("actor", actor)]
    return org


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_json_conforms_to_the_official_schema(
    work: Path, schema: dict[str, Any], lang: str
) -> None:
    orgs = _orgs(work, lang)
    assert len(orgs) == 38
    assert _errors(schema, orgs) == []
    single = sorted((work / "first" / lang / "json" / "organizations").iterdir())
    assert [p.name for p in single] == sorted(f"{o['id']}.json" for o in orgs)
    for path in single[:6]:
        assert _errors(schema["items"], json.loads(path.read_text("utf-8"))) == []
    # the validator really checks what the schema says, formats included
    broken = json.loads(json.dumps(orgs[0]))
    broken["services"][0]["id"] = "keine-uuid"
    broken["services"][0]["status"] = "offen"
    del broken["description"]
    assert len(_errors(schema["items"], broken)) == 3


def test_the_csv_package_is_valid_for_frictionless_and_the_official_tables(work: Path) -> None:
    from frictionless import Package, Resource, validate
    from frictionless.resources import TableResource

    folder = work / "first" / "de" / "csv"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with gzip.open(FIXTURES / "datapackage.json.gz") as handle:
        official = {r["name"]: r for r in json.load(handle)["resources"]}
    for name, (path, _columns, _keys) in TABLES.items():
        # the keys between tables are checked in the package above
        table = dict(official[name]["schema"], foreignKeys=[])
        resource = Resource(dict(official[name], path=path, schema=table), basepath=str(folder))
        checked = validate(resource)
        assert checked.valid, (name, checked.flatten(["rowNumber", "fieldName", "type"]))
    organizations = Package(str(folder / "datapackage.json")).get_resource("organization")
    assert isinstance(organizations, TableResource) and len(organizations.read_rows()) == 38


def test_the_tables_of_the_tool_are_those_of_the_specification() -> None:
    with gzip.open(FIXTURES / "datapackage.json.gz") as handle:
        official = {r["name"]: r for r in json.load(handle)["resources"]}
    for name, (path, columns, keys) in TABLES.items():
        spec = official[name]
        assert path == spec["path"]
        assert [
            (
                f["name"],
                f["type"],
                f.get("format") or "",
                f["constraints"]["required"],
                f["constraints"]["unique"],
                tuple(f["constraints"].get("enum", ())),
            )
            for f in spec["schema"]["fields"]
        ] == list(columns)
        wanted = {
            (k["fields"], k["reference"]["resource"]) for k in spec["schema"].get("foreignKeys", [])
        }
        assert set(keys) == {k for k in wanted if k[1] in TABLES}


def test_an_actor_becomes_organization_services_location_contacts_and_schedules(
    work: Path,
) -> None:
    org = _by_id(work, "jobcenter-merzig-wadern")
    assert org["id"] == str(uuid.uuid5(NAMESPACE, "actor/jobcenter-merzig-wadern"))
    assert org["name"] == "Jobcenter Landkreis Merzig-Wadern"
    assert org["description"].startswith("Bürgergeld, Arbeitsvermittlung")
    assert [p["number"] for p in org["phones"]] == ["+49 6861 000-130"]
    assert [a["taxonomy_term"]["code"] for a in org["attributes"]] == ["category:authority"]
    [location] = org["locations"]
    assert location["location_type"] == "physical"
    [address] = location["addresses"]
    assert address == {
        "id": hsds_id("actor", "jobcenter-merzig-wadern", "address"),
        "location_id": location["id"],
        "address_1": "Hochwaldstraße 40",
        "city": "Merzig",
        "state_province": "Saarland",
        "postal_code": "66663",
        "country": "DE",
        "address_type": "physical",
    }
    hours = [(s["byday"], s["opens_at"], s["closes_at"]) for s in location["schedules"]]
    assert hours == [("MO,TU,WE,TH,FR", "08:00:00", "12:00:00"), ("TH", "14:00:00", "17:00:00")]
    assert {s["description"] for s in location["schedules"]} == {
        "Mo–Fr 8:00–12:00 Uhr, Do 14:00–17:00 Uhr"
    }
    contacts = {c["name"]: c for c in org["contacts"]}
    assert contacts["Nurcan Yılmaz"]["title"] == "Integrationsfachkraft Team Migration"
    [phone] = contacts["Nurcan Yılmaz"]["phones"]
    assert phone["number"] == "+49 6861 000-132"
    assert [lang["code"] for lang in phone["languages"]] == ["de", "tr", "en"]
    services = {s["name"]: s for s in org["services"]}
    assert list(services) == ["Bürgergeld", "Team Migration", "Team U25", "Bildung und Teilhabe"]
    money = services["Bürgergeld"]
    assert money["fees_description"] == "kostenlos" and money["status"] == "active"
    assert money["eligibility_description"].startswith("Erwerbsfähige Menschen ab 15")
    assert money["assured_date"] == "2026-10-01"
    assert [a["location_id"] for a in money["service_at_locations"]] == [location["id"]]
    codes = [a["taxonomy_term"]["code"] for a in money["attributes"]]
    assert codes == [
        "topic:benefits",
        "topic:housing",
        "target-group:refugees",
        "target-group:newcomers",
        "target-group:citizens",
    ]
    language = {lang["code"]: lang for lang in money["languages"]}
    assert list(language) == ["de", "en", "tr", "ar", "fr"]
    assert language["ar"]["name"] == "Arabisch" and "Sprachmittlung" in language["ar"]["note"]
    # an offer without topics takes the actor's
    assert "topic:training" in [
        a["taxonomy_term"]["code"] for a in services["Team U25"]["attributes"]
    ]
    # the English package: translated texts and labels, the same ids
    english = _by_id(work, "jobcenter-merzig-wadern", "en")
    assert english["description"].startswith("Citizen's income")
    assert english["services"][0]["languages"][0]["name"] == "German"
    term = english["services"][0]["attributes"][0]["taxonomy_term"]
    assert term["language"] == "en" and term["taxonomy_detail"]["name"] == "Topics"
    assert [s["id"] for s in english["services"]] == [s["id"] for s in org["services"]]


def test_a_second_export_gives_the_same_ids_and_bytes(work: Path) -> None:
    first, second = _files(work / "first"), _files(work / "second")
    assert len(first) == 2 * (2 + 38 + 12)
    assert first == second


def test_unpublished_actors_inquiries_and_cases_never_reach_the_export(work: Path) -> None:
    everything = b"\n".join(_files(work / "first").values()).decode("utf-8")
    for actor in UNPUBLISHED:
        assert hsds_id("actor", actor) not in everything
        name = yaml.safe_load((BUNDLED / "actors" / f"{actor}.yaml").read_text("utf-8"))["name"]
        assert name not in everything
    published = "\n".join(
        p.read_text("utf-8") for p in [*BUNDLED.glob("actors/*.yaml"), BUNDLED / "taxonomy.yaml"]
    )
    private = [
        text
        for folder in ("inquiries", "cases")
        for path in (BUNDLED / folder).rglob("*.yaml")
        for text in _strings(yaml.safe_load(path.read_text("utf-8")))
        if len(text) >= 12 and text not in published
    ]
    assert len(private) > 100
    assert [text for text in private if text in everything] == []


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_withdrawn_consent_removes_the_organization_from_the_next_export(
    work: Path, cli: Callable[..., Any]
) -> None:
    data, out = work / "data", work / "withdrawn"
    assert (
        cli("export", "hsds", "--data", str(data), "--out", str(out), "--lang", "de").exit_code == 0
    )
    gone = out / "de" / "json" / "organizations" / f"{hsds_id('actor', 'awo-merzig')}.json"
    assert gone.is_file()
    actor = data / "actors" / "awo-merzig.yaml"
    actor.write_text(actor.read_text("utf-8").replace("publish: true", "publish: false"), "utf-8")
    result = cli("export", "hsds", "--data", str(data), "--out", str(out), "--lang", "de")
    assert result.exit_code == 0 and "entfernt" in result.output
    assert not gone.exists()
    assert (
        hsds_id("actor", "awo-merzig")
        not in (out / "de" / "json" / "organizations.json").read_text()
    )

    # a stale file that cannot be deleted: a clear error, not an internal one
    actor.write_text(actor.read_text("utf-8").replace("publish: false", "publish: true"), "utf-8")
    assert (
        cli("export", "hsds", "--data", str(data), "--out", str(out), "--lang", "de").exit_code == 0
    )
    actor.write_text(actor.read_text("utf-8").replace("publish: true", "publish: false"), "utf-8")

    def refuse(path: str) -> None:
        raise PermissionError(13, "Keine Berechtigung", path)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("merzig_cli.exchange.hsds.os.unlink", refuse)
        result = cli("export", "hsds", "--data", str(data), "--out", str(out), "--lang", "de")
    assert result.exit_code == 1, result.output
    assert "kann nicht gelöscht werden" in result.output and gone.name in result.output
    assert gone.exists()


def test_a_small_workspace_without_state_offers_or_readable_hours(
    make_ws: Callable[..., Path], tmp_path: Path, schema: dict[str, Any], cli: Callable[..., Any]
) -> None:
    root = make_ws()
    actor = root / "actors" / "iq-beratung.yaml"
    extra = 'address: {street: Am Markt 1, postal_code: "66663", city: Merzig}\n'
    extra += "opening_hours: nach Vereinbarung\n"
    extra += "website: https://bürgerbüro.example/öffnungszeiten?für=alle\n"
    actor.write_text(actor.read_text("utf-8") + extra, "utf-8")
    out = tmp_path / "out"
    result = cli("export", "hsds", "--data", str(root), "--out", str(out), "--format", "json,csv")
    assert result.exit_code == 0, result.output
    assert NO_STATE[:40] in " ".join(result.output.split())
    [org] = json.loads((out / "de" / "json" / "organizations.json").read_text("utf-8"))
    assert _errors(schema["items"], org) == []
    website = "https://xn--brgerbro-65af.example/%C3%B6ffnungszeiten?f%C3%BCr=alle"
    assert org["website"] == website  # an ASCII URI, as the format uri requires
    [service] = org["services"]  # no offers: the actor itself is the service
    assert service["id"] == hsds_id("actor", "iq-beratung", "service")
    assert service["description"] == "Wir beraten **kostenlos**.\n"
    [location] = org["locations"]
    assert "addresses" not in location and location["description"] == "Am Markt 1, 66663 Merzig"
    assert location["schedules"] == [
        {
            "id": hsds_id("schedule", location["id"]),
            "location_id": location["id"],
            "description": "nach Vereinbarung",
        }
    ]
    assert sorted(p.name for p in out.iterdir()) == ["ar", "de", "en"]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Mo–Fr 8–12 Uhr", [Hours(("MO", "TU", "WE", "TH", "FR"), "08:00:00", "12:00:00")]),
        (
            "Mi 10:00–12:00 Uhr und 15:00–18:00 Uhr",
            [Hours(("WE",), "10:00:00", "12:00:00"), Hours(("WE",), "15:00:00", "18:00:00")],
        ),
        ("Di und Do 9.30 bis 15 Uhr", [Hours(("TU", "TH"), "09:30:00", "15:00:00")]),
        ("Mo–Fr 8:00–12:00 Uhr und nach Vereinbarung", None),
        ("Verwaltung Mo–Fr 8:00–16:00 Uhr", None),
        ("Mo–Fr 16–8 Uhr", None),
        ("Sa 8:00–24:00", None),
        ("Mo, Fr", None),
    ],
)
def test_opening_hours_are_read_only_when_nothing_else_is_in_the_text(
    text: str, hours: list[Hours] | None
) -> None:
    assert read_hours(text) == hours


def test_untrusted_text_stays_data_and_links_in_the_output_are_refused(
    make_ws: Callable[..., Path], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    root = make_ws()
    actor = root / "actors" / "iq-beratung.yaml"
    text = actor.read_text("utf-8").replace(
        "summary: Beratung zur Anerkennung ausländischer Berufsabschlüsse.",
        'summary: "=HYPERLINK(\\"http://x.example\\")\\e[31m"',
    )
    text = text.replace(
        "    topics: [recognition]\n", '    topics: [recognition]\n    phone: "+49 6861 000-2"\n'
    )
    text += "offers:\n  - {id: a, name: A}\n  - {id: a, name: Doppelt}\n"
    actor.write_text(text, "utf-8")
    out = tmp_path / "out"
    args = ["export", "hsds", "--data", str(root), "--lang", "de", "--format", "json,csv"]
    assert cli(*args, "--out", str(out)).exit_code == 0
    [org] = json.loads((out / "de" / "json" / "organizations.json").read_text("utf-8"))
    assert org["description"] == '=HYPERLINK("http://x.example")[31m'  # no ESC left
    assert [s["name"] for s in org["services"]] == ["A"]  # a doubled offer id: once
    csv_dir = out / "de" / "csv"
    assert '"\'=HYPERLINK(""http://x.example"")[31m"' in (csv_dir / "organizations.csv").read_text()
    assert ",+49 6861 000-2," in (csv_dir / "phones.csv").read_text("utf-8")

    # a stale organization file that is a link is removed as a link, its target kept
    target = tmp_path / "fremd.json"
    target.write_text("{}", "utf-8")
    stale = out / "de" / "json" / "organizations" / f"{hsds_id('actor', 'alt')}.json"
    stale.symlink_to(target)
    assert cli(*args, "--out", str(out)).exit_code == 0
    assert not stale.is_symlink() and target.read_text("utf-8") == "{}"
    # a linked output folder or organizations folder is never written through
    linked = tmp_path / "verknuepft"
    linked.symlink_to(tmp_path / "woanders", target_is_directory=True)
    (tmp_path / "woanders").mkdir()
    result = cli(*args, "--out", str(linked))
    assert result.exit_code == 1 and "Verknüpfung" in result.output
    shutil.rmtree(out / "de" / "json" / "organizations")
    (out / "de" / "json" / "organizations").symlink_to(tmp_path / "woanders")
    result = cli(*args, "--out", str(out))
    assert result.exit_code == 1 and "Verknüpfung" in result.output
    assert list((tmp_path / "woanders").iterdir()) == []
