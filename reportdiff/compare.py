"""Comparison: orchestrate alignment, word diffs, goals and term shifts into one `Comparison`.

Stage: compare (orchestration only, no I/O). Sentences linked by the alignment are diffed word by
word (inside aligned text only: fast and never lost when sections move); linked sentences whose text
moved elsewhere become one ``moved`` edit; sentences only in one report become one insert or delete
anchored at the matching position of the other report. The summary measures shares of text by
characters: ``unchanged``, ``reworded``, ``new`` and ``moved`` over the new report's sentences,
``dropped`` over the old report's.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportdiff.align import Features, align, features
from reportdiff.model import Alignment, Comparison, Edit, Goal, GoalChange, Link, Node, Report, TermShift

if TYPE_CHECKING:
    from reportdiff.tokenize import Token

SUBSTANTIVE = frozenset({"text", "number", "wording", "moved"})


def _span(nodes: Sequence[Node]) -> tuple[int, int]:
    return min(n.start for n in nodes), max(n.end for n in nodes)


def _sentence_edits(k: int, link: Link, old: Report, new: Report, fo: Features, fn: Features,
                    no: dict[str, Node], nn: dict[str, Node]) -> list[Edit]:
    from reportdiff.diff import classify, diff_tokens

    os_, oe = _span([no[i] for i in link.old])
    ns, ne = _span([nn[i] for i in link.new])
    if link.kind == "same":
        return []
    if link.kind == "moved":
        return [Edit(k, "replace" if old.text[os_:oe] != new.text[ns:ne] else "equal", "moved", os_, oe, ns, ne)]
    ot = fo.tokens_in(os_, oe)
    nt = fn.tokens_in(ns, ne)
    out: list[Edit] = []
    for e in diff_tokens(old.text, ot, new.text, nt):
        if e.op == "equal":
            continue
        cls = classify(old.text, new.text, e, old_tokens=ot, new_tokens=nt)
        out.append(Edit(k, e.op, cls, e.old_start, e.old_end, e.new_start, e.new_end))
    return out


def _tokens(text: str, feats: Features, start: int, end: int) -> tuple[Token, ...]:
    """The report's tokens of [start, end) when they tile it exactly (a heading's title usually does),
    else that range tokenized on its own."""
    from reportdiff.tokenize import tokenize

    toks = feats.tokens_in(start, end)
    if toks and toks[0].start == start and toks[-1].end == end:
        return toks
    return tokenize(text, start=start, end=end)


def _heading_edits(links: Sequence[Link], old: Report, new: Report, fo: Features, fn: Features,
                   no: dict[str, Node], nn: dict[str, Node]) -> list[Edit]:
    """Word edits between the headings of linked parts and sections (a renamed heading is a change
    even when the body is the same)."""
    from reportdiff.diff import classify, diff_tokens

    out: list[Edit] = []
    for k, link in enumerate(links):
        if link.level not in ("part", "section") or len(link.old) != 1 or len(link.new) != 1:
            continue
        o, n = no[link.old[0]], nn[link.new[0]]
        if o.title is None or n.title is None or o.title == n.title:
            continue
        assert o.title_start is not None and o.title_end is not None
        assert n.title_start is not None and n.title_end is not None
        ot = _tokens(old.text, fo, o.title_start, o.title_end)
        nt = _tokens(new.text, fn, n.title_start, n.title_end)
        for e in diff_tokens(old.text, ot, new.text, nt, old_pos=o.title_start, new_pos=n.title_start):
            if e.op != "equal":
                cls = classify(old.text, new.text, e, old_tokens=ot, new_tokens=nt)
                out.append(Edit(k, e.op, cls, e.old_start, e.old_end, e.new_start, e.new_end))
    return out


def _anchors(links: Sequence[Link], no: dict[str, Node], nn: dict[str, Node]) -> tuple[list[int], list[int], list[int], list[int]]:
    """Sorted (new position → old position) and (old → new) anchor lists from linked sentences."""
    pairs = sorted((_span([nn[i] for i in link.new])[1], _span([no[i] for i in link.old])[1])
                   for link in links if link.old and link.new and link.kind != "moved")
    new_pos = [p[0] for p in pairs]
    old_at_new = [p[1] for p in pairs]
    pairs_o = sorted((o, n) for n, o in pairs)
    return new_pos, old_at_new, [p[0] for p in pairs_o], [p[1] for p in pairs_o]


def compare(old: Report, new: Report, *, goals: bool = True, terms: bool = True,
            followups: bool = True) -> Comparison:
    """Compare two reports: alignment, word-level edits, goals and their changes, term shifts, summary.
    ``goals``, ``terms`` and ``followups`` (the plan → review links) can be skipped when not needed."""
    alignment = align(old, new, with_followups=followups)
    fo, fn = features(old), features(new)
    no = {n.id: n for n in old.root.walk()}
    nn = {n.id: n for n in new.root.walk()}
    links = alignment.links
    sent = [(k, link) for k, link in enumerate(links) if link.level == "sentence"]
    new_pos, old_at_new, old_pos, new_at_old = _anchors([link for _, link in sent], no, nn)
    edits: list[Edit] = []
    for k, link in sent:
        if link.old and link.new:
            edits.extend(_sentence_edits(k, link, old, new, fo, fn, no, nn))
        elif link.new:
            s, e = _span([nn[i] for i in link.new])
            i = bisect.bisect_right(new_pos, s) - 1
            at = old_at_new[i] if i >= 0 else 0
            edits.append(Edit(k, "insert", "text", at, at, s, e))
        else:
            s, e = _span([no[i] for i in link.old])
            i = bisect.bisect_right(old_pos, s) - 1
            at = new_at_old[i] if i >= 0 else 0
            edits.append(Edit(k, "delete", "text", s, e, at, at))
    edits.extend(_heading_edits(links, old, new, fo, fn, no, nn))
    summary = _summary(old, new, alignment, edits, no, nn)
    old_goals: tuple[Goal, ...] = ()
    new_goals: tuple[Goal, ...] = ()
    changes: tuple[GoalChange, ...] = ()
    if goals:
        from reportdiff.goals import compare_goals, extract_goals

        old_goals = extract_goals(old)
        new_goals = extract_goals(new)
        changes = compare_goals(old_goals, new_goals, old_year=old.meta.year, new_year=new.meta.year)
    shifts: tuple[TermShift, ...] = ()
    if terms:
        from reportdiff.terms import term_shifts

        shifts = term_shifts(old, new)
    return Comparison(old=old, new=new, alignment=alignment, edits=tuple(edits), summary=summary,
                      old_goals=old_goals, new_goals=new_goals, goal_changes=changes, terms=shifts)


def _chars(text: str, a: int, b: int) -> int:
    """Non-whitespace characters in text[a:b]."""
    span = text[a:b]
    return len(span) - sum(map(str.isspace, span))


def _summary(old: Report, new: Report, alignment: Alignment, edits: Sequence[Edit],
             no: dict[str, Node], nn: dict[str, Node]) -> dict[str, object]:
    new_total = sum(_chars(new.text, s.start, s.end) for s in new.sentences) or 1
    old_total = sum(_chars(old.text, s.start, s.end) for s in old.sentences) or 1
    chars = Counter({"unchanged": 0, "reworded": 0, "new": 0, "dropped": 0, "moved": 0})
    changed_in_link: Counter[int] = Counter()
    for e in edits:
        if e.cls in ("text", "number", "wording") and e.op in ("insert", "replace"):
            changed_in_link[e.link] += _chars(new.text, e.new_start, e.new_end)
    for k, link in enumerate(alignment.links):
        if link.level != "sentence":
            continue
        n_chars = sum(_chars(new.text, nn[i].start, nn[i].end) for i in link.new)
        if link.kind == "new":
            chars["new"] += n_chars
        elif link.kind == "dropped":
            chars["dropped"] += sum(_chars(old.text, no[i].start, no[i].end) for i in link.old)
        elif link.kind == "moved":
            chars["moved"] += n_chars
        else:
            changed = min(changed_in_link[k], n_chars)
            chars["reworded"] += changed
            chars["unchanged"] += n_chars - changed
    shares = {key: round(chars[key] / (old_total if key == "dropped" else new_total), 4)
              for key in ("unchanged", "reworded", "new", "dropped", "moved")}
    classes: Counter[str] = Counter(e.cls for e in edits)
    sections = _section_changes(old, new, alignment, edits, nn)
    return {
        "shares": shares,
        "chars": {key: chars[key] for key in ("unchanged", "reworded", "new", "dropped", "moved")},
        "classes": {key: classes[key] for key in sorted(classes)},
        "links": {level: dict(sorted(Counter(link.kind for link in alignment.at(level)).items()))
                  for level in ("part", "section", "block", "sentence")},
        "substantive": sum(classes[c] for c in SUBSTANTIVE),
        "sections": sections,
    }


def _section_changes(old: Report, new: Report, alignment: Alignment, edits: Sequence[Edit],
                     nn: dict[str, Node]) -> list[dict[str, object]]:
    """Per section link: the share of its new text that is new or reworded (1.0 for a new section)."""
    changed_at: list[tuple[int, int]] = sorted(
        (e.new_start, e.new_end) for e in edits
        if e.cls in ("text", "number", "wording") and e.op in ("insert", "replace"))
    starts = [a for a, _ in changed_at]
    out: list[dict[str, object]] = []
    for link in alignment.at("section"):
        if not link.new:
            out.append({"old": list(link.old), "new": [], "kind": link.kind, "score": link.score, "changed": 1.0})
            continue
        total = 0
        changed = 0
        for i in link.new:
            node = nn[i]
            total += _chars(new.text, node.start, node.end)
            j = bisect.bisect_left(starts, node.start)
            while j < len(changed_at) and changed_at[j][0] < node.end:
                a, b = changed_at[j]
                changed += _chars(new.text, a, min(b, node.end))
                j += 1
        share = 1.0 if link.kind == "new" else round(min(changed / total, 1.0), 4) if total else 0.0
        out.append({"old": list(link.old), "new": list(link.new), "kind": link.kind, "score": link.score,
                    "changed": share})
    return out
