"""``district.yaml``: a district brochure over the workspaces of several towns.

The file lies outside any workspace; it names the district's title (one text,
or one per language), the district's own office and the member workspaces,
each by a path relative to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.yamlio import PathKey
from .config import LABEL, Office
from .containers import ListOf
from .record import Rec, key
from .values import Checker, Lang, Spec, Str


class TextOrLabels(Spec):
    """A text, or a map of language code to text (``{de: …, en: …}``, ``de`` required)."""

    def check(self, value: Any, path: PathKey, c: Checker) -> None:
        if isinstance(value, dict):
            LABEL.check(value, path, c)
        else:
            Str().check(value, path, c)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [Str().json_schema(), LABEL.json_schema()]}

    def describe(self) -> str:
        return "Text, oder je Sprachcode ein Text (Pflicht: `de`)"


@dataclass
class Member:
    path: str = key(
        Str(), "Ordner des Arbeitsbereichs, relativ zu district.yaml", required=True, default=""
    )
    name: str | None = key(Str(), "Name der Stadt oder Gemeinde (Standard: municipality)")


@dataclass
class District:
    title: str | None = key(
        TextOrLabels(), "Titel: ein Text oder je Sprache einer", required=True
    )  # a text; one per language lands in ``titles``
    office: Office = key(
        Rec(Office), "Die Anlaufstelle des Landkreises", required=True, factory=Office
    )
    members: list[Member] = key(
        ListOf(Rec(Member), min_items=1),
        "Die Arbeitsbereiche der Städte und Gemeinden",
        required=True,
        factory=list,
    )
    languages: list[str] = key(
        ListOf(Lang(), min_items=1, unique=True),
        "Sprachen der Broschüre; die erste ist die Ausgangssprache "
        "(Standard: die Sprachen, die alle Mitglieder haben)",
        factory=list,
    )
    titles: dict[str, str] = field(default_factory=dict)  # the title by language, from the file
