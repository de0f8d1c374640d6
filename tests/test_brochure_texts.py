"""Brochure texts per language: title and labels from config.yaml, notices where they belong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_brochure_support import small_workspace

from merzig_cli.brochure.build import build_outputs, load_actors_only

PARTIAL = """\
translations:
  en:
    summary: Advice on the recognition of foreign qualifications.
    status: current
"""
OWN_TEXTS = """\
  translations:
    en:
      title: Working and living in Musterstadt
      labels: {offers: What we offer, contacts: Who to ask}
"""


def workspace(tmp_path: Path) -> Path:
    root = small_workspace(tmp_path / "ws")
    iq = root / "actors" / "iq-beratung.yaml"
    iq.write_text(iq.read_text(encoding="utf-8") + PARTIAL, encoding="utf-8")
    config = root / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "  languages: [de, en, ar]\n", "  languages: [de, en, ar]\n" + OWN_TEXTS
    )
    config.write_text(text, encoding="utf-8")
    return root


def html(root: Path, lang: str, fmt: str = "html") -> str:
    [out] = build_outputs(load_actors_only(root), [lang], [fmt])
    return out.data.decode("utf-8")


def test_a_translated_summary_gets_no_only_in_german_notice(tmp_path: Path) -> None:
    page = html(workspace(tmp_path), "en")
    article = page[page.index('id="akteur-iq-beratung"') :]
    article = article[: article.index("</article>")]
    assert "This entry is only available in German." not in article
    assert "Advice on the recognition of foreign qualifications." in article
    note = article.index("The following description is only available in German.")
    assert note < article.index('class="description" lang="de"')
    assert article.index("Advice on the recognition") < note
    md = html(workspace(tmp_path / "md"), "en", "md")
    assert "> The following description is only available in German." in md


def test_an_untranslated_entry_keeps_its_notice_on_top(tmp_path: Path) -> None:
    page = html(workspace(tmp_path), "en")
    article = page[page.index('id="akteur-sprachcafe"') :]
    assert "Practise German over coffee and cake." in article  # outdated, but translated
    page = html(workspace(tmp_path / "ar"), "ar")
    article = page[page.index('id="akteur-iq-beratung"') :]
    assert article.index("هذا المدخل متوفر باللغة الألمانية فقط.") < article.index(
        'class="summary"'
    )


def test_title_and_labels_per_language_from_config_yaml(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    english = html(root, "en")
    assert "<title>Working and living in Musterstadt – Musterstadt</title>" in english
    assert "<h4>What we offer</h4>" in english and "<h4>Who to ask</h4>" in english
    german = html(root, "de")
    assert "<title>Arbeiten und Leben in Musterstadt – Musterstadt</title>" in german
    assert "<h4>Angebote</h4>" in german


def test_translations_lists_each_actor_once_and_the_missing_labels(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    root = workspace(tmp_path)
    data = json.loads(cli("brochure", "translations", "--data", str(root), "--json").stdout)
    assert data["en"]["partial"] == ["iq-beratung"] and data["en"]["missing"] == []
    assert not any("Titel" in label for label in data["en"]["labels"])  # config.yaml has it
    assert "Titel (config.yaml: brochure.translations.ar.title)" in data["ar"]["labels"]
    shown = cli("brochure", "translations", "--data", str(root))
    assert shown.exit_code == 0
    out = shown.stdout
    assert out.count("iq-beratung") == 2  # once per language
    assert "teilweise (Beschreibung fehlt)" in out
    assert "Fehlende Bezeichnungen auf Arabisch" in out
    assert "Thema „recognition“ (taxonomy.yaml: label.ar)" in out
