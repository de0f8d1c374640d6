"""German counts read right at one as at many: „1 Minute“, „2 Minuten“, wherever they are printed.

Every count goes through :func:`merzig_cli.core.text.count` (in templates the
``counted`` filter), so none of them says „1 Minuten“ or „1 weitere Verknüpfungen“.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conference_support import conference_workspace


def test_a_one_minute_break_reads_in_the_singular(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = conference_workspace(tmp_path / "ws")
    conf = root / "conferences/fk-2027.yaml"
    text = conf.read_text(encoding="utf-8")
    assert '{at: "12:00", minutes: 45}' in text
    conf.write_text(
        text.replace('{at: "12:00", minutes: 45}', '{at: "12:00", minutes: 1}'), "utf-8"
    )
    out = tmp_path / "out"
    args = ("conference", "plan", "fk-2027", "--data", str(root), "--out", str(out))
    result = cli(*args, "--date", "2027-06-01")
    assert result.exit_code == 0, result.stderr
    for name in ("tagesordnung.md", "tagesordnung.html"):
        agenda = (out / "fk-2027" / name).read_text(encoding="utf-8")
        assert "Pause (1 Minute)" in agenda and "Pause (15 Minuten)" in agenda, name
        assert "20 Fälle, 1 Wiedervorlage aus früheren Konferenzen" in agenda, name


def test_links_beyond_the_first_are_counted_in_the_singular_too(
    cli: Callable[..., Any], make_ws: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_ws()
    target = tmp_path / "elsewhere.yaml"
    target.write_text("id: x\n", encoding="utf-8")
    (root / "actors/a.yaml").symlink_to(target)
    (root / "actors/b.yaml").symlink_to(target)
    two = cli("actors", "list", "--data", str(root))
    assert two.exit_code == 1
    assert "(und 1 weitere Verknüpfung)" in " ".join(two.stderr.split())
    (root / "actors/c.yaml").symlink_to(target)
    three = cli("actors", "list", "--data", str(root))
    assert "(und 2 weitere Verknüpfungen)" in " ".join(three.stderr.split())
