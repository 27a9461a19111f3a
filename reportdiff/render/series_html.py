"""A multi-year series as HTML with inline SVG charts (lxml), and as PDF through ``render.pdf``.

Stage: rendering. Input is a ``series.Series``; output is one HTML document: the reports, per metric
a timeline chart (target band or line, qualifier marker, achieved figure coloured met / missed) with
its table and streaks, the share of text changed year by year, the section lineage (a flow chart of
sections by year joined by their alignment links, and a table of threads) and the term trajectories
with per-year sparklines. Charts are built with lxml elements without a namespace (inline ``<svg>``
in HTML, as ``render.svg`` does); their text is only digits and Latin letters, Chinese labels live
in the HTML around them. The PDF goes through ``render.pdf.html_to_pdf`` (packaged stylesheet, cached
CJK font subset) and is written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from lxml import etree

from reportdiff.model import Goal
from reportdiff.render.html import _append_text, _el, stylesheet
from reportdiff.series import MetricTimeline, Series, TermTrajectory, Thread, TimelinePoint

OUTCOME_LABELS = {"met": "达成", "missed": "未达成", "unknown": "未知"}
STATUS_LABELS = {"no_target": "无目标", "no_report": "无报告"}
CHANGE_LABELS = {
    "raised": "上调", "lowered": "下调", "unchanged": "持平", "qualifier_changed": "限定词变化",
    "strength_changed": "措辞强度变化", "masked": "隐去", "quantified": "改为定量", "unquantified": "改为定性",
    "wording_changed": "表述变化",
}
LINK_LABELS = {"same": "相同", "renamed": "改名", "moved": "移动", "split": "拆分", "merge": "合并",
               "new": "新增", "dropped": "删除", "first": "首现", "appeared": "新出现"}
THREAD_LABELS = {"persisted": "贯穿始终", "appeared": "新出现", "split": "拆分", "renamed": "改名",
                 "merged": "合并", "vanished": "消失"}
TERM_CLASS_LABELS = {"emerging": "上升（新兴）", "fading": "下降（淡出）", "revived": "重现", "sustained": "持续使用"}
GROUP_LABELS = {"review": "回顾", "forward": "部署", "front": "开头", "closing": "结语", "glossary": "名词解释",
                "appendix": "附件"}
SHARE_LABELS = {"unchanged": "未变", "reworded": "改写", "new": "新增", "moved": "移动", "dropped": "删除"}

C_TARGET = "#6f8fb3"
C_BAND = "#c9d8ea"
C_MET = "#1f7a44"
C_MISSED = "#c0392b"
C_UNKNOWN = "#8a8f96"
LINK_COLOURS = {"same": "#aab2bd", "renamed": "#e0a526", "moved": "#2c6fbb", "split": "#7d3c98",
                "merge": "#7d3c98"}
SVG_FONT = "\"reportdiff CJK\", \"Noto Sans CJK SC\", sans-serif"  # the PDF font first (render.pdf.FAMILY)

SERIES_CSS = """
@page wide { size: A4 landscape; margin: 14mm 12mm 14mm 12mm; }
section.lineage-chart { page: wide; }
section.series-part { break-before: page; }
.metric { break-inside: avoid; margin-bottom: 8pt; }
.metric-row { display: table; table-layout: fixed; width: 100%; }
.metric-chart { display: table-cell; width: 48%; vertical-align: top; padding-right: 6pt; }
.metric-table { display: table-cell; vertical-align: top; }
table.timeline { table-layout: fixed; margin-top: 0; }
table.timeline th.c-year { width: 9%; } table.timeline th.c-target { width: 25%; }
table.timeline th.c-actual { width: 21%; } table.timeline th.c-outcome { width: 13%; }
table.timeline th.c-gap { width: 12%; } table.timeline th.c-change { width: 20%; }
table.timeline td, table.timeline th { padding: 1pt 3pt; }
.metric h3 { margin-bottom: 1pt; }
.metric .streaks { font-size: 8pt; color: #444; margin: 0 0 2pt; }
svg.timeline { display: block; margin: 2pt 0 2pt; }
table.timeline { font-size: 7.5pt; }
table.timeline td.num, table.shares td.num, table.terms td.num { text-align: right; white-space: nowrap; }
table.timeline tr.no_target td, table.timeline tr.no_report td { color: #777; }
td.outcome-met { color: #1f7a44; } td.outcome-missed { color: #b03a2e; font-weight: bold; }
td.outcome-unknown { color: #777; }
.quote { color: #555; font-size: 7pt; }
.legend-line { font-size: 7.5pt; color: #444; margin: 2pt 0 6pt; }
.key { display: inline-block; width: 8pt; height: 8pt; margin: 0 2pt 0 6pt; vertical-align: -1pt; }
table.threads { font-size: 7pt; table-layout: fixed; }
table.threads th.t-id { width: 6%; } table.threads th.t-group { width: 6%; } table.threads th.t-years { width: 10%; }
table.threads th.t-n { width: 5%; } table.threads th.t-first, table.threads th.t-last { width: 25%; }
table.threads th.t-renames { width: 5%; } table.threads th.t-origin { width: 9%; } table.threads th.t-end { width: 9%; }
table.threads td.years { white-space: nowrap; }
table.shares svg.bar { display: block; }
table.terms { font-size: 7.5pt; }
svg.spark { display: block; }
svg.flow { display: block; }
.small { font-size: 7.5pt; color: #555; }
.points p { margin: 0 0 2pt 8pt; text-indent: -8pt; }
"""


# --------------------------------------------------------------------------- formatting

def fmt_value(goal: Goal | None) -> str:
    """A goal's number as a reader writes it: 6.5%左右, 6%–6.5%, 1100万人以上; — when absent."""
    if goal is None:
        return "—"
    if goal.masked:
        return "＊（隐去）"
    if goal.low is None:
        return goal.direction if goal.direction not in ("其他", "") else "（定性）"
    unit = goal.unit or ""
    if goal.high is not None and goal.high != goal.low:
        value = f"{goal.low:g}{unit}–{goal.high:g}{unit}"
    else:
        value = f"{goal.low:g}{unit}"
    return f"{goal.strength or ''}{value}{goal.qualifier or ''}" + ("（预计）" if goal.estimated else "")


def fmt_gap(gap: float | None, unit: str | None) -> str:
    """Achieved minus target (percentage points for rates, which the heading says): +0.2, −2.5."""
    if gap is None:
        return ""
    suffix = "" if unit == "%" else (unit or "")
    return ("0" if gap == 0 else f"{gap:+g}".replace("-", "−")) + suffix


def shown_points(m: MetricTimeline) -> list[TimelinePoint]:
    """The years worth a table row: a target, an achieved figure or a statement that no target is set."""
    return [p for p in m.points if p.target is not None or p.actual is not None or p.note is not None]


def years_text(years: Sequence[int]) -> str:
    """2015–2017、2020、2023–2024: runs of consecutive years joined."""
    runs: list[list[int]] = []
    for y in years:
        if runs and runs[-1][-1] + 1 == y:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "、".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def streak_text(m: MetricTimeline) -> str:
    """达成 11 年，未达成 1 年，未知 1 年；最长连续达成 2013–2019（7 年）."""
    parts = [f"达成 {m.count('met')} 年", f"未达成 {m.count('missed')} 年"]
    if m.count("unknown"):
        parts.append(f"未知 {m.count('unknown')} 年")
    if m.count("no_target"):
        parts.append(f"无目标 {m.count('no_target')} 年")
    text = "，".join(parts)
    for outcome in ("met", "missed"):
        runs = [s for s in m.streaks if s.outcome == outcome]
        if runs:
            best = max(runs, key=lambda s: (s.length, s.last))
            if best.length >= 2:
                span = f"{best.first}–{best.last}"
                text += f"；最长连续{OUTCOME_LABELS[outcome]} {span}（{best.length} 年）"
    return text


def _nice_ticks(lo: float, hi: float, *, count: int = 4) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi]."""
    import math

    raw = (hi - lo) / count if hi > lo else 1.0
    base = 10.0 ** math.floor(math.log10(raw))
    step = next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)
    ticks = []
    v = math.ceil(lo / step - 1e-9) * step
    while v <= hi + step * 1e-6:
        ticks.append(round(v, 6))
        v += step
    return ticks


# --------------------------------------------------------------------------- charts

def _node(parent: etree._Element | None, tag: str, /, **attrs: str) -> etree._Element:
    """An element with attributes given as keywords: ``cls`` is ``class``, ``_`` stands for ``-``."""
    attrib = {("class" if k == "cls" else k.replace("_", "-")): v for k, v in attrs.items()}
    if parent is None:
        return etree.Element(tag, attrib=attrib)
    return etree.SubElement(parent, tag, attrib=attrib)


def _svg(width: float, height: float, cls: str, title: str) -> etree._Element:
    svg = _node(None, "svg", width=f"{width:g}", height=f"{height:g}", viewBox=f"0 0 {width:g} {height:g}",
                        role="img", cls=cls)
    _node(svg, "title").text = title
    return svg


def _text(svg: etree._Element, x: float, y: float, s: str, *, size: float = 8, anchor: str = "middle",
          fill: str = "#444") -> None:
    t = _node(svg, "text", x=f"{x:.1f}", y=f"{y:.1f}", fill=fill, font_size=f"{size:g}", text_anchor=anchor, font_family=SVG_FONT)
    t.text = s


def _values(m: MetricTimeline) -> list[float]:
    vals: list[float] = []
    for p in m.points:
        for g in (p.target, p.actual):
            if g is not None and g.low is not None and g.unit == m.unit:
                vals.append(g.low)
                if g.high is not None:
                    vals.append(g.high)
    return vals


def timeline_chart(m: MetricTimeline, *, width: float = 330.0, height: float = 160.0) -> etree._Element | None:
    """Target (band for ranges, line otherwise, ▲ 以上 / ▼ 以内 / ◇ 左右) and achieved figure (dot:
    green met, red missed, grey unknown) per year; None when no value is numeric in the metric's unit."""
    vals = _values(m)
    if not vals:
        return None
    lo, hi = min(vals), max(vals)
    pad = (hi - lo) * 0.12 or max(abs(hi) * 0.1, 0.5)
    lo, hi = lo - pad, hi + pad
    if min(vals) >= 0 > lo:
        lo = 0.0
    left, right, top, bottom = 40.0, 8.0, 8.0, 20.0
    pw, ph = width - left - right, height - top - bottom
    n = len(m.points)
    step = pw / max(n, 1)

    def y(v: float) -> float:
        return top + ph * (1 - (v - lo) / (hi - lo))

    def x(k: int) -> float:
        return left + step * (k + 0.5)

    svg = _svg(width, height, "timeline", f"{m.label}: target and achieved figure by year")
    for tick in _nice_ticks(lo, hi):
        _node(svg, "line", x1=f"{left:g}", x2=f"{width - right:g}", y1=f"{y(tick):.1f}",
                         y2=f"{y(tick):.1f}", stroke="#e3e6ea", stroke_width="0.6")
        _text(svg, left - 4, y(tick) + 3, f"{tick:g}", size=7.5, anchor="end", fill="#666")
    _node(svg, "line", x1=f"{left:g}", x2=f"{left:g}", y1=f"{top:g}", y2=f"{top + ph:g}",
                     stroke="#99a", stroke_width="0.6")
    half = min(step * 0.32, 14.0)
    actual_pts: list[tuple[float, float]] = []
    for k, p in enumerate(m.points):
        cx = x(k)
        _text(svg, cx, height - 6, str(p.year) if step >= 26 or k == 0 else f"{p.year % 100:02d}", size=7.5)
        t = p.target
        if t is not None and t.low is not None and t.unit == m.unit:
            high = t.high if t.high is not None else t.low
            if high != t.low:
                _node(svg, "rect", x=f"{cx - half:.1f}", y=f"{y(high):.1f}", width=f"{2 * half:.1f}",
                                 height=f"{max(y(t.low) - y(high), 1.0):.1f}", fill=C_BAND, stroke=C_TARGET,
                                 stroke_width="0.8", cls="target-band")
            else:
                _node(svg, "line", x1=f"{cx - half:.1f}", x2=f"{cx + half:.1f}", y1=f"{y(t.low):.1f}",
                                 y2=f"{y(t.low):.1f}", stroke=C_TARGET, stroke_width="2.2", cls="target-line")
            _qualifier_marker(svg, cx + half + 3.5, y(high if t.qualifier in ("以上",) else t.low), t.qualifier)
        elif p.status in ("no_target", "no_report"):
            _text(svg, cx, top + ph - 3, "n/a" if p.status == "no_report" else "—", size=7.5, fill="#999")
        a = p.actual
        if a is not None and a.low is not None and a.unit == m.unit:
            colour = {"met": C_MET, "missed": C_MISSED}.get(p.outcome or "", C_UNKNOWN)
            actual_pts.append((cx, y(a.low)))
            _node(svg, "circle", cx=f"{cx:.1f}", cy=f"{y(a.low):.1f}", r="3.2", fill=colour,
                             stroke="#fff", stroke_width="0.8", cls=f"actual outcome-{p.outcome}")
    if len(actual_pts) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(actual_pts))
        line = _node(None, "path", d=path, fill="none", stroke="#9aa3ad",
                             stroke_width="0.7", stroke_dasharray="2,2")
        svg.insert(2, line)
    return svg


def _qualifier_marker(svg: etree._Element, cx: float, cy: float, qualifier: str | None) -> None:
    if qualifier == "以上":
        pts = f"{cx - 3:.1f},{cy + 1:.1f} {cx + 3:.1f},{cy + 1:.1f} {cx:.1f},{cy - 4:.1f}"
        _node(svg, "polygon", points=pts, fill=C_TARGET, cls="q-above")
    elif qualifier in ("以内", "以下"):
        pts = f"{cx - 3:.1f},{cy - 1:.1f} {cx + 3:.1f},{cy - 1:.1f} {cx:.1f},{cy + 4:.1f}"
        _node(svg, "polygon", points=pts, fill=C_TARGET, cls="q-below")
    elif qualifier == "左右":
        pts = f"{cx:.1f},{cy - 3:.1f} {cx + 3:.1f},{cy:.1f} {cx:.1f},{cy + 3:.1f} {cx - 3:.1f},{cy:.1f}"
        _node(svg, "polygon", points=pts, fill="#fff", stroke=C_TARGET,
                         stroke_width="0.9", cls="q-about")


def sparkline(values: Sequence[float], *, width: float = 110.0, height: float = 16.0,
              colour: str = "#34495e") -> etree._Element:
    """Bars of ``values`` (one per year), scaled to the largest."""
    svg = _svg(width, height, "spark", " ".join(f"{v:g}" for v in values))
    top = max(values) if values else 0.0
    n = max(len(values), 1)
    w = width / n
    _node(svg, "line", x1="0", x2=f"{width:g}", y1=f"{height - 0.5:g}", y2=f"{height - 0.5:g}",
                     stroke="#ccd", stroke_width="0.5")
    for k, v in enumerate(values):
        if v <= 0 or top <= 0:
            continue
        h = (height - 1) * v / top
        _node(svg, "rect", x=f"{k * w + 0.6:.1f}", y=f"{height - 0.5 - h:.1f}",
                         width=f"{max(w - 1.2, 0.8):.1f}", height=f"{h:.1f}", fill=colour)
    return svg


def flow_chart(s: Series, *, width: float = 1000.0, row: float | None = None) -> etree._Element:
    """Sections by year (columns, in document order) joined by their alignment links, coloured by
    link kind; sections that start a thread after the first year are green, sections whose thread
    ends before the last year red."""
    years = list(s.years)
    cols = {y: k for k, y in enumerate(years)}
    rows = {y: {n.id: i for i, n in enumerate(s.report(y).sections)} for y in years}
    depth = max((len(r) for r in rows.values()), default=1)
    if row is None:  # fill a landscape page: about 520 px for the boxes
        row = max(6.0, min(14.0, 520.0 / max(depth, 1)))
    left, top = 6.0, 14.0
    colw = (width - 2 * left) / max(len(years), 1)
    boxw = min(colw * 0.28, 16.0)
    height = top + depth * row + 6

    def pos(year: int, sid: str) -> tuple[float, float]:
        return left + cols[year] * colw + (colw - boxw) / 2, top + rows[year].get(sid, 0) * row

    svg = _svg(width, height, "flow", "section lineage: sections per year joined by alignment links")
    for y in years:
        _text(svg, left + cols[y] * colw + colw / 2, 9, str(y), size=7.5)
    links = _node(svg, "g", cls="links")
    for t in s.transitions:
        for link in t.links:
            if not link.old or not link.new:
                continue
            for o in link.old:
                for n in link.new:
                    x1, y1 = pos(t.old_year, o)
                    x2, y2 = pos(t.new_year, n)
                    x1 += boxw
                    y1 += row * 0.4
                    y2 += row * 0.4
                    mx = (x1 + x2) / 2
                    _node(links, "path", d=f"M{x1:.1f},{y1:.1f} C{mx:.1f},{y1:.1f} {mx:.1f},{y2:.1f} "
                                                     f"{x2:.1f},{y2:.1f}", fill="none",
                                     stroke=LINK_COLOURS.get(link.kind, "#999"),
                                     stroke_width="0.9", stroke_opacity="0.85", cls=f"l-{link.kind}")
    starts = {(t.steps[0].year, t.steps[0].section): t for t in s.threads}
    ends = {(t.steps[-1].year, t.steps[-1].section): t for t in s.threads}
    boxes = _node(svg, "g", cls="sections")
    for y in years:
        for sid in rows[y]:
            bx, by = pos(y, sid)
            fill = "#dfe3e8"
            th = starts.get((y, sid))
            if th is not None and th.origin in ("appeared", "split") and y != years[0]:
                fill = "#2e8b57" if th.origin == "appeared" else "#7d3c98"
            te = ends.get((y, sid))
            if te is not None and te.ending == "vanished" and y != years[-1]:
                fill = "#c0392b" if fill == "#dfe3e8" else fill
            _node(boxes, "rect", x=f"{bx:.1f}", y=f"{by:.1f}", width=f"{boxw:.1f}",
                             height=f"{row * 0.8:.1f}", fill=fill, stroke="#7f8893", stroke_width="0.4")
    return svg


# --------------------------------------------------------------------------- document parts

def _title(s: Series) -> str:
    years = s.years
    return f"{s.place or ''}政府工作报告 {years[0]}–{years[-1]}：多年对照"


def _reports_table(parent: etree._Element, s: Series) -> None:
    table = _el(parent, "table", None, cls="facts reports")
    head = _el(_el(table, "thead"), "tr")
    for h in ("年份", "日期", "会议", "字数", "章节数", "文件"):
        _el(head, "th", h)
    body = _el(table, "tbody")
    for r in s.reports:
        tr = _el(body, "tr")
        _el(tr, "td", str(r.meta.year))
        _el(tr, "td", r.meta.date or "")
        _el(tr, "td", r.meta.meeting or "")
        _el(tr, "td", f"{len(r.text):,}", cls="num")
        _el(tr, "td", str(len(r.sections)), cls="num")
        _el(tr, "td", (r.source or "").replace("\\", "/").rsplit("/", 1)[-1])


def _point_row(body: etree._Element, s: Series, m: MetricTimeline, p: TimelinePoint) -> None:
    tr = _el(body, "tr", cls=p.status)
    _el(tr, "td", str(p.year))
    if p.status == "target":
        _el(tr, "td", fmt_value(p.target))
    else:
        cell = _el(tr, "td", STATUS_LABELS[p.status])
        if p.note is not None:
            quote = s.report(p.year).text[p.note[0]:p.note[1]]
            _el(cell, "div", f"“{quote}”", cls="quote")
    _el(tr, "td", fmt_value(p.actual) if p.actual else "—")
    outcome = p.outcome or ""
    _el(tr, "td", OUTCOME_LABELS.get(outcome, ""), cls=f"outcome-{outcome}" if outcome else "")
    _el(tr, "td", fmt_gap(p.gap, m.unit), cls="num")
    _el(tr, "td", CHANGE_LABELS.get(p.change or "", p.change or ""))


def _metric_block(parent: etree._Element, s: Series, m: MetricTimeline) -> None:
    box = _el(parent, "div", None, cls="metric", id=f"metric-{m.metric}-{m.unit_class}")
    unit = f"（{m.unit}{'，差距为百分点' if m.unit == '%' else ''}）" if m.unit else ""
    _el(box, "h3", f"{m.label}{unit}", data_label=m.label)
    _el(box, "p", streak_text(m), cls="streaks")
    chart = timeline_chart(m)
    row = _el(box, "div", None, cls="metric-row")
    if chart is not None:
        _el(row, "div", None, cls="metric-chart").append(chart)
    table = _el(_el(row, "div", None, cls="metric-table"), "table", None, cls="timeline")
    head = _el(_el(table, "thead"), "tr")
    for h, c in (("年份", "c-year"), ("目标（当年报告）", "c-target"), ("实际（次年报告）", "c-actual"),
                 ("结果", "c-outcome"), ("差距", "c-gap"), ("较上年", "c-change")):
        _el(head, "th", h, cls=c)
    body = _el(table, "tbody")
    for p in shown_points(m):
        _point_row(body, s, m, p)
    quiet = [p.year for p in m.points if p not in shown_points(m)]
    if quiet:
        _el(box, "p", f"{years_text(quiet)} 年：无此目标，也无实际值。", cls="small")


def _legend_line(parent: etree._Element) -> None:
    line = _el(parent, "p", None, cls="legend-line")
    _append_text(line, "图例：")
    for colour, label in ((C_BAND, "目标区间"), (C_TARGET, "目标值（◇ 左右，▲ 以上，▼ 以内）"), (C_MET, "实际·达成"),
                          (C_MISSED, "实际·未达成"), (C_UNKNOWN, "实际·未判定")):
        _el(line, "span", "", cls="key", style=f"background:{colour}")
        _append_text(line, label)
    _append_text(line, "。实际值取自次年报告对上年的表述；“—”为当年报告未提出该目标。")


def _goals_part(parent: etree._Element, s: Series) -> None:
    sec = _el(parent, "section", None, cls="series-part goals", id="goals")
    _el(sec, "h2", "目标与完成情况", data_label="目标与完成情况")
    _legend_line(sec)
    if not s.metrics:
        _el(sec, "p", "这些报告中没有找到量化的主要预期目标。", cls="empty-note")
    for m in s.metrics:
        _metric_block(sec, s, m)


def _changes_part(parent: etree._Element, s: Series) -> None:
    from reportdiff.render.svg import stacked_bar

    sec = _el(parent, "section", None, cls="series-part changes", id="changes")
    _el(sec, "h2", "逐年文字变化", data_label="逐年文字变化")
    _el(sec, "p", "每行比较相邻两份报告：新报告文字中未变、改写、新增、移动的比例，以及旧报告中被删除的比例"
                  "（按字符计，与 reportdiff compare 的摘要相同）。", cls="small")
    table = _el(sec, "table", None, cls="shares")
    head = _el(_el(table, "thead"), "tr")
    for h in ("年份", "构成", "改写+新增", *[SHARE_LABELS[k] for k in ("unchanged", "reworded", "new", "moved",
                                                                    "dropped")], "章节链接"):
        _el(head, "th", h)
    body = _el(table, "tbody")
    for t in s.transitions:
        tr = _el(body, "tr")
        _el(tr, "td", f"{t.old_year}→{t.new_year}")
        cell = _el(tr, "td")
        cell.append(stacked_bar([(k, t.shares[k]) for k in ("unchanged", "reworded", "new", "moved")], width=130,
                                label=f"{t.old_year}→{t.new_year}"))
        _el(tr, "td", f"{t.changed:.0%}", cls="num")
        for k in ("unchanged", "reworded", "new", "moved", "dropped"):
            _el(tr, "td", f"{t.shares[k]:.0%}", cls="num")
        _el(tr, "td", "，".join(f"{LINK_LABELS.get(k, k)} {v}" for k, v in t.section_links.items()), cls="small")


def _years(t: Thread) -> str:
    return f"{t.first_year}" if t.first_year == t.last_year else f"{t.first_year}–{t.last_year}"


def _lineage_part(parent: etree._Element, s: Series) -> None:
    chart = _el(parent, "section", None, cls="series-part lineage-chart", id="lineage")
    _el(chart, "h2", "章节脉络", data_label="章节脉络")
    line = _el(chart, "p", None, cls="legend-line")
    _append_text(line, "每列一年，方块为该年报告的章节（按文中顺序）；连线为相邻年份的章节对齐：")
    for kind in ("same", "renamed", "moved", "split"):
        _el(line, "span", "", cls="key", style=f"background:{LINK_COLOURS[kind]}")
        _append_text(line, LINK_LABELS[kind] + ("/合并" if kind == "split" else ""))
    for colour, label in (("#2e8b57", "新出现"), ("#7d3c98", "拆分而来"), ("#c0392b", "此后消失")):
        _el(line, "span", "", cls="key", style=f"background:{colour}")
        _append_text(line, label)
    chart.append(flow_chart(s))
    counts = {k: sum(1 for t in s.threads if k in t.labels) for k in THREAD_LABELS}
    _el(chart, "p", f"共 {len(s.threads)} 条脉络：" + "，".join(f"{THREAD_LABELS[k]} {v}" for k, v in counts.items()),
        cls="small")
    sec = _el(parent, "section", None, cls="series-part lineage", id="threads")
    _el(sec, "h2", "章节脉络表", data_label="章节脉络表")
    _el(sec, "p", "一条脉络是跨年份对齐的同一章节：一对一链接延续脉络；拆分时第一个新章节延续、其余另起（“拆分自”）；"
                  "合并时延续第一个旧章节、其余在此结束（“并入”）。只列出跨越两年以上的脉络，另列出新出现与消失的数量。",
        cls="small")
    table = _el(sec, "table", None, cls="threads")
    head = _el(_el(table, "thead"), "tr")
    for h, c in (("脉络", "t-id"), ("部分", "t-group"), ("年份", "t-years"), ("年数", "t-n"), ("首个标题", "t-first"),
                 ("最后标题", "t-last"), ("改名", "t-renames"), ("来源", "t-origin"), ("结局", "t-end")):
        _el(head, "th", h, cls=c)
    body = _el(table, "tbody")
    long = [t for t in s.threads if len(t.steps) >= 2]
    for t in sorted(long, key=lambda t: (-len(t.steps), t.first_year, int(t.id[1:]))):
        tr = _el(body, "tr")
        _el(tr, "td", t.id)
        _el(tr, "td", GROUP_LABELS.get(t.group, t.group))
        _el(tr, "td", _years(t), cls="years")
        _el(tr, "td", str(len(t.steps)), cls="num")
        _el(tr, "td", _clip(t.steps[0].title, 26))
        _el(tr, "td", _clip(t.steps[-1].title, 26) if len(t.steps) > 1 else "")
        _el(tr, "td", str(t.renames), cls="num")
        origin = {"first": "首份报告", "appeared": "新出现", "split": f"拆分自 {t.origin_thread}"}[t.origin]
        _el(tr, "td", origin)
        ending = {"last": "延续至今", "vanished": "消失", "merged": f"并入 {t.ending_thread}"}[t.ending]
        _el(tr, "td", ending)
    single = len(s.threads) - len(long)
    _el(sec, "p", f"另有 {single} 个章节只出现在一年的报告中（与前后年份都没有对齐）。", cls="small")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _terms_part(parent: etree._Element, s: Series) -> None:
    sec = _el(parent, "section", None, cls="series-part terms", id="terms")
    _el(sec, "h2", "词语轨迹", data_label="词语轨迹")
    _el(sec, "p", "每对相邻报告计算一次对数优势比 z 值（Fightin' Words，带信息先验）；|z| ≥ 1.96 为显著变化。"
                  "上升：最后一次显著变化为上升，且末年频率不低于峰值一半、至少为首年两倍；下降：最后一次显著变化为下降，"
                  "末年频率不超过峰值一半；重现：曾使用，连续两年以上未出现后显著回升；持续使用：每年都出现且无显著变化"
                  "（常见政策动词除外）。柱状图为各年次数。", cls="small")
    for cls in ("emerging", "fading", "revived", "sustained"):
        rows = [t for t in s.terms if t.cls == cls]
        _el(sec, "h3", TERM_CLASS_LABELS[cls], cls="sub")
        if not rows:
            _el(sec, "p", "无", cls="empty-note")
            continue
        _term_table(sec, s, rows)


def _term_table(parent: etree._Element, s: Series, rows: Sequence[TermTrajectory]) -> None:
    table = _el(parent, "table", None, cls="terms")
    head = _el(_el(table, "thead"), "tr")
    for h in ("词", "关键年份", "z / 总次数", f"各年次数（{s.years[0]}–{s.years[-1]}）", "次数"):
        _el(head, "th", h)
    body = _el(table, "tbody")
    colour = {"emerging": C_MET, "fading": C_MISSED, "revived": "#2c6fbb", "sustained": "#34495e"}
    for t in rows:
        tr = _el(body, "tr")
        _el(tr, "td", t.term)
        _el(tr, "td", str(t.key_year))
        _el(tr, "td", f"{t.score:+.2f}" if t.cls != "sustained" else f"{t.score:g}", cls="num")
        cell = _el(tr, "td")
        cell.append(sparkline([float(c) for c in t.counts], colour=colour[t.cls]))
        _el(tr, "td", " ".join(str(c) for c in t.counts), cls="small")


# --------------------------------------------------------------------------- documents

def build_series_document(s: Series, *, css: bool = True) -> etree._Element:
    """The whole series as an lxml ``<html>`` element (``css``: embed the packaged stylesheet)."""
    from reportdiff import __version__

    html = _el(None, "html", lang="zh-CN")
    head = _el(html, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "title", _title(s))
    _el(head, "meta", name="generator", content=f"reportdiff {__version__}")
    _el(head, "style", (stylesheet() if css else "") + SERIES_CSS)
    body = _el(html, "body", cls="series")
    running = _el(body, "div", None, cls="running")
    _el(running, "span", f"{s.place or ''}政府工作报告", cls="run-old")
    _el(running, "span", f"{s.years[0]}–{s.years[-1]} 多年对照", cls="run-new")
    top = _el(body, "section", None, cls="summary", id="summary")
    _el(top, "h1", _title(s), data_label="概览")
    gaps = [y for y in range(s.years[0], s.years[-1] + 1) if y not in s.years]
    sub = f"{len(s.reports)} 份报告" + (f"（缺 {'、'.join(map(str, gaps))} 年）" if gaps else "")
    _el(top, "p", sub, cls="subtitle")
    _reports_table(top, s)
    _overview(top, s)
    _goals_part(body, s)
    _changes_part(body, s)
    _terms_part(body, s)
    _lineage_part(body, s)
    return html


def _overview(parent: etree._Element, s: Series) -> None:
    box = _el(parent, "div", None, cls="overview")
    _el(box, "h3", "要点", cls="sub")
    # items are paragraphs with a written bullet: a CSS list marker is a character that is not in the
    # text, so the PDF's document font lacks it and WeasyPrint embeds a whole system font for it
    ul = _el(box, "div", None, cls="points")
    for m in s.metrics[:4]:
        _el(ul, "p", f"• {m.label}：{streak_text(m)}。")
    if s.transitions:
        most = max(s.transitions, key=lambda t: (t.changed, t.new_year))
        least = min(s.transitions, key=lambda t: (t.changed, t.new_year))
        _el(ul, "p", f"• 改写与新增文字占比最高 {most.old_year}→{most.new_year}（{most.changed:.0%}），"
                      f"最低 {least.old_year}→{least.new_year}（{least.changed:.0%}）。")
    persisted = sum(1 for t in s.threads if "persisted" in t.labels)
    _el(ul, "p", f"• 章节脉络 {len(s.threads)} 条，其中贯穿 {s.years[0]}–{s.years[-1]} 的 {persisted} 条。")
    for cls in ("emerging", "fading"):
        words = [t.term for t in s.terms if t.cls == cls][:8]
        if words:
            _el(ul, "p", f"• {TERM_CLASS_LABELS[cls]}：{'、'.join(words)}。")


def render_series_html(s: Series, *, standalone: bool = True) -> str:
    """The series as a standalone HTML page (with the stylesheet) or, ``standalone=False``, without it."""
    doc = build_series_document(s, css=standalone)
    return "<!DOCTYPE html>\n" + etree.tostring(doc, encoding="unicode", method="html") + "\n"


def render_series_pdf(s: Series, path: str | os.PathLike[str], *, font: str | None = None) -> None:
    """Write the series as a PDF (atomically; fonts as in ``render.pdf``)."""
    from reportdiff import __version__
    from reportdiff.atomic import write_bytes
    from reportdiff.render.pdf import html_to_pdf

    html = "<!DOCTYPE html>\n" + etree.tostring(build_series_document(s, css=False), encoding="unicode",
                                               method="html")
    data = html_to_pdf(html, font=font, metadata={
        "title": _title(s), "subject": "政府工作报告多年对照：目标与完成、文字变化、词语轨迹、章节脉络",
        "creator": f"reportdiff {__version__}"})
    write_bytes(path, data)
