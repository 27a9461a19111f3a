"""Data model: the frozen records every stage passes to the next.

Stage: shared by all. A `Report` stores its text once; every node, goal, token and edit is a
half-open ``[start, end)`` range into that text (``report.text[node.start:node.end]``), in the
manner of spaCy's ``Doc``/``Span``. Nothing here imports jieba, WeasyPrint, lxml or
diff-match-patch, so ``import reportdiff`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

NodeKind = Literal["report", "front", "part", "section", "subsection", "block", "sentence"]
PartRole = Literal[
    "front", "review", "outlook", "requirements", "plan", "self_building", "closing",
    "glossary", "appendix", "other",
]
Level = Literal["part", "section", "block", "sentence"]
LinkKind = Literal["same", "renamed", "moved", "split", "merge", "new", "dropped", "followed_up"]
EditOp = Literal["equal", "insert", "delete", "replace"]
EditClass = Literal["equal", "number", "masked", "wording", "punctuation", "whitespace", "text", "moved"]
GoalKind = Literal["target", "actual", "commitment"]


@dataclass(frozen=True)
class Node:
    """One node of a report tree; ``text[start:end]`` is the whole node, heading included."""

    id: str
    kind: NodeKind
    start: int
    end: int
    role: str | None = None
    number: str | None = None
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Meta:
    """Front-matter facts read from the report text (None when absent)."""

    title: str | None = None
    year: int | None = None
    place: str | None = None
    level: Literal["national", "province", "city", "county"] | None = None
    date: str | None = None
    meeting: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    """A 名词解释 entry: the term, its definition and where the body uses the term."""

    term: str
    term_start: int
    term_end: int
    start: int
    end: int
    uses: tuple[int, ...] = ()


@dataclass(frozen=True)
class Report:
    """A parsed report: the decoded input text and a tree of offset ranges into it."""

    text: str
    root: Node
    meta: Meta = field(default_factory=Meta)
    source: str | None = None
    glossary: tuple[GlossaryEntry, ...] = ()

    @cached_property
    def _all_nodes(self) -> tuple[Node, ...]:
        return tuple(self.root.walk())

    @cached_property
    def _by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self._all_nodes}

    def nodes(self, kind: NodeKind | None = None) -> list[Node]:
        """All nodes (of one kind) in document order."""
        return [n for n in self._all_nodes if kind is None or n.kind == kind]

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError when absent)."""
        return self._by_id[node_id]

    def span(self, node: Node) -> str:
        """The text of a node."""
        return self.text[node.start:node.end]

    @property
    def parts(self) -> list[Node]:
        return self.nodes("part")

    @property
    def sections(self) -> list[Node]:
        return self.nodes("section")

    @property
    def blocks(self) -> list[Node]:
        return self.nodes("block")

    @property
    def sentences(self) -> list[Node]:
        return self.nodes("sentence")

    def _repr_html_(self) -> str:
        from reportdiff.render.html import report_outline_html

        return report_outline_html(self)


@dataclass(frozen=True)
class Link:
    """An alignment decision: old node ids ↔ new node ids at one level."""

    level: Level
    old: tuple[str, ...]
    new: tuple[str, ...]
    kind: LinkKind
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alignment:
    """All links between two reports, level by level, plus follow-up links (plan t-1 → review t)."""

    links: tuple[Link, ...]
    followups: tuple[Link, ...] = ()

    def at(self, level: Level) -> list[Link]:
        return [link for link in self.links if link.level == level]


@dataclass(frozen=True)
class Edit:
    """A word-level edit between aligned text; offsets index the old and new report texts."""

    link: int
    op: EditOp
    cls: EditClass
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class Goal:
    """A target, an achieved figure or a quantified commitment, with the phrase that states it."""

    kind: GoalKind
    metric: str
    metric_text: str
    direction: str
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str | None
    strength: str | None
    masked: bool
    year: int | None
    refers_to_year: int | None
    start: int
    end: int
    node: str | None
    estimated: bool = False


@dataclass(frozen=True)
class GoalChange:
    """How one metric's goal moved between two reports (or how last year's target fared)."""

    metric: str
    change: str
    old: Goal | None
    new: Goal | None
    actual: Goal | None = None
    outcome: str | None = None
    gap: float | None = None
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermShift:
    """A term whose use rose or fell between two reports (Fightin' Words log-odds z-score)."""

    term: str
    old_count: int
    new_count: int
    z: float


@dataclass(frozen=True)
class Comparison:
    """Everything compare() found: alignment links, edits, goals and their changes, a summary."""

    old: Report
    new: Report
    alignment: Alignment
    edits: tuple[Edit, ...]
    summary: dict[str, object]
    old_goals: tuple[Goal, ...] = ()
    new_goals: tuple[Goal, ...] = ()
    goal_changes: tuple[GoalChange, ...] = ()
    terms: tuple[TermShift, ...] = ()

    @property
    def links(self) -> tuple[Link, ...]:
        return self.alignment.links

    def to_json(self) -> str:
        from reportdiff.render.json import comparison_json

        return comparison_json(self)

    def to_html(self, **options: object) -> str:
        from reportdiff.render.html import render_html

        return render_html(self, **options)  # type: ignore[arg-type]

    def to_markdown(self) -> str:
        from reportdiff.render.markdown import render_markdown

        return render_markdown(self)

    def to_pdf(self, path: str, **options: object) -> None:
        from reportdiff.render.pdf import render_pdf

        render_pdf(self, path, **options)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        from reportdiff.render.html import comparison_summary_html

        return comparison_summary_html(self)
