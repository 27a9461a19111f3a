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


def _redline(cmp: Comparison, link: Link, edits: list[Edit], *, colour: bool, show_all: bool,
             new_range: tuple[int, int] | None = None) -> str:
    """The new text of a link (or of ``new_range``) with its edits marked inline."""
    old, new = cmp.old, cmp.new
    if new_range is None:
        n_start = min(new.node(i).start for i in link.new)
        n_end = max(new.node(i).end for i in link.new)
    else:
        n_start, n_end = new_range
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
    return "".join(out).replace("\n", " ")


def _c(s: str, code: str, colour: bool) -> str:
    return f"{code}{s}{RESET}" if colour else s


def _units(report: Report) -> dict[str, str]:
    """Sentence id → the id of the unit it is shown under: its section, else its part (or front)."""
    owner: dict[str, str] = {}
    for top in report.root.children:
        for node in top.walk():
            if node.kind == "sentence":
                owner.setdefault(node.id, top.id)
        for sec in top.children:
            if sec.kind == "section":
                for node in sec.walk():
                    if node.kind == "sentence":
                        owner[node.id] = sec.id
    return owner


def word_diff(cmp: Comparison, *, colour: bool = False, show_all: bool = False) -> str:
    """The comparison as a terminal word diff, unit by unit (sections; part text outside sections;
    the front matter) in the new report's order, then units that exist only in the old report."""
    links = cmp.alignment.links
    by_link: dict[int, list[Edit]] = defaultdict(list)
    for e in cmp.edits:
        if show_all or e.cls not in QUIET:
            by_link[e.link].append(e)
    new_unit, old_unit = _units(cmp.new), _units(cmp.old)
    # which new unit an old unit maps to (through its part/section link), for dropped sentences
    old_to_new: dict[str, str] = {}
    unit_link: dict[str, Link] = {}
    for link in links:
        if link.level in ("part", "section"):
            for i in link.new:
                unit_link[i] = link
            for i in link.old:
                unit_link.setdefault("old:" + i, link)
                if link.new:
                    old_to_new[i] = link.new[0]
    groups: dict[str, list[str]] = defaultdict(list)
    order_new = {n.id: k for k, n in enumerate(cmp.new.root.walk())}
    order_old = {n.id: k for k, n in enumerate(cmp.old.root.walk())}
    for k, link in enumerate(links):
        if k not in by_link:
            continue
        edits = by_link[k]
        if link.level in ("part", "section"):  # a heading changed
            if link.new:
                groups[link.new[0]].append("heading: " + _redline(
                    cmp, link, edits, colour=colour, show_all=show_all, new_range=_title_range(cmp.new, link.new[0])))
            continue
        if link.new:
            unit = new_unit.get(link.new[0], "")
        else:
            ou = old_unit.get(link.old[0], "")
            unit = old_to_new.get(ou, "old:" + ou)
        if not link.new:
            text = _c("[-" + cmp.old.span(cmp.old.node(link.old[0])) + "-]", RED, colour)
        elif not link.old:
            text = _c("{+" + cmp.new.span(cmp.new.node(link.new[0])) + "+}", GREEN, colour)
        elif link.kind == "moved":
            text = _c("[moved] ", BOLD, colour) + cmp.new.span(cmp.new.node(link.new[0]))
        else:
            text = _redline(cmp, link, edits, colour=colour, show_all=show_all)
        groups[unit].append(text)

    def position(unit: str) -> tuple[int, int]:
        if unit.startswith("old:"):
            return (1, order_old.get(unit[4:], 0))
        return (0, order_new.get(unit, 0))

    lines: list[str] = []
    for unit in sorted(groups, key=position):
        unit_of = unit_link.get(unit)
        if unit.startswith("old:"):
            title = _title(cmp.old, (unit[4:],)) if unit[4:] else "—"
            header = f"== {title} → —  [dropped]"
        elif unit_of is not None:
            header = (f"== {_title(cmp.old, unit_of.old)} → {_title(cmp.new, unit_of.new)}"
                      f"  [{unit_of.kind} {unit_of.score:.2f}]")
        else:
            header = f"== {_title(cmp.new, (unit,)) if unit else '—'}"
        lines.append(_c(header, BOLD, colour))
        lines.extend("  " + b.replace("\n", " ") for b in groups[unit])
    s = cmp.summary.get("shares", {})
    lines.append(f"-- {len(groups)} units with changes; shares: {s}")
    return "\n".join(lines)


def _title_range(report: Report, node_id: str) -> tuple[int, int]:
    node = report.node(node_id)
    if node.title_start is None or node.title_end is None:
        return node.start, node.start
    return node.title_start, node.title_end
