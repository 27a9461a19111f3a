"""reportdiff: compare yearly Chinese government work reports (政府工作报告).

Stage: the public API. The root package exposes what users call and nothing else::

    import reportdiff as rd
    cmp = rd.compare(rd.load("2022.txt"), rd.load("2023.txt"))
    cmp.to_pdf("out.pdf")

Heavy dependencies (jieba, WeasyPrint, lxml, diff-match-patch) load lazily inside the stages, so
``import reportdiff`` is quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Literal

from reportdiff.align import align
from reportdiff.compare import compare
from reportdiff.errors import FontError, InputError, OptionError, OutputError, ReportDiffError
from reportdiff.loading import load, loads
from reportdiff.model import (
    Alignment,
    Comparison,
    Edit,
    GlossaryEntry,
    Goal,
    GoalChange,
    Link,
    Meta,
    Node,
    Report,
    TermShift,
)
from reportdiff.parse import parse
from reportdiff.series import Series, series

__version__ = "0.1.0"

Layout = Literal["side-by-side", "inline"]


def extract_goals(report: Report) -> tuple[Goal, ...]:
    """Targets, last year's achieved figures and quantified commitments of a report."""
    from reportdiff.goals import extract_goals as _extract

    return _extract(report)


def compare_goals(old: Sequence[Goal], new: Sequence[Goal], *, old_year: int | None = None,
                  new_year: int | None = None) -> tuple[GoalChange, ...]:
    """How each metric's goal changed between two reports, and whether last year's target was met."""
    from reportdiff.goals import compare_goals as _compare

    return _compare(old, new, old_year=old_year, new_year=new_year)


def render_html(comparison: Comparison, *, layout: Layout = "side-by-side") -> str:
    """The annotated comparison as a standalone HTML page."""
    from reportdiff.render.html import render_html as _render

    return _render(comparison, layout=layout)


def render_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown."""
    from reportdiff.render.markdown import render_markdown as _render

    return _render(comparison)


def render_pdf(comparison: Comparison, path: str | os.PathLike[str], *, layout: Layout = "side-by-side",
               font: str | None = None) -> None:
    """Write the annotated comparison as a PDF (atomically)."""
    from reportdiff.render.pdf import render_pdf as _render

    _render(comparison, path, layout=layout, font=font)


def add_words(words: Iterable[str]) -> None:
    """Add words to the segmentation dictionary (e.g. local policy terms)."""
    from reportdiff.tokenize import add_words as _add

    _add(words)


def load_userdict(path: str | os.PathLike[str]) -> None:
    """Load a jieba-format user dictionary file."""
    from reportdiff.tokenize import load_userdict as _load

    _load(path)


__all__ = [
    "Alignment", "Comparison", "Edit", "FontError", "GlossaryEntry", "Goal", "GoalChange", "InputError", "Link",
    "Meta", "Node", "OptionError", "OutputError", "Report", "ReportDiffError", "TermShift", "__version__",
    "add_words", "align", "compare", "compare_goals", "extract_goals", "load", "load_userdict", "loads", "parse",
    "render_html", "render_markdown", "render_pdf", "Series", "series",
]
