"""Terminal word diff: per aligned section, changed sentences as ``[-删除-]{+新增+}``.

Stage: render (text for a terminal). Plain brackets everywhere; with ``colour`` (a TTY without
NO_COLOR) deletions are red and insertions green as well. Punctuation and whitespace edits are left
out unless ``show_all``.
"""

from __future__ import annotations

from collections import defaultdict

from reportdiff.model import Comparison, Edit, Link, Report

RED, GREEN, GREY, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[90m", "\x1b[1m", "\x1b[0m"
QUIET = frozenset({"punctuation", "whitespace"})


def _title(report: Report, ids: tuple[str, ...]) -> str:
    parts = []
    for i in ids:
        node = report.node(i)
        parts.append(node.title or report.text[node.start:node.end][:24])
    return " + ".join(parts) or "—"


def _redline(cmp: Comparison, link: Link, edits: list[Edit], *, colour: bool, show_all: bool) -> str:
    old, new = cmp.old, cmp.new
    o_start = min(old.node(i).start for i in link.old)
    n_start = min(new.node(i).start for i in link.new)
    n_end = max(new.node(i).end for i in link.new)
    pos = n_start
    out: list[str] = []
    for e in sorted(edits, key=lambda x: (x.new_start, x.old_start)):
        if e.cls in QUIET and not show_all:
            continue
        if e.new_start < pos:
            continue
        out.append(new.text[pos:e.new_start])
        deleted = old.text[e.old_start:e.old_end]
        inserted = new.text[e.new_start:e.new_end]
        if e.cls == "masked":
            out.append(_c(f"[~{deleted}~{inserted}~]", GREY, colour))
        else:
            if deleted:
                out.append(_c(f"[-{deleted}-]", RED, colour))
            if inserted:
                out.append(_c(f"{{+{inserted}+}}", GREEN, colour))
        pos = e.new_end
    out.append(new.text[pos:n_end])
    del o_start
    return "".join(out).replace("\n", " ")


def _c(s: str, code: str, colour: bool) -> str:
    return f"{code}{s}{RESET}" if colour else s


def word_diff(cmp: Comparison, *, colour: bool = False, show_all: bool = False) -> str:
    """The comparison as a terminal word diff, section by section in the new report's order."""
    by_link: dict[int, list[Edit]] = defaultdict(list)
    for e in cmp.edits:
        by_link[e.link].append(e)
    sent_of_block: dict[str, list[int]] = defaultdict(list)
    for k, link in enumerate(cmp.alignment.links):
        if link.level == "sentence":
            for i in link.new or link.old:
                sent_of_block[i].append(k)
    new_owner = {s.id: sec.id for sec in cmp.new.sections for s in sec.walk() if s.kind == "sentence"}
    old_owner = {s.id: sec.id for sec in cmp.old.sections for s in sec.walk() if s.kind == "sentence"}
    lines: list[str] = []
    shown = 0
    for sec_link in cmp.alignment.at("section"):
        header = f"== {_title(cmp.old, sec_link.old)} → {_title(cmp.new, sec_link.new)}  [{sec_link.kind} {sec_link.score:.2f}]"
        body: list[str] = []
        for k, link in enumerate(cmp.alignment.links):
            if link.level != "sentence" or k not in by_link:
                continue
            owner = new_owner.get(link.new[0]) if link.new else old_owner.get(link.old[0])
            mine = sec_link.new if link.new else sec_link.old
            if owner not in mine:
                continue
            edits = [e for e in by_link[k] if show_all or e.cls not in QUIET]
            if not edits:
                continue
            if not link.new:
                body.append(_c("[-" + cmp.old.span(cmp.old.node(link.old[0])) + "-]", RED, colour))
            elif not link.old:
                body.append(_c("{+" + cmp.new.span(cmp.new.node(link.new[0])) + "+}", GREEN, colour))
            elif link.kind == "moved":
                body.append(_c("[moved] ", BOLD, colour) + cmp.new.span(cmp.new.node(link.new[0])))
            else:
                body.append(_redline(cmp, link, edits, colour=colour, show_all=show_all))
        if body:
            lines.append(_c(header, BOLD, colour))
            lines.extend("  " + b.replace("\n", " ") for b in body)
            shown += 1
    s = cmp.summary.get("shares", {})
    lines.append(f"-- {shown} sections with changes; shares: {s}")
    return "\n".join(lines)
