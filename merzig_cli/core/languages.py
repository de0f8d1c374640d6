"""Languages: the ISO 639-1 codes the data model allows, their names and script direction.

Validation needs only the set of codes. Names ("Arabisch", "العربية") and the
writing direction come from one source, the Unicode CLDR data shipped with
Babel, so routing, reports, the brochure and the minutes never disagree
(Kurmanji, ``ku``, is written in Latin script: left to right).
"""

from __future__ import annotations

from functools import cache

ISO_639_1: frozenset[str] = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm
    sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
    vo wa wo xh yi yo za zh zu
    """.split()
)

LANGUAGE_HINT = "Zwei Kleinbuchstaben, z. B. de, en, ar, fa, uk, tr"


@cache
def _names(in_lang: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    try:
        return {str(k): str(v) for k, v in Locale.parse(in_lang).languages.items()}
    except (UnknownLocaleError, ValueError, TypeError):
        return {}


def language_name(code: str, in_lang: str = "de") -> str:
    """The name of language ``code`` in language ``in_lang``, else the code itself."""
    return _names(in_lang).get(code) or code


@cache
def direction(code: str) -> str:
    """``"rtl"`` for languages written right to left (Arabic, Persian, ...), else ``"ltr"``."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(code).character_order
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
