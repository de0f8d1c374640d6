"""PDF/UA-1 checks for every PDF the tool writes: an independent validator and our own reading.

``page-validation`` (a Rust PDF/UA-1 and PDF/A checker, offline, no Java) with
profile ``ua1`` must find nothing; pikepdf reads the structure back for what a
screen reader depends on: the tree, the document language, a text alternative
for every figure, headings without skipped levels, the title as window title.
"""

from __future__ import annotations

import io
from typing import Any

import page
import pikepdf


def validator_failures(data: bytes) -> list[str]:
    """What ``page`` finds against PDF/UA-1, one line per failed check."""
    report = page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def structure(pdf: Any) -> list[tuple[str, Any]]:
    """Every structure element as (tag, element), in reading order (depth first)."""
    out: list[tuple[str, Any]] = []
    stack = list(reversed(_kids(pdf.Root.StructTreeRoot)))
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue  # a marked-content id or an object reference (a link's annotation)
        out.append((str(element.S)[1:], element))
        stack.extend(reversed(_kids(element)))
    return out


def assert_pdfua(data: bytes, lang: str, title: str | None = None) -> list[tuple[str, str]]:
    """Fail unless ``data`` is PDF/UA-1 in ``lang``.

    Returns every structure element as (tag, its /Alt text) in reading order, for more checks.
    """
    failures = validator_failures(data)
    assert not failures, "\n".join(failures[:20])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "kein Strukturbaum"
        assert str(root.Lang) == lang
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        shown = str(pdf.docinfo.get("/Title", ""))
        assert shown.strip(), "kein Dokumenttitel"
        if title is not None:
            assert title in shown, shown
        tags = structure(pdf)
        figures = [e for tag, e in tags if tag == "Figure"]
        for figure in figures:
            assert str(figure.get("/Alt", "")).strip(), "Abbildung ohne /Alt"
        levels = [int(tag[1]) for tag, _ in tags if len(tag) == 2 and tag[0] == "H"]
        assert levels, "keine Überschriften"
        previous = 0  # the first heading is an H1
        for level in levels:
            assert level <= previous + 1, f"Überschriftenebene übersprungen: {levels}"
            previous = level
        return [(tag, str(e.get("/Alt", ""))) for tag, e in tags]
