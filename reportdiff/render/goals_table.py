"""Goal tables for the terminal: one report's goals, or the goal changes between two reports.

Stage: render (plain text). Columns are padded by display width so Chinese text lines up.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from reportdiff.model import Goal, GoalChange, Report


def display_width(s: str) -> int:
    """Columns a string takes in a terminal (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s: str, width: int) -> str:
    """``s`` padded with spaces to ``width`` terminal columns."""
    return s + " " * max(width - display_width(s), 0)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(pad(c, widths[i]) for i, c in enumerate(r)).rstrip() for r in rows)


def fmt_value(goal: Goal | None) -> str:
    """A goal's value as written for people: 6%-6.5%左右, 1.3万亿斤以上, masked, 基本同步."""
    if goal is None:
        return "—"
    if goal.masked:
        return "(masked)"
    if goal.low is None:
        return goal.direction
    def num(x: float) -> str:
        return f"{x:g}"
    unit = goal.unit or ""
    sep = "%" if unit == "%" else unit
    v = num(goal.low) if goal.high in (None, goal.low) else f"{num(goal.low)}{sep}-{num(goal.high)}"
    return f"{v}{unit}{goal.qualifier or ''}"


def goals_table(report: Report, goals: Sequence[Goal], *, all_kinds: bool = False) -> str:
    rows = [["kind", "metric", "value", "strength", "as written"]]
    for g in goals:
        if g.kind == "commitment" and not all_kinds:
            continue
        phrase = report.text[g.start:g.end].replace("\n", " ")
        rows.append([g.kind + ("(预计)" if g.estimated else ""), g.metric, fmt_value(g), g.strength or "",
                     phrase[:40]])
    head = f"{report.source or '-'}: {len(rows) - 1} goals"
    return head + "\n" + _table(rows)


ARROWS = {"raised": "↑", "lowered": "↓", "unchanged": "=", "new": "+", "dropped": "−"}


def changes_table(old: Report, new: Report, changes: Sequence[GoalChange], *, all_kinds: bool = False) -> str:
    oy, ny = old.meta.year or "old", new.meta.year or "new"
    rows = [["metric", f"{oy} target", f"{ny - 1 if isinstance(ny, int) else ''} actual", f"{ny} target",
             "change", "outcome", "details"]]
    for c in changes:
        kind = (c.new or c.old or c.actual)
        if kind is not None and kind.kind == "commitment" and not all_kinds:
            continue
        gap = f" ({c.gap:+g})" if c.gap is not None else ""
        rows.append([c.metric, fmt_value(c.old), fmt_value(c.actual), fmt_value(c.new),
                     f"{ARROWS.get(c.change, '')} {c.change}".strip(), (c.outcome or "") + gap, "; ".join(c.details)])
    return _table(rows)
