"""Charts for reports, as inline SVG made with matplotlib (imported only when drawing).

The SVG keeps its text as text (no glyph paths) and has no date or random
ids, so the same figures always give the same file.
"""

from __future__ import annotations

import re


def bar_svg(items: list[tuple[str, int]], title: str, color: str = "#2f6f8f") -> str:
    """A horizontal bar chart as inline SVG (matplotlib, no fonts embedded as paths)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "merzig"  # same input, same file
    shown = items[:15]
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * max(len(shown), 2) + 0.9))
    labels = [k for k, _ in shown][::-1]
    values = [v for _, v in shown][::-1]
    ax.barh(labels, values, color=color)
    ax.set_title(title, loc="left", fontsize=11)
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
    return svg[svg.index("<svg") :]
