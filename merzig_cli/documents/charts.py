"""Charts for reports, as inline SVG made with matplotlib (imported only when drawing).

The SVG keeps its text as text (no glyph paths) and has no date or random
ids, so the same figures always give the same file. Every item gets its bar:
a chart grows with its items and never leaves one out. Every chart carries a
text alternative that says what it shows, every bar with its number (its
``<title>`` for the PDF, ``aria-label`` for a screen reader in the browser).
"""

from __future__ import annotations

import re

from ..core.text import one_line
from .accessible import label_svg

LABEL_WIDTH = 36  # long names wrap onto several lines instead of squeezing the bars


def _plain(text: str) -> str:
    """A label as literal text: one line, no hidden characters, ``$`` not read as a formula."""
    return one_line(text).replace("$", r"\$")


def chart_alt(items: list[tuple[str, int]], title: str) -> str:
    """The chart in words: „Balkendiagramm „Ergebnisse“: Ausbildung 5, Schule 3.“"""
    bars = "; ".join(f"{one_line(k)}: {v}" for k, v in items)
    return f"Balkendiagramm „{one_line(title)}“, {len(items)} Balken – {bars}."


def bar_svg(
    items: list[tuple[str, int]], title: str, color: str = "#2f6f8f", show_title: bool = True
) -> str:
    """A horizontal bar chart of every item as inline SVG; "" when there is nothing to draw.

    ``show_title=False`` when the page sets the title as a heading of its own.
    """
    if not items:
        return ""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "merzig"  # same input, same file
    import textwrap

    shown = [(_plain(k), v) for k, v in items]
    labels = ["\n".join(textwrap.wrap(k, LABEL_WIDTH)) or k for k, _ in shown][::-1]
    rows = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(7.5, 0.22 * max(rows, 2) + 0.1 * len(labels) + 0.9))
    values = [v for _, v in shown][::-1]
    ax.barh(range(len(labels)), values, color=color)
    ax.set_yticks(range(len(labels)), labels)  # equal labels of two items stay two bars
    if show_title:
        ax.set_title(_plain(title), loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for y, v in enumerate(values):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    return label_svg(svg[svg.index("<svg") :], chart_alt(items, title))
