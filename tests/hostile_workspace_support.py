"""Hostile workspaces for the browser tests: markup that would run a script or fetch from
the "outside" in every free-text value of a part of the bundled data, hostile style sheets
and logo, or every template replaced by hostile markup (tests/test_hostile_browser.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from conftest import BUNDLED

# Every free-text key of the file formats; their values get the payload.
FREE_TEXT = {
    "title", "location", "question", "outcome", "note", "action", "family", "name",
    "summary", "description", "opening_hours", "role", "certificate", "class",
    "languages_note", "municipality", "competencies", "interests", "de", "en", "ar",
}  # fmt: skip


PACKAGED = BUNDLED.parent / "templates"
# Where a 10,000-character word goes too (not everywhere: the pages would grow to megabytes).
LONG_TEXT = {"title", "location", "family", "action", "outcome", "question", "description"}
LONG_WORD = "Donaudampfschifffahrt" * 476  # 9,996 letters without a break
HIDDEN = ("\u202e", "\u202c", "\u200b")  # a direction override turns „string“ around


def payload(host: str) -> str:
    """Markup that would run a script or fetch from ``host`` if it reached a page as markup."""
    return (
        f'<script>window.__pwned=1</script><img src="http://{host}/img" '
        f'onerror="window.__pwned=2"><svg onload="window.__pwned=3">'
        f'<image href="http://{host}/svg-image"/></svg><iframe src="http://{host}/frame">'
        f'</iframe><link rel="stylesheet" href="http://{host}/link"><a href="javascript:'
        f'window.__pwned=4">a</a><style>@import url(http://{host}/import);</style>'
        f'<meta http-equiv="refresh" content="0;url=http://{host}/refresh">'
        f"[md](javascript:window.__pwned=5) ![md](http://{host}/md-image)"
    )


def template_payload(host: str) -> str:
    """A whole template of hostile markup, with the parser tricks that fool naive filters."""
    h = host
    return f"""<!DOCTYPE html><html><head><title>Vorlage</title>
<meta http-equiv="Content-Security-Policy" content="default-src * 'unsafe-inline'">
<base href="http://{h}/base/"><link rel="prefetch" href="http://{h}/prefetch">
<script src="http://{h}/script.js"></script>
<style>@import "http://{h}/import"; @\\69mport "http://{h}/escaped-import";
body {{ background: url(http://{h}/bg) }} p {{ background: u\\72l(http://{h}/escaped-url) }}
div {{ background-image: image-set("http://{h}/image-set" 1x) }}
@font-face {{ font-family: x; src: url("http://{h}/font") }}</style></head>
<body onload="window.__pwned=11" background="http://{h}/body-bg"><h1>Vorlage</h1>
<img src="http://{h}/img" onerror="window.__pwned=12"><img srcset="http://{h}/srcset 1x">
<picture><source srcset="http://{h}/source"><img alt="p"></picture>
<video poster="http://{h}/poster" src="http://{h}/video"><track src="http://{h}/track">
</video><audio src="http://{h}/audio" autoplay></audio><embed src="http://{h}/embed">
<object data="http://{h}/object"></object><iframe srcdoc="<script>parent.__pwned=13</script>">
</iframe><form action="http://{h}/form"><input type="image" src="http://{h}/input"></form>
<details open ontoggle="window.__pwned=14"><summary>d</summary></details>
<div style="background:url(http://{h}/style-attr)">s</div>
<svg><rect width="9" height="9" fill="url(http://{h}/fill#p)"/>
<use href="http://{h}/use#x"/><animate attributeName="href" values="javascript:1"/>
<style><img src="http://{h}/svg-style" onerror="window.__pwned=15"></style>
<image href="http://{h}/svg-image"/><script>window.__pwned=16</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=17"></style></mglyph>
</table></mtext></math>
<svg><style>@&#105;mport url(http://{h}/svg-style-import);
svg {{ fill: u&#114;l(http://{h}/svg-style-url) }}</style></svg>
<math><style>@&#x69;mport "http://{h}/math-style-import";</style></math>
<svg></p><style><a id="</style><img src=x onerror=window.__pwned=24>"></svg>
<noscript><p title="</noscript><img src=x onerror=window.__pwned=18>"></noscript>
<xmp><p title="</xmp><img src=x onerror=window.__pwned=19>"></xmp>
<textarea><p title="</textarea><img src=x onerror=window.__pwned=20>"></textarea>
<noembed><p title="</noembed><img src=x onerror=window.__pwned=21>"></noembed>
<!--><img src=x onerror="window.__pwned=22">-->
<a href="javascript:window.__pwned=23">j</a><a href="http://{h}/link" ping="http://{h}/ping">l</a>
<p>Ende der Vorlage</p></body></html>
"""


def _poison(value: Any, bad: str, key: str = "", long: bool = True) -> Any:
    if isinstance(value, dict):
        return {k: _poison(v, bad, k if k != "label" else "de", long) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, bad, key, long) for v in value]
    if isinstance(value, str) and key == "summary":  # at most 200 characters
        return "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"
    if isinstance(value, str) and key in LONG_TEXT:
        word = LONG_WORD if long else "Donaudampfschifffahrt"
        return f"{value} \u202egnirts\u202c \u200b{word} {bad}"
    if isinstance(value, str) and key in FREE_TEXT:
        return f"{value} \u202egnirts\u202c {bad}"
    return value


# What the hostile workspaces keep of the bundled data: a case of each state (withdrawn,
# closed, with a step still open), one to plan, an inquiry with feedback and one with a
# referral still waiting for it, and the Steckbriefe these name (7 of 40). Pages are records
# times templates: the whole data would make every page many times as long and bring no
# place for a payload more (hostile_data checks it; the reminders of each kind are checked
# with the pages).
KEEP = {"fk-2026-02", "fk-2026-22", "fk-2026-25", "fk-2027-07", "2026-0004", "2026-0012"}
ALWAYS = {"jmd-merzig", "anlaufstelle-integration"}  # the long word's Steckbrief; moderation


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _dump(path: Path, data: Any) -> None:
    path.write_text(
        yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def _named_actors(record: dict[str, Any]) -> set[str]:
    """The actor ids a case or an inquiry names."""
    consent = record.get("consent") or {}
    steps = (record.get("agreement") or {}).get("steps") or []
    return (
        {a["actor"] for a in (record.get("referrals") or []) + (record.get("actors") or [])}
        | set(consent.get("share_with") or [])
        | {s[k] for s in steps for k in ("by", "support") if s.get(k)}
    )


def _copy_bundled(root: Path) -> Path:
    """The bundled data with the records of KEEP, the Steckbriefe they name and the
    conferences' participants among these."""
    shutil.copytree(BUNDLED, root)
    named = set(ALWAYS)
    for path in sorted([*root.glob("cases/*/*.yaml"), *root.glob("inquiries/*/*.yaml")]):
        if path.stem in KEEP:
            named |= _named_actors(_load(path))
        else:
            path.unlink()
    for path in root.glob("conferences/*.yaml"):
        conference = _load(path)
        named.add(conference["host"])
        conference["participants"] = [p for p in conference["participants"] if p["actor"] in named]
        _dump(path, conference)
    for path in root.glob("actors/*.yaml"):
        if path.stem not in named:
            path.unlink()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _commit(root: Path) -> None:
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Arbeitsbereich"], check=True)


def _long(path: Path) -> bool:
    """The 10,000-letter word in one Steckbrief and in every other file: each kind of page
    meets it, and the brochure's PDF is not forty times as slow."""
    return path.parent.name != "actors" or path.name == "jmd-merzig.yaml"


def _places(value: Any, place: str = "") -> set[str]:
    """Where a record's text carries a payload (``contacts.name``), and the long word."""
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in _places(v, f"{place}.{k}".lstrip("."))}
    if isinstance(value, list):
        return {p for v in value for p in _places(v, place)}
    if not isinstance(value, str) or "__pwned" not in value:
        return set()
    return {place, f"{place} (langes Wort)"} if LONG_WORD in value else {place}


def _places_by_kind(root: Path, poison: bool) -> dict[str, set[str]]:
    """The places of :func:`_places` in each kind of file (actors, cases, config.yaml, ...);
    ``poison``: of the files as they would be poisoned."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.yaml")):
        data = _load(path)
        if poison:
            data = _poison(data, payload("sink"), long=_long(path))
        found.setdefault(path.relative_to(root).parts[0], set()).update(_places(data))
    return found


def hostile_data(root: Path, host: str) -> Path:
    _copy_bundled(root)
    bad = payload(host)
    for path in sorted(root.rglob("*.yaml")):
        _dump(path, _poison(_load(path), bad, long=_long(path)))
    # the records kept carry a payload in every place that the whole data has one
    kept, everywhere = _places_by_kind(root, False), _places_by_kind(BUNDLED, True)
    lost = {kind: places - kept.get(kind, set()) for kind, places in everywhere.items()}
    assert kept == everywhere, {kind: places for kind, places in lost.items() if places}
    css = f"@import url(http://{host}/css-import); body {{ background: url(http://{host}/css) }}"
    for name in ("brochure/brochure.css", "brochure/pdf.css", "conference/conference.css"):
        own = (PACKAGED / name).read_text(encoding="utf-8")  # our rules, and hostile ones
        (root / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "templates" / name).write_text(
            f"{css}\n{own}</style><script>window.__pwned=30</script>", encoding="utf-8"
        )
    (root / "templates/brochure/logo.svg").write_text(
        f'<svg onload="window.__pwned=31"><script>window.__pwned=32</script>'
        f'<image href="http://{host}/logo"/></svg>'
    )
    _commit(root)
    return root


def few_for_the_pdfs(root: Path, into: Path) -> Path:
    """A copy of a hostile workspace with fewer pages for WeasyPrint: the brochure shows the
    Steckbriefe of ALWAYS and of the conferences' host (the others are unpublished), and
    each case still to plan names its first two actors (the agenda and two schedules, not
    one for each actor). What is kept carries a payload in every place that the rest does,
    and the rest would fill the same templates: each Steckbrief adds seven pages, each
    schedule 24 (the conference's title and place with the long word)."""
    shutil.copytree(root, into)
    shown = ALWAYS | {_load(path)["host"] for path in into.glob("conferences/*.yaml")}
    everywhere: set[str] = set()
    kept: set[str] = set()
    for path in sorted((into / "actors").glob("*.yaml")):
        data = _load(path)
        everywhere |= {f"actors: {p}" for p in _places(data)}
        if path.stem in shown:
            kept |= {f"actors: {p}" for p in _places(data)}
        else:
            _dump(path, {**data, "publish": False})
    for path in sorted(into.glob("cases/*/*.yaml")):
        data = _load(path)
        everywhere |= {f"cases: {p}" for p in _places(data)}
        if data["agreement"] is None:  # still to plan
            data["actors"] = data["actors"][:2]
            _dump(path, data)
        kept |= {f"cases: {p}" for p in _places(data)}
    assert kept == everywhere, everywhere - kept
    return into


def hostile_templates(root: Path, host: str) -> Path:
    _copy_bundled(root)
    for template in PACKAGED.rglob("*.html.j2"):
        target = root / "templates" / template.relative_to(PACKAGED)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template_payload(host), encoding="utf-8")
    _commit(root)
    return root
