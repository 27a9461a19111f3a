"""JSON output: versioned, schema-checked documents for outlines, alignments, goals and comparisons.

Stage: render (the last stage; pure functions, no I/O besides reading the packaged schemas). Each
document names its schema and version in a ``"schema"`` key (``reportdiff.outline/1``,
``reportdiff.alignment/1``, ``reportdiff.goals/1``, ``reportdiff.comparison/1``); the JSON Schemas
(2020-12) ship in ``reportdiff/schema/`` and in ``docs/schema/``. Keys come in a fixed order, floats
are rounded to 4 decimals, text is written as UTF-8 (``ensure_ascii=False``) with ``indent=1`` and a
trailing newline, so identical inputs give byte-identical output. ``dumps`` is the one place that
sets the formatting; ``validate`` (tests and ``--validate`` only) imports jsonschema lazily.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args

from reportdiff.errors import OptionError, ReportDiffError
from reportdiff.model import (
    Alignment,
    Comparison,
    EditClass,
    GlossaryEntry,
    Goal,
    GoalChange,
    Level,
    Link,
    LinkKind,
    Meta,
    Node,
    Report,
    TermShift,
)

Depth = Literal["part", "section", "block", "sentence"]
SchemaName = Literal["outline", "alignment", "goals", "comparison", "series"]

SCHEMA_NAMES: tuple[str, ...] = get_args(SchemaName)
SCHEMA_VERSION = 1
DEPTHS: tuple[str, ...] = get_args(Depth)
LEVELS: tuple[str, ...] = get_args(Level)
ROUND_DIGITS = 4

# How deep each node kind sits; a depth keeps the kinds whose rank is at most its own. Subsections
# are headings, so the "section" depth keeps them (the outline of all headings).
_KIND_RANK = {"report": 0, "front": 1, "part": 1, "section": 2, "subsection": 2, "block": 3, "sentence": 4}
_DEPTH_RANK = {"part": 1, "section": 2, "block": 3, "sentence": 4}

_SHARE_KEYS = ("unchanged", "reworded", "new", "dropped", "moved")
_SUMMARY_KEYS = ("shares", "chars", "classes", "links", "substantive", "sections")
_SECTION_KEYS = ("old", "new", "kind", "score", "changed")
_LINK_KINDS: tuple[str, ...] = get_args(LinkKind)
_CLASS_ORDER: tuple[str, ...] = get_args(EditClass)


class SchemaValidationError(ReportDiffError, ValueError):
    """A JSON document does not match its reportdiff schema (raised by ``validate``)."""


def schema_id(name: str) -> str:
    """The versioned schema name written into documents, e.g. ``reportdiff.outline/1``."""
    return f"reportdiff.{_check_name(name)}/{SCHEMA_VERSION}"


# --- formatting -------------------------------------------------------------------------------------------


def _plain(obj: object) -> object:
    """Tuples to lists, floats rounded to ``ROUND_DIGITS`` (no ``-0.0``); refuses NaN and infinities."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, int | str):
        return obj
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError(f"cannot write the non-finite number {obj!r} as JSON")
        value = round(obj, ROUND_DIGITS)
        return 0.0 if value == 0 else value
    if isinstance(obj, Mapping):
        out: dict[str, object] = {}
        for key, value in obj.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__} ({key!r})")
            out[key] = _plain(value)
        return out
    if isinstance(obj, list | tuple):
        return [_plain(item) for item in obj]
    raise TypeError(f"cannot write a {type(obj).__name__} as JSON")


def dumps(obj: object) -> str:
    """The JSON text of ``obj``: key order kept, UTF-8 text, ``indent=1``, floats to 4 decimals, final newline."""
    return json.dumps(_plain(obj), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


# --- outline ----------------------------------------------------------------------------------------------


def _check_depth(depth: str) -> int:
    if depth not in _DEPTH_RANK:
        raise OptionError(f"unknown outline depth {depth!r}; use one of: {', '.join(DEPTHS)}")
    return _DEPTH_RANK[depth]


def _node_dict(node: Node, max_rank: int) -> dict[str, Any]:
    children = [_node_dict(c, max_rank) for c in node.children if _KIND_RANK.get(c.kind, 99) <= max_rank]
    return {
        "id": node.id,
        "kind": node.kind,
        "role": node.role,
        "number": node.number,
        "title": node.title,
        "start": node.start,
        "end": node.end,
        "title_start": node.title_start,
        "title_end": node.title_end,
        "children": children,
    }


def _meta_dict(meta: Meta) -> dict[str, Any]:
    return {
        "title": meta.title,
        "year": meta.year,
        "place": meta.place,
        "level": meta.level,
        "date": meta.date,
        "meeting": meta.meeting,
        "speaker": meta.speaker,
    }


def _glossary_dict(entry: GlossaryEntry) -> dict[str, Any]:
    return {
        "term": entry.term,
        "term_start": entry.term_start,
        "term_end": entry.term_end,
        "start": entry.start,
        "end": entry.end,
        "uses": list(entry.uses),
    }


def outline_dict(report: Report, *, depth: Depth = "sentence") -> dict[str, Any]:
    """The outline document of a report (schema ``reportdiff.outline/1``), nodes below ``depth`` cut.

    ``depth="part"`` keeps the report, front matter and parts; ``"section"`` adds sections and
    subsections; ``"block"`` adds blocks; ``"sentence"`` (default) is the whole tree.
    """
    max_rank = _check_depth(depth)
    return {
        "schema": schema_id("outline"),
        "source": report.source,
        "meta": _meta_dict(report.meta),
        "glossary": [_glossary_dict(e) for e in report.glossary],
        "root": _node_dict(report.root, max_rank),
    }


def outline_json(report: Report, *, depth: Depth = "sentence") -> str:
    """``outline_dict`` as JSON text."""
    return dumps(outline_dict(report, depth=depth))


# --- alignment --------------------------------------------------------------------------------------------


def link_dict(link: Link) -> dict[str, Any]:
    """One alignment link as a JSON object."""
    return {
        "level": link.level,
        "old": list(link.old),
        "new": list(link.new),
        "kind": link.kind,
        "score": link.score,
        "evidence": list(link.evidence),
    }


def alignment_dict(old: Report, new: Report, alignment: Alignment, *, level: Level | None = None) -> dict[str, Any]:
    """The alignment document (schema ``reportdiff.alignment/1``).

    With ``level``, only that level's links and follow-ups, and the outlines cut at that depth (so
    every id in a link is in its outline); without it, every link and the full outlines.
    """
    if level is not None and level not in LEVELS:
        raise OptionError(f"unknown alignment level {level!r}; use one of: {', '.join(LEVELS)}")
    depth: Depth = "sentence" if level is None else level
    return {
        "schema": schema_id("alignment"),
        "old": outline_dict(old, depth=depth),
        "new": outline_dict(new, depth=depth),
        "links": [link_dict(k) for k in alignment.links if level is None or k.level == level],
        "followups": [link_dict(k) for k in alignment.followups if level is None or k.level == level],
    }


def alignment_json(old: Report, new: Report, alignment: Alignment, *, level: Level | None = None) -> str:
    """``alignment_dict`` as JSON text."""
    return dumps(alignment_dict(old, new, alignment, level=level))


# --- goals ------------------------------------------------------------------------------------------------


def goal_dict(goal: Goal, *, report: Literal["old", "new"] | None = None) -> dict[str, Any]:
    """One goal as a JSON object with every field of ``model.Goal`` (plus ``report`` when given first)."""
    out: dict[str, Any] = {} if report is None else {"report": report}
    out.update(
        kind=goal.kind,
        metric=goal.metric,
        metric_text=goal.metric_text,
        direction=goal.direction,
        low=goal.low,
        high=goal.high,
        unit=goal.unit,
        qualifier=goal.qualifier,
        strength=goal.strength,
        masked=goal.masked,
        year=goal.year,
        refers_to_year=goal.refers_to_year,
        start=goal.start,
        end=goal.end,
        node=goal.node,
        estimated=goal.estimated,
    )
    return out


def _optional_goal(goal: Goal | None) -> dict[str, Any] | None:
    return None if goal is None else goal_dict(goal)


def change_dict(change: GoalChange) -> dict[str, Any]:
    """One goal change as a JSON object."""
    return {
        "metric": change.metric,
        "change": change.change,
        "old": _optional_goal(change.old),
        "new": _optional_goal(change.new),
        "actual": _optional_goal(change.actual),
        "outcome": change.outcome,
        "gap": change.gap,
        "details": list(change.details),
    }


def _term_dict(term: TermShift) -> dict[str, Any]:
    return {"term": term.term, "old_count": term.old_count, "new_count": term.new_count, "z": term.z}


def terms_dict(terms: Sequence[TermShift]) -> dict[str, Any]:
    """Terms split by the sign of z: ``rising`` (highest z first) and ``falling`` (lowest first).

    Ties are broken by the term so the order never depends on the input order; z = 0 is neither.
    """
    rising = sorted((t for t in terms if t.z > 0), key=lambda t: (-t.z, t.term))
    falling = sorted((t for t in terms if t.z < 0), key=lambda t: (t.z, t.term))
    return {"rising": [_term_dict(t) for t in rising], "falling": [_term_dict(t) for t in falling]}


def goals_dict(
    goals: Sequence[Goal],
    *,
    changes: Sequence[GoalChange] = (),
    terms: Sequence[TermShift] = (),
    source: str | None = None,
    old_goals: Sequence[Goal] | None = None,
    old_source: str | None = None,
) -> dict[str, Any]:
    """The goals document (schema ``reportdiff.goals/1``).

    One report: ``goals`` are its goals and ``source`` its path. Two reports: pass the old report's
    goals as ``old_goals`` (and its path as ``old_source``); ``goals`` are then the new report's, every
    goal gets a ``"report": "old"|"new"`` field (old ones first) and ``source`` becomes
    ``{"old": old_source, "new": source}``.
    """
    doc: dict[str, Any] = {"schema": schema_id("goals")}
    if old_goals is None:
        if old_source is not None:
            raise OptionError("old_source is given without old_goals; pass the old report's goals as old_goals")
        doc["source"] = source
        doc["goals"] = [goal_dict(g) for g in goals]
    else:
        doc["source"] = {"old": old_source, "new": source}
        doc["goals"] = [goal_dict(g, report="old") for g in old_goals] + [
            goal_dict(g, report="new") for g in goals
        ]
    doc["changes"] = [change_dict(c) for c in changes]
    doc["terms"] = terms_dict(terms)
    return doc


def goals_json(
    goals: Sequence[Goal],
    *,
    changes: Sequence[GoalChange] = (),
    terms: Sequence[TermShift] = (),
    source: str | None = None,
    old_goals: Sequence[Goal] | None = None,
    old_source: str | None = None,
) -> str:
    """``goals_dict`` as JSON text."""
    return dumps(
        goals_dict(goals, changes=changes, terms=terms, source=source, old_goals=old_goals, old_source=old_source)
    )


# --- comparison -------------------------------------------------------------------------------------------


def _ordered(mapping: Mapping[str, object], keys: Sequence[str]) -> dict[str, object]:
    """The documented keys in their documented order, then any others sorted (the schema flags them)."""
    out = {k: mapping[k] for k in keys if k in mapping}
    out.update((k, mapping[k]) for k in sorted(mapping) if k not in out)
    return out


def summary_dict(summary: Mapping[str, object]) -> dict[str, object]:
    """Comparison.summary with a stable key order at every documented level."""
    out = _ordered(summary, _SUMMARY_KEYS)
    for key in ("shares", "chars"):
        value = out.get(key)
        if isinstance(value, Mapping):
            out[key] = _ordered(value, _SHARE_KEYS)
    classes = out.get("classes")
    if isinstance(classes, Mapping):
        out["classes"] = _ordered(classes, _CLASS_ORDER)
    links = out.get("links")
    if isinstance(links, Mapping):
        out["links"] = {
            level: _ordered(counts, _LINK_KINDS) if isinstance(counts, Mapping) else counts
            for level, counts in _ordered(links, LEVELS).items()
        }
    sections = out.get("sections")
    if isinstance(sections, list | tuple):
        out["sections"] = [_ordered(s, _SECTION_KEYS) if isinstance(s, Mapping) else s for s in sections]
    return out


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """The comparison document (schema ``reportdiff.comparison/1``).

    Equal stretches are left out: an edit is written unless its op is ``equal``, except a ``moved``
    edit, which is written even when the sentence moved unchanged (op ``equal``).
    """
    return {
        "schema": schema_id("comparison"),
        "old": outline_dict(cmp.old),
        "new": outline_dict(cmp.new),
        "links": [link_dict(k) for k in cmp.alignment.links],
        "followups": [link_dict(k) for k in cmp.alignment.followups],
        "edits": [
            {
                "link": e.link,
                "op": e.op,
                "class": e.cls,
                "old_start": e.old_start,
                "old_end": e.old_end,
                "new_start": e.new_start,
                "new_end": e.new_end,
            }
            for e in cmp.edits
            if e.op != "equal" or e.cls == "moved"
        ],
        "summary": summary_dict(cmp.summary),
        "goals": {
            "old": [goal_dict(g) for g in cmp.old_goals],
            "new": [goal_dict(g) for g in cmp.new_goals],
            "changes": [change_dict(c) for c in cmp.goal_changes],
        },
        "terms": terms_dict(cmp.terms),
    }


def comparison_json(cmp: Comparison) -> str:
    """``comparison_dict`` as JSON text."""
    return dumps(comparison_dict(cmp))


# --- schemas ----------------------------------------------------------------------------------------------


def _check_name(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise OptionError(f"unknown schema {name!r}; use one of: {', '.join(SCHEMA_NAMES)}")
    return name


@cache
def _schema_text(name: str) -> str:
    return (resources.files("reportdiff") / "schema" / f"{name}.json").read_text(encoding="utf-8")


def schema(name: str) -> dict[str, Any]:
    """The packaged JSON Schema ``name`` (outline, alignment, goals or comparison), a fresh copy."""
    loaded: dict[str, Any] = json.loads(_schema_text(_check_name(name)))
    return loaded


@cache
def _validator(name: str) -> Any:
    """A Draft 2020-12 validator of schema ``name`` whose ``$ref``s resolve to the packaged schemas only."""
    try:
        import jsonschema
        from referencing import Registry, Resource
    except ImportError as exc:  # pragma: no cover - jsonschema is a dev dependency here
        raise ReportDiffError(
            "validating JSON needs the jsonschema package: pip install 'jsonschema>=4.20' (or reportdiff[dev])"
        ) from exc
    schemas = {n: schema(n) for n in SCHEMA_NAMES}
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def validate(doc: Mapping[str, Any], name: str) -> None:
    """Check ``doc`` against the packaged schema ``name``; raise SchemaValidationError on the first problem.

    Needs the optional ``jsonschema`` package (in the ``dev`` extra); cross-schema ``$ref``s resolve
    against the packaged schemas only, never the network.
    """
    validator = _validator(_check_name(name))  # first: it raises the clear error when jsonschema is missing
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(doc))
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
        raise SchemaValidationError(f"JSON does not match schema {schema_id(name)} at {where}: {message}") from error
