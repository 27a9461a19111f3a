"""reportdiff: compare yearly Chinese government work reports (政府工作报告).

Stage: the public API. The root package exposes what users call and nothing else; heavy
dependencies (jieba, WeasyPrint, lxml, diff-match-patch) load lazily inside the stages.
"""

from __future__ import annotations

from reportdiff.errors import FontError, InputError, OptionError, OutputError, ReportDiffError
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

__version__ = "0.1.0"

__all__ = [
    "Alignment", "Comparison", "Edit", "FontError", "GlossaryEntry", "Goal", "GoalChange",
    "InputError", "Link", "Meta", "Node", "OptionError", "OutputError", "Report", "ReportDiffError",
    "TermShift", "__version__",
]
