"""Goals: extract, normalize and compare what a report promises and what it says was achieved.

Stage: goal extraction (after parsing, before comparison). From a parsed ``Report`` this module finds
the headline expected targets (the 主要预期目标 paragraph and its variants), last year's achieved
headline figures in the review part (``actual``, flagged ``estimated`` when the text says 预计), and
quantified commitments in the plan (``commitment``). Every goal carries the offsets of the phrase that
states it (``report.text[goal.start:goal.end]``) and the id of the enclosing block. Metric names are
normalized through the alias table ``reportdiff/data/metrics.json``; numbers through
``parse_number`` (Arabic and full-width digits, Chinese numerals, 万/亿 multipliers). Masked values
(``*%``) are reported with ``masked=True`` and null numbers, never guessed. ``compare_goals`` says how
targets moved between two years, whether last year's targets were met, and how commitments changed.
The grammar is documented in docs/goals.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from reportdiff.lexicon import INTENSITY_MARKERS
from reportdiff.model import Goal, GoalChange, Report
from reportdiff.numerals import DIGITS as CN_DIGITS
from reportdiff.numerals import FULLWIDTH, cn_integer

__all__ = [
    "compare_goals", "extract_goals", "find_actuals", "find_commitments", "find_targets",
    "format_changes", "headline_span", "load_metrics", "metric_key", "parse_number", "scan_text",
]

# ---------------------------------------------------------------------------------------------
# numbers

_ARABIC_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)((?:[十百千万亿])*)$")


def parse_number(text: str) -> float | None:
    """The number written in ``text``: ``6.5``, ``６．５``, ``1,200``, ``3.5万`` (35000), ``1.3万亿``,
    ``一百二十``, ``两万``, ``6.5%`` (6.5); None when the text is not a number."""
    s = text.strip().translate(FULLWIDTH).replace(",", "").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if not s:
        return None
    m = _ARABIC_RE.match(s)
    if m:
        value = float(m.group(1))
        for ch in m.group(2):
            value *= {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[ch]
        return value
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_integer(whole) if whole else 0
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return float(f"{w}." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    v = cn_integer(s)
    return None if v is None else float(v)


# ---------------------------------------------------------------------------------------------
# metric keys

@lru_cache(maxsize=1)
def _metrics() -> dict[str, tuple[str, ...]]:
    raw = json.loads(resources.files("reportdiff").joinpath("data/metrics.json").read_text(encoding="utf-8"))
    return {key: tuple(aliases) for key, aliases in raw.items()}


def load_metrics() -> dict[str, list[str]]:
    """The metric keys and their aliases (a fresh copy of reportdiff/data/metrics.json)."""
    return {key: list(aliases) for key, aliases in _metrics().items()}


# phrases that name several metrics at once (distributive phrasing: 城乡居民人均可支配收入分别增长6.5%、7.5%)
_GROUPS: dict[str, tuple[str, ...]] = {
    "城乡居民人均可支配收入": ("urban_income", "rural_income"),
    "城乡居民人均收入": ("urban_income", "rural_income"),
    "城乡居民收入": ("urban_income", "rural_income"),
    "三次产业增加值": ("primary_industry_va", "secondary_industry_va", "tertiary_industry_va"),
    "第一、第二、第三产业增加值": ("primary_industry_va", "secondary_industry_va", "tertiary_industry_va"),
    "第一产业、第二产业、第三产业增加值": (
        "primary_industry_va", "secondary_industry_va", "tertiary_industry_va"),
    "一二三产业增加值": ("primary_industry_va", "secondary_industry_va", "tertiary_industry_va"),
}


@lru_cache(maxsize=1)
def _alias_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    table: dict[str, tuple[str, ...]] = {}
    for key, aliases in _metrics().items():
        for alias in aliases:
            table.setdefault(alias, (key,))
    table.update(_GROUPS)
    return tuple(sorted(table.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(alias) for alias, _ in _alias_table()))


def _alias_keys(alias: str) -> tuple[str, ...]:
    for a, keys in _alias_table():
        if a == alias:
            return keys
    return ()


def metric_key(metric_text: str) -> str:
    """The normalized key of a metric as written (地区生产总值 → gdp, 规上工业增加值 →
    industrial_value_added); the longest alias contained in the text decides; ``other`` when none
    or when the text names several metrics at once."""
    text = metric_text.strip()
    for alias, keys in _alias_table():
        if alias in text:
            return keys[0] if len(keys) == 1 else "other"
    return "other"


# ---------------------------------------------------------------------------------------------
# the phrase grammar

_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_MASK = r"\*+(?:[.·+]\*+)*"
_UNITS = (
    "个百分点", "‰", "万亿美元", "亿美元", "万美元", "美元", "万亿元", "亿元", "万元", "元", "万亿斤", "亿斤", "万斤", "斤",
    "亿吨", "万吨", "吨", "万人次", "人次", "万人", "人", "万户", "户", "万亩", "亩", "万平方米", "平方米",
    "平方公里", "公里", "千米", "万千瓦", "千瓦", "万套", "套", "万间", "间", "万个", "个", "万家", "家", "所", "座",
    "条", "项", "件", "场", "次", "张", "辆", "台", "名", "列", "架", "处", "天", "岁", "年", "倍", "万", "%",
)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNITS) + ")"
_QUAL = r"(?:左右|以上|以内|以下|上下)"
_ONE = rf"(?:{_NUM}|{_MASK})\s*{_UNIT}?(?:\s*[-—–~～至]\s*(?:{_NUM}|{_MASK})\s*{_UNIT}?)?"
# each value may carry its own qualifier (分别增长3%以上、6%以上和6%以上); the last one is the list's
_LIST_RE = re.compile(rf"{_ONE}(?:\s*{_QUAL}?\s*(?:、|和|及)\s*{_ONE})*\s*{_QUAL}?")
_ONE_RE = re.compile(
    rf"(?P<a>{_NUM}|{_MASK})\s*(?P<ua>{_UNIT})?(?:\s*[-—–~～至]\s*(?P<b>{_NUM}|{_MASK})\s*(?P<ub>{_UNIT})?)?")
_MASK_RE = re.compile(_MASK)
_SENT_END = "。！？；!?;\n"
_CLAUSE_DELIMS = "，、：,:"
_CURRENCY = ("元", "美元")
_STRENGTHS = ("确保", "力争", "努力", "争取")

# text allowed between the start of a clause and a metric name: scope words, not a subgroup
_PREFIX_OK = re.compile(
    r"(?:[*—\s“”]|全国|全省|全市|全区|全县|全州|我国|我省|我市|全年|年末|年度|今年|去年|上年|预计|实现|力争|确保|努力|"
    r"争取|推动|带动|完成|其中|以及|同时|特别是|使|全社会|全体|在|和|与|及|并|共|主要是|经济结构有新的优化|"
    r"就业稳|价格稳|增速稳|发展质量有新的提升|人民生活有新的改善)*")
# a clause that continues the previous metric (…达到56.9万亿元，比上年增长7.7%)
_CONTINUE = re.compile(
    r"^(?:[*\s]*)(?:[^，、]{0,12}?(?:率先|首次|一举))?"
    r"(?:预计|全年|总量|总额|规模|经济总量|增速|比上年|同比|同口径|实际|分别|再|并|均|年末|确保|力争|努力|争取)*"
    r"(?:增长|增加|提高|上涨|下降|降低|减少|达到|达|超过|超|突破|逾|为|增至|升至|占)")
_RELATIVE = re.compile(r"比全国|比全省|比全市|高于全|低于全|快于|慢于|平均水平|第|前\d|位次")
_MULTI_YEAR = re.compile(r"年均|累计|五年|十年|连续\d+年|\d{4}年以来|以来|连年|历年|“十[二三四五]五”")
_NOT_SUBJECT_AFTER = re.compile(r"^(?:比重|占|贡献率|强度|差距|比|倍差|增速(?:有望|居|进入|排)|居|排|总量居)")


@dataclass(frozen=True)
class _Mention:
    alias: str
    keys: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Value:
    low: float | None
    high: float | None
    unit: str | None
    masked: bool
    start: int
    end: int


def _clause_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in _SENT_END + _CLAUSE_DELIMS:
        i -= 1
    return i


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    i = start
    for j in range(start, end):
        if text[j] in _SENT_END:
            if j + 1 > i:
                yield i, j + 1
            i = j + 1
    if i < end:
        yield i, end


_OUTPUT_RE = re.compile(r"(?<=[、，,])(?:总产量|产量)")


def _mentions(text: str, start: int, end: int) -> list[_Mention]:
    out = []
    for m in _alias_re().finditer(text, start, end):
        after = text[m.end():m.end() + 6]
        if _NOT_SUBJECT_AFTER.match(after):
            continue
        out.append(_Mention(m.group(), _alias_keys(m.group()), m.start(), m.end()))
    # 粮食播种面积628.1万亩、总产量46.74亿斤: a bare 产量 right after a 粮食 clause is grain output
    for m in _OUTPUT_RE.finditer(text, start, end):
        if "粮食" in text[max(start, m.start() - 16):m.start()] and not any(
                x.start <= m.start() < x.end for x in out):
            out.append(_Mention(m.group(), ("grain_output",), m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


def _qualifier(after: str, before: str) -> str | None:
    if after:
        return "左右" if after == "上下" else after
    b = before.rstrip()
    for words, qual in ((("不低于", "不少于", "超过", "突破", "超", "逾", "高于", "多于"), "以上"),
                        (("不超过", "不高于", "控制在"), None), (("低于", "少于"), "以下")):
        for w in words:
            if b.endswith(w) or (w in ("超过", "突破", "超", "不低于", "低于") and b.endswith(w + "了")):
                return qual
    return None


def _direction(gap: str, default: str = "其他") -> str:
    for words, d in (
        (("控制在",), "控制在"), (("保持在", "稳定在", "保持"), "保持"),
        (("下降", "降低", "减少", "降幅", "回落", "降到", "降至"), "下降"),
        (("增长", "增加", "提高", "上涨", "涨幅", "增速", "提升", "增至", "升至"), "增长"),
        (("达到", "达", "突破", "超过", "超", "为", "逾"), "达到"),
    ):
        if any(w in gap for w in words):
            return d
    return default


def _strength(text: str, lo: int, pos: int) -> str | None:
    clause = text[_clause_start(text, lo, pos):pos]
    best: tuple[int, str] | None = None
    for w in _STRENGTHS:
        i = clause.rfind(w)
        if i >= 0 and (best is None or i > best[0]):
            best = (i, w)
    return best[1] if best else None


def _values(text: str, m: re.Match[str]) -> tuple[list[_Value], str | None]:
    """The values of a matched value list (units inherited from the last one) and its qualifier."""
    body = m.group()
    qm = re.search(_QUAL + r"$", body)
    qual = qm.group() if qm else None
    raw: list[tuple[str, str | None, str | None, str | None, int, int]] = []
    for one in _ONE_RE.finditer(body):
        unit = one.group("ub") or one.group("ua")
        raw.append((one.group("a"), one.group("b"), one.group("ua"), unit, m.start() + one.start(),
                    m.start() + one.end()))
    last_unit = next((r[3] for r in reversed(raw) if r[3]), None)
    out = []
    for a, b, _ua, unit, s, e in raw:
        masked = bool(_MASK_RE.fullmatch(a)) or bool(b and _MASK_RE.fullmatch(b))
        lo = None if masked else parse_number(a)
        hi = None if masked else (parse_number(b) if b else lo)
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo  # a band written high to low (8%-7%) is the same band
        out.append(_Value(lo, hi, unit or last_unit, masked, s, e))
    return out, qual


def _is_rank_or_noise(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 2):m.start()]
    after = text[m.end():m.end() + 2]
    if before.endswith(("第", "前", "后", "近", "约")) and not before.endswith("近"):
        return True
    if text[m.end():m.end() + 3].startswith(("台阶", "新台阶")):
        return True
    if after.startswith(("位", "名", "强", "年", "月", "日", "号", "期", "·", "GWh")):
        return True
    return bool(re.match(r"[0-9０-９.]", after[:1]))


# ---------------------------------------------------------------------------------------------
# relations: 地方一般公共预算收入、城乡居民人均可支配收入与经济增长基本同步

_RELATION_RE = re.compile(
    r"(?:增长)?(?:与|和|同)(?:国内生产总值|地区生产总值|经济)(?:增长|发展(?:趋势|态势)?|增速|增幅)(?:保持)?(?P<basic>基本)?"
    r"(?P<rel>同步|一致|协调|相适应)|(?:增长|增速)?(?P<higher>高于|快于)(?:经济增速|经济增长|地区生产总值增速)")


def _relations(text: str, s: int, e: int) -> list[tuple[list[_Mention], str, int, int]]:
    out = []
    for m in _RELATION_RE.finditer(text, s, e):
        cs = s
        for j in range(m.start() - 1, s - 1, -1):
            if text[j] in "，,：:":
                cs = j + 1
                break
        subjects = [x for x in _mentions(text, cs, m.start()) if x.keys[0] != "gdp"]
        if not subjects:
            continue
        if m.group("higher"):
            direction = "高于经济增长"
        else:
            direction = "基本同步" if m.group("basic") or m.group("rel") != "同步" else "同步"
        out.append((subjects, direction, subjects[0].start, m.end()))
    return out


# ---------------------------------------------------------------------------------------------
# span scanners

@dataclass(frozen=True)
class _Found:
    keys: tuple[str, ...]
    metric_text: str
    direction: str
    values: tuple[_Value, ...]
    qualifier: str | None
    start: int
    end: int
    estimated: bool
    strength: str | None
    sentence: tuple[int, int]
    gap: str


def _scan(text: str, start: int, end: int) -> list[_Found]:
    """Every (metric, value list) statement between start and end, in document order."""
    found: list[_Found] = []
    for s, e in _sentences(text, start, end):
        rel_spans = []
        for subjects, direction, rs, re_ in _relations(text, s, e):
            rel_spans.append((rs, re_))
            keys = tuple(k for x in subjects for k in x.keys)
            found.append(_Found(keys, "、".join(x.alias for x in subjects), direction, (), None, rs, re_,
                                "预计" in text[s:rs], _strength(text, s, rs), (s, e), ""))
        mentions = [x for x in _mentions(text, s, e) if not any(a <= x.start < b for a, b in rel_spans)]
        anchor_end = None
        subject: _Mention | None = None
        mi = 0
        for vm in _LIST_RE.finditer(text, s, e):
            if any(a <= vm.start() < b for a, b in rel_spans) or _is_rank_or_noise(text, vm):
                continue
            while mi < len(mentions) and mentions[mi].end <= vm.start():
                subject = mentions[mi]
                anchor_end = subject.end
                mi += 1
            if subject is None or anchor_end is None:
                continue
            gap = text[anchor_end:vm.start()]
            direct = anchor_end == subject.end
            if direct:
                prefix = text[_clause_start(text, s, subject.start):subject.start]
                if not _PREFIX_OK.fullmatch(_alias_re().sub("", prefix)):
                    continue
            last = max(gap.rfind(c) for c in "，、,：:")
            if last < 0:
                if len(gap) > 14:
                    continue
                seg = gap
                span_start = subject.start if direct else anchor_end
            else:
                seg = gap[last + 1:]
                if (not _CONTINUE.match(seg) or len(gap) > 24 or re.search(r"[0-9０-９]", gap)
                        or _alias_re().search(gap)):
                    continue
                span_start = anchor_end + last + 1
            if _RELATIVE.search(gap) or "台阶" in seg:
                continue
            if re.search(r"[从由]$", gap):
                continue
            values, qual = _values(text, vm)
            if not values:
                continue
            keys, metric_text = subject.keys, subject.alias
            if len(values) > 1 and len(keys) == 1:
                chain = _chain(text, mentions[:mi], s, gap, len(values))
                if chain:
                    keys = tuple(k for c in chain for k in c.keys)
                    metric_text = "、".join(c.alias for c in chain)
                    span_start = min(span_start, chain[0].start)
            before = text[s:vm.start()]
            anchor_end = vm.end()
            found.append(_Found(
                keys, metric_text, _direction(gap, "达到"), tuple(values),
                _qualifier(qual or "", before), span_start, vm.end(), "预计" in before,
                _strength(text, s, vm.start()), (s, e), gap))
    return found


def _chain(text: str, before: Sequence[_Mention], s: int, gap: str, n: int) -> list[_Mention]:
    """The n metrics a list of n values distributes over: 城镇登记失业率和调查失业率分别控制在4.5%、5.5%以内
    (names joined by 、/和/与/及) or 城镇居民…22210元、农民人均纯收入8492元，分别增长11.2%、13.6% (分别)."""
    if not before:
        return []
    chain = [before[-1]]
    for m in reversed(before[:-1]):
        if text[m.end:chain[0].start] in ("、", "和", "与", "及", "以及"):
            chain.insert(0, m)
        else:
            break
    if len(chain) == n:
        return chain
    if "分别" in gap:
        last = [m for m in before if m.start >= s][-n:]
        if len(last) == n and len({m.keys for m in last}) == n:
            return last
    return []


def _context_ok(text: str, f: _Found, *, kind: str) -> bool:
    s, _e = f.sentence
    head = text[s:f.start]
    if kind == "actual":
        if _MULTI_YEAR.search(text[_clause_start(text, s, f.start):f.end]):
            return False
        if re.search(r"[从由][^，。；]*$", head) and "到" in f.gap:
            return False
    return not (re.search(r"[从由]", f.gap) and re.search(r"(?:提高|增加|上升|下降|降低)到", f.gap))


def _unit_ok(f: _Found, v: _Value, key: str) -> bool:
    if v.unit is None:
        return key == "cpi" and v.low is not None and 95 <= v.low <= 110 or v.masked
    return True


def _to_goals(found: Sequence[_Found], *, kind: str, year: int | None, text: str,
              report: Report | None) -> list[Goal]:
    goals: list[Goal] = []
    refers = (year - 1) if (year is not None and kind == "actual") else year
    for f in found:
        node = _node_at(report, f.start)
        strength = f.strength if kind != "actual" else None
        if not f.values:
            for key in f.keys:
                goals.append(Goal(kind, key, f.metric_text, f.direction, None, None, None, None, strength,  # type: ignore[arg-type]
                                  False, year, refers, f.start, f.end, node, f.estimated))
            continue
        keys = f.keys
        if len(keys) > 1 and len(f.values) == len(keys):
            pairs = list(zip(keys, f.values, strict=True))
        elif len(keys) > 1:
            pairs = [(k, v) for v in f.values for k in keys] if len(f.values) == 1 else []
        else:
            pairs = [(keys[0], v) for v in f.values]
        for key, v in pairs:
            unit = v.unit
            if not _unit_ok(f, v, key):
                continue
            if unit is None and key == "cpi":
                unit = "指数(上年=100)"
            metric = "gdp_level" if key == "gdp" and unit and unit.endswith(_CURRENCY) else key
            if metric == "gdp" and unit not in ("%", None) and not v.masked:
                continue
            goals.append(Goal(kind, metric, f.metric_text, f.direction, v.low, v.high, unit, f.qualifier,  # type: ignore[arg-type]
                              strength, v.masked, year, refers, f.start, f.end, node, f.estimated))
    return goals


def _node_at(report: Report | None, pos: int) -> str | None:
    if report is None:
        return None
    best = None
    for b in report.blocks:
        if b.start <= pos < b.end:
            best = b.id
    return best


# ---------------------------------------------------------------------------------------------
# where the headline targets and the review are

_TARGET_CUE = re.compile(
    r"主要预期目标(?:是|为|如下)?[：:]|主要预期目标是|主要预期指标(?:是|为)?[：:]?|主要预期目标为|预期目标是[：:]?|"
    r"主要目标是[：:]?|我们提出[：:]|预期目标作了适当调整|主要预期目标")
_REVIEW_HEAD = re.compile(r"回顾|总结")
_FIVE_YEAR = re.compile(r"^(?:[*\s—]|各位代表[，！!,])*(?:过去五年|五年来|这五年|本届政府|.{0,12}以来的五年|“?十[一二三四五]五”?时期)")
_LAST_YEAR = re.compile(r"^(?:[*\s—]|各位代表[，！!,])*(?:刚刚过去的|过去的?一年|一年来|去年|(?P<y>\d{4})年[，是])")


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    i = start
    while i < end:
        j = text.find("\n", i, end)
        j = end if j < 0 else j
        if text[i:j].strip():
            yield i, j
        i = j + 1


def _headline_score(text: str, s: int, e: int) -> int:
    para = text[s:e]
    cue = _TARGET_CUE.search(para)
    if not cue:
        return 0
    found = [f for f in _scan(text, s, e) if f.start >= s + cue.start() - 60]
    if not found:
        return 0
    strong = 2 if re.search(r"预期目标(?:是|为)|预期指标|我们提出|作了适当调整", para) else 1
    return strong * 100 + len(found)


def headline_span(report: Report) -> tuple[int, int] | None:
    """Offsets of the headline target paragraph (主要预期目标是：…), or None when the report has none.

    Looks in the parts after the review (requirements, outlook, plan) and falls back to the whole
    text when the report has no parts with roles. The first paragraph with a strong cue
    (预期目标是/为, 主要预期指标, 我们提出：, 预期目标作了适当调整) and at least one stated goal wins."""
    text = report.text
    regions = [(p.start, p.end) for p in report.parts if p.role in ("requirements", "plan", "outlook", "other")]
    if not regions:
        regions = [(0, len(text))]
    best: tuple[int, int, int] | None = None
    for rs, re_ in regions:
        for s, e in _paragraphs(text, rs, re_):
            score = _headline_score(text, s, e)
            if score >= 200:
                return s, e
            if score and best is None:
                best = (s, e, score)
    return (best[0], best[1]) if best else None


def _review_spans(report: Report) -> list[tuple[int, int]]:
    """Paragraph spans of the review part that talk about last year (five-year passages left out)."""
    text = report.text
    parts = [p for p in report.parts if p.role == "review"]
    if parts:
        region = (parts[0].start, parts[0].end)
        title = parts[0].title or ""
    else:
        hs = headline_span(report)
        region = (0, hs[0] if hs else len(text))
        title = ""
    zone = "five" if re.search(r"五年|本届", title) and not re.search(r"\d{4}年工作", title) else "last"
    year = report.meta.year
    out = []
    for s, e in _paragraphs(text, *region):
        para = text[s:e]
        if _FIVE_YEAR.search(para):
            zone = "five"
        else:
            m = _LAST_YEAR.search(para)
            if m and (m.group("y") is None or year is None or int(m.group("y")) == year - 1):
                zone = "last"
        if zone == "last":
            out.append((s, e))
        elif year is not None:
            for ss, se in _sentences(text, s, e):
                sent = text[ss:se]
                if re.match(rf"^(?:[*\s—])*(?:{year - 1}年|去年)[，,]", sent):
                    out.append((ss, se))
    return out


# ---------------------------------------------------------------------------------------------
# public extraction

def scan_text(text: str, start: int = 0, end: int | None = None, *, kind: str = "target",
              year: int | None = None) -> tuple[Goal, ...]:
    """Goals stated in ``text[start:end]`` read with the headline grammar (metric, direction, value
    list, qualifier, distributive 分别, relations to economic growth), without looking for where the
    headline paragraph is. Offsets index ``text``; ``node`` is None. For ``kind="actual"``
    multi-year figures (年均, 累计, 五年…) are left out."""
    stop = len(text) if end is None else end
    found = [f for f in _scan(text, start, stop) if _context_ok(text, f, kind=kind)]
    return tuple(_to_goals(found, kind=kind, year=year, text=text, report=None))


def find_targets(report: Report) -> tuple[Goal, ...]:
    """The headline targets of the report (kind ``target``), in document order."""
    span = headline_span(report)
    if span is None:
        return ()
    text = report.text
    found = [f for f in _scan(text, *span) if _context_ok(text, f, kind="target")]
    return tuple(_to_goals(found, kind="target", year=report.meta.year, text=text, report=report))


_HEADLINE_ACTUAL = frozenset({
    "gdp", "gdp_level", "fixed_asset_investment", "industrial_value_added", "retail_sales",
    "public_budget_revenue", "urban_income", "rural_income", "resident_income", "cpi", "urban_new_jobs",
    "urban_unemployment_surveyed", "urban_unemployment_registered", "import_export", "grain_output",
    "energy_intensity", "primary_industry_va", "secondary_industry_va", "tertiary_industry_va", "rd_spending",
})


def _unit_class(goal: Goal) -> str:
    if goal.unit in ("%", "个百分点", "‰", None):
        return "rate"
    return "amount"


def find_actuals(report: Report) -> tuple[Goal, ...]:
    """Last year's achieved headline figures stated in the review (kind ``actual``): the first
    statement of each headline metric (and unit class: growth rate or amount) about last year."""
    text = report.text
    seen: set[tuple[str, str]] = set()
    out: list[Goal] = []
    for s, e in _review_spans(report):
        found = [f for f in _scan(text, s, e) if _context_ok(text, f, kind="actual")]
        for g in _to_goals(found, kind="actual", year=report.meta.year, text=text, report=report):
            if g.metric not in _HEADLINE_ACTUAL:
                continue
            k = (g.metric, _unit_class(g))
            if k in seen:
                continue
            seen.add(k)
            out.append(g)
    return tuple(out)


_COMMIT_VERB = re.compile(
    r"(新建|新增|新开工|开工|建成|完成|改造|新改建|改扩建|实施|培育|引进|招引|打造|创建|建设|达到|突破|提升至|提高到|"
    r"增至|发放|筹集|帮扶|培训|减少|降低|控制在|保持在|稳定在|增长|净增|累计|超过|力争|确保|新培育|新认定|认定|"
    r"解决|提供|安排|投入|惠及|落实|开行|举办|开展|推出|布局|建立|设立|招聘|吸引|带动|争取|实现|造林|植树|治理)")
_COMMIT_UNITS = frozenset(u for u in _UNITS if u not in ("年", "岁", "天", "倍"))


def find_commitments(report: Report, *, exclude: tuple[int, int] | None = None) -> tuple[Goal, ...]:
    """Quantified commitments in the plan parts (kind ``commitment``): 新建公办幼儿园12所,
    完成交通投资150亿元, 力争国家高新技术企业突破200家 …; ``exclude`` is the headline paragraph."""
    text = report.text
    year = report.meta.year
    parts = [p for p in report.parts if p.role in ("plan", "requirements")]
    regions = [(p.start, p.end) for p in parts]
    if not regions:
        hs = headline_span(report)
        if hs is None:
            return ()
        regions = [(hs[1], len(text))]
    out: list[Goal] = []
    for rs, re_ in regions:
        for s, e in _sentences(text, rs, re_):
            if exclude and exclude[0] <= s < exclude[1]:
                continue
            for vm in _LIST_RE.finditer(text, s, e):
                if _is_rank_or_noise(text, vm):
                    continue
                values, qual = _values(text, vm)
                if not values or any(v.unit is None for v in values):
                    continue
                if not all(v.unit in _COMMIT_UNITS for v in values):
                    continue
                cs = _clause_start(text, s, vm.start())
                clause = text[cs:vm.start()]
                verbs = list(_COMMIT_VERB.finditer(clause))
                if (not verbs or _RELATIVE.search(clause) or _MULTI_YEAR.search(clause)
                        or re.search(r"预期目标|目标(?:为|定为|是)", clause)):
                    continue
                verb = verbs[-1]
                obj = clause[verb.end():].strip("*“”")
                if not obj:
                    obj = clause[:verb.start()].strip("*“”")
                    for w in _STRENGTHS + ("全市", "全省", "全年", "今年"):
                        obj = obj.replace(w, "")
                obj = obj.strip()
                if len(obj) < 2 or obj.endswith("等") or obj in INTENSITY_MARKERS:
                    # …治理等69个项目建设 / 大力实施“100户外贸企业”: the counted thing follows the number
                    after = re.match(r"[“”\s]*([\u4e00-\u9fff]{2,12})", text[vm.end():e])
                    if after is None:
                        continue
                    obj = after.group(1)
                if not obj or len(obj) > 30:
                    continue
                key = metric_key(obj)
                direction = _direction(verb.group(), "达到")
                if verb.group() in ("新建", "新增", "新开工", "开工", "建成", "完成", "改造", "实施", "培育",
                                    "引进", "新培育", "创建", "打造", "建设", "发放", "筹集", "解决"):
                    direction = "新增"
                strength = _strength(text, s, vm.start())
                node = _node_at(report, cs)
                for v in values:
                    out.append(Goal("commitment", key, obj, direction, v.low, v.high, v.unit,
                                    _qualifier(qual or "", clause), strength, v.masked, year, year, cs,
                                    vm.end(), node, "预计" in clause))
    return tuple(out)


def extract_goals(report: Report, *, kinds: Collection[str] = ("target", "actual", "commitment")) -> tuple[Goal, ...]:
    """All goals of a report of the requested kinds: targets, then actuals, then commitments, each in
    document order. Offsets index ``report.text``; ``node`` is the enclosing block id."""
    unknown = set(kinds) - {"target", "actual", "commitment"}
    if unknown:
        from reportdiff.errors import OptionError

        raise OptionError(f"unknown goal kind(s) {sorted(unknown)}; use target, actual or commitment")
    out: list[Goal] = []
    if "target" in kinds:
        out.extend(find_targets(report))
    if "actual" in kinds:
        out.extend(find_actuals(report))
    if "commitment" in kinds:
        out.extend(find_commitments(report, exclude=headline_span(report)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# changes between two reports

_QUAL_RANK = {"以内": 0, "以下": 0, None: 1, "左右": 1, "以上": 2}
_STRENGTH_RANK = {None: 0, "争取": 1, "努力": 1, "力争": 2, "确保": 3}
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def _base_unit(unit: str | None) -> tuple[str | None, float]:
    if unit is None or unit in ("%", "个百分点"):
        return unit, 1.0
    for prefix, factor in _SCALE.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return unit[len(prefix):], factor
    return unit, 1.0


def _mid(g: Goal) -> float | None:
    if g.low is None or g.high is None:
        return None
    return (g.low + g.high) / 2


def _comparable(a: Goal, b: Goal) -> tuple[float, float] | None:
    ua, fa = _base_unit(a.unit)
    ub, fb = _base_unit(b.unit)
    ma, mb = _mid(a), _mid(b)
    if ua != ub or ma is None or mb is None:
        return None
    return ma * fa, mb * fb


def _fmt(g: Goal | None) -> str:
    if g is None:
        return "—"
    if g.masked:
        return "*" + (g.unit or "")
    if g.low is None:
        return g.direction
    num = f"{g.low:g}" if g.low == g.high else f"{g.low:g}–{g.high:g}"
    return f"{num}{g.unit or ''}{g.qualifier or ''}"


def _target_change(old: Goal, new: Goal) -> tuple[str, list[str]]:
    details: list[str] = []
    change = "unchanged"
    vals = _comparable(old, new)
    if old.masked or new.masked:
        change = "masked"
    elif vals is not None and abs(vals[0] - vals[1]) > 1e-9:
        lower_is_tighter = old.direction in ("下降",) or old.metric.startswith("urban_unemployment") \
            or old.metric == "cpi"
        raised = vals[1] > vals[0]
        change = "raised" if raised else "lowered"
        if lower_is_tighter:
            details.append("lower is stricter for this metric")
        if (old.low, old.high) != (new.low, new.high) and old.low is not None and new.low is not None \
                and (old.low == old.high) != (new.low == new.high):
            details.append("range_changed")
    elif vals is None and (old.low is None) != (new.low is None):
        change = "quantified" if old.low is None else "unquantified"
    elif vals is None and old.direction != new.direction:
        change = "wording_changed"
    if old.qualifier != new.qualifier:
        details.append(f"qualifier_changed: {old.qualifier or '—'} → {new.qualifier or '—'}")
    if old.strength != new.strength:
        details.append(f"strength_changed: {old.strength or '—'} → {new.strength or '—'}")
    if old.direction != new.direction and change != "wording_changed":
        details.append(f"direction_changed: {old.direction} → {new.direction}")
    if change == "unchanged":
        for d in details:
            if d.startswith("qualifier_changed"):
                change = "qualifier_changed"
                break
            if d.startswith("strength_changed"):
                change = "strength_changed"
                break
        details = [d for d in details if not d.startswith(change)]
    return change, details


def _outcome(target: Goal, actual: Goal | None) -> tuple[str, float | None]:
    if actual is None or target.masked or actual.masked:
        return "unknown", None
    if target.low is None:
        return "unknown", None
    vals = _comparable(target, actual)
    if vals is None or actual.low is None:
        return "unknown", None
    ua, fa = _base_unit(actual.unit)
    a = actual.low * fa
    _ut, ft = _base_unit(target.unit)
    lo, hi = target.low * ft, (target.high if target.high is not None else target.low) * ft
    stricter_low = target.direction == "下降" and target.metric not in ("cpi",)
    ceiling = target.metric.startswith("urban_unemployment") or target.metric == "cpi" \
        or target.qualifier in ("以内", "以下") or target.direction == "控制在"
    if stricter_low:
        ceiling = False
    if ceiling:
        gap = a - hi
        return ("met" if gap <= 1e-9 else "missed"), round(gap / fa if fa else gap, 4)
    tol = 0.0
    if target.qualifier == "左右":
        tol = 0.5 * ft if target.unit in ("%", "个百分点") else 0.0
    gap = a - lo
    ok = gap >= -tol - 1e-9
    return ("met" if ok else "missed"), round(gap / ft, 4)


def _gkey(g: Goal) -> tuple[str, str]:
    return g.metric, _unit_class(g)


def compare_goals(old: Sequence[Goal], new: Sequence[Goal], *, old_year: int | None = None,
                  new_year: int | None = None) -> tuple[GoalChange, ...]:
    """How goals moved from the old report to the new one.

    Targets are paired per metric (and unit class): raised, lowered, unchanged, new, dropped,
    qualifier_changed (左右 → 以上), strength_changed (力争 → 确保), masked, quantified, unquantified,
    wording_changed; secondary changes go to ``details``. Each old target is also checked against the
    actual stated in the new report (``outcome`` met / missed / unknown with ``gap`` in the target's
    unit, percentage points for rates). Commitments are matched by metric-phrase similarity: new,
    dropped, raised, lowered, unchanged. Order: by metric, then kind (targets before commitments)."""
    del old_year, new_year  # the years travel inside the goals; kept for API symmetry
    # an old target is judged only by an actual that reports on the same year (a 2019 target is
    # not met or missed by a 2022 figure when comparing 2019 with 2023)
    out: list[GoalChange] = []
    old_t: dict[tuple[str, str], Goal] = {}
    for g in old:
        if g.kind == "target":
            old_t.setdefault(_gkey(g), g)
    new_t: dict[tuple[str, str], Goal] = {}
    for g in new:
        if g.kind == "target":
            new_t.setdefault(_gkey(g), g)
    new_a: dict[tuple[str, str], Goal] = {}
    for g in new:
        if g.kind == "actual":
            new_a.setdefault(_gkey(g), g)
    for key in sorted(set(old_t) | set(new_t)):
        o, n = old_t.get(key), new_t.get(key)
        actual = new_a.get(key) if o is not None else None
        if actual is not None and o is not None and o.year is not None and actual.refers_to_year != o.year:
            actual = None
        outcome, gap = _outcome(o, actual) if o is not None else (None, None)
        if o is not None and n is not None:
            change, details = _target_change(o, n)
        else:
            change, details = ("dropped", []) if n is None else ("new", [])
        out.append(GoalChange(key[0], change, o, n, actual, outcome, gap, tuple(details)))
    out.extend(_commitment_changes([g for g in old if g.kind == "commitment"],
                                   [g for g in new if g.kind == "commitment"]))
    order = {"target": 0, "commitment": 1}
    out.sort(key=lambda c: (c.metric, order["target" if (c.old or c.new) and (c.old or c.new).kind == "target"  # type: ignore[union-attr]
                                               else "commitment"],
                            (c.old or c.new).start if (c.old or c.new) else 0))  # type: ignore[union-attr]
    return tuple(out)


def _commitment_changes(old: Sequence[Goal], new: Sequence[Goal]) -> list[GoalChange]:
    used: set[int] = set()
    out: list[GoalChange] = []
    for o in old:
        best, best_score = None, 0.0
        for j, n in enumerate(new):
            if j in used or _base_unit(n.unit)[0] != _base_unit(o.unit)[0]:
                continue
            score = SequenceMatcher(None, o.metric_text, n.metric_text, autojunk=False).ratio()
            if o.metric != "other" and o.metric == n.metric:
                score = max(score, 0.8)
            if score > best_score:
                best, best_score = j, score
        if best is not None and best_score >= 0.6:
            used.add(best)
            n = new[best]
            vals = _comparable(o, n)
            if vals is None or abs(vals[0] - vals[1]) <= 1e-9:
                change = "unchanged"
            else:
                change = "raised" if vals[1] > vals[0] else "lowered"
            out.append(GoalChange(o.metric, change, o, n, details=(f"similarity {best_score:.2f}",)))
        else:
            out.append(GoalChange(o.metric, "dropped", o, None))
    for j, n in enumerate(new):
        if j not in used:
            out.append(GoalChange(n.metric, "new", None, n))
    return out


def format_changes(changes: Sequence[GoalChange]) -> str:
    """A plain-text table of target changes and outcomes (one line per metric)."""
    rows = [("metric", "old target", "new target", "change", "actual", "outcome", "gap", "details")]
    for c in changes:
        if (c.old or c.new) is None or (c.old or c.new).kind != "target":  # type: ignore[union-attr]
            continue
        gap = "" if c.gap is None else f"{c.gap:+g}"
        rows.append((c.metric, _fmt(c.old), _fmt(c.new), c.change, _fmt(c.actual) if c.actual else "—",
                     c.outcome or "", gap, "; ".join(d for d in c.details if not d.startswith("similarity"))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows)


