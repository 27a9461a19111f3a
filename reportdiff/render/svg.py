"""Small inline SVG charts for the comparison summary, built with lxml (no plotting dependency).

Stage: rendering. Elements are created without a namespace so that they serialize as inline
``<svg>`` inside HTML (the HTML parser of a browser or of WeasyPrint puts them in the SVG
namespace). Labels and links live in HTML next to the bars, because WeasyPrint does not turn
SVG ``<a>`` elements into PDF links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

#: Colours of the change kinds, shared with style.css.
COLOURS: dict[str, str] = {
    "unchanged": "#c9ced6",
    "reworded": "#e0a526",
    "new": "#2e8b57",
    "dropped": "#c0392b",
    "moved": "#2c6fbb",
}


def stacked_bar(
    segments: Sequence[tuple[str, float]], *, width: float = 120.0, height: float = 9.0, label: str = ""
) -> etree._Element:
    """An SVG bar split into ``segments`` of (kind, share); shares are clipped to [0, 1] and the bar
    is filled left to right in the given order. ``label`` becomes the SVG's accessible title."""
    svg = etree.Element("svg", {
        "width": f"{width:g}", "height": f"{height:g}", "viewBox": f"0 0 {width:g} {height:g}",
        "role": "img", "class": "bar",
    })
    if label:
        etree.SubElement(svg, "title").text = label
    etree.SubElement(
        svg, "rect", x="0", y="0", width=f"{width:g}", height=f"{height:g}", fill="#f1f2f4",
    )
    x = 0.0
    for kind, share in segments:
        w = max(0.0, min(1.0, share)) * width
        w = min(w, width - x)
        if w <= 0:
            continue
        etree.SubElement(svg, "rect", {
            "x": f"{x:.2f}", "y": "0", "width": f"{w:.2f}", "height": f"{height:g}",
            "fill": COLOURS.get(kind, "#888888"), "class": f"seg-{kind}",
        })
        x += w
    return svg


@dataclass(frozen=True)
class ChartRow:
    """One bar of the sections chart: a label linking to ``href``, and the changed share split by kind."""

    label: str
    href: str
    kind: str
    segments: tuple[tuple[str, float], ...]
    changed: float


def sections_chart(rows: Sequence[ChartRow], *, bar_width: float = 150.0) -> etree._Element:
    """An HTML ``div`` listing sections by share changed (largest first, ties in document order):
    each row is a link to the section, an inline SVG bar and the percentage."""
    chart = etree.Element("div", {"class": "chart"})
    order = sorted(range(len(rows)), key=lambda i: (-rows[i].changed, i))
    for i in order:
        row = rows[i]
        line = etree.SubElement(chart, "div", {"class": f"chart-row kind-{row.kind}"})
        link = etree.SubElement(line, "a", {"href": row.href, "class": "chart-label"})
        link.text = row.label
        cell = etree.SubElement(line, "span", {"class": "chart-bar"})
        cell.append(stacked_bar(row.segments, width=bar_width, label=f"{row.label}: {row.changed:.0%}"))
        pct = etree.SubElement(line, "span", {"class": "chart-pct"})
        pct.text = f"{row.changed:.0%}"
    return chart
