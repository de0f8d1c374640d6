"""The Steckbrief as a LimeSurvey survey (``merzig actors survey``) and the codes of its answers.

LimeSurvey imports a tab-separated structure file (``.txt``): one row per
survey setting (class ``S``, ``SL``), group (``G``), question (``Q``),
subquestion (``SQ``) and answer option (``A``). Question and subquestion
codes are letters and digits only; this module derives them from the
fields (:mod:`.fields`) and the taxonomy's ids, and :func:`codes` gives the
import the same table back, so that a response export is read by its codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema.config import Taxonomy
from .fields import (
    ACTOR_FIELDS,
    BLOCK_CODES,
    BLOCK_TITLES,
    CHOICE,
    LONG,
    MULTI,
    SURVEY_BLOCKS,
    Field,
    block_fields,
)
from .forms import vocabularies

COLUMNS = (
    "id related_id class type/scale name relevance text help language validation mandatory "
    "encrypted other default same_default"
).split()
ANSWER_CODE_LEN = 5  # LimeSurvey's limit for answer option codes
SUBQUESTION_CODE_LEN = 20


def norm(text: str) -> str:
    """A code as LimeSurvey allows it: letters and digits (job-search -> jobsearch)."""
    from ..core.text import fold

    return re.sub(r"[^a-z0-9]", "", fold(text))


def choice_codes(ids: list[str], length: int) -> dict[str, str]:
    """id -> code: its letters and digits, cut to ``length``, made unique with digits.

    Sorted first, so that reordering the taxonomy keeps every code.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for ident in sorted(ids):
        base = (norm(ident) or "x")[:length]
        if not base[0].isalpha():
            base = ("c" + base)[:length]
        code, n = base, 1
        while code in used:
            suffix = str(n)
            code, n = base[: length - len(suffix)] + suffix, n + 1
        used.add(code)
        out[ident] = code
    return out


@dataclass(frozen=True)
class Question:
    code: str
    key: str  # the field's flat key
    field: Field
    choices: dict[str, str]  # answer/subquestion code -> id (choice and multiple choice)
    parts: dict[str, str]  # subquestion code -> flat key (a block's short texts)


def questions(tax: Taxonomy) -> list[Question]:
    """The survey's questions in order, with their codes."""
    vocabs = vocabularies(tax)

    def choices(f: Field) -> dict[str, str]:
        if not f.vocab:
            return {}
        length = SUBQUESTION_CODE_LEN if f.kind == MULTI else ANSWER_CODE_LEN
        return {c: i for i, c in choice_codes(list(vocabs[f.vocab]), length).items()}

    out = [Question(f.code, f.key, f, choices(f), {}) for f in ACTOR_FIELDS]
    for block in ("contacts", "offers"):
        for n in range(1, SURVEY_BLOCKS + 1):
            fields = block_fields(block, n)
            texts = [f for f in fields if f.kind != MULTI]
            head = Field(f"{block}.{n}", f"{BLOCK_TITLES[block]} {n}", "", code="")
            code = f"{BLOCK_CODES[block]}{n}"
            out.append(Question(code, head.key, head, {}, {f.code: f.key for f in texts}))
            out += [
                Question(f"{code}{f.code}", f.key, f, choices(f), {})
                for f in fields
                if f.kind == MULTI
            ]
    return out


def codes(tax: Taxonomy) -> dict[str, Question]:
    """Question code (lower case) -> question: what the import looks headings up in."""
    return {q.code.lower(): q for q in questions(tax)}


def _row(**values: str) -> list[str]:
    return [values.get(c.replace("/", "_"), "") for c in COLUMNS]


def structure(tax: Taxonomy, municipality: str, language: str = "de") -> str:
    """The survey structure file (tab-separated) that LimeSurvey imports."""
    vocabs = vocabularies(tax)
    rows = [
        _row(**{"class": "S", "name": "language", "text": language}),
        _row(**{"class": "S", "name": "format", "text": "G"}),
        _row(**{"class": "S", "name": "anonymized", "text": "N"}),
        _row(
            **{
                "class": "SL",
                "name": "surveyls_title",
                "language": language,
                "text": f"Steckbrief für das Akteursverzeichnis {municipality}",
            }
        ),
        _row(
            **{
                "class": "SL",
                "name": "surveyls_description",
                "language": language,
                "text": "Ihre Angaben erscheinen nach Ihrer Zustimmung in der Broschüre.",
            }
        ),
    ]
    group = ""
    for q in questions(tax):
        block = q.key.split(".")[0]
        name = BLOCK_TITLES[block] + "en" if block in BLOCK_TITLES else "Die Einrichtung"
        if name != group:
            group = name
            rows.append(
                _row(**{"class": "G", "name": name, "relevance": "1", "language": language})
            )
        f = q.field
        mandatory = "Y" if f.required and block not in BLOCK_TITLES else "N"
        if q.parts:
            rows.append(
                _row(
                    **{
                        "class": "Q",
                        "type_scale": "Q",
                        "name": q.code,
                        "relevance": "1",
                        "text": f.label,
                        "language": language,
                        "mandatory": "N",
                        "other": "N",
                        "encrypted": "N",
                        "same_default": "0",
                    }
                )
            )
            for sub, key in q.parts.items():
                label = next(x.label for x in block_fields(*_block(key)) if x.key == key)
                rows.append(
                    _row(
                        **{
                            "class": "SQ",
                            "name": sub,
                            "relevance": "1",
                            "text": label,
                            "language": language,
                        }
                    )
                )
            continue
        kind = {MULTI: "M", CHOICE: "!", LONG: "T"}.get(f.kind, "S")
        rows.append(
            _row(
                **{
                    "class": "Q",
                    "type_scale": kind,
                    "name": q.code,
                    "relevance": "1",
                    "text": f.label,
                    "help": f.help,
                    "language": language,
                    "mandatory": mandatory,
                    "other": "N",
                    "encrypted": "N",
                    "same_default": "0",
                }
            )
        )
        labels = vocabs.get(f.vocab, {})
        for code, ident in q.choices.items():
            rows.append(
                _row(
                    **{
                        "class": "SQ" if f.kind == MULTI else "A",
                        "type_scale": "" if f.kind == MULTI else "0",
                        "name": code,
                        "relevance": "1" if f.kind == MULTI else "",
                        "text": labels.get(ident, ident),
                        "language": language,
                    }
                )
            )
    lines = ["\t".join(COLUMNS)] + ["\t".join(_cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _block(key: str) -> tuple[str, int]:
    block, number, _ = key.split(".", 2)
    return block, int(number)


def _cell(value: str) -> str:
    """A value in the tab-separated file: no tab or line break inside, quoted like LimeSurvey."""
    value = " ".join(value.split())
    return '"' + value.replace('"', '""') + '"' if " " in value or '"' in value else value
