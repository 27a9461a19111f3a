"""Series: many yearly reports of one government read together — goal timelines, section lineage,
term trajectories and how much text changed each year.

Stage: multi-report analysis (after parsing; uses align/compare, goals and the cached tokens of
``align.features``). ``series(reports)`` sorts the reports by ``meta.year`` (gaps allowed; a year
given twice or reports of different places raise ``OptionError``) and computes, without I/O:

* per metric with a headline target in any year, a timeline: the target stated in the report of
  year Y (band for ranges, qualifier 左右/以上/以内), the achieved figure for Y stated in the report
  of Y+1 (goal kind ``actual`` with ``refers_to_year == Y``; nothing when the Y+1 report is missing),
  met / missed (``goals.compare_goals``'s rule) and the streaks of consecutive met or missed years;
  a year whose report has no target is ``no_target`` (with the sentence that says so, when the
  report says it: 我们没有提出全年经济增速具体目标);
* section lineage: the section links of consecutive reports (``compare``'s alignment) chained into
  threads; a 1:1 link continues a thread, a split continues it into the first new section and
  starts threads for the others, a merge continues the first old thread and ends the others;
* term trajectories: year-over-year Fightin' Words z-scores (see ``term_trajectories``);
* per consecutive pair, the shares of text unchanged / reworded / new / moved / dropped from
  ``compare(..., goals=False, terms=False, followups=False).summary``.

Jieba runs once per report (``align.features`` caches its tokens per ``Report`` object; term counts
are read from those tokens). The pairs and the word counts run in ``workers`` forked processes
(contiguous ranges of pairs, so a report's tokens stay in one process; see ``series``); the result
is the same for any number of workers. ``series_dict`` / ``series_json`` give the ``reportdiff.series/1``
document; the HTML, PDF and Markdown renderers live in ``render/series_html.py`` and
``render/series_md.py``.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from reportdiff.errors import OptionError
from reportdiff.model import Goal, Link, Node, Report

log = logging.getLogger("reportdiff")
_T = TypeVar("_T")

__all__ = [
    "MetricTimeline", "Series", "Streak", "TermTrajectory", "Thread", "ThreadStep", "TimelinePoint",
    "Transition", "Z_THRESHOLD", "goal_timelines", "order_reports", "section_threads", "series",
    "default_workers", "series_dict", "series_json", "split_pairs", "streaks", "term_trajectories",
    "yearly_term_counts",
]

PointStatus = Literal["target", "no_target", "no_report"]
Outcome = Literal["met", "missed", "unknown"]
Origin = Literal["first", "appeared", "split"]
Ending = Literal["last", "vanished", "merged"]
TermClass = Literal["sustained", "emerging", "fading", "revived"]
TERM_CLASSES: tuple[TermClass, ...] = ("emerging", "fading", "revived", "sustained")

#: |z| at or above this is a significant year-over-year shift (two-sided 5 %).
Z_THRESHOLD = 1.96
#: Terms used fewer times than this over the whole series are not classified.
MIN_TOTAL = 8
SHARE_KEYS = ("unchanged", "reworded", "new", "moved", "dropped")


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class TimelinePoint:
    """One year of a metric's timeline. ``target`` is stated in the report of ``year``; ``actual``
    (the figure achieved in ``year``) in the report of ``year + 1``. ``change`` compares the target
    with the previous report's target (raised, lowered, unchanged, …; None without both)."""

    year: int
    status: PointStatus
    target: Goal | None = None
    actual: Goal | None = None
    outcome: Outcome | None = None
    gap: float | None = None
    change: str | None = None
    note: tuple[int, int] | None = None


@dataclass(frozen=True)
class Streak:
    """Consecutive years with the same outcome (a year without a known outcome breaks a streak)."""

    outcome: Literal["met", "missed"]
    first: int
    last: int
    length: int


@dataclass(frozen=True)
class MetricTimeline:
    """Target against achieved figure, year by year, for one metric (and unit class)."""

    metric: str
    unit_class: Literal["rate", "amount"]
    label: str
    unit: str | None
    points: tuple[TimelinePoint, ...]
    streaks: tuple[Streak, ...]

    def count(self, outcome: str) -> int:
        """How many years have this outcome (met, missed, unknown) or status (no_target, no_report)."""
        return sum(1 for p in self.points if p.outcome == outcome or p.status == outcome)


@dataclass(frozen=True)
class ThreadStep:
    """A section of one year's report in a thread; ``kind`` says how it follows the previous step
    (the link kind: same, renamed, moved, split, merge; ``first`` or ``appeared`` for the first step)."""

    year: int
    section: str
    title: str
    kind: str
    score: float


@dataclass(frozen=True)
class Thread:
    """A section followed across the years (see the module doc for how splits and merges chain)."""

    id: str
    group: str
    steps: tuple[ThreadStep, ...]
    origin: Origin
    origin_thread: str | None
    ending: Ending
    ending_thread: str | None

    @property
    def first_year(self) -> int:
        return self.steps[0].year

    @property
    def last_year(self) -> int:
        return self.steps[-1].year

    @property
    def renames(self) -> int:
        """Steps whose heading differs from the previous step's."""
        return sum(1 for a, b in zip(self.steps, self.steps[1:], strict=False) if a.title != b.title)

    @property
    def labels(self) -> tuple[str, ...]:
        """persisted (first to last report), appeared, split, renamed, merged, vanished."""
        out: list[str] = []
        if self.origin == "first" and self.ending == "last":
            out.append("persisted")
        if self.origin == "appeared":
            out.append("appeared")
        if self.origin == "split" or any(s.kind == "split" for s in self.steps[1:]):
            out.append("split")
        if self.renames:
            out.append("renamed")
        if self.ending == "merged" or any(s.kind == "merge" for s in self.steps[1:]):
            out.append("merged")
        if self.ending == "vanished":
            out.append("vanished")
        return tuple(out)


@dataclass(frozen=True)
class Transition:
    """One pair of consecutive reports: text shares from compare's summary and section link counts."""

    old_year: int
    new_year: int
    shares: Mapping[str, float]
    changed: float
    section_links: Mapping[str, int]
    links: tuple[Link, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class TermTrajectory:
    """A term's counts per report and its year-over-year z (None for the first report)."""

    term: str
    cls: TermClass
    counts: tuple[int, ...]
    rates: tuple[float, ...]
    z: tuple[float | None, ...]
    key_year: int
    score: float


@dataclass(frozen=True)
class Series:
    """Everything ``series()`` found for reports of one government, ordered by year."""

    reports: tuple[Report, ...]
    metrics: tuple[MetricTimeline, ...]
    threads: tuple[Thread, ...]
    transitions: tuple[Transition, ...]
    terms: tuple[TermTrajectory, ...]
    totals: tuple[int, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(_year(r) for r in self.reports)

    @property
    def place(self) -> str | None:
        return next((r.meta.place for r in self.reports if r.meta.place), None)

    def metric(self, key: str, unit_class: str = "rate") -> MetricTimeline:
        """The timeline of one metric key (KeyError when no report has a target for it)."""
        for m in self.metrics:
            if m.metric == key and m.unit_class == unit_class:
                return m
        raise KeyError(key)

    def report(self, year: int) -> Report:
        for r in self.reports:
            if r.meta.year == year:
                return r
        raise KeyError(year)

    def to_json(self) -> str:
        return series_json(self)

    def to_html(self) -> str:
        from reportdiff.render.series_html import render_series_html

        return render_series_html(self)

    def to_markdown(self) -> str:
        from reportdiff.render.series_md import render_series_markdown

        return render_series_markdown(self)

    def to_pdf(self, path: str | os.PathLike[str], *, font: str | None = None) -> None:
        from reportdiff.render.series_html import render_series_pdf

        render_series_pdf(self, path, font=font)


# ---------------------------------------------------------------- ordering and checks

def _name(report: Report, k: int) -> str:
    return report.source or f"report #{k + 1}"


def _year(report: Report) -> int:
    assert report.meta.year is not None
    return report.meta.year


def order_reports(reports: Sequence[Report]) -> tuple[Report, ...]:
    """The reports sorted by year; OptionError when there are fewer than two, a year is unknown or
    given twice, or the reports come from different places."""
    if len(reports) < 2:
        raise OptionError(f"a series needs at least two reports of one government, got {len(reports)}")
    seen: dict[int, int] = {}
    for k, r in enumerate(reports):
        if r.meta.year is None:
            raise OptionError(f"{_name(r, k)}: cannot tell which year this report is for; "
                              "give reports whose front matter states the year")
        if r.meta.year in seen:
            j = seen[r.meta.year]
            raise OptionError(f"two reports for {r.meta.year}: {_name(reports[j], j)} and {_name(r, k)}; "
                              "give one report per year")
        seen[r.meta.year] = k
    places: dict[str, int] = {}
    for k, r in enumerate(reports):
        if r.meta.place:
            places.setdefault(r.meta.place, k)
    if len(places) > 1:
        (p1, k1), (p2, k2) = sorted(places.items(), key=lambda kv: kv[1])[:2]
        raise OptionError(f"reports of different governments: {_name(reports[k1], k1)} is {p1}, "
                          f"{_name(reports[k2], k2)} is {p2}; a series takes reports of one government")
    return tuple(sorted(reports, key=_year))


# ---------------------------------------------------------------- goal timelines

def _unit_class(goal: Goal) -> Literal["rate", "amount"]:
    return "rate" if goal.unit in ("%", "个百分点", "‰", None) else "amount"


_NO_TARGET = re.compile(r"(?:没有|未|不再?)(?:提出|设定|设置|确定|设)[^。；！？\n]{0,20}?目标")


def _no_target_note(report: Report, metric: str) -> tuple[int, int] | None:
    """The span of a sentence saying the report sets no target for ``metric`` (没有提出…增速…目标)."""
    from reportdiff.goals import metric_key

    for m in _NO_TARGET.finditer(report.text):
        if metric_key(m.group()) == metric:
            return m.start(), m.end()
    return None


def _headline(goals: Sequence[Goal]) -> tuple[dict[tuple[str, str], Goal], dict[tuple[str, str], Goal]]:
    """First target and first actual per (metric, unit class), as compare_goals pairs them."""
    targets: dict[tuple[str, str], Goal] = {}
    actuals: dict[tuple[str, str], Goal] = {}
    for g in goals:
        if g.metric == "other":
            continue
        key = (g.metric, _unit_class(g))
        if g.kind == "target":
            targets.setdefault(key, g)
        elif g.kind == "actual":
            actuals.setdefault(key, g)
    return targets, actuals


def streaks(points: Sequence[TimelinePoint]) -> tuple[Streak, ...]:
    """Runs of consecutive years with the same outcome, met or missed (any other year breaks a run)."""
    out: list[Streak] = []
    run: list[TimelinePoint] = []

    def close() -> None:
        if run:
            outcome = run[0].outcome
            assert outcome in ("met", "missed")
            out.append(Streak(outcome, run[0].year, run[-1].year, len(run)))
            run.clear()

    for p in points:
        if p.outcome in ("met", "missed") and run and run[-1].outcome == p.outcome and run[-1].year + 1 == p.year:
            run.append(p)
            continue
        close()
        if p.outcome in ("met", "missed"):
            run.append(p)
    close()
    return tuple(out)


def goal_timelines(reports: Sequence[Report], goals: Sequence[Sequence[Goal]]) -> tuple[MetricTimeline, ...]:
    """Per (metric, unit class) with a target in any report: one point per year from the first to
    the last report (gap years are ``no_report``). ``goals[k]`` are the goals of ``reports[k]``
    (targets and actuals); reports must be sorted by year."""
    from reportdiff.goals import compare_goals, load_metrics

    by_year = {_year(r): (r, _headline(g)) for r, g in zip(reports, goals, strict=True)}
    keys: Counter[tuple[str, str]] = Counter()
    for _r, (targets, _a) in by_year.values():
        keys.update(targets.keys())
    years = range(_year(reports[0]), _year(reports[-1]) + 1)
    aliases = load_metrics()
    out: list[MetricTimeline] = []
    for key in sorted(keys, key=lambda k: (k[0] != "gdp", -keys[k], k)):
        metric, ucls = key
        points: list[TimelinePoint] = []
        prev_target: Goal | None = None
        for y in years:
            if y not in by_year:
                nxt = by_year.get(y + 1)
                actual = _actual_for(nxt[1][1].get(key) if nxt else None, y)
                points.append(TimelinePoint(y, "no_report", actual=actual))
                continue
            report, (targets, _actuals) = by_year[y]
            target = targets.get(key)
            nxt = by_year.get(y + 1)
            actual = _actual_for(nxt[1][1].get(key) if nxt else None, y)
            if target is None:
                points.append(TimelinePoint(y, "no_target", actual=actual, note=_no_target_note(report, metric)))
                continue
            outcome: Outcome = "unknown"
            gap: float | None = None
            change: str | None = None
            news = [actual] if actual is not None else []
            for c in compare_goals([target], news):
                if c.old is target:
                    outcome = "unknown" if c.outcome is None else c.outcome  # type: ignore[assignment]
                    gap = c.gap
            if prev_target is not None:
                for c in compare_goals([prev_target], [target]):
                    if c.old is prev_target and c.new is target:
                        change = c.change
            points.append(TimelinePoint(y, "target", target, actual, outcome, gap, change))
            prev_target = target
        stated = [p.target for p in points if p.target is not None]
        texts = Counter(g.metric_text for g in stated)
        label = min(texts, key=lambda t: (-texts[t], t)) if texts else aliases.get(metric, [metric])[0]
        units = Counter(g.unit for g in stated)
        unit = min(units, key=lambda u: (-units[u], u or ""))
        out.append(MetricTimeline(metric, ucls, label, unit, tuple(points), streaks(points)))  # type: ignore[arg-type]
    return tuple(out)


def _actual_for(actual: Goal | None, year: int) -> Goal | None:
    if actual is None or actual.refers_to_year not in (year, None):
        return None
    return actual


# ---------------------------------------------------------------- section lineage

def _section_title(report: Report, node: Node) -> str:
    if node.title:
        return node.title
    body = report.text[node.start:node.end].strip().split("\n", 1)[0]
    return body[:20] + ("…" if len(body) > 20 else "")


def _groups(report: Report) -> dict[str, str]:
    from reportdiff.align import ROLE_GROUP

    out: dict[str, str] = {}
    for part in report.root.children:
        for child in part.children:
            if child.kind == "section":
                out[child.id] = ROLE_GROUP.get(part.role or "other", "forward")
    return out


def section_threads(reports: Sequence[Report], section_links: Sequence[Sequence[Link]]) -> tuple[Thread, ...]:
    """Chain the section links of consecutive reports into threads (``section_links[k]`` links
    ``reports[k]`` to ``reports[k + 1]``). Threads are numbered in order of their first section."""

    @dataclass
    class _Open:
        id: str
        group: str
        steps: list[ThreadStep]
        origin: Origin
        origin_thread: str | None
        ending: Ending = "last"
        ending_thread: str | None = None

    threads: list[_Open] = []
    live: dict[str, _Open] = {}

    def start(report: Report, node: Node, group: str, origin: Origin, parent: str | None, kind: str) -> _Open:
        t = _Open(f"L{len(threads)}", group, [ThreadStep(_year(report), node.id, _section_title(report, node),
                                                         kind, 0.0)], origin, parent)
        threads.append(t)
        return t

    first = reports[0]
    g0 = _groups(first)
    for node in first.sections:
        if node.id in g0:
            live[node.id] = start(first, node, g0[node.id], "first", None, "first")
    for k, links in enumerate(section_links):
        old, new = reports[k], reports[k + 1]
        gn = _groups(new)
        nodes = {n.id: n for n in new.sections}
        nxt: dict[str, _Open] = {}
        ended: set[str] = set()
        births: list[tuple[int, str, _Open | None, str]] = []  # (position, new id, parent, how)
        order = {n.id: i for i, n in enumerate(new.sections)}
        for link in links:
            if link.level != "section" or link.kind == "followed_up":
                continue
            news = sorted(link.new, key=lambda i: order.get(i, 0))
            olds = [live[i] for i in link.old if i in live]
            if not news:
                for t in olds:
                    t.ending = "vanished"
                    ended.add(t.id)
                continue
            if not olds:
                for i in news:
                    births.append((order.get(i, 0), i, None, "appeared"))
                continue
            head = olds[0]
            n0 = nodes[news[0]]
            head.steps.append(ThreadStep(_year(new), n0.id, _section_title(new, n0), link.kind, link.score))
            nxt[n0.id] = head
            for t in olds[1:]:
                t.ending, t.ending_thread = "merged", head.id
                ended.add(t.id)
            for i in news[1:]:
                births.append((order.get(i, 0), i, head, "split"))
        for _pos, i, parent, _how in sorted(births, key=lambda b: b[0]):
            if i in nxt or i not in nodes:
                continue
            origin: Origin = "split" if parent is not None else "appeared"
            nxt[i] = start(new, nodes[i], gn.get(i, parent.group if parent else "forward"), origin,
                           parent.id if parent else None, "split" if parent else "appeared")
        for t in live.values():  # sections of the old report that no link continued
            if t.id not in ended and t not in nxt.values():
                t.ending = "vanished"
                ended.add(t.id)
        for node in new.sections:  # sections of the new report that no link reached
            if node.id not in nxt and node.id in gn:
                nxt[node.id] = start(new, node, gn[node.id], "appeared", None, "appeared")
        del old
        live = nxt
    return tuple(Thread(t.id, t.group, tuple(t.steps), t.origin, t.origin_thread, t.ending, t.ending_thread)
                 for t in threads)


# ---------------------------------------------------------------- terms

def yearly_term_counts(report: Report) -> Counter[str]:
    """Word counts over the body of ``report`` with the filter of ``terms.term_counts`` (words of two
    characters or more, minus stop words, tone markers and target qualifiers, body parts only), read
    from the tokens ``align.features`` cached for this report (so jieba runs once per report)."""
    import bisect

    from reportdiff.align import features
    from reportdiff.lexicon import STOP_WORDS, TARGET_QUALIFIERS, TONE_WEIGHT
    from reportdiff.terms import body_spans

    excluded = STOP_WORDS | TONE_WEIGHT.keys() | TARGET_QUALIFIERS
    feats = features(report)
    counts: Counter[str] = Counter()
    for start, end in body_spans(report):
        i = bisect.bisect_left(feats.starts, start)
        j = bisect.bisect_left(feats.starts, end)
        counts.update(t.text for t in feats.tokens[i:j]
                      if t.kind == "word" and len(t.text) >= 2 and t.text not in excluded and t.end <= end)
    return counts


def _z_scores(old: Counter[str], new: Counter[str], *, alpha0: float) -> dict[str, float]:
    """Fightin' Words z of every term of the two counts (same estimator as ``terms.term_shifts``:
    log-odds ratio with an informative Dirichlet prior of total mass ``alpha0``, over its s.d.)."""
    pooled = old + new
    total = sum(pooled.values())
    n_old, n_new = sum(old.values()), sum(new.values())
    if n_old == 0 or n_new == 0:
        return {}
    alpha0 = min(alpha0, float(total))
    scale = alpha0 / total
    out: dict[str, float] = {}
    for term, count in pooled.items():
        a = scale * count
        y_new, y_old = new[term], old[term]
        rest_new, rest_old = n_new + alpha0 - y_new - a, n_old + alpha0 - y_old - a
        if rest_new <= 0 or rest_old <= 0:
            continue
        delta = math.log((y_new + a) / rest_new) - math.log((y_old + a) / rest_old)
        out[term] = round(delta / math.sqrt(1.0 / (y_new + a) + 1.0 / (y_old + a)), 4)
    return out


def _classify(term: str, counts: Sequence[int], rates: Sequence[float], z: Sequence[float | None],
              years: Sequence[int], *, threshold: float) -> tuple[TermClass, int, float] | None:
    from reportdiff.lexicon import BOILERPLATE

    zs = [(k, v) for k, v in enumerate(z) if v is not None]
    moves = [(k, v) for k, v in zs if abs(v) >= threshold]
    peak = max(rates)
    # revived: used (3+ times in a report), then absent from two or more consecutive reports, then
    # back with a significant rise
    for k, v in moves:
        if v > 0 and k >= 3 and counts[k - 1] == 0 and counts[k - 2] == 0:
            j = k - 1
            while j >= 0 and counts[j] == 0:
                j -= 1
            if j >= 0 and max(counts[:j + 1]) >= 3:
                return "revived", years[k], v
    if not moves:
        if all(c > 0 for c in counts) and term not in BOILERPLATE:
            return "sustained", years[0], float(sum(counts))
        return None
    last_k, last_v = moves[-1]
    if last_v > 0 and rates[-1] >= 2 * rates[0] and rates[-1] >= 0.5 * peak:
        k0, _v0 = next((k, v) for k, v in moves if v > 0)
        return "emerging", years[k0], max(v for _, v in moves)
    if last_v < 0 and rates[-1] <= 0.5 * peak:
        return "fading", years[last_k], min(v for _, v in moves)
    return None


def term_trajectories(reports: Sequence[Report], counts: Sequence[Counter[str]] | None = None, *,
                      top: int = 15, min_total: int = MIN_TOTAL, threshold: float = Z_THRESHOLD,
                      alpha0: float | None = None) -> tuple[TermTrajectory, ...]:
    """Terms classified by their year-over-year log-odds z (Fightin' Words between each report and
    the previous one in the series; z ≥ ``threshold`` is a significant rise, ≤ −threshold a fall):

    * revived — used (3+ times in some report), then absent from two or more consecutive reports,
      then back with a significant rise (score: the z of the return; key year: the return);
    * emerging — the last significant move is a rise, and the term ends at twice its starting rate
      (per 10,000 counted words) or more and at least half its peak rate (score: its largest z;
      key year: its first significant rise);
    * fading — the last significant move is a fall, and the term ends at half its peak rate or
      less (score: its most negative z; key year: that last fall);
    * sustained — used in every report with no significant move; the policy verbs of
      ``lexicon.BOILERPLATE`` (发展, 建设, 推进…) are left out (score: total count).

    Terms used fewer than ``min_total`` times over the series are skipped; the ``top`` terms of each
    class are kept (by |score|, ties by term). Reports must be sorted by year."""
    from reportdiff.terms import ALPHA0

    a0 = ALPHA0 if alpha0 is None else alpha0
    per = list(counts) if counts is not None else [yearly_term_counts(r) for r in reports]
    years = [_year(r) for r in reports]
    totals = [sum(c.values()) or 1 for c in per]
    pooled: Counter[str] = Counter()
    for c in per:
        pooled.update(c)
    zs = [_z_scores(a, b, alpha0=a0) for a, b in zip(per, per[1:], strict=False)]
    found: dict[TermClass, list[TermTrajectory]] = {c: [] for c in TERM_CLASSES}
    for term, total in pooled.items():
        if total < min_total:
            continue
        cs = tuple(c[term] for c in per)
        rates = tuple(round(1e4 * c / n, 4) for c, n in zip(cs, totals, strict=True))
        z: tuple[float | None, ...] = (None, *(d.get(term, 0.0) for d in zs))
        got = _classify(term, cs, rates, z, years, threshold=threshold)
        if got is None:
            continue
        cls, key_year, score = got
        found[cls].append(TermTrajectory(term, cls, cs, rates, z, key_year, round(score, 4)))
    out: list[TermTrajectory] = []
    for cls in TERM_CLASSES:
        ranked = sorted(found[cls], key=lambda t: (-abs(t.score), t.term))
        out.extend(ranked[:top])
    return tuple(out)


# ---------------------------------------------------------------- the series

def _transition(old: Report, new: Report) -> Transition:
    """Text shares and section links of one pair of consecutive reports (``compare`` without goals
    and term shifts, which the series computes per report instead)."""
    from reportdiff.compare import compare

    cmp = compare(old, new, goals=False, terms=False, followups=False)
    shares_raw = cmp.summary.get("shares", {})
    assert isinstance(shares_raw, Mapping)
    shares = {k: float(shares_raw.get(k, 0.0)) for k in SHARE_KEYS}
    sec = [link for link in cmp.alignment.at("section")]
    kinds: dict[str, int] = dict(sorted(Counter(str(link.kind) for link in sec).items()))
    return Transition(_year(old), _year(new), shares, round(shares["reworded"] + shares["new"], 4), kinds, tuple(sec))


@dataclass(frozen=True)
class _ChunkResult:
    """What one chunk of pairs sends back: small values only (shares, section links, word counts).
    An exception is carried, not raised, so the parent can raise the one serial code would raise
    first: the first failing pair in year order, then the first failing word count."""

    transitions: tuple[Transition, ...]
    compare_error: BaseException | None
    counts: tuple[Counter[str], ...]
    counts_error: BaseException | None


#: The ordered reports of the series being computed, set by the parent just before it forks its
#: worker processes (children inherit them instead of receiving a pickled copy).
_SHARED: tuple[Report, ...] = ()


def _chunk(reports: Sequence[Report], lo: int, hi: int, *, last: bool) -> _ChunkResult:
    """Pairs ``lo``…``hi - 1`` (report k with k + 1) in order, then the word counts of reports
    ``lo``…``hi - 1`` (and of report ``hi`` too when this is the last chunk). Each report's tokens are
    computed once in this process (``align.features`` caches them) and shared by both steps."""
    transitions: list[Transition] = []
    try:
        for k in range(lo, hi):
            transitions.append(_transition(reports[k], reports[k + 1]))
    except Exception as exc:  # noqa: BLE001 - handed back to the parent, which raises it
        return _ChunkResult(tuple(transitions), exc, (), None)
    counts: list[Counter[str]] = []
    try:
        for k in range(lo, hi + 1 if last else hi):
            counts.append(yearly_term_counts(reports[k]))
    except Exception as exc:  # noqa: BLE001
        return _ChunkResult(tuple(transitions), None, tuple(counts), exc)
    return _ChunkResult(tuple(transitions), None, tuple(counts), None)


def _shared_chunk(lo: int, hi: int, last: bool) -> _ChunkResult:
    """``_chunk`` over the reports inherited from the parent (runs in a worker process)."""
    return _chunk(_SHARED, lo, hi, last=last)


def default_workers() -> int:
    """Worker processes used when none are asked for: 2, or 1 on a machine (or CPU set) of one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def split_pairs(weights: Sequence[int], parts: int) -> tuple[tuple[int, int], ...]:
    """Cut the pairs ``0…len(weights) - 1`` into ``min(parts, len(weights))`` contiguous, non-empty
    ranges ``(lo, hi)`` whose largest total weight is as small as possible (a pair's weight: the
    characters of its two reports; ties go to the earliest cut). Contiguous ranges keep each report's
    tokens in one process: only the reports at the cuts are tokenized twice."""
    n = len(weights)
    parts = max(1, min(parts, n))
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    inf = float("inf")
    # best[p][j]: the smallest largest-range weight splitting the first j pairs into p ranges
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0
    for p in range(1, parts + 1):
        for j in range(p, n + 1):
            for i in range(p - 1, j):
                cost = max(best[p - 1][i], prefix[j] - prefix[i])
                if cost < best[p][j]:
                    best[p][j], cut[p][j] = cost, i
    ranges: list[tuple[int, int]] = []
    j = n
    for p in range(parts, 0, -1):
        i = cut[p][j]
        ranges.append((i, j))
        j = i
    return tuple(reversed(ranges)) if n else ()


def _fork_available() -> bool:
    import multiprocessing
    import threading

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if multiprocessing.current_process().daemon:  # a daemonic process may not have children
        return False
    return threading.active_count() == 1  # forking a process with other threads running can deadlock


def _run_chunks(ordered: tuple[Report, ...], ranges: Sequence[tuple[int, int]],
                meanwhile: Callable[[], _T]) -> tuple[_T, list[_ChunkResult]]:
    """Each range in its own forked worker process while this process calls ``meanwhile``; or, when
    forking is not possible, ``meanwhile`` and then the ranges here (the order serial code runs in:
    an error of ``meanwhile`` comes before any error of the ranges either way)."""
    n = len(ranges)
    if n > 1 and _fork_available():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from reportdiff.tokenize import tokenize

        global _SHARED
        tokenize("政府工作报告")  # load jieba's dictionary once, here: the children inherit it
        _SHARED = ordered
        done: list[_T] = []
        try:
            with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_shared_chunk, lo, hi, hi == len(ordered) - 1) for lo, hi in ranges]
                log.info("series: %d pairs in %d worker processes", len(ordered) - 1, n)
                done.append(meanwhile())
                return done[0], [f.result() for f in futures]
        except BrokenProcessPool:  # a worker died (killed, out of memory): same results, one core
            log.warning("series: a worker process died; computing the pairs in this process")
        finally:
            _SHARED = ()
        value = done[0] if done else meanwhile()
    else:
        value = meanwhile()
    return value, [_chunk(ordered, lo, hi, last=hi == len(ordered) - 1) for lo, hi in ranges]


def series(reports: Sequence[Report], *, top_terms: int = 15, workers: int | None = None) -> Series:
    """Read reports of one government together (any order; see the module doc for what is computed).

    The pairs of consecutive reports (tokenization, alignment, word diffs) and the per-report word
    counts run in ``workers`` forked processes (default ``default_workers()``: 2 on a multi-core
    machine); ``workers=1``, a platform without ``fork``, or other threads running in this process
    compute everything here. The result is the same whatever the number of workers."""
    from reportdiff.goals import extract_goals

    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise OptionError(f"workers must be a whole number of 1 or more, got {workers!r}")
    ordered = order_reports(reports)

    def goals() -> tuple[MetricTimeline, ...]:
        return goal_timelines(ordered, [extract_goals(r, kinds=("target", "actual")) for r in ordered])

    n_workers = default_workers() if workers is None else workers
    weights = [len(a.text) + len(b.text) for a, b in zip(ordered, ordered[1:], strict=False)]
    timelines, results = _run_chunks(ordered, split_pairs(weights, n_workers), goals)
    for res in results:  # the error serial code would meet first: pairs in year order, then counts
        if res.compare_error is not None:
            raise res.compare_error
    for res in results:
        if res.counts_error is not None:
            raise res.counts_error
    transitions = [t for res in results for t in res.transitions]
    counts = [c for res in results for c in res.counts]
    threads = section_threads(ordered, [t.links for t in transitions])
    terms = term_trajectories(ordered, counts, top=top_terms)
    return Series(ordered, timelines, threads, tuple(transitions), terms,
                  tuple(sum(c.values()) for c in counts))


# ---------------------------------------------------------------- JSON

def _goal(goal: Goal | None) -> dict[str, Any] | None:
    from reportdiff.render.json import goal_dict

    return None if goal is None else goal_dict(goal)


def series_dict(s: Series) -> dict[str, Any]:
    """The ``reportdiff.series/1`` document (key order fixed; see reportdiff/schema/series.json)."""
    reports = [{"year": _year(r), "source": r.source, "title": r.meta.title, "date": r.meta.date,
                "chars": len(r.text), "sections": len(r.sections)} for r in s.reports]
    metrics = []
    for m in s.metrics:
        points = []
        for p in m.points:
            note = None
            if p.note is not None:
                note = {"start": p.note[0], "end": p.note[1], "text": s.report(p.year).text[p.note[0]:p.note[1]]}
            points.append({"year": p.year, "status": p.status, "target": _goal(p.target), "actual": _goal(p.actual),
                           "outcome": p.outcome, "gap": p.gap, "change": p.change, "no_target_note": note})
        metrics.append({
            "metric": m.metric, "unit_class": m.unit_class, "label": m.label, "unit": m.unit, "points": points,
            "streaks": [{"outcome": k.outcome, "first": k.first, "last": k.last, "length": k.length}
                        for k in m.streaks],
            "counts": {k: m.count(k) for k in ("met", "missed", "unknown", "no_target", "no_report")},
        })
    threads = [{
        "id": t.id, "group": t.group, "origin": t.origin, "origin_thread": t.origin_thread, "ending": t.ending,
        "ending_thread": t.ending_thread, "labels": list(t.labels), "renames": t.renames,
        "steps": [{"year": st.year, "section": st.section, "title": st.title, "kind": st.kind, "score": st.score}
                  for st in t.steps],
    } for t in s.threads]
    transitions = [{"old_year": t.old_year, "new_year": t.new_year,
                    "shares": {k: t.shares[k] for k in SHARE_KEYS}, "changed": t.changed,
                    "section_links": dict(t.section_links)} for t in s.transitions]
    terms = [{"term": t.term, "class": t.cls, "key_year": t.key_year, "score": t.score, "counts": list(t.counts),
              "rates": list(t.rates), "z": list(t.z)} for t in s.terms]
    return {
        "schema": "reportdiff.series/1",
        "place": s.place,
        "years": list(s.years),
        "reports": reports,
        "metrics": metrics,
        "lineage": {"threads": threads},
        "terms": {"z_threshold": Z_THRESHOLD, "min_total": MIN_TOTAL, "words": list(s.totals),
                  "trajectories": terms},
        "changes": transitions,
    }


def series_json(s: Series) -> str:
    """``series_dict`` as JSON text (formatted by ``render.json.dumps``: stable bytes)."""
    from reportdiff.render.json import dumps

    return dumps(series_dict(s))
