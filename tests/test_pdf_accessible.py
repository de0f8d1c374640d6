"""The one PDF path refuses what cannot be accessible, naming the element (tiny real PDFs)."""

from __future__ import annotations

import base64

import pytest
from pdfua_support import assert_pdfua

from merzig_cli.core.errors import UserError
from merzig_cli.documents.accessible import label_svg
from merzig_cli.documents.pdf import html_to_pdf

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f80f000001010100187dd6b50000000049454e44ae426082"
    )
).decode()
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"{attrs}>'
    '{title}<rect width="40" height="20"/></svg>'
)


def page(body: str, lang: str = ' lang="de"', title: str = "<title>Probe</title>") -> str:
    head = f"<head><meta charset='utf-8'>{title}</head>"
    return f"<!DOCTYPE html><html{lang}>{head}<body><h1>Probe</h1>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (page(f'<img src="data:image/png;base64,{PNG}">'), "Bild ohne Alternativtext: <img src='data:image/png"),
        (page("<p>Text</p>", lang=""), "das Element <html> hat keine Sprache"),
        (page("<p>Text</p>", title="<title> </title>"), "das Dokument hat keinen Titel"),
        (page(SVG.format(attrs=' id="wappen"', title="")),
         'Grafik ohne Alternativtext: <svg xmlns="http://www.w3.org/2000/svg" width="40" '
         'height="20" id="wappen">'),
    ],
)  # fmt: skip
def test_what_cannot_be_accessible_fails_with_a_german_message(html: str, expected: str) -> None:
    with pytest.raises(UserError) as caught:
        html_to_pdf(html)
    assert expected in caught.value.message
    assert "PDF/UA-1" in (caught.value.hint or "")


def test_alternatives_reach_the_pdf_from_alt_title_and_aria_label() -> None:
    body = (
        f'<img src="data:image/png;base64,{PNG}" alt="Ein Punkt">'
        + SVG.format(attrs="", title="<title>Eigenes Wappen</title>")
        + SVG.format(attrs=' role="img" aria-label="Balken &amp; Zahlen"', title="")
    )
    tags = assert_pdfua(html_to_pdf(page(body)), "de", title="Probe")
    assert [alt for tag, alt in tags if tag == "Figure"] == [
        "Ein Punkt",
        "Eigenes Wappen",
        "Balken & Zahlen",
    ]


def test_label_svg_names_the_outer_svg_and_keeps_an_own_title() -> None:
    nested = '<svg aria-hidden="true" width="9"><svg width="3"></svg><rect/></svg>'
    labelled = label_svg(nested, 'Logo: "Merzig" <Saar>')
    assert labelled.startswith(
        '<svg role="img" aria-label="Logo: &quot;Merzig&quot; &lt;Saar&gt;" width="9">'
        '<title>Logo: &quot;Merzig&quot; &lt;Saar&gt;</title><svg width="3">'
    )
    own = SVG.format(attrs="", title="<title>Wappen</title>")
    assert label_svg(own, "anders") == own
    assert label_svg('<svg width="2"/>', "Leer") == (
        '<svg role="img" aria-label="Leer" width="2"><title>Leer</title></svg>'
    )


def _dictionaries_in_worker() -> list[str]:
    import pyphen

    return [str(path) for path in pyphen.hdcache]


def test_pdf_workers_start_with_the_hyphenation_dictionary_of_the_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A German dictionary takes about a second to read: read once before the workers fork,
    not again in every worker of every conference's PDFs."""
    import pyphen

    from merzig_cli.documents.pdf import many_to_pdf, worker_pool

    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenated = page("<style>p { hyphens: auto }</style><p>Ausbildungsplatzvermittlung</p>")
    german = str(pyphen.LANGUAGES[pyphen.language_fallback("de")])
    with worker_pool(2, [page("<p>Text</p>")]) as pool:  # nothing hyphenated: nothing read
        assert pool.submit(_dictionaries_in_worker).result() == []
    with worker_pool(2, [hyphenated, page("<p>Text</p>", lang=' lang="ar"')]) as pool:
        assert pool.submit(_dictionaries_in_worker).result() == [german]
    pdfs = many_to_pdf([hyphenated, hyphenated])
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")
