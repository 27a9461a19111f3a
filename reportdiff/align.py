"""Alignment: link the parts, sections, blocks and sentences of two reports by content.

Stage: align. Each sentence gets a bag of features — jieba words (policy boilerplate down-weighted,
numbers and masks left out) and CJK character bigrams — weighted by TF-IDF over the sections of both
reports. Parts pair by role. Sections pair inside role groups (review with review; the forward-looking
parts together) by a non-monotone greedy assignment on a score that mixes content cosine, heading
similarity and relative position, then one-to-many links (split / merge) where a second section covers
the same content. Blocks and sentences inside linked units pair by a monotone dynamic programme with
1:2 and 2:1 steps; sentences left over are matched across the whole report as moves. Every node is in
exactly one link of its level. Follow-up links tie each plan section of the old report to the review
blocks of the new report that report on it.
"""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportdiff.lexicon import BOILERPLATE
from reportdiff.model import Alignment, Link, Node, Report

if TYPE_CHECKING:
    from reportdiff.tokenize import Token

Vec = dict[str, float]

ROLE_GROUP = {
    "review": "review", "plan": "forward", "requirements": "forward", "outlook": "forward",
    "self_building": "forward", "other": "forward", "front": "front", "closing": "closing",
    "glossary": "glossary", "appendix": "appendix",
}
SECTION_THRESHOLD = 0.16
SPLIT_THRESHOLD = 0.15
GAP_THRESHOLD = 0.1
BLOCK_THRESHOLD = 0.2
SENTENCE_THRESHOLD = 0.3
MOVE_THRESHOLD = 0.6
FOLLOWUP_THRESHOLD = 0.1
W_CONTENT, W_TITLE, W_POS = 0.6, 0.25, 0.15
ROLE_BONUS = 0.05
STRONG_THRESHOLD = 0.3
PERIOD_PENALTY = 0.05
GROW_MARGIN = 0.03
DOMINANT = 3.0
CONTAIN_THRESHOLD = 0.4
CHAPTER_CONTAIN = 0.2  # a chapter-mate of the split's (or merge's) linked unit joins at half the containment
MUTUAL_THRESHOLD = 0.25

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_MASK_OR_NUM = re.compile(r"^[\d*.·+%％０-９]+")


# ---------------------------------------------------------------- features

@dataclass(frozen=True)
class Features:
    """Raw feature counts per sentence id, and the tokens of every block, for one report."""

    by_sentence: dict[str, Counter[str]]
    sets: dict[str, frozenset[str]]
    tokens: tuple[Token, ...] = ()
    starts: tuple[int, ...] = ()
    bags: dict[str, Counter[str]] = field(default_factory=dict)
    text: str = ""

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """The tokens lying inside [start, end) (the tokenizer never joins across a line break, and
        sentence boundaries fall on token boundaries, so no token straddles a node)."""
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return tuple(t for t in self.tokens[i:j] if t.end <= end)


_CACHE: dict[tuple[int, int], tuple[Report, Features]] = {}


def _sentence_features(text: str, node: Node, tokens: Sequence[tuple[str, int, int, str]]) -> Counter[str]:
    """Words (two or more characters, with a CJK character) and CJK character bigrams of a sentence."""
    c: Counter[str] = Counter(
        "w:" + word for word, _s, _e, kind in tokens if kind == "word" and len(word) >= 2 and _CJK.search(word))
    runs = _CJK_RUN.findall(text, node.start, node.end)
    c.update(run[i:i + 2] for run in runs for i in range(len(run) - 1))
    return c


def features(report: Report) -> Features:
    """Feature bags of every sentence of a report (computed once per report object)."""
    from reportdiff.tokenize import dictionary_version, tokenize

    key = (id(report), dictionary_version())  # words added to the dictionary give new tokens
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is report:
        return hit[1]
    text = report.text
    out: dict[str, Counter[str]] = {}
    # one tokenizer pass over the whole text: headings included, so any span's tokens can be looked up
    all_tokens: list[Token] = list(tokenize(text)) if text else []
    simple = [(t.text, t.start, t.end, t.kind) for t in all_tokens]
    k = 0
    for sent in report.nodes("sentence"):
        while k < len(simple) and simple[k][2] <= sent.start:
            k += 1
        j = k
        while j < len(simple) and simple[j][1] < sent.end:
            j += 1
        out[sent.id] = _sentence_features(text, sent, simple[k:j])
        k = j
    sets = {k: frozenset(v) for k, v in out.items()}
    feats = Features(out, sets, tuple(all_tokens), tuple(t.start for t in all_tokens), text=text)
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[key] = (report, feats)
    return feats


def _set_of(node: Node, feats: Features) -> frozenset[str]:
    return frozenset().union(*(feats.sets.get(s.id, frozenset()) for s in _sentences_under(node)))


def _set_evidence(a: frozenset[str], b: frozenset[str], weights: _Weights, *, k: int = 5) -> tuple[str, ...]:
    shared = sorted((f for f in a & b if f.startswith("w:") and f[2:] not in BOILERPLATE),
                    key=lambda f: (-weights.idf.get(f, weights.default), f))
    return tuple(f[2:] for f in shared[:k])


def _sentences_under(node: Node) -> list[Node]:
    return [n for n in node.walk() if n.kind == "sentence"]


def _bag(nodes: Iterable[Node], feats: Features) -> Counter[str]:
    c: Counter[str] = Counter()
    for n in nodes:
        hit = feats.bags.get(n.id)
        if hit is None:
            hit = Counter()
            for s in _sentences_under(n):
                hit.update(feats.by_sentence.get(s.id, ()))
            feats.bags[n.id] = hit
        c.update(hit)
    return c


@dataclass(frozen=True)
class _Weights:
    idf: dict[str, float]
    default: float

    def vec(self, bag: Counter[str]) -> Vec:
        v: Vec = {}
        for f, n in bag.items():
            w = (1.0 + math.log(n)) * self.idf.get(f, self.default)
            if f.startswith("w:") and f[2:] in BOILERPLATE:
                w *= 0.3
            v[f] = w
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {f: x / norm for f, x in v.items()} if norm else {}


def _weights(docs: Sequence[Counter[str]]) -> _Weights:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = max(len(docs), 1)
    idf = {f: math.log((1 + n) / (1 + k)) + 1.0 for f, k in df.items()}
    return _Weights(idf, math.log(1 + n) + 1.0)


def cosine(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(f, 0.0) for f, x in a.items())


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two feature sets (blocks and sentences: fast, set operations in C)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _title_sim(a: str | None, b: str | None) -> float:
    if not a and not b:
        return 1.0  # two untitled units (front matter, closing call) do not differ in title
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ga = Counter(a[i:i + 2] for i in range(len(a) - 1))
    gb = Counter(b[i:i + 2] for i in range(len(b) - 1))
    inter = sum((ga & gb).values())
    total = sum(ga.values()) + sum(gb.values())
    return 2 * inter / total if total else 0.0


def _evidence(a: Vec, b: Vec, *, k: int = 5) -> tuple[str, ...]:
    shared = [(a[f] * b[f], f) for f in a if f in b and f.startswith("w:")]
    shared.sort(key=lambda x: (-x[0], x[1]))
    return tuple(f[2:] for _, f in shared[:k])


def _r(x: float) -> float:
    return round(min(max(x, 0.0), 1.0), 4)


# ---------------------------------------------------------------- generic 1:1 + split/merge assignment

@dataclass(frozen=True)
class _Unit:
    id: str
    title: str | None
    vec: Vec
    pos: float
    rank: int
    role: str = ""
    numbered: bool = False
    text: str = ""
    style: str = ""
    period: str = ""
    chapter: str = ""


def _assign(old: Sequence[_Unit], new: Sequence[_Unit], *, threshold: float, split_threshold: float,
            level: str, use_title: bool = True, gap_threshold: float | None = None,
            strong_threshold: float | None = None, contain_threshold: float | None = None) -> list[Link]:
    """Non-monotone greedy assignment with splits and merges; every unit in exactly one link.

    Phases: confident 1:1 pairs (score ≥ ``strong_threshold``), then splits and merges onto them,
    then weaker 1:1 pairs (≥ ``threshold``) among the units left, then slot filling between anchors.
    In each 1:1 phase, pairs of the same period (annual ↔ annual, five-year ↔ five-year) are taken
    before any cross-period pair: a review section goes to its own period's twin when there is one,
    and to the other period's only when not (the labellers' rule 4).
    A section whose content went into a neighbour's successor is a merge, not a weak pair elsewhere.
    """
    scores: dict[tuple[int, int], tuple[float, float]] = {}
    # a forward section pairs across periods only where neither year plans both periods (a five-year task
    # whose annual twin is linked is dropped: tianjin 2021's 一是…八是 beside its （一）…（五）)
    both = any(_both_periods(side, review=False) for side in (old, new))
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if o.text and o.text == n.text:
                scores[(i, j)] = (1.0 + ROLE_BONUS, 1.0)
                continue
            if (o.style != n.style and "either" not in (o.style, n.style)) or (
                    both and _cross(o, n) and o.role != "review"):
                scores[(i, j)] = (0.0, 0.0)  # a summary highlight never stands for a body section
                continue
            content = cosine(o.vec, n.vec)
            if use_title:
                t = _title_sim(o.title, n.title)
                same_role = o.role == n.role
                pos = 1.0 - abs(o.pos - n.pos) if same_role else 0.0
                s = W_CONTENT * content + W_TITLE * t + W_POS * pos + (ROLE_BONUS if same_role else 0.0)
                if o.period and n.period and o.period != n.period:
                    s -= PERIOD_PENALTY
            else:
                s = content
            if use_title and "highlight" in (o.style, n.style):
                # highlights are one-line claims: their titles carry what their few words do not
                content = max(content, t)
            scores[(i, j)] = (s, content)
    pairs = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
    o_used: dict[int, int] = {}
    n_used: dict[int, int] = {}
    strong = threshold if strong_threshold is None else strong_threshold
    same = [kv for kv in pairs if not _cross(old[kv[0][0]], new[kv[0][1]])]
    _greedy(same, o_used, n_used, threshold=strong)
    twins = all(_both_periods(side, review=True) for side in (old, new))
    if twins:
        # both years review both periods (dandong 2021's 一是… and 五年来，…; 2022's 推进… and 一是…):
        # each period has its twin, so every same-period pair goes before any cross-period one
        _greedy(same, o_used, n_used, threshold=threshold)
    _greedy(pairs, o_used, n_used, threshold=strong)
    groups_o: dict[int, list[int]] = {i: [j] for i, j in o_used.items()}
    groups_n: dict[int, list[int]] = {}
    _grow(old, new, scores, o_used, n_used, groups_o, groups_n, split_threshold=split_threshold)
    if strong > threshold:
        # weaker 1:1 pairs only among the units that no strong pair, split or merge has claimed; then
        # the splits and merges that continue them
        weak = _greedy(same, o_used, n_used, threshold=threshold)
        for i, j in weak + _greedy(pairs, o_used, n_used, threshold=threshold):
            groups_o[i] = [j]
        _grow(old, new, scores, o_used, n_used, groups_o, groups_n, split_threshold=split_threshold)
    if contain_threshold is not None:
        _contained(old, new, scores, o_used, n_used, groups_o, groups_n, threshold=contain_threshold)
        _leftover_groups(old, new, scores, o_used, n_used, groups_o, groups_n, threshold=threshold)
    if gap_threshold is not None:
        for i, j in _fill_gaps(old, new, o_used, n_used, scores, threshold=gap_threshold):
            o_used[i] = j
            n_used[j] = i
            groups_o[i] = [j]
        for i, j in _mutual_leftovers(old, new, o_used, n_used, scores, threshold=MUTUAL_THRESHOLD):
            o_used[i] = j
            n_used[j] = i
            groups_o[i] = [j]
    links: list[tuple[int, Link]] = []
    pairs11 = sorted((i, js[0]) for i, js in groups_o.items() if len(js) == 1 and js[0] not in groups_n)
    in_order = _lis_pairs(pairs11)
    done_o: set[int] = set()
    done_n: set[int] = set()
    for j, olds in groups_n.items():
        olds = sorted(olds)
        merged = _merge_vecs([old[x].vec for x in olds])
        links.append((j, Link(level, tuple(old[x].id for x in olds), (new[j].id,), "merge",  # type: ignore[arg-type]
                              _r(cosine(merged, new[j].vec)), _evidence(merged, new[j].vec))))
        done_o.update(olds)
        done_n.add(j)
    for i, js in groups_o.items():
        if i in done_o:
            continue
        js = sorted(js)
        if len(js) > 1:
            merged = _merge_vecs([new[x].vec for x in js])
            links.append((js[0], Link(level, (old[i].id,), tuple(new[x].id for x in js), "split",  # type: ignore[arg-type]
                                      _r(cosine(old[i].vec, merged)), _evidence(old[i].vec, merged))))
        else:
            j = js[0]
            s = scores[(i, j)][0]
            same_title = (old[i].title or "") == (new[j].title or "")
            if (i, j) not in in_order:
                kind = "moved"
            elif same_title:
                kind = "same"
            else:
                kind = "renamed"
            links.append((j, Link(level, (old[i].id,), (new[j].id,), kind,  # type: ignore[arg-type]
                                  _r(s), _evidence(old[i].vec, new[j].vec))))
        done_o.add(i)
        done_n.update(js)
    for j, n in enumerate(new):
        if j not in done_n:
            links.append((j, Link(level, (), (n.id,), "new", 0.0)))  # type: ignore[arg-type]
    order = sorted(links, key=lambda x: (x[0], x[1].old))
    result = [link for _, link in order]
    tail = [Link(level, (o.id,), (), "dropped", 0.0) for i, o in enumerate(old) if i not in done_o]  # type: ignore[arg-type]
    return result + tail


def _both_periods(units: Sequence[_Unit], *, review: bool) -> bool:
    """Whether the review units (or, with ``review=False``, the forward ones) cover a year and a term."""
    return {u.period for u in units if (u.role == "review") == review} >= {"annual", "five_year"}


def _grow(old: Sequence[_Unit], new: Sequence[_Unit], scores: dict[tuple[int, int], tuple[float, float]],
          o_used: dict[int, int], n_used: dict[int, int], groups_o: dict[int, list[int]],
          groups_n: dict[int, list[int]], *, split_threshold: float) -> None:
    """Splits (an unmatched new unit continuing a linked old unit) and merges (the mirror), in place:
    the union must cover the counterpart better (+``GROW_MARGIN`` cosine), or the unit's content must
    lie on that counterpart ``DOMINANT`` times more than on any other (one self-building plan item
    spread over four short self-building sections, each adding little cosine)."""
    for j, _n in enumerate(new):
        if j in n_used:
            continue
        best = max(((scores[(i, j)][1], i) for i in range(len(old))), default=(0.0, -1))
        if best[1] < 0 or best[0] < split_threshold:
            continue
        i = best[1]
        if i in o_used:
            partner = o_used[i]
            if _cross(new[partner], new[j]):
                continue  # a split stays in one period: a five-year unit does not continue an annual one
            if len(groups_n.get(partner, [])) > 0:
                continue
            merged = _merge_vecs([new[x].vec for x in groups_o[i] + [j]])
            if _joins(cosine(old[i].vec, merged), scores[(i, partner)][1], best[0],
                      (scores[(k, j)][1] for k in range(len(old)))):
                groups_o[i].append(j)
                n_used[j] = i
    for i, _o in enumerate(old):
        if i in o_used:
            continue
        best = max(((scores[(i, j)][1], j) for j in range(len(new))), default=(0.0, -1))
        if best[1] < 0 or best[0] < split_threshold:
            continue
        j = best[1]
        if j in n_used and len(groups_o.get(n_used[j], [])) == 1:
            partner = n_used[j]
            if _cross(old[partner], old[i]):
                continue
            olds = groups_n.setdefault(j, [partner])
            merged = _merge_vecs([old[x].vec for x in olds + [i]])
            if _joins(cosine(merged, new[j].vec), scores[(partner, j)][1], best[0],
                      (scores[(i, k)][1] for k in range(len(new)))):
                olds.append(i)
                o_used[i] = j
            elif olds == [partner]:
                del groups_n[j]


def _joins(union: float, alone: float, best: float, contents: Iterable[float]) -> bool:
    """Whether a unit joins a split/merge: the union covers the counterpart better than the linked
    unit alone (+``GROW_MARGIN``), or the unit's best content is ``DOMINANT`` times its second best."""
    top = sorted(contents, reverse=True)
    return union > alone + GROW_MARGIN or best >= DOMINANT * (top[1] if len(top) > 1 else 0.0)


def containment(a: Vec, b: Vec) -> float:
    """Share of a's (unit-norm, squared) weight on features that b also has: how much of a small
    section a big one covers, which cosine understates when the sizes differ."""
    return sum(x * x for f, x in a.items() if f in b)


def _best_container(unit: _Unit, others: Sequence[_Unit], candidates: Iterable[int]) -> tuple[float, int]:
    """(containment, index) of the candidate unit on the other side that best contains ``unit``."""
    return max(((containment(unit.vec, others[k].vec), k) for k in sorted(candidates)), default=(0.0, -1))


def _contained(old: Sequence[_Unit], new: Sequence[_Unit], scores: dict[tuple[int, int], tuple[float, float]],
               o_used: dict[int, int], n_used: dict[int, int], groups_o: dict[int, list[int]],
               groups_n: dict[int, list[int]], *, threshold: float) -> None:
    """Units still unlinked whose content a linked unit on the other side contains (containment ≥
    ``threshold``, best such unit) join its link: many small sections of one year regrouped into a
    few large ones of the next (national 2015 plan → 2016) are merges, not drops. In place; never
    many-to-many (a split target does not take a merge, nor a merge member a split), and a group
    stays in one period."""
    for i, o in enumerate(old):
        if i in o_used:
            continue
        c, j = _best_container(o, new, (k for k in n_used if scores[(i, k)][0] > 0.0))
        if (j < 0 or c < _contain_threshold(o, new[j], [old[x] for x in groups_n.get(j, [n_used[j]])], threshold)
                or len(groups_o.get(n_used[j], [])) > 1 or _cross(old[n_used[j]], o)):
            continue
        groups_n.setdefault(j, [n_used[j]]).append(i)
        o_used[i] = j
    for j, n in enumerate(new):
        if j in n_used:
            continue
        c, i = _best_container(n, old, (k for k in o_used if scores[(k, j)][0] > 0.0))
        if (i < 0 or i not in groups_o or c < _contain_threshold(n, old[i], [new[x] for x in groups_o[i]], threshold)
                or o_used[i] in groups_n or _cross(new[groups_o[i][0]], n)):
            continue
        groups_o[i].append(j)
        n_used[j] = i


def _contain_threshold(unit: _Unit, container: _Unit, linked: Sequence[_Unit], threshold: float) -> float:
    """The containment a unit needs to join the split (merge) of ``container`` whose units on its own side
    are ``linked``: ``CHAPTER_CONTAIN`` when one of them sits under the same chapter heading and the
    container under none (xizang 2020's （一）脱贫攻坚任务全面完成。（二）蓝天碧水更加清澈。（三）金融体系
    健康安全。 under 一、坚定不移打赢三大攻坚战, which 2019 reviewed as one section: the readers split it over
    the chapter), else ``threshold``."""
    if unit.chapter and not container.chapter and any(u.chapter == unit.chapter for u in linked):
        return min(threshold, CHAPTER_CONTAIN)
    return threshold


def _leftover_groups(old: Sequence[_Unit], new: Sequence[_Unit], scores: dict[tuple[int, int], tuple[float, float]],
                     o_used: dict[int, int], n_used: dict[int, int], groups_o: dict[int, list[int]],
                     groups_n: dict[int, list[int]], *, threshold: float) -> None:
    """Two or more unlinked units of one side whose closest unit on the other side is the same
    unlinked unit, and which together reach ``threshold`` against it (each alone at least half of
    it), are a merge (or split) of their own: national 2015's four 坚持…， self-building paragraphs
    → 2016's one （八）加强政府自身建设. In place."""
    for mine, theirs, used_m, used_t, flip in ((old, new, o_used, n_used, False), (new, old, n_used, o_used, True)):
        def content(a: int, b: int, flip: bool = flip) -> float:
            return scores[(b, a) if flip else (a, b)][1]
        by_target: dict[int, list[int]] = {}
        for a in range(len(mine)):
            if a in used_m:
                continue
            c, b = max(((content(a, k), k) for k in range(len(theirs))), default=(0.0, -1))
            if b >= 0 and b not in used_t and c >= threshold * 0.5:
                by_target.setdefault(b, []).append(a)
        for b, members in sorted(by_target.items()):
            if (len(members) < 2 or len({mine[a].period for a in members}) > 1
                    or cosine(_merge_vecs([mine[a].vec for a in members]), theirs[b].vec) < threshold):
                continue
            for a in members:
                used_m[a] = b
            used_t[b] = members[0]
            if flip:
                groups_o[b] = sorted(members)
            else:
                groups_n[b] = sorted(members)
                for a in members:
                    groups_o[a] = [b]


def _cross(o: _Unit, n: _Unit) -> bool:
    return bool(o.period and n.period and o.period != n.period)


def _mutual_leftovers(old: Sequence[_Unit], new: Sequence[_Unit], o_used: dict[int, int], n_used: dict[int, int],
                      scores: dict[tuple[int, int], tuple[float, float]], *, threshold: float) -> list[tuple[int, int]]:
    """Unlinked units that are each other's best unlinked counterpart (score ≥ ``threshold``, same
    period): the two items left over from a reordered list (mianyang 2020's 六、加大改革攻坚力度 and
    2021's 五、更大力度深化改革开放)."""
    free_o = [i for i in range(len(old)) if i not in o_used]
    free_n = [j for j in range(len(new)) if j not in n_used]
    out: list[tuple[int, int]] = []
    for i in free_o:
        s, j = max(((scores[(i, k)][0], k) for k in free_n), default=(0.0, -1))
        if j < 0 or s < threshold or _cross(old[i], new[j]):
            continue
        if max((scores[(k, j)][0], k) for k in free_o)[1] == i:
            out.append((i, j))
    return out


def _greedy(pairs: Sequence[tuple[tuple[int, int], tuple[float, float]]], o_used: dict[int, int],
            n_used: dict[int, int], *, threshold: float) -> list[tuple[int, int]]:
    """Take the best-scoring free pairs in turn down to ``threshold`` (content at least half of it)."""
    taken: list[tuple[int, int]] = []
    for (i, j), (s, content) in pairs:
        if s < threshold:
            break
        if content < threshold * 0.5 or i in o_used or j in n_used:
            continue
        o_used[i] = j
        n_used[j] = i
        taken.append((i, j))
    return taken


def _fill_gaps(old: Sequence[_Unit], new: Sequence[_Unit], o_used: dict[int, int], n_used: dict[int, int],
               scores: dict[tuple[int, int], tuple[float, float]], *, threshold: float) -> list[tuple[int, int]]:
    """Pair leftover units that sit in the same slot between two anchors (like a human reader does).

    Anchors are the 1:1 links in order; between two consecutive anchors, the unlinked numbered units
    (一、 / （一） series: parallel slots, unlike free-standing highlights) of one part role are paired by a monotone programme maximizing the summed score, keeping
    only pairs scoring at least ``threshold`` (well below the main threshold: the slot is evidence).
    """
    anchors = sorted(_lis_pairs(sorted(o_used.items())))
    bounds = [(-1, -1), *anchors, (len(old), len(new))]
    out: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        olds = [i for i in range(i0 + 1, i1) if i not in o_used]
        news = [j for j in range(j0 + 1, j1) if j not in n_used]
        if not olds or not news:
            continue
        for role in sorted({old[i].role for i in olds}):
            oo = [i for i in olds if old[i].role == role and old[i].numbered]
            nn = [j for j in news if new[j].role == role and new[j].numbered]
            out.extend(_monotone_pairs(oo, nn, scores, threshold=threshold))
    return out


def _monotone_pairs(oo: Sequence[int], nn: Sequence[int], scores: dict[tuple[int, int], tuple[float, float]], *,
                    threshold: float) -> list[tuple[int, int]]:
    a, b = len(oo), len(nn)
    best = [[0.0] * (b + 1) for _ in range(a + 1)]
    for x in range(a - 1, -1, -1):
        for y in range(b - 1, -1, -1):
            s = scores[(oo[x], nn[y])][0]
            take = s + best[x + 1][y + 1] if s >= threshold else -1.0
            best[x][y] = max(take, best[x + 1][y], best[x][y + 1])
    pairs: list[tuple[int, int]] = []
    x = y = 0
    while x < a and y < b:
        s = scores[(oo[x], nn[y])][0]
        if s >= threshold and abs(best[x][y] - (s + best[x + 1][y + 1])) < 1e-12:
            pairs.append((oo[x], nn[y]))
            x, y = x + 1, y + 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return pairs


def _merge_vecs(vecs: Sequence[Vec]) -> Vec:
    acc: Vec = {}
    for v in vecs:
        for f, x in v.items():
            acc[f] = acc.get(f, 0.0) + x
    norm = math.sqrt(sum(x * x for x in acc.values()))
    return {f: x / norm for f, x in acc.items()} if norm else {}


def _lis_pairs(pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The largest subset of (old, new) pairs in the same order on both sides (sorted by old)."""
    if not pairs:
        return set()
    n = len(pairs)
    best = [1] * n
    prev = [-1] * n
    for a in range(n):
        for b in range(a):
            if pairs[b][1] < pairs[a][1] and best[b] + 1 > best[a]:
                best[a], prev[a] = best[b] + 1, b
    k = max(range(n), key=lambda x: (best[x], -x))
    out: set[tuple[int, int]] = set()
    while k >= 0:
        out.add(pairs[k])
        k = prev[k]
    return out


# ---------------------------------------------------------------- monotone DP (blocks, sentences)

def _dp(old: Sequence[frozenset[str]], new: Sequence[frozenset[str]], *, threshold: float,
        old_text: Sequence[str] = (), new_text: Sequence[str] = ()) -> list[tuple[list[int], list[int], float]]:
    """Monotone alignment with 1:1, 1:0, 0:1, 1:2 and 2:1 steps maximizing summed Dice similarity.

    Identical texts score 1 whatever their features (a line of punctuation or masks has none). A 1:2
    or 2:1 step is taken only when the union beats *both* single pairings by a margin, so a sentence
    that moved next to its old neighbour is not swallowed into the neighbour's link.
    """
    n, m = len(old), len(new)
    neg = -1e9
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    same_text = bool(old_text) and bool(new_text)

    def sim(i: int, j: int) -> float:
        if same_text and old_text[i] == new_text[j]:
            return 1.0
        return dice(old[i], new[j])

    for i in range(n + 1):
        for j in range(m + 1):
            cur = best[i][j]
            if cur == neg:
                continue
            steps: list[tuple[int, int, float]] = []
            if i < n and j < m:
                s = sim(i, j)
                if s >= threshold:
                    steps.append((1, 1, s))
                if s < 1.0 and j + 1 < m and old[i] & new[j + 1]:
                    s2 = dice(old[i], new[j] | new[j + 1])
                    if s2 >= threshold and s2 > max(s, sim(i, j + 1)) + 0.05:
                        steps.append((1, 2, s2 * 1.5))
                if s < 1.0 and i + 1 < n and old[i + 1] & new[j]:
                    s3 = dice(old[i] | old[i + 1], new[j])
                    if s3 >= threshold and s3 > max(s, sim(i + 1, j)) + 0.05:
                        steps.append((2, 1, s3 * 1.5))
            if i < n:
                steps.append((1, 0, 0.0))
            if j < m:
                steps.append((0, 1, 0.0))
            for di, dj, gain in steps:
                v = cur + gain
                if v > best[i + di][j + dj] + 1e-12:
                    best[i + di][j + dj] = v
                    back[i + di][j + dj] = (di, dj, gain)
    out: list[tuple[list[int], list[int], float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        assert step is not None
        di, dj, gain = step
        out.append((list(range(i - di, i)), list(range(j - dj, j)), gain / 1.5 if di + dj == 3 else gain))
        i, j = i - di, j - dj
    out.reverse()
    return out


# ---------------------------------------------------------------- the levels

def _words_only(bag: Counter[str]) -> Counter[str]:
    """Sections compare on words alone: over a whole section, shared character bigrams are mostly
    generic (发展, 推进 split into pieces) and drown the topical words (measured: F1 0.70 → 0.75)."""
    return Counter({f: n for f, n in bag.items() if f.startswith("w:")})


def _units(nodes: Sequence[Node], weights: _Weights, feats: Features, *,
           roles: dict[str, str] | None = None, periods: dict[str, str] | None = None,
           highlights: set[str] | None = None, either: set[str] | None = None,
           chapters: dict[str, str] | None = None) -> list[_Unit]:
    """Units with their relative position inside their part (or inside the list when no roles)."""
    roles = roles or {}
    by_part: dict[str, list[Node]] = {}
    for n in nodes:
        by_part.setdefault(roles.get(n.id, ""), []).append(n)
    rank_in = {n.id: (r, len(group)) for group in by_part.values() for r, n in enumerate(group)}
    out = []
    for r, n in enumerate(nodes):
        k, size = rank_in[n.id]
        out.append(_Unit(n.id, n.title, weights.vec(_words_only(_bag([n], feats))), (k + 0.5) / size, r,
                         roles.get(n.id, ""), n.number is not None, feats.text[n.start:n.end],
                         _style(n, highlights or set(), either or set()) if n.kind == "section" else "",
                         (periods or {}).get(n.id, ""), (chapters or {}).get(n.id, "")))
    return out


def _chapters(report: Report) -> dict[str, str]:
    """Section id → the id of the chapter heading block it follows inside its part (see
    `reportdiff.parse._chapter_items`); sections before any chapter heading have none."""
    out: dict[str, str] = {}
    for part in report.root.children:
        current = ""
        for child in part.children:
            if child.kind == "block" and child.role == "chapter":
                current = child.id
            elif child.kind == "section" and current:
                out[child.id] = current
    return out


def _style(node: Node, highlights: set[str], either: set[str]) -> str:
    return "highlight" if node.id in highlights else "either" if node.id in either else "body"


_ANNUAL_RE = re.compile(r"刚刚过去的(?:\d{4}|一)年|过去的?一年|一年来|这一年，|^\d{4}年是|^\d{4}年，")
_YEAR_RE = re.compile(r"(\d{4})年")
_PLAN_NAME_RE = re.compile(r"十[一二三四五六七八九]五")  # “十四五”目标任务 (xiaogan 2021): a five-year horizon
_HORIZON_RE = re.compile(r"(今后|未来)五年")
# (a term of four years reads as one too: dandong 2022's 过去四年，…这四年我们主要做了以下工作：)
_FIVE_YEAR_RE = re.compile(r"过去[四五]年|[四五]年来|这[四五]年|的五年|^五年的|[今未]\w五年|“?十[一二三四五六七八九]五”?时期")


def _names_five_years(title: str) -> bool:
    return _FIVE_YEAR_RE.search(title) is not None or _PLAN_NAME_RE.search(title) is not None


def _periods(report: Report) -> dict[str, str]:
    """Review section id → ``annual`` or ``five_year``: the period the paragraph before it announces
    (过去五年，… / 刚刚过去的2022年，…), or that its own heading names (五年来，我们…). A
    change-of-term report reviews both; last year's annual review pairs first with the annual one.
    Sections of plan, requirements and outlook parts take their part's horizon (今后五年工作谋划,
    “十四五”时期主要目标任务: five-year; 2021年重点工作: annual)."""
    out: dict[str, str] = {}
    for part in report.root.children:
        if part.role in ("plan", "requirements", "outlook"):
            # forward sections take their part's horizon: 今后五年… / “十四五”时期主要目标任务 or the year
            # (a part naming both horizons, 今后五年发展及2021年重点工作任务, plans the year)
            # (or, with no year in the title, its opening paragraph: 新一届政府工作总体要求和主要任务 then
            # 各位代表，今后五年是…)
            title = part.title or ""
            opening = next((report.text[c.start:c.end][:80] for c in part.children if c.kind == "block"), "")
            # (a far year is the vision's, not the plan's: 2035年远景目标和“十四五”时期主要目标任务, tianjin 2021)
            years = [int(y) for y in _YEAR_RE.findall(title)]
            year = report.meta.year
            near = [y for y in years if year is None or abs(y - year) <= 1]
            five = not near and (_names_five_years(title) or _HORIZON_RE.search(opening) is not None)
            out.update((c.id, "five_year" if five else "annual") for c in part.children if c.kind == "section")
        if part.role != "review":
            continue
        # a review part naming a plan period and no year reviews that period (mianyang 2021's
        # 二、“十三五”发展主要成就 after 一、2020年工作回顾)
        title = part.title or ""
        period = "five_year" if not _YEAR_RE.search(title) and _names_five_years(title) else "annual"
        for child in part.children:
            first = report.text[child.start:child.end].lstrip("*# \n\u3000").split("。", 1)[0][:60]
            found = "annual" if _ANNUAL_RE.search(first) else "five_year" if _FIVE_YEAR_RE.search(first) else ""
            if child.kind == "section":
                out[child.id] = found or period
            elif found:
                period = found
    return out


_SHAPES = (("dash", re.compile(r"(——|--|―|─)")), ("paren", re.compile(r"[（(][一二三四五六七八九十]+[)）]")),
           ("cn", re.compile(r"[一二三四五六七八九十]+、")), ("shi", re.compile(r"[一二三四五六七八九十]+是")),
           ("di", re.compile(r"第[一二三四五六七八九十]+[，、]")))


def _shape(text: str, node: Node) -> str:
    """The look of a section's opening: its numbering style, a dash, or a plain lead."""
    head = text[node.start:node.start + 12].lstrip("*# \t\u3000")
    return next((name for name, pat in _SHAPES if pat.match(head)), "lead")


def _dashed(text: str, node: Node) -> bool:
    return _shape(text, node) == "dash"


def _highlights(report: Report, *, dashed_limit: float = 0.8) -> set[str]:
    """Ids of a review's highlights: a run of summary paragraphs beside a body series — ——-led
    anywhere, or any first run of one shape (五年来，经济实力跃上新台阶。…) — at most half as long as the
    part's other sections (sichuan 2023's ——经济实力上新台阶。…), or a first run of short claims that a
    paragraph announcing the body follows (national 2025's “稳”的态势巩固延续。 “进”的步伐坚实有力。
    then 一年来，我们…主要做了以下工作。), whatever their length. ——-led units that are the body
    themselves (chengdu 2023's ——五年来，… five-year review, guangan's —— plans) are not.
    Highlights link only to highlights: a highlight and the body section on the same topic share
    words but are different kinds of unit."""
    out: set[str] = set()
    for part in report.root.children:
        if part.role != "review":
            continue
        secs = [c for c in part.children if c.kind == "section"]
        runs: list[list[Node]] = []
        prev: Node | None = None
        for c in part.children:
            if c.kind != "section":
                prev = None  # a paragraph of the part between two sections ends a run
                continue
            if runs and prev is not None and _shape(report.text, runs[-1][0]) == _shape(report.text, c):
                runs[-1].append(c)
            else:
                runs.append([c])
            prev = c
        for k, run in enumerate(runs):
            dashed = _dashed(report.text, run[0])
            # a first run of short claims (五年来，经济实力跃上新台阶。) reads like a dashed one
            claims = k == 0 and all(len(c.title or "") <= 16 for c in run)
            announced = k == 0 and len(runs) > 1 and _announced_after(report, part, run[-1])
            if announced and len(run) == 1 and len(run[0].title or "") <= 24:
                out.add(run[0].id)  # one summary unit, then …主要做了以下工作。 (national 2015)
                continue
            if len(run) < 2 or not (dashed or claims):
                continue
            others = [c for c in secs if c not in run]
            if _announced_before(report, part, run[0]):
                continue  # the work the paragraph before announces (dandong 2022's 这四年我们主要做了以下工作：)
            ratio = (statistics.median(c.end - c.start for c in run) / statistics.median(c.end - c.start for c in others)
                     if others else 1.0)
            if claims and announced and len(run) < len(others):
                # a summary, then 一年来，我们…主要做了以下工作。 and the longer list of the body (national 2025:
                # two claims, seven items; not yongzhou 2014's six 经济发展稳中有进。… units, then 一年来，我们…
                # 着重围绕以下四个方面开展工作： and four 一是谋大事。…)
                out.update(c.id for c in run)
            elif len(others) >= 2 and ratio < (dashed_limit if dashed else 0.6):
                # (beside a body series: not tianjin 2021's （一）…（六）, shorter than the one 五年来，我们坚定不移
                # 推进全面从严治党… unit closing the review)
                out.update(c.id for c in run)
    return out


def _claims_only(report: Report) -> set[str]:
    """Ids of a review made of nothing but one ——-led run of short claims (guizhou 2011's ——综合经济实力
    迈上新台阶。 … ——社会事业取得新进步。, its whole five-year review): summary and body at once, they
    pair with the other year's highlights and, where it has none on their topic, with its body sections."""
    out: set[str] = set()
    for part in report.root.children:
        secs = [c for c in part.children if c.kind == "section"]
        if (part.role == "review" and len(secs) >= 3 and all(_dashed(report.text, c) for c in secs)
                and all(len(c.title or "") <= 16 for c in secs)):
            out.update(c.id for c in secs)
    return out


_PERIOD_OPEN_RE = re.compile(r"(一年来|过去的?一年|五年来|过去五年)，")
_ANNOUNCING_RE = re.compile(r"(以下工作|如下)[。：:]\W*$")


def _announced_before(report: Report, part: Node, first: Node) -> bool:
    """Whether the paragraph right before ``first`` announces it as the work done (…主要做了以下工作：)."""
    k = part.children.index(first)
    if k == 0 or part.children[k - 1].kind != "block":
        return False
    return _ANNOUNCING_RE.search(report.text[part.children[k - 1].start:part.children[k - 1].end]) is not None


def _announced_after(report: Report, part: Node, last: Node) -> bool:
    """Whether a paragraph announcing the body (…主要做了以下工作。, or a one-sentence 一年来，我们…)
    follows ``last`` before the next section of ``part``."""
    after = part.children[part.children.index(last) + 1:]
    for child in after:
        if child.kind == "section":
            return False
        para = report.text[child.start:child.end]
        if _ANNOUNCING_RE.search(para) or (_PERIOD_OPEN_RE.match(para) and len(child.children) == 1):
            return True
    return False


def _section_roles(report: Report) -> dict[str, str]:
    """Section id → the id and role of its part (sections of two parts of one role stay apart)."""
    return {c.id: f"{part.role}" for part in report.root.children for c in part.children if c.kind == "section"}


def _parts_links(old: Report, new: Report, weights: _Weights, fo: Features, fn: Features) -> list[Link]:
    links: list[Link] = []
    old_parts = [p for p in old.root.children]
    new_parts = [p for p in new.root.children]
    roles = []
    for p in old_parts + new_parts:
        r = p.role or "other"
        if r not in roles:
            roles.append(r)
    for role in roles:
        o = [p for p in old_parts if (p.role or "other") == role]
        n = [p for p in new_parts if (p.role or "other") == role]
        links.extend(_assign(_units(o, weights, fo), _units(n, weights, fn), threshold=0.0, split_threshold=2.0,
                             level="part", use_title=True))
    return _sort_links(links, old, new)


def _section_groups(report: Report) -> dict[str, list[Node]]:
    """Sections by role group; an untyped part before any forward-looking part looks back (chengdu
    and sichuan 2020's 关于新冠肺炎疫情防控 before the year's review) and joins the review group."""
    groups: dict[str, list[Node]] = {}
    seen_forward = False
    for part in report.root.children:
        g = ROLE_GROUP.get(part.role or "other", "forward")
        if part.role in ("plan", "requirements", "outlook", "self_building"):
            seen_forward = True
        elif (part.role or "other") == "other" and not seen_forward:
            g = "review"
        for child in part.children:
            if child.kind == "section":
                groups.setdefault(g, []).append(child)
    return groups


def _sort_links(links: Sequence[Link], old: Report, new: Report) -> list[Link]:
    pos_new = {n.id: k for k, n in enumerate(new.root.walk())}
    pos_old = {n.id: k for k, n in enumerate(old.root.walk())}

    def key(link: Link) -> tuple[int, int]:
        if link.new:
            return (pos_new[link.new[0]], pos_old[link.old[0]] if link.old else -1)
        # dropped: place right after the new node that follows its old predecessor... keep old order at end
        return (len(pos_new) + pos_old[link.old[0]], 0)

    return sorted(links, key=key)


def align(old: Report, new: Report, *, with_followups: bool = True) -> Alignment:
    """Link the two reports at part, section, block and sentence level (see the module docstring)."""
    fo, fn = features(old), features(new)
    sec_bags = [_bag([s], fo) for s in old.sections] + [_bag([s], fn) for s in new.sections]
    if not sec_bags:
        sec_bags = [_bag([p], fo) for p in old.root.children] + [_bag([p], fn) for p in new.root.children]
    weights = _weights(sec_bags)
    links: list[Link] = _parts_links(old, new, weights, fo, fn)

    go, gn = _section_groups(old), _section_groups(new)
    ro, rn = _section_roles(old), _section_roles(new)
    po, pn = _periods(old), _periods(new)
    ho, hn = _highlights(old), _highlights(new)
    if bool(ho) != bool(hn):
        # one year opens its review with a run of summary claims: a ——-led run of the other year,
        # beside its body series and no longer than its units, is the same kind of unit (siping 2022)
        ho, hn = (ho, _highlights(new, dashed_limit=1.0)) if ho else (_highlights(old, dashed_limit=1.0), hn)
    eo, en = _claims_only(old), _claims_only(new)
    co, cn = _chapters(old), _chapters(new)
    section_links: list[Link] = []
    for g in sorted(set(go) | set(gn)):
        section_links.extend(_assign(_units(go.get(g, []), weights, fo, roles=ro, periods=po, highlights=ho, either=eo,
                                            chapters=co),
                                     _units(gn.get(g, []), weights, fn, roles=rn, periods=pn, highlights=hn, either=en,
                                            chapters=cn),
                                     gap_threshold=GAP_THRESHOLD,
                                     threshold=SECTION_THRESHOLD, split_threshold=SPLIT_THRESHOLD, level="section",
                                     strong_threshold=STRONG_THRESHOLD, contain_threshold=CONTAIN_THRESHOLD))
    links.extend(_sort_links(section_links, old, new))

    block_links, sent_links = _inner_links(old, new, links, weights, fo, fn)
    links.extend(block_links)
    links.extend(sent_links)
    followups = _followups(old, new, weights, fo, fn) if with_followups else []
    return Alignment(tuple(links), tuple(followups))


def _blocks_of(node: Node) -> list[Node]:
    """Blocks directly owned by a part (outside sections), or all blocks of a section."""
    if node.kind in ("part", "front"):
        return [c for c in node.children if c.kind == "block"]
    return [n for n in node.walk() if n.kind == "block"]


def _inner_links(old: Report, new: Report, upper: Sequence[Link], weights: _Weights, fo: Features,
                 fn: Features) -> tuple[list[Link], list[Link]]:
    node_o = {n.id: n for n in old.root.walk()}
    node_n = {n.id: n for n in new.root.walk()}
    block_links: list[Link] = []
    sent_links: list[Link] = []
    seen_o: set[str] = set()
    seen_n: set[str] = set()
    units: list[tuple[list[Node], list[Node]]] = []
    for link in upper:
        if link.level not in ("part", "section"):
            continue
        ob = [b for i in link.old for b in _blocks_of(node_o[i])]
        nb = [b for i in link.new for b in _blocks_of(node_n[i])]
        units.append((ob, nb))
    for ob, nb in units:
        ob = [b for b in ob if b.id not in seen_o]
        nb = [b for b in nb if b.id not in seen_n]
        seen_o.update(b.id for b in ob)
        seen_n.update(b.id for b in nb)
        bl, sl = _align_blocks(old, new, ob, nb, weights, fo, fn)
        block_links.extend(bl)
        sent_links.extend(sl)
    # any block not reached (e.g. inside subsections of unlinked parts) is new/dropped
    for b in old.blocks:
        if b.id not in seen_o:
            block_links.append(Link("block", (b.id,), (), "dropped", 0.0))
            sent_links.extend(Link("sentence", (s.id,), (), "dropped", 0.0) for s in b.children)
    for b in new.blocks:
        if b.id not in seen_n:
            block_links.append(Link("block", (), (b.id,), "new", 0.0))
            sent_links.extend(Link("sentence", (), (s.id,), "new", 0.0) for s in b.children)
    sent_links = _moves(old, new, sent_links, weights, fo, fn)
    return _sort_links(block_links, old, new), _sort_links(sent_links, old, new)


def _align_blocks(old: Report, new: Report, ob: Sequence[Node], nb: Sequence[Node], weights: _Weights,
                  fo: Features, fn: Features) -> tuple[list[Link], list[Link]]:
    bl: list[Link] = []
    sl: list[Link] = []
    vo = [_set_of(b, fo) for b in ob]
    vn = [_set_of(b, fn) for b in nb]
    for oi, nj, score in _dp(vo, vn, threshold=BLOCK_THRESHOLD, old_text=[old.span(b) for b in ob],
                             new_text=[new.span(b) for b in nb]):
        olds = [ob[i] for i in oi]
        news = [nb[j] for j in nj]
        if olds and news:
            same = len(olds) == len(news) == 1 and old.span(olds[0]) == new.span(news[0])
            kind = "same" if same else ("split" if len(news) > 1 else "merge" if len(olds) > 1 else "renamed")
            ev = _set_evidence(frozenset().union(*(vo[i] for i in oi)), frozenset().union(*(vn[j] for j in nj)),
                               weights)
            bl.append(Link("block", tuple(b.id for b in olds), tuple(b.id for b in news), kind,  # type: ignore[arg-type]
                           1.0 if same else _r(score), ev))
            so = [s for b in olds for s in b.children]
            sn = [s for b in news for s in b.children]
            sl.extend(_align_sentences(old, new, so, sn, weights, fo, fn))
        elif olds:
            bl.append(Link("block", tuple(b.id for b in olds), (), "dropped", 0.0))
            sl.extend(Link("sentence", (s.id,), (), "dropped", 0.0) for b in olds for s in b.children)
        else:
            bl.append(Link("block", (), tuple(b.id for b in news), "new", 0.0))
            sl.extend(Link("sentence", (), (s.id,), "new", 0.0) for b in news for s in b.children)
    return bl, sl


def _align_sentences(old: Report, new: Report, so: Sequence[Node], sn: Sequence[Node], weights: _Weights,
                     fo: Features, fn: Features) -> list[Link]:
    out: list[Link] = []
    vo = [fo.sets[s.id] for s in so]
    vn = [fn.sets[s.id] for s in sn]
    for oi, nj, score in _dp(vo, vn, threshold=SENTENCE_THRESHOLD, old_text=[old.span(x) for x in so],
                             new_text=[new.span(x) for x in sn]):
        olds = [so[i] for i in oi]
        news = [sn[j] for j in nj]
        if olds and news:
            same = len(olds) == len(news) == 1 and old.span(olds[0]) == new.span(news[0])
            kind = "same" if same else ("split" if len(news) > 1 else "merge" if len(olds) > 1 else "renamed")
            out.append(Link("sentence", tuple(s.id for s in olds), tuple(s.id for s in news), kind,  # type: ignore[arg-type]
                            1.0 if same else _r(score)))
        elif olds:
            out.extend(Link("sentence", (s.id,), (), "dropped", 0.0) for s in olds)
        else:
            out.extend(Link("sentence", (), (s.id,), "new", 0.0) for s in news)
    return out


def _moves(old: Report, new: Report, links: list[Link], weights: _Weights, fo: Features, fn: Features) -> list[Link]:
    """Dropped and new sentences that match each other across the report become `moved` links."""
    dropped = [k for k, link in enumerate(links) if link.kind == "dropped"]
    added = [k for k, link in enumerate(links) if link.kind == "new"]
    if not dropped or not added:
        return links
    sd = {k: fo.sets[links[k].old[0]] for k in dropped}
    sa = {k: fn.sets[links[k].new[0]] for k in added}
    # prefix filtering (an exact set-similarity join): with features ordered rarest first, two sets
    # with Dice >= t must share one of the first |s| - ceil(J |s|) + 1 features, J = t / (2 - t)
    freq: Counter[str] = Counter()
    for fs in list(sd.values()) + list(sa.values()):
        freq.update(fs)
    jac = MOVE_THRESHOLD / (2 - MOVE_THRESHOLD)

    def prefix(fs: frozenset[str]) -> list[str]:
        ordered = sorted(fs, key=lambda f: (freq[f], f))
        return ordered[: len(ordered) - math.ceil(jac * len(ordered)) + 1]

    index: dict[str, list[int]] = {}
    for k in dropped:
        for f in prefix(sd[k]):
            index.setdefault(f, []).append(k)
    cands = []
    for b in added:
        sb = sa[b]
        seen: set[int] = set()
        for f in prefix(sb):
            for a in index.get(f, ()):
                if a in seen:
                    continue
                seen.add(a)
                s = dice(sd[a], sb)
                if s >= MOVE_THRESHOLD:
                    cands.append((-s, a, b))
    by_text: dict[str, list[int]] = {}
    for a in dropped:
        by_text.setdefault(old.span(old.node(links[a].old[0])), []).append(a)
    for b in added:  # identical sentences match even without features (a line of masks or dots)
        for a in by_text.get(new.span(new.node(links[b].new[0])), ()):
            cands.append((-1.0, a, b))
    cands.sort()
    in_order = _order_check(old, new, links)
    used_a: set[int] = set()
    used_b: set[int] = set()
    replaced: dict[int, Link] = {}
    remove: set[int] = set()
    for neg, a, b in cands:
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        o, n = old.node(links[a].old[0]), new.node(links[b].new[0])
        if in_order(o.start, n.start):  # linked late (e.g. across a section boundary) but not moved
            kind = "same" if old.span(o) == new.span(n) else "renamed"
        else:
            kind = "moved"
        replaced[b] = Link("sentence", links[a].old, links[b].new, kind, 1.0 if kind == "same" else _r(-neg))  # type: ignore[arg-type]
        remove.add(a)
    return [replaced.get(k, link) for k, link in enumerate(links) if k not in remove]


def _order_check(old: Report, new: Report, links: Sequence[Link]) -> Callable[[int, int], bool]:
    """Whether an (old, new) position pair sits between the neighbouring linked sentences."""
    anchors = sorted((old.node(link.old[0]).start, new.node(link.new[0]).start)
                     for link in links if link.old and link.new)
    olds = [a for a, _ in anchors]

    def check(o: int, n: int) -> bool:
        i = bisect.bisect_left(olds, o)
        before = anchors[i - 1][1] if i > 0 else -1
        after = anchors[i][1] if i < len(anchors) else len(new.text) + 1
        return before < n < after

    return check


def _followups(old: Report, new: Report, weights: _Weights, fo: Features, fn: Features) -> list[Link]:
    """Plan sections of the old report → review blocks of the new report that report on them."""
    plan_secs = [s for p in old.root.children if p.role in ("plan", "requirements") for s in p.children
                 if s.kind == "section"]
    review_blocks = [b for p in new.root.children if p.role == "review" for b in p.walk() if b.kind == "block"]
    if not plan_secs or not review_blocks:
        return []
    vb = [weights.vec(_words_only(_bag([b], fn))) for b in review_blocks]
    out: list[Link] = []
    for s in plan_secs:
        vs = weights.vec(_words_only(_bag([s], fo)))
        scored = sorted(((cosine(vs, v), k) for k, v in enumerate(vb)), key=lambda x: (-x[0], x[1]))
        if not scored or scored[0][0] < FOLLOWUP_THRESHOLD:
            continue
        top = scored[0][0]
        hits = [(sc, k) for sc, k in scored[:3] if sc >= max(FOLLOWUP_THRESHOLD, 0.6 * top)]
        ids = tuple(review_blocks[k].id for _, k in sorted(hits, key=lambda x: x[1]))
        out.append(Link("section", (s.id,), ids, "followed_up", _r(top),
                        _evidence(vs, _merge_vecs([vb[k] for _, k in hits]))))
    return out
