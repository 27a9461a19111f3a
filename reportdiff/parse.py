"""Parsing: report text → an exact `Report` tree (front, parts, sections, subsections, blocks, sentences).

Stage: parse. Input is the decoded text (and, for HTML, heading hints: ranges that were bold or
``<h*>``). Every node is a half-open range into that text, so nothing is normalized away. The
parser works on *segments* (lines, sometimes cut where a heading was glued into a paragraph),
groups them into paragraphs (a line broken mid-sentence joins the next), recognizes part headings
by their wording and style, section headings by numbering series (一、 / （一） / 第一，), plain or
bold heading lines, run-in headings ending at the first 。, bold leads and themed review paragraphs
(——…, 一年来，我们…), and splits paragraphs into blocks and sentences. Pure Python, no jieba.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportdiff.model import Meta, Node, Report
from reportdiff.numerals import FULLWIDTH, cn_integer

CN_DIGITS = "〇零一二三四五六七八九十百"
_CN = f"[{CN_DIGITS}]+"
TERMINALS = "。！？；!?;…"
_CLOSERS = "”’」』）)》〉】"
_OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】"}
_SPACE = " \t\u3000\u00a0"  # only characters str.isspace() accepts: the rest must land in a node
MAX_HEADING = 48
# a bold (or HTML-marked) numbered line may run longer: sichuan 2023's five-year review headings
MAX_MARKED_HEADING = 72

NUM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"({_CN})、")),
    ("paren", re.compile(rf"[（(]({_CN})[）)]、?")),
    ("di", re.compile(rf"第({_CN})[，、,：:]")),
)

PART_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("glossary", re.compile(r"^(名词解释|名词注释|注释|名词解释和说明)")),
    # (and a year's list of practical projects under a title of its own: 2013年为民办10件实事, 昆明市2020年10件惠民实事)
    ("appendix", re.compile(r"(^(附件|附表|附录)\s*\d*|民生实事(工作目标|项目)|^\D{0,6}\d{4}年[^：:。，]{0,8}(?:十|\d+)件[^：:。，]{0,4}实事(清单)?$)")),
    ("self_building", re.compile(r"(政府自身建设|建设人民满意的?(?:服务型)?政府|自身建设|政府职责使命)")),
    ("review", re.compile(r"(回顾|过去[一五]年|本届政府工作|工作总结|执行情况|(?:发展|主要)成就(?!.*(?:目标|任务|考虑|纲要|展望)))")),
    ("requirements", re.compile(r"(总体要求|政策取向|指导思想|总体部署|主要目标任务$|主要预期目标)")),
    ("outlook", re.compile(r"(今后五年|未来五年|“十[一二三四五六七八九]五”|十[一二三四五六七八九]五|五年工作谋划|远景目标|五年发展主要)")),
    ("plan", re.compile(r"(工作安排|工作建议|工作任务|重点工作|政府工作的建议|工作部署|主要任务|目标任务)")),
)

_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PAGE_MARK_RE = re.compile(r"^[（(]紧[转接]第")  # a newspaper's （紧转第3版）（紧接第2版） is no heading
_CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def _ascii_dates(s: str) -> str:
    """Full-width digits and Chinese-numeral dates (二〇二一年一月二十三日) rewritten with ASCII digits."""
    s = s.translate(FULLWIDTH)

    def repl(m: re.Match[str]) -> str:
        year = "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in m.group(1))
        return f"{year}年{cn_value(m.group(2))}月{cn_value(m.group(3))}日"

    return _CN_DATE_RE.sub(repl, s)
_MEETING_RE = re.compile(r"在(.{2,40}?人民代表大会.{0,20}?会议)")
_SPEAKER_RE = re.compile(r"^(.{0,20}?(?:人民政府|国务院)?(?:代理|代)?(?:总理|省长|市长|主席|州长|县长|区长|盟长))\s*(\S.{0,8})$")
_YEAR_HEAD_RE = re.compile(r"(\d{4})年")
_THEMED_RE = re.compile(r"(——|一年来，我们|一年来，|过去一年，|过去的一年，|五年来，|过去的?五年，|这五年，|这一年，|“十[一二三四五六七八九]五”是|[一二三四五六七八九十]是|针对|我们(?![将要也既还必一]|清醒|深知|深刻|始终注重|看到))")
_LEAD_RE = re.compile(r"^[^，、：；。！？]{2,14}[。]")
_LONG_LEAD_RE = re.compile(r"^[^，：；。！？“”]{6,19}。$")  # 努力促进投资、消费、出口协调增长。
_SIBLING_LEAD_RE = re.compile(r"^[^，、：；。！？“”]{14,19}。$")
_SELF_LEAD_RE = re.compile(r"^[^，、：；。！？“”]{15,18}[。]$")  # 锻造善作善成争创一流的干部队伍。 (self-building)
_ANNOUNCES = ("以下工作。", "以下工作：", "以下工作:", "如下：")  # 我们迎难而上，主要做了以下工作。
_PAIRED_LEAD_RE = re.compile(r"^[^，、：；。！？]{4,13}，[^，、：；。！？]{4,13}。$")
# the paragraph that opens the government's self-building run inside a plan part (national and
# provincial reports without a part of its own: 新征程新使命，对政府工作提出了新的更高要求。 /
# 进入新时代，政府工作在新的一年要有新气象新作为。); only followed by short leads does it count
# (guilin 2019: 各位代表！为人民服务、…，是政府的职责与使命。; guilin 2020: 各位代表！民之所望，政之所向。各级政府务必…)
_GOV_DEMANDS_RE = re.compile(r"^(?:各位代表[！，：](?:[^。！]{0,12}。)?)?[^。！]{0,30}"
                             r"(?:政府工作|政府自身建设|各级政府|我们的政府|是政府的)")
# (hunan 2016: 如期全面建成小康社会，必须坚持以人为本、执政为民，…加快建设服务政府、责任政府、法治政府、
# 廉洁政府。 then 坚持主动作为。 … 坚持廉洁作为。)
# (not itself a lead: urumqi 2023's 加快建设法治政府。 is one of the run)
# (or a 各位代表 paragraph calling, after a quotation, to strengthen the government's own building: xinjiang
# 2019's 各位代表！习近平总书记指出：“…”要做好上述工作，必须切实加强政府自身建设，… then 坚持把政治建设放在首位。…)
_GOV_SELF_RE = re.compile(r"^各位代表[！，：].{0,160}?(?:加强|抓好|推进)政府自身建设")
_GOV_BUILD_RE = re.compile(r"^[^。！]{16,80}(?:建设(?:服务|法治|责任|廉洁|效能|人民满意的?)[型]?政府|打造[^。！，]{0,12}政府)")
# (a claim may name 成绩: beijing 2003's 各项社会事业全面进步，精神文明建设成绩显著。)
_PAIRED_OUTRO_RE = re.compile(r"不易|体会|清醒|不足|困难和问题|感谢|结果")
_LEAD_SHAPE = re.compile(r"^[^、：；。！？\d*]{2,20}[。]$")
# topics a review closes with after its numbered work (foreign affairs, defence, Hong Kong/Macao/
# Taiwan, party discipline, the government's own conduct): units of their own, not the last item's
_TAIL_TOPIC_RE = re.compile(r"外交|国防|军队|强军|港澳台|从严治党|党风廉政|政府自身建设|接受[^。]{0,12}监督")
# the review's closing reflection (成绩来之不易 / 是…的结果 / 清醒看到 / 感谢) ends the tail
_QUOTED_RE = re.compile(r"“[^”]*”")
# the government's own conduct, named anywhere in a paragraph (hangzhou 2023's 一年来，我们全面学习…: 政府党组,
# 接受人大法律监督, 依法行政)
_CONDUCT_RE = re.compile(r"政府自身建设|从严治党|党风廉政|廉洁|接受[^。]{0,12}监督|依法行政|法治政府|作风建设|主题教育|"
                         r"政府党组|四风")
_OWN_CONDUCT_TITLE_RE = re.compile(r"政府|自身建设|廉")
_PERIOD_OPEN_RE = re.compile(r"(一年来|过去的?一年|五年来|过去五年)，")
_ARABIC_ITEM_RE = re.compile(r"(\d{1,2})[．.、](?!\d)")  # 1．聚焦提质增效，… (suzhou): an item number
_ITEM_RE = re.compile(r"——|[一二三四五六七八九十]是")
_RUN_ONLY_RE = re.compile(r"这五年，|过去的五年，|“十[一二三四五六七八九]五”是")  # themed openers heading units only as a run
_TASK_ITEM_RE = re.compile(r"——|[一二三四五六七八九十]是[^，。]{2,}。")  # (dongying 2022's 二、今后五年的主要目标任务: 一是…。)
_OUTRO_RE = re.compile(r"不易|成绩|成就的取得|取得的成就|结果|感谢|清醒|困难和问题|不足|^\d{4}年，?是|时期是|体会|^通过艰苦努力|^总的看|^总体看")
# (not 政府自身建设进一步加强。, a short claim whose subject is the topic)
_SELF_GLUED_RE = re.compile(r"((?:进一步|全面|切实|不断)?(?:加强|推进)?政府自身建设)(?=[^\s，。、])"
                            r"(?!(?:进一步|不断|全面|持续|得到|取得|明显|切实|有效|稳步)[^，。、]{0,6}。)")


@dataclass(frozen=True)
class Seg:
    """A line (or a piece of a line cut at a glued heading): content range and heading features."""

    start: int
    end: int
    core_start: int
    core_end: int
    bold: bool = False
    md: bool = False
    hint: bool = False
    forced_heading: bool = False


@dataclass(frozen=True)
class Head:
    """A recognized heading inside a segment: its area, number, title range, and run-in body start."""

    seg: int
    kind: str
    series: str
    number: str | None
    area_start: int
    area_end: int
    title_start: int
    title_end: int
    body_start: int | None = None


def cn_value(s: str) -> int:
    """Value of a heading's Chinese numeral (一…九十九); 0 when not parseable."""
    return cn_integer(s) or 0


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1…99 as written in headings (十一, 二十)."""
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else d[tens]) + "十" + (d[ones] if ones else "")


# ---------------------------------------------------------------- segments

def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def _make_seg(text: str, start: int, end: int, hints: Sequence[tuple[int, int]]) -> Seg:
    s, e = _strip_range(text, start, end)
    cs, ce = s, e
    md = False
    bold = False
    if text.startswith("#", cs):
        k = cs
        while k < ce and text[k] == "#":
            k += 1
        if k < ce and text[k] == " ":
            md = True
            cs = k + 1
    if ce - cs >= 5 and text.startswith("**", cs) and text.endswith("**", cs, ce) and "**" not in text[cs + 2:ce - 2]:
        bold = True
        cs, ce = cs + 2, ce - 2
    cs, ce = _strip_range(text, cs, ce)
    hint = any(hs <= cs and ce <= he for hs, he in hints) if hints and ce > cs else False
    return Seg(s, e, cs, ce, bold=bold, md=md, hint=hint)


def segments(text: str, *, hints: Sequence[tuple[int, int]] = ()) -> list[Seg]:
    """Non-blank lines of the text as segments (content ranges, markup stripped from the core)."""
    segs: list[Seg] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        seg = _make_seg(text, pos, end, hints)
        if seg.end > seg.start:
            segs.append(seg)
        if nl < 0:
            break
        pos = nl + 1
    return segs


def _core(text: str, seg: Seg) -> str:
    return text[seg.core_start:seg.core_end]


def _numbering(text: str, pos: int, end: int) -> tuple[str, str, int] | None:
    """(series, numeral, end of the number) when a numbering pattern starts at pos."""
    for series, pat in NUM_PATTERNS:
        m = pat.match(text, pos, end)
        if m:
            return series, m.group(1), m.end()
    return None


def _is_line_heading(text: str, seg: Seg) -> bool:
    """A whole line that reads as a heading: short, no sentence-final or continuing punctuation."""
    core = _core(text, seg)
    if not core:
        return False
    if seg.forced_heading:
        return True
    numbered = _numbering(text, seg.core_start, seg.core_end) is not None
    # a numbered heading may run to 72 characters when bold, or when written as one sentence on its
    # own line (beijing 2017's （一）落实首都城市战略定位，…，必须坚定有序疏解非首都功能，全力推动京津冀协同发展。)
    if len(core) > MAX_HEADING and not (
            len(core) <= MAX_MARKED_HEADING and numbered
            and (seg.bold or seg.hint or (core[-1] == "。" and not any(c in core[:-1] for c in TERMINALS)))):
        return False
    if core[-1] in "。" and (seg.bold or seg.hint or _numbering(text, seg.core_start, seg.core_end) is not None):
        # a numbered or bold heading written as one sentence on its own line: （一）突出投资拉动，加大项目建设力度。
        return not any(c in core[:-1] for c in TERMINALS)
    if core[-1] in TERMINALS + "：:，,、":
        return False
    return not (core[-1] in _CLOSERS and len(core) > 1 and core[-2] in TERMINALS)


_PLAN_PERIOD_END = {"十五": 2005, "十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}


def _part_role(title: str, *, year: int | None) -> str | None:
    t = re.sub(r"\s+", "", title)  # 注 释 is 注释
    if year is not None:
        # changde 2015/2016's unnumbered 过去一年 … 新的一年, “十二五”——创新创业、稳中求进的五年 (a period
        # over by the report's year: its review), 2015——奋发有为、迎难而上的一年, 2016——抢抓先机、扎实开局的一年
        if t == "新的一年" or re.match(rf"{year}(?:年)?——", t):
            return "plan"
        if re.match(rf"{year - 1}(?:年)?——", t):
            return "review"
        period = re.match(r"“?(十[一二三四五六七八九]?五)”?——", t)
        if period and _PLAN_PERIOD_END.get(period.group(1), year) < year:
            return "review"
    if year is not None and f"{year}年" in t and PART_RULES[-1][1].search(t) and "回顾" not in t:
        return "plan"
    for role, pat in PART_RULES:
        if pat.search(t):
            if role in ("review", "plan") and year is not None:
                ys = [int(y) for y in _YEAR_HEAD_RE.findall(t)]
                if ys and role == "review" and max(ys) >= year and "回顾" not in t:
                    return "plan"
                if ys and role == "plan" and max(ys) < year:
                    return "review"
            return role
    if year is not None and re.search(rf"^(关于)?{year}年", t):
        return "plan"
    if year is not None and re.fullmatch(rf"(?:做好|抓好|干好){year}年(?:的)?(?:各项)?工作", t):
        return "plan"  # 做好2023年工作 (handan 2023)
    if re.search(r"^(关于)?(去年|上年)", t):
        return "review"  # 一、关于去年和今年前4个月工作 (yunnan 2020)
    if year is not None and re.search(rf"^(关于)?{year - 1}年(的)?(主要)?(政府)?工作$", t):
        return "review"  # 二、关于2019年工作 (sichuan 2020), 一、2009年主要工作 (zhejiang 2010)
    return None


def _themed_part_role(title: str, *, year: int | None) -> str | None:
    """The role of a numbered part heading written as a slogan that names a year but no part keyword:
    ``一、迎难而上、拼搏实干，2022年迈出坚实步伐`` (last year: review), ``二、埋头苦干、奋勇前进，全力干好
    2023年工作`` (this year's work: plan). Only for ``一、`` headings: an unnumbered line naming a year is
    as often a title or a table caption."""
    if year is None:
        return None
    t = re.sub(r"\s+", "", title)
    if f"{year}年" in t and re.search(r"工作|任务", t):
        return "plan"
    if f"{year - 1}年" in t and f"{year}年" not in t:
        return "review"
    return None


# ---------------------------------------------------------------- meta

def parse_meta(text: str, segs: Sequence[Seg], *, upto: int) -> Meta:
    """Title, delivery date and year, meeting, place, level and speaker from the front matter."""
    title = date = meeting = speaker = place = None
    year: int | None = None
    level: str | None = None
    for seg in segs:
        if seg.start >= upto:
            break
        core = _ascii_dates(_core(text, seg))
        if title is None and "政府工作报告" in core and len(core) <= 60:
            title = core[6:].strip() if core.startswith("title:") else core
        if date is None:
            m = _DATE_RE.search(core)
            if m and ("会议" in core or "代表大会" in core or len(core) <= 16 or core.startswith(("（", "("))):
                date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                year = int(m.group(1))
        if meeting is None:
            m2 = _MEETING_RE.search(core)
            if m2:  # ——在2013年1月23日山西省第十二届…: the date is not part of the meeting's name
                meeting = re.sub(r"^\s*\d{4}年\d{1,2}月\d{1,2}日\s*", "", m2.group(1))
        if speaker is None:
            m3 = _SPEAKER_RE.match(core.replace("\u3000", " "))
            if m3 and len(core) <= 30:
                speaker = core.replace("\u3000", " ")
    if meeting:
        if "全国人民代表大会" in meeting:
            place, level = "全国", "national"
        else:
            m4 = re.match(r"(.{1,12}?(?:省|自治区|市|州|盟|县|区|旗))第", meeting)
            if m4:
                place = re.sub(r"(市|省|县)\1+$", r"\1", m4.group(1))  # 连云港市市 (a typo in the source)
                if place in ("北京市", "天津市", "上海市", "重庆市") or place.endswith(("省", "自治区")):
                    level = "province"
                elif place.endswith(("市", "州", "盟")):
                    level = "city"
                else:
                    level = "county"
    if year is None and title:
        m5 = re.search(r"(\d{4})年", title)
        if m5:
            year = int(m5.group(1))
    return Meta(title=title, year=year, place=place, level=level, date=date, meeting=meeting,  # type: ignore[arg-type]
                speaker=speaker)


# ---------------------------------------------------------------- repairs of glued headings

def _split_seg(text: str, seg: Seg, at: int, hints: Sequence[tuple[int, int]]) -> tuple[Seg, Seg]:
    return _make_seg(text, seg.start, at, hints), _make_seg(text, at, seg.end, hints)


def _sentence_start_bigrams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in re.finditer(r"(?:^|[。！？\n])\s*([^\s\d*。，、]{2})", text):
        counts[m.group(1)] += 1
    return counts


def _heading_cut(text: str, start: int, limit: int, siblings: Sequence[str], bigrams: Counter[str]) -> int:
    """Where a glued heading (starting at start, its number already skipped) ends: by sibling shape."""
    comma = [t for t in siblings if "，" in t]
    window_end = min(limit, start + MAX_HEADING)
    if comma and len(comma) * 2 >= len(siblings):
        first = text.find("，", start, window_end)
        if first < 0:
            return -1
        tails = [len(t.split("，", 1)[1]) for t in comma]
        lo, hi = min(tails) - 1, max(tails) + 1
        base = first + 1
    else:
        lens = [len(t) for t in siblings] or [12]
        lo, hi = min(lens) - 1, max(lens) + 1
        base = start
    median = sorted(range(lo, hi + 1))[(hi - lo) // 2]
    best, best_key = -1, (-1, 0)
    for length in range(max(lo, 2), hi + 1):
        cut = base + length
        if cut + 2 > window_end + 4 or cut >= limit:
            break
        if any(c in "。，、；" for c in text[base:cut]):
            break
        key = (bigrams.get(text[cut:cut + 2], 0), -abs(length - median))
        if key > best_key:
            best, best_key = cut, key
    return best


def _cut_segments(text: str, segs: list[Seg], cuts: Sequence[int], hints: Sequence[tuple[int, int]]) -> list[Seg]:
    """The segments with those lying across a cut split there."""
    out: list[Seg] = []
    for seg in segs:
        rest = seg
        for at in sorted(c for c in cuts if seg.core_start < c < seg.core_end):
            head, rest = _split_seg(text, rest, at, hints)
            out.append(head)
        out.append(rest)
    return out


# a bold numbered part heading on the line of its first paragraph (zhuhai 2012: **一、过去五年工作回顾** 过去五年，是…)
_BOLD_GLUED_RE = re.compile(r"\*\*[一二三四五六七八九十]{1,3}、[^*\n。！？]{2,30}\*\*(?=[ \t\u3000]+\S)")


def _repair_glued(text: str, segs: list[Seg], hints: Sequence[tuple[int, int]]) -> list[Seg]:
    """Cut headings glued into paragraphs: a missing 四、 inside a line, 政府自身建设人民是…, a bold 一、… part
    heading followed on its line by the part's first paragraph."""
    out: list[Seg] = []
    for seg in segs:
        m = _SELF_GLUED_RE.match(text, seg.core_start, seg.core_end)
        g = _BOLD_GLUED_RE.match(text, seg.start, seg.end) if not seg.bold else None
        if g is not None:
            out.extend(_split_seg(text, seg, g.end(), hints))
        elif m and not seg.bold and seg.core_end - m.end() > 4:
            a, b = _split_seg(text, seg, m.end(), hints)
            out.extend([replace(a, forced_heading=True), b])
        else:
            out.append(seg)
    segs = _repair_paired_leads(text, out, hints)
    for series in ("cn", "paren"):
        segs = _repair_series_gaps(text, segs, series, hints)
    return segs


_GLUED_PAIRED_RE = re.compile(r"(?<=[。！？])([^，、：；。！？“”\s*]{4,8})，([^，、：；。！？“”\s*]{4,8})。")


def _repair_paired_leads(text: str, segs: list[Seg], hints: Sequence[tuple[int, int]]) -> list[Seg]:
    """Cut paired run-in leads glued into the previous paragraph (…口碑。加强作风建设，展现政府效能。…),
    only where the glued lead has the shape of two sibling leads that open paragraphs: the same first
    two characters in both halves (加强…，展现…)."""
    shapes: Counter[tuple[str, str]] = Counter()
    for seg in segs:
        e = _run_in_end(text, seg.core_start, seg.core_end)
        if e > 0 and _PAIRED_LEAD_RE.match(text[seg.core_start:e]):
            a, b = text[seg.core_start:e - 1].split("，")
            shapes[(a[:2], b[:2])] += 1
    known = {k for k, n in shapes.items() if n >= 2}
    if not known:
        return segs
    cuts = [m.start() for seg in segs for m in _GLUED_PAIRED_RE.finditer(text, seg.core_start, seg.core_end)
            if (m.group(1)[:2], m.group(2)[:2]) in known]
    return _cut_segments(text, segs, cuts, hints)


def _repair_series_gaps(text: str, segs: list[Seg], series: str, hints: Sequence[tuple[int, int]]) -> list[Seg]:
    heads: list[tuple[int, int, str]] = []
    for i, seg in enumerate(segs):
        num = _numbering(text, seg.core_start, seg.core_end)
        if num and num[0] == series and _is_line_heading(text, seg):
            heads.append((i, cn_value(num[1]), _core(text, seg)[num[2] - seg.core_start:]))
    if len(heads) < 2:
        return segs
    siblings = [h[2] for h in heads]
    bigrams: Counter[str] | None = None
    cuts: dict[int, list[tuple[int, int]]] = {}
    for (i, v, _), (j, w, _) in zip(heads, heads[1:], strict=False):
        if w - v < 2:
            continue
        lo_pos, hi_pos = segs[i].end, segs[j].start
        for missing in range(v + 1, w):
            label = cn_numeral(missing) + "、" if series == "cn" else f"（{cn_numeral(missing)}）"
            m = re.compile(r"(?<=[。！？])" + re.escape(label)).search(text, lo_pos, hi_pos)
            if not m:
                continue
            k = next((x for x in range(i, j) if segs[x].start <= m.start() < segs[x].end), None)
            if k is None:
                continue
            if bigrams is None:
                bigrams = _sentence_start_bigrams(text)
            cut = _heading_cut(text, m.end(), segs[k].end, siblings, bigrams)
            if cut > 0:
                cuts.setdefault(k, []).append((m.start(), cut))
            lo_pos = m.end()
    if not cuts:
        return segs
    out: list[Seg] = []
    for idx, seg in enumerate(segs):
        if idx not in cuts:
            out.append(seg)
            continue
        pos = seg.start
        for hstart, hcut in sorted(cuts[idx]):
            if hstart > pos:
                out.append(_make_seg(text, pos, hstart, hints))
            out.append(replace(_make_seg(text, hstart, hcut, hints), forced_heading=True))
            pos = hcut
        if pos < seg.end:
            out.append(_make_seg(text, pos, seg.end, hints))
    return [s for s in out if s.end > s.start]


# ---------------------------------------------------------------- paragraphs and sentences

def _continues(text: str, seg: Seg, nxt: Seg) -> bool:
    """A line broken mid-sentence: it ends with a continuing mark, and the next line is no heading."""
    core = _core(text, seg)
    if not core or seg.bold or seg.md or seg.forced_heading:
        return False
    if core[-1] in "，、,（“《":
        nxt_core = _core(text, nxt)
        return bool(nxt_core) and not nxt.bold and not nxt.md and _numbering(text, nxt.core_start, nxt.core_end) is None
    return False


def _opens_bold_lead(text: str, start: int, end: int) -> bool:
    """``**壮大主导产业。**…``: a bold lead closes right after its first sentence mark (not a mask)."""
    if not text.startswith("**", start) or text.startswith("***", start):
        return False
    k = start + 2
    while k < end and text[k] not in TERMINALS + "：:*":
        k += 1
    return k < end and text[k] != "*" and text.startswith("**", k + 1)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) into sentences at 。！？；… outside quotes and brackets; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    s = start
    i = start
    bold_open = _opens_bold_lead(text, start, end)
    while i < end:
        c = text[i]
        if c in _OPENERS:
            stack.append(_OPENERS[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack and c in "”’」』" and i > start and text[i - 1] in TERMINALS:
                j = i + 1
                while j < end and text[j] in _CLOSERS:
                    j += 1
                a, b = _trim_newlines(text, *_strip_range(text, s, j))
                if b > a:
                    spans.append((a, b))
                s = i = j
                continue
        elif c == "\n" and stack:
            stack.clear()
        if c in TERMINALS and not stack:
            j = i + 1
            while j < end and (text[j] in TERMINALS or text[j] in _CLOSERS):
                j += 1
            if bold_open and text.startswith("**", j):
                j += 2
                bold_open = False
            a, b = _strip_range(text, s, j)
            a, b = _trim_newlines(text, a, b)
            if b > a:
                spans.append((a, b))
            s = i = j
            continue
        i += 1
    a, b = _trim_newlines(text, *_strip_range(text, s, end))
    if b > a:
        spans.append((a, b))
    return spans


def _trim_newlines(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in "\n" + _SPACE:
        a += 1
    while b > a and text[b - 1] in "\n" + _SPACE:
        b -= 1
    return a, b


# ---------------------------------------------------------------- headings

def _run_in_end(text: str, pos: int, end: int) -> int:
    """End of a run-in heading starting at pos: just after its first sentence-final mark, or -1."""
    spans = sentence_spans(text, pos, end)
    if not spans:
        return -1
    a, b = spans[0]
    if b >= end or b - pos > 80:
        return -1
    return b


def _hint_lead(text: str, seg: Seg, hints: Sequence[tuple[int, int]]) -> int | None:
    """End of a bold run-in lead given by an HTML hint (a bold range opening the line, ending at 。)."""
    for hs, he in hints:
        if hs <= seg.core_start < he < seg.core_end:
            end = _strip_range(text, seg.core_start, he)[1]
            if end - seg.core_start <= 70 and text[end - 1] in TERMINALS + "：:":
                return end
            return None
    return None


def _heading_of(text: str, idx: int, seg: Seg, hints: Sequence[tuple[int, int]] = ()) -> Head | None:
    """The heading a segment starts with, if any (whole-line, numbered run-in, or bold lead)."""
    cs, ce = seg.core_start, seg.core_end
    num = _numbering(text, cs, ce)
    whole = _is_line_heading(text, seg)
    if whole:
        series = num[0] if num else ("md" if seg.md else "bold" if (seg.bold or seg.hint) else "plain")
        if series == "bold" and text[ce - 1] in TERMINALS:
            series = "boldlead"  # a bold lead sentence on its own line: **——经济基本盘“稳”的态势巩固增强。**
        ts = num[2] if num else cs + (2 if text.startswith("——", cs) else 0)
        if seg.md and num and num[0] == "cn":
            series = "md"
        arabic = _ARABIC_ITEM_RE.match(text, cs, ce) if num is None and not seg.md else None
        if arabic is not None:  # 5.坚持建设精致城市，提升城镇集聚和承载能力 on its own line (changde 2021)
            return Head(idx, "line", "arabic", arabic.group(1), seg.start, seg.end, arabic.end(), ce)
        return Head(idx, "line", series, num[1] if num else None, seg.start, seg.end, ts, ce)
    # bold run-in lead: **…。**rest (the same rule as the tokenizer's: no star inside the lead, so a
    # mask such as ***.*。** is not taken for bold marks)
    if text.startswith("**", seg.start) and not seg.bold and not text.startswith("***", seg.start):
        close = text.find("**", seg.start + 2, seg.end)
        # (a numbered bold heading may close before its full stop: nanchang 2023's **（一）千方百计推动经济
        # 高质量发展**。积极应对…)
        n2 = (_numbering(text, seg.start + 2, close)
              if close > seg.start + 2 and text.startswith("。", close + 2) and "*" not in text[seg.start + 2:close]
              else None)
        if n2 is not None:
            return Head(idx, "runin", "bold-" + n2[0], n2[1], seg.start, close + 3, n2[2], close,
                        body_start=_strip_range(text, close + 3, seg.end)[0])
        # (so may a ——-led bold lead: taiyuan 2015's **——城市基础设施建设有新突破**。推进城市快速交通体系
        # 建设。… beside **——改革开放有新进展。**…; not any bold lead: guangzhou 2022's **构建现代产业体系**。
        # are the items of its ——在推动…出新出彩上… units)
        if (close > seg.start + 2 and close - seg.start <= 70 and text.startswith("。", close + 2)
                and text.startswith("——", seg.start + 2) and "*" not in text[seg.start + 2:close]
                and not any(c in TERMINALS for c in text[seg.start + 2:close])):
            return Head(idx, "runin", "boldlead", None, seg.start, close + 3, seg.start + 2, close,
                        body_start=_strip_range(text, close + 3, seg.end)[0])
        if (close > seg.start + 2 and text[close - 1] in TERMINALS + "：:" and close - seg.start <= 70
                and "*" not in text[seg.start + 2:close]):
            inner_s = seg.start + 2
            n2 = _numbering(text, inner_s, close)
            ts = n2[2] if n2 else inner_s
            te = close - 1 if text[close - 1] in "：:" else close
            series = ("bold-" + n2[0]) if n2 else "boldlead"
            return Head(idx, "runin", series, n2[1] if n2 else None, seg.start, close + 2, ts, te,
                        body_start=_strip_range(text, close + 2, seg.end)[0])
    lead = _hint_lead(text, seg, hints)
    if lead is not None:
        n2 = _numbering(text, cs, lead)
        ts = n2[2] if n2 else cs
        te = lead - 1 if text[lead - 1] in "：:" else lead
        return Head(idx, "runin", ("bold-" + n2[0]) if n2 else "boldlead", n2[1] if n2 else None, seg.start, lead,
                    ts, te, body_start=_strip_range(text, lead, seg.end)[0])
    if num:
        e = _run_in_end(text, num[2], ce)
        if e > 0:
            return Head(idx, "runin", num[0], num[1], seg.start, e, num[2], e, body_start=_strip_range(text, e, seg.end)[0])
    return None


def _arabic_head(text: str, idx: int, seg: Seg) -> Head | None:
    """A paragraph opening with an arabic item number and a run-in first sentence (suzhou 2019's
    1．聚焦提质增效，全力保障经济稳健运行。稳字当头，…): an ``arabic`` head (see `_choose_levels`)."""
    m = _ARABIC_ITEM_RE.match(text, seg.core_start, seg.core_end)
    if m is None:
        return None
    e = _run_in_end(text, m.end(), seg.core_end)
    if e < 0:
        return None
    return Head(idx, "runin", "arabic", m.group(1), seg.start, e, m.end(), e, body_start=_strip_range(text, e, seg.end)[0])


def _themed_head(text: str, idx: int, seg: Seg, *, dashed_limit: int = 120) -> Head | None:
    m = _THEMED_RE.match(text, seg.core_start, seg.core_end)
    if not m:
        return None
    ts = seg.core_start + (2 if text.startswith("——", seg.core_start) else 0)
    e = _run_in_end(text, seg.core_start, seg.core_end)
    if e < 0:
        # the themed sentence alone on its line (一年来，我们…迈步起航。), its body in the next paragraphs
        spans = sentence_spans(text, seg.core_start, seg.core_end)
        # (a ——-led claim may run longer: changsha 2023's ——城市品质持续提升，1011条支路街巷旧貌换新颜，…;
        # in a review, ganzhou 2023's three ——这一年，…！ of 110–125 characters)
        limit = dashed_limit if text.startswith("——", seg.core_start) else 60
        if len(spans) == 1 and spans[0][1] - spans[0][0] <= limit:
            return Head(idx, "line", "themed", None, seg.start, seg.end, ts, spans[0][1])
        return None
    return Head(idx, "runin", "themed", None, seg.start, e, ts, e, body_start=_strip_range(text, e, seg.end)[0])


def _anaphora_heads(text: str, segs: list[Seg], idxs: Sequence[int], heads: list[Head]) -> list[Head]:
    """Paragraphs of a self-building part that open alike (新的一年，我们将不断深化法治政府建设。…,
    新的一年，我们将不断推进“放管服”改革。…): three or more run-in leads sharing their first six
    characters are a parallel series of sections ("lead" series), when no other head was found."""
    if any(h.series != "lead" for h in heads):
        return heads
    by_prefix: dict[str, list[int]] = {}
    for k in idxs:
        core = _core(text, segs[k])
        e = _run_in_end(text, segs[k].core_start, segs[k].core_end)
        if e > 0 and len(core) > 6 and "。" not in core[:6]:
            by_prefix.setdefault(core[:6], []).append(k)
    runs = [ks for ks in by_prefix.values() if len(ks) >= 3]
    if not runs:
        runs = _short_anaphora(text, segs, idxs)
    if len(runs) != 1:
        return heads
    out = [h for h in heads if h.seg not in runs[0]]
    for k in runs[0]:
        seg = segs[k]
        e = _run_in_end(text, seg.core_start, seg.core_end)
        out.append(Head(k, "runin", "lead", None, seg.start, e, seg.core_start, e,
                        body_start=_strip_range(text, e, seg.end)[0]))
    return sorted(out, key=lambda h: h.seg)


def _sibling_leads(text: str, segs: list[Seg], idxs: Sequence[int], heads: list[Head]) -> list[Head]:
    """A run-in lead of 15–20 characters (no comma) that opens with the same four characters as two
    or more short-lead siblings is a lead too (hubei 2019's 聚焦聚力落实长江经济带发展战略。 beside
    聚焦聚力推动高质量发展。 and 聚焦聚力做好民生工作。); so is, in a part with two or more short leads,
    a lead of up to 20 characters without a comma (a list with 、 allowed) that opens a paragraph of
    three or more sentences (zhejiang 2010's 努力促进投资、消费、出口协调增长。 and
    大力拓展发展空间和推动城乡区域协调发展。 beside 大力调整优化产业结构。)."""
    prefixes = Counter(text[h.title_start:h.title_start + 4] for h in heads if h.series == "lead")
    have = {h.seg for h in heads}
    extra: list[Head] = []
    for k in idxs:
        seg = segs[k]
        if k in have:
            continue
        e = _run_in_end(text, seg.core_start, seg.core_end)
        lead = text[seg.core_start:e] if e > 0 else ""
        sentences = len(sentence_spans(text, seg.core_start, seg.core_end))
        if (prefixes[lead[:4]] >= 2 and _SIBLING_LEAD_RE.match(lead)) or (
                sum(prefixes.values()) >= 2 and sentences >= 3 and _LONG_LEAD_RE.match(lead)):
            extra.append(Head(k, "runin", "lead", None, seg.start, e, seg.core_start, e,
                              body_start=_strip_range(text, e, seg.end)[0]))
    return sorted(heads + extra, key=lambda h: h.seg) if extra else heads


def _short_anaphora(text: str, segs: list[Seg], idxs: Sequence[int]) -> list[list[int]]:
    """Three or more paragraphs whose run-in first sentences (at most 30 characters) open with the same
    two-character verb (national 2015's 坚持依宪施政，依法行政，把政府工作全面纳入法治轨道。…,
    坚持创新管理，强化服务，着力提高政府效能。…): not 我们… or 各位代表."""
    by_verb: dict[str, list[int]] = {}
    for k in idxs:
        seg = segs[k]
        e = _run_in_end(text, seg.core_start, seg.core_end)
        lead = text[seg.core_start:e] if e > 0 else ""
        if 8 <= len(lead) <= 30 and "，" in lead and not lead.startswith(("我们", "各位", "同时", "要")):
            by_verb.setdefault(lead[:2], []).append(k)
    return [ks for ks in by_verb.values() if len(ks) >= 3]


def _paired_lead(text: str, seg: Seg) -> bool:
    e = _run_in_end(text, seg.core_start, seg.core_end)
    lead = text[seg.core_start:e] if e > 0 else ""
    # (not a period opener nor a closing reflection: national 2025's 过去一年，我国发展历程很不平凡。 is the
    # review's intro, its 回顾过去一年，成绩来之不易。 the reflection after the highlights)
    return (_PAIRED_LEAD_RE.match(lead) is not None and not any(c.isdigit() for c in lead)
            and _PERIOD_OPEN_RE.match(lead) is None and _PAIRED_OUTRO_RE.search(lead) is None)


def _lead_head(text: str, idx: int, seg: Seg, *, paired: bool = False, pairs: bool = False) -> Head | None:
    """A paragraph led by a short run-in sentence (全市经济实力大幅提升。…): a section of last resort.
    With ``paired`` (self-building parts), a lead of two four-to-eight-character phrases joined by one
    comma counts too (强化政治定力，一以贯之狠抓落实。), and so does one phrase of up to 18 characters
    (锻造善作善成争创一流的干部队伍。); with ``pairs``, only the former."""
    e = _run_in_end(text, seg.core_start, seg.core_end)
    if e < 0:
        return None
    lead = text[seg.core_start:e]
    if not ((e - seg.core_start <= 16 and _LEAD_RE.match(lead))
            or (paired and _PAIRED_LEAD_RE.match(lead)) or (pairs and _paired_lead(text, seg))
            or (paired and _SELF_LEAD_RE.match(lead))):
        return None
    return Head(idx, "runin", "lead", None, seg.start, e, seg.core_start, e, body_start=_strip_range(text, e, seg.end)[0])


# ---------------------------------------------------------------- tree building

class _Ids:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def next(self, prefix: str) -> str:
        n = self.counts[prefix]
        self.counts[prefix] += 1
        return f"{prefix}{n}"


def _title_range(text: str, ts: int, te: int) -> tuple[int, int]:
    ts, te = _strip_range(text, ts, te)
    while ts < te and text[ts] in "*#":
        ts += 1
    while te > ts and text[te - 1] in "*":
        te -= 1
    ts, te = _strip_range(text, ts, te)
    while te > ts and text[te - 1] in TERMINALS + "：:":
        te -= 1
    return ts, te


@dataclass
class _Para:
    start: int
    end: int
    segs: list[int]


def _paragraphs(text: str, segs: Sequence[Seg], idxs: Sequence[int]) -> list[_Para]:
    paras: list[_Para] = []
    for i in idxs:
        seg = segs[i]
        if paras and paras[-1].segs[-1] == i - 1 and _continues(text, segs[i - 1], seg):
            paras[-1].end = seg.end
            paras[-1].segs.append(i)
        else:
            paras.append(_Para(seg.start, seg.end, [i]))
    return paras


class _Builder:
    def __init__(self, text: str, segs: list[Seg], ids: _Ids, hints: Sequence[tuple[int, int]] = ()) -> None:
        self.text = text
        self.hints = sorted(hints)
        self.segs = segs
        self.ids = ids

    def sentences(self, start: int, end: int) -> tuple[Node, ...]:
        return tuple(Node(self.ids.next("t"), "sentence", a, b) for a, b in sentence_spans(self.text, start, end))

    def block(self, start: int, end: int) -> Node | None:
        a, b = _trim_newlines(self.text, start, end)
        if b <= a:
            return None
        bid = self.ids.next("b")
        sents = self.sentences(a, b)
        title = ts = te = None
        if sents:
            first = sents[0]
            lead = self.text[first.start:first.end]
            if len(sents) > 1 and _LEAD_RE.match(lead.lstrip("*")) and len(lead) <= 24:
                ts, te = _title_range(self.text, first.start, first.end)
                title = self.text[ts:te] if te > ts else None
                if title is None:
                    ts = te = None
        return Node(bid, "block", a, b, title=title, title_start=ts, title_end=te, children=sents)

    def blocks(self, paras: Sequence[_Para], *, split_intro_leads: bool = False) -> list[Node]:
        out: list[Node] = []
        ranges = [(p.start, p.end) for p in paras]
        if split_intro_leads and len(paras) >= 3:
            ranges = self._split_glued_leads(paras)
        for a, b in ranges:
            node = self.block(a, b)
            if node is not None:
                out.append(node)
        return out

    def _split_glued_leads(self, paras: Sequence[_Para]) -> list[tuple[int, int]]:
        """Run-in leads (壮大主导产业。) glued into the previous paragraph start a new block.

        Only in sections whose paragraphs are led this way (at least two start with a short lead), and
        only where the glued sentence has the shape of its siblings: it starts or ends with the same two
        characters as a sibling lead, or it is a short lead without commas in the intro paragraph.
        """
        text = self.text
        spans_of = [sentence_spans(text, p.start, p.end) for p in paras]
        leads = [text[sp[0][0]:sp[0][1]].strip("*") for sp in spans_of[1:] if sp]
        leads = [x for x in leads if _LEAD_SHAPE.match(x)]
        if len(leads) < 2:
            return [(p.start, p.end) for p in paras]
        heads = {x[:2] for x in leads}
        tails = {x.rstrip("。")[-2:] for x in leads}
        commas = {x.count("，") for x in leads}
        max_len = max(len(x) for x in leads) + 2
        out: list[tuple[int, int]] = []
        for n, (p, spans) in enumerate(zip(paras, spans_of, strict=True)):
            cuts = []
            for k, (a, b) in enumerate(spans):
                if k == 0 or k == len(spans) - 1:
                    continue
                sent = text[a:b]
                if not _LEAD_SHAPE.match(sent) or len(sent) > max_len:
                    continue
                parallel = sent.count("，") in commas and (sent[:2] in heads or sent.rstrip("。")[-2:] in tails)
                intro_lead = n == 0 and "，" not in sent and len(sent) <= 12
                if parallel or intro_lead:
                    cuts.append(a)
            bounds = [p.start, *cuts, p.end]
            out.extend(zip(bounds, bounds[1:], strict=False))
        return out


def _choose_levels(heads: Sequence[Head]) -> tuple[set[str], set[str]]:
    """Which heading series make sections, and which make subsections, inside one part."""
    present = Counter(h.series for h in heads)

    def has(*names: str) -> list[str]:
        return [n for n in names if present.get(n, 0) >= 1]

    cn = has("cn", "bold-cn")
    paren = has("paren", "bold-paren")
    di = has("di", "bold-di")
    lines = has("bold", "plain")
    if present.get("md", 0) >= 2:  # markdown-headed 三、… items inside one part (a plan made of parts)
        return {"md"}, set(paren) | set(cn)
    # arabic items 1．… 2．… 3．… under numbered sections are their subsections when no （一） series is
    arabic = {"arabic"} if {"1", "2", "3"} <= {h.number for h in heads if h.series == "arabic"} else set()
    if cn:
        return set(cn), set(paren) or arabic
    if di:
        return set(di), set(paren) or arabic
    if paren:
        if lines and present["plain"] + present["bold"] >= 2:
            return set(lines), set(paren)
        return set(paren), arabic
    # a run of arabic items 1．… 2．… 3．… (suzhou's plans and reviews), before line headings, leads and
    # themed paragraphs
    if arabic:
        return arabic, set()
    if lines and sum(present[x] for x in lines) >= 2:
        return set(lines), set()
    if present.get("boldlead", 0) >= 2:
        return {"boldlead"}, set()
    if present.get("themed", 0) >= 2:
        return {"themed"}, set()
    if present.get("lead", 0) >= 3:
        return {"lead"}, set()
    return set(), set()


def parse(text: str, *, hints: Sequence[tuple[int, int]] = (), source: str | None = None) -> Report:
    """Parse a report's text into a `Report` whose nodes are exact offset ranges into ``text``."""
    report = _parse(text, hints=hints, source=source, cuts=())
    cuts, replaced = _inline_item_cuts(report)
    cuts += _inline_lead_cuts(report)
    if not cuts:
        return report
    # the review's period paragraph listing its units inline (一是…。二是…。) is parsed again with those
    # items as paragraphs of their own; kept only where every item then starts a section and every other
    # section stays
    again = _parse(text, hints=hints, source=source, cuts=cuts)
    before = {n.start for n in report.root.walk() if n.kind == "section"} - set(replaced)
    after = {n.start for n in again.root.walk() if n.kind == "section"}
    return again if set(cuts) | before <= after else report


_INLINE_ITEM_RE = re.compile(r"(?<=[。！：])([一二三四五六七八九十]{1,2})是([^，。；、！？：“”\s*]{2,22})。(?=[^\s])")
_INLINE_PERIOD_RE = re.compile(r"五年|一年来|过去的?一年|以下几方面工作")
_INLINE_NOT_RE = re.compile(r"清醒|不足|问题|短板|差距|体会|启示|困难|压力|挑战|风险")


def _inline_item_cuts(report: Report) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts of the units a review lists inline in one paragraph after its first section (xiamen 2022's
    各位代表！本届政府任期届满。过去五年，…五年来，我们…取得重大阶段性成果。一是经济规模质量效益明显
    提升。…六是三大攻坚战成效显著。…; zhejiang 2011's 一年来，我们突出抓好以下几方面工作。一是着力调整
    产业结构。…), and the starts of the sections whose title opens that paragraph. The items: at least
    three 一是…。二是…。 numbered from one, each a short claim followed by its account, after a sentence
    naming the period and no problems or lessons. A paragraph heading a section lists its units only
    when that section's title announces them (not chaozhou 2021's 过去五年，经济总量完成历史性跨越。
    一是…); the part's first section is no such paragraph (shanghai 2024's 一年来，全市经济社会发展稳中
    有进、稳中向好。一是… is one highlight before its announced sections)."""
    text = report.text
    cuts: list[int] = []
    replaced: list[int] = []
    for part in report.root.children:
        secs = [c for c in part.children if c.kind == "section"]
        if part.kind != "part" or part.role != "review" or not secs:
            continue
        for blk in part.walk():
            if blk.kind != "block" or blk.start < secs[0].end:
                continue
            items = list(_INLINE_ITEM_RE.finditer(text, blk.start, blk.end))
            values = [cn_value(m.group(1)) for m in items]
            if len(items) < 3 or values != list(range(1, len(items) + 1)):
                continue
            line = text.rfind("\n", 0, blk.start) + 1  # a unit's body starts after its title sentence
            lead = text[line:items[0].start()]
            last = re.split(r"(?<=[。！])", lead.rstrip("。！："))[-1]
            # (problems or lessons named in its last clause: …还存在不少困难和问题。一是…; not shangrao 2021's
            # 五年来，…沉着应对各种挑战，…经济社会发展发生了系列关键性、转折性、根本性变化。一是…)
            if not _INLINE_PERIOD_RE.search(last) or _INLINE_NOT_RE.search(last.rsplit("，", 1)[-1]):
                continue
            if any(_INLINE_NOT_RE.search(m.group(2)) for m in items):
                continue
            owner = next((c for c in secs if c.start <= blk.start < c.end), None)
            if owner is not None and text.rfind("\n", 0, owner.start) + 1 == line:
                if not (owner.title or "").endswith(_INLINE_ANNOUNCES):
                    continue
                replaced.append(owner.start)
            cuts.extend(m.start() for m in items)
    return tuple(cuts), tuple(replaced)


def _inline_lead_cuts(report: Report) -> tuple[int, ...]:
    """Starts of the government's own leads written inline in the 各位代表 paragraph that follows the
    plan's last section (hangzhou 2024's 各位代表，新的一年，市政府将…打造人民满意的服务型政府。坚持政治铸魂
    固根本。…坚持清正廉洁守底线。…; dandong 2022's …全力打造实干担当政府。坚定政治方向。…依法全面履职。…
    勇于担当作为。…): the paragraph's first sentence names the government, and at least three later short
    leads of one length (within a character), each followed by its account, are the run's units."""
    text = report.text
    cuts: list[int] = []
    for part in report.root.children:
        secs = [c for c in part.children if c.kind == "section"]
        if part.kind != "part" or part.role not in ("plan", "self_building") or not secs:
            continue
        for blk in part.walk():
            if blk.kind != "block" or blk.start < secs[-1].start or not text.startswith("各位代表", blk.start):
                continue
            sents = [(c.start, text[c.start:c.end]) for c in blk.children]
            # (the government named in the first sentence, or after a bare 各位代表！: zhongshan 2021)
            head = sents[0][1] + (sents[1][1] if len(sents) > 1 and len(sents[0][1]) <= 6 else "")
            if len(sents) < 7 or "政府" not in head:
                continue
            # (or leads of up to 14 characters opening alike, within three characters: zhongshan 2021's
            # 要坚持把政治建设摆在首位。… 要加强廉洁政府建设。, 2022's 全面加强政治建设。… 全面提高服务效能。)
            longer = [k for k, (_, x) in enumerate(sents) if k > 0 and _LEAD_RE.match(x) and len(x) <= 14]
            short = [k for k in longer if len(sents[k][1]) <= 12]
            for leads, spread in ((short, 1), (longer, 3)):
                # (where three or more are numbered, those: guangdong 2014's 一是…二是…三是…, not the
                # 巩固和扩大基层民主。 inside the first)
                numbered = [k for k in leads if _ITEM_RE.match(sents[k][1])]
                leads = numbered if len(numbered) >= 3 else leads
                sizes = [len(sents[k][1]) for k in leads]
                if (len(leads) >= 3 and max(sizes) - min(sizes) <= spread
                        and (spread == 1 or len({sents[k][1][0] for k in leads}) == 1)
                        and all(b - a >= 2 for a, b in zip(leads, leads[1:], strict=False)) and leads[-1] != len(sents) - 1):
                    cuts.extend(sents[k][0] for k in leads)
                    break
    return tuple(cuts)


_INLINE_ANNOUNCES = ("以下几方面工作", "以下工作", "以下几个方面")


def _parse(text: str, *, hints: Sequence[tuple[int, int]], source: str | None, cuts: Sequence[int]) -> Report:
    segs = segments(text, hints=hints)
    if cuts:
        segs = _cut_segments(text, segs, cuts, hints)
    segs = _repair_glued(text, segs, hints)
    ids = _Ids()
    b = _Builder(text, segs, ids, hints)

    # part headings
    pre_meta = parse_meta(text, segs, upto=min(len(text), 600))
    year = pre_meta.year
    if year is not None and pre_meta.date is not None and pre_meta.date[5:7] == "12":
        # delivered in December, it plans the next year (武威 2022.md, dated 2021-12-07: 今后五年发展重点和
        # 2022年工作任务 is its plan; 127 archive reports against 3 of the same year). meta.year stays the
        # delivery year; only the reading of part titles uses the planned one
        year += 1
    part_at: dict[int, str] = {}
    styles: set[tuple[bool, bool, str | None]] = set()
    long_heads: list[tuple[int, int, str, tuple[bool, bool, str | None]]] = []
    cn_parts: dict[int, int] = {}
    last_item: int | None = None  # value of the last 一、… line since the last part that is no part
    first_items: list[tuple[int, tuple[bool, bool, str | None]]] = []  # 一、… lines that named no part
    cn_lines: list[tuple[int, int, str | None, tuple[bool, bool, str | None], str]] = []  # every 一、… line
    for i, seg in enumerate(segs):
        core = _core(text, seg)
        if not core or not _is_line_heading(text, seg):
            continue
        num = _numbering(text, seg.core_start, seg.core_end)
        if num and num[0] == "paren":
            continue
        value = cn_value(num[1]) if num and num[0] == "cn" else None
        title = core[num[2] - seg.core_start:] if num else core
        role = (None if "代表大会" in title or "政府工作报告" in title or _DATE_RE.search(title)
                else _part_role(title, year=year))
        if role is None and num is not None and num[0] == "cn":
            role = _themed_part_role(title, year=year)
        if value is not None:
            cn_lines.append((i, value, role, (seg.bold or seg.hint, seg.md, "cn"), title))
        if seg.md and role is None and i > 0:
            role = "plan" if "review" in part_at.values() else "other"
        if role == "self_building" and not ({"plan", "requirements", "outlook"} & set(part_at.values())):
            role = None
        if role == "self_building" and value is not None and last_item is not None and value == last_item + 1:
            role = None  # 九、从严加强自身建设… after the plan's items 一、…八、 is its ninth item, not a part
        if role == "self_building" and (later := _ARABIC_ITEM_RE.match(core)) and int(later.group(1)) >= 2:
            role = None  # yongzhou 2014's 8、以务实高效为重点，加快推进政府自身建设 ends the plan's 1、…7、
        if role is None and value is not None:
            last_item = value
            if value == 1:
                first_items.append((i, (seg.bold or seg.hint, seg.md, "cn")))
        if (role == "self_building" and part_at and num is None and (last := max(part_at)) >= i - 3
                and part_at[last] == role and all(_is_line_heading(text, segs[x]) for x in range(last + 1, i))):
            continue  # a subtitle naming its part's role again (handan 2023's 加强政府自身建设 → … → 努力建设人民满意的服务型政府)
        if role is not None and not (num and num[0] == "di"):
            last_item = None
            if role in ("plan", "review", "requirements", "outlook") and len(title) > 30 and not seg.md:
                if num and num[0] == "cn":
                    long_heads.append((i, cn_value(num[1]), role, (seg.bold or seg.hint, seg.md, "cn")))
                continue
            part_at[i] = role
            if role not in ("appendix", "glossary"):  # (an appendix's **自治区2024年33件民生实事清单** sets no style
                # for the main parts: inner mongolia 2024's **重点要做好以下10个方面工作。** is no part)
                styles.add((seg.bold or seg.hint, seg.md, num[0] if num else None))
            if num and num[0] == "cn":
                cn_parts[i] = cn_value(num[1])
    # the 一、… line right before a plan part numbered 二、 in the same style is the review even when its
    # title names no year nor keyword (亳州 2014: 一、凝心聚力，攻坚克难，经济社会发展稳中向好 /
    # 二、稳中求进，改革创新，扎实做好2014年各项工作)
    for k, style in first_items:
        nxt = min((x for x in part_at if x > k), default=None)
        if (nxt is not None and part_at[nxt] == "plan" and cn_parts.get(nxt) == 2 and style in styles
                and not any(x < k for x in part_at)):
            part_at[k] = "review"
            cn_parts[k] = 1
    # a long numbered heading between the parts numbered one less and one more is a part too
    # (chengdu 2021: 一、…回顾 / 二、“十四五”规划总体要求和2035年远景目标、2050年远景展望 / 三、2021年工作安排)
    for i, value, role, style in long_heads:
        before = [v for k, v in cn_parts.items() if k < i]
        after = [v for k, v in cn_parts.items() if k > i]
        if before and after and before[-1] == value - 1 and after[0] == value + 1:
            part_at[i] = role
            styles.add(style)
    if not {"review", "plan"} & set(part_at.values()):
        for i, role, style in _numbered_part_run(cn_lines, year=year):
            part_at[i] = role
            styles.add(style)
    # the first part is preceded by the front matter: drop parts that are really the title
    first_body = _front_end(text, segs, part_at)
    for i in [k for k in part_at if k < first_body]:
        del part_at[i]
    # with no review found, a first part whose first paragraph looks back (anhui 2017's 一、“十三五”实现良好
    # 开局, then 过去的一年，是安徽发展进程中…) is the review, whatever plan its title names
    if part_at and "review" not in part_at.values() and part_at[min(part_at)] in ("outlook", "other"):
        first = min(part_at)
        body = next((k for k in range(first + 1, len(segs)) if _core(text, segs[k])), None)
        if body is not None and body not in part_at and _PERIOD_OPEN_RE.match(_core(text, segs[body])):
            part_at[first] = "review"
    if part_at:
        seen_plan = False
        last_cn: int | None = None  # the number of the last 一、… part heading
        subtitles: set[int] = set()
        for i in range(first_body, len(segs)):
            if i in part_at:
                if part_at[i] in ("appendix", "glossary"):
                    break
                # (after a requirements part too: zhejiang 2010's **二、2010年工作的总体要求…** then
                # **三、着力推进调整转型…** **四、…** **五、…**, its plan written as parts)
                seen_plan = seen_plan or part_at[i] in ("plan", "requirements")
                last_cn = cn_parts.get(i)
                continue
            seg = segs[i]
            if not _is_line_heading(text, seg):
                continue
            num = _numbering(text, seg.core_start, seg.core_end)
            style = (seg.bold or seg.hint, seg.md, num[0] if num else None)
            core = _core(text, seg)
            if num is None and (part_at.get(i - 1) in _MAIN_ROLES or i - 1 in subtitles):
                subtitles.add(i)  # a part's slogan subtitles (handan 2023's 做好2023年工作 → 我们要撸起袖子…)
                continue
            # before the plan, only the part heading numbered next (qingdao 2020: 一、2019年工作回顾, then
            # 二、今年以来全市统筹推进新冠肺炎疫情防控和经济社会发展工作情况)
            follows = num is not None and num[0] == "cn" and last_cn is not None and cn_value(num[1]) == last_cn + 1
            if not (seen_plan or follows):
                continue
            # (not an arabic item on its own line: changde 2021's 5.坚持建设精致城市，… after 1．…4．… run in)
            if (style in styles and (num is None or num[0] != "paren") and not _PAGE_MARK_RE.match(core)
                    and not _ARABIC_ITEM_RE.match(core)):
                part_at[i] = "self_building" if "政府" in core else "other"
                if num is not None and num[0] == "cn":
                    last_cn = cn_value(num[1])

    headless = _plan_made_of_parts(text, segs, part_at)
    _plan_before_self_building(text, segs, part_at, hints)
    # the closing call: the last 各位代表 paragraph after the last main part's content
    starts = sorted(part_at)
    tail_roles = {"glossary", "appendix"}
    main_end = next((i for i in starts if part_at[i] in tail_roles), len(segs))
    closing_at = None
    last_main = max((i for i in starts if part_at[i] not in tail_roles), default=first_body - 1)
    for i in range(main_end - 1, max(last_main, first_body - 1), -1):
        if _core(text, segs[i]).startswith("各位代表"):
            closing_at = i
            break

    body_heads = [i for i in starts if part_at[i] not in tail_roles]
    if body_heads and body_heads[0] > first_body:
        opening = _paragraphs(text, segs, range(first_body, body_heads[0]))
        if len(opening) <= 2 and not any(first_body <= i < body_heads[0] for i in starts):
            first_body = body_heads[0]
    # build front
    children: list[Node] = []
    if first_body > 0:
        front_paras = _paragraphs(text, segs, range(0, first_body))
        fblocks = b.blocks(front_paras)
        if fblocks:
            children.append(Node("f0", "front", fblocks[0].start, fblocks[-1].end, role="front", children=tuple(fblocks)))
    bounds = sorted(set(starts + ([closing_at] if closing_at is not None else [])))
    if (not bounds or bounds[0] > first_body) and first_body < (bounds[0] if bounds else len(segs)):
        bounds = [first_body, *bounds]
    for k, i in enumerate(bounds):
        j = bounds[k + 1] if k + 1 < len(bounds) else len(segs)
        if i >= j:
            continue
        role = part_at.get(i) or ("closing" if i == closing_at else "other")
        node = _build_part(text, segs, b, i, j, role, is_heading=i in part_at and i not in headless)
        if node is not None:
            children.append(node)
    root_end = children[-1].end if children else 0
    root = Node("r", "report", children[0].start if children else 0, root_end, children=tuple(children))
    meta = parse_meta(text, segs, upto=segs[first_body].start if first_body < len(segs) else len(text))
    if meta.date is None and meta.meeting is None:
        meta = pre_meta
    if meta.year is None:
        meta = replace(meta, year=_infer_year(text, root))
    report = Report(text=text, root=root, meta=meta, source=source)
    from reportdiff.glossary import attach_glossary

    return attach_glossary(report)


def _numbered_part_run(cn_lines: Sequence[tuple[int, int, str | None, tuple[bool, bool, str | None], str]], *,
                       year: int | None) -> list[tuple[int, str, tuple[bool, bool, str | None]]]:
    """With no review nor plan part found: the run of 一、二、三、… line headings in one style whose first
    names the review, however long their slogans (shijiazhuang 2023: 一、回顾2022年，我们解放思想、奋发进取，
    实现经济总量过万亿根基更稳、底气更足 / 二、展望2023年，我们要乘势而上、… / 三、满足新期待新期盼，我们将
    埋头苦干、奋勇前进，建设人民满意的服务型政府), as (segment, role, style): the line naming this year is
    the plan, a line without a role another part (``_plan_before_self_building`` may make it the plan)."""
    start = next((k for k, line in enumerate(cn_lines) if line[1] == 1 and line[2] == "review"), None)
    if start is None:
        return []
    style = cn_lines[start][3]
    run = [cn_lines[start]]
    for line in cn_lines[start + 1:]:
        if line[3] == style and line[1] == run[-1][1] + 1:
            run.append(line)
        elif line[3] == style and line[1] <= run[-1][1]:
            break  # a new 一、… series in the same style: the items of a part
    if len(run) < 2:
        return []
    out = []
    for i, _, role, st, title in run:
        if role is None:
            role = "plan" if year is not None and f"{year}年" in re.sub(r"\s+", "", title) else "other"
        out.append((i, role, st))
    return out


def _plan_before_self_building(text: str, segs: Sequence[Seg], part_at: dict[int, str],
                               hints: Sequence[tuple[int, int]]) -> None:
    """A report with a review and no plan part: the last unnamed part after the review, right before the
    self-building part or the end, is the plan when it has at least three numbered or line headings
    (yongzhou 2015: 一、奋力攻坚克难，2014年工作取得新成效 / 二、清醒研判形势，主动适应经济发展新常态 /
    三、坚持稳中求进，推动科学发展迈上新台阶 and its （一）…（六） / 四、推进依法治市，努力开创政府工作新
    局面). ``part_at`` is changed in place."""
    starts = sorted(part_at)
    if "plan" in part_at.values() or "review" not in part_at.values():
        return
    review = min(i for i in starts if part_at[i] == "review")
    others = [i for i in starts if i > review and part_at[i] == "other"]
    if not others:
        return
    k = others[-1]
    nxt = next((i for i in starts if i > k), len(segs))
    if nxt < len(segs) and part_at[nxt] not in ("self_building", "glossary", "appendix"):
        return
    heads = [x for x in range(k + 1, nxt) if (h := _heading_of(text, x, segs[x], hints)) is not None
             and (h.kind == "line" or h.number is not None)]
    if len(heads) >= 3:
        part_at[k] = "plan"


def _plan_made_of_parts(text: str, segs: Sequence[Seg], part_at: dict[int, str]) -> set[int]:
    """A plan written as five or more consecutively numbered parts (national 2020: 三、加大宏观政策实施
    力度… 四、… 八、…, each with short-lead paragraphs) is one plan part whose sections are those
    numbered items, as readers take it: the run's part heads are dropped but the first, which starts
    a part without a heading of its own. Returns those first heads (``part_at`` is changed in place)."""
    starts = sorted(part_at)
    runs: list[list[int]] = [[]]
    for k, i in enumerate(starts):
        num = _numbering(text, segs[i].core_start, segs[i].core_end)
        value = cn_value(num[1]) if num and num[0] == "cn" else None
        if part_at[i] not in ("plan", "other") or value is None:
            runs.append([])
            continue
        prev = runs[-1][-1] if runs[-1] else None
        prev_num = _numbering(text, segs[prev].core_start, segs[prev].core_end) if prev is not None else None
        if prev is not None and prev_num is not None and starts[k - 1] == prev and cn_value(prev_num[1]) == value - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out: set[int] = set()
    for run in runs:
        if len(run) >= 5:
            for i in run[1:]:
                del part_at[i]
            part_at[run[0]] = "plan"
            out.add(run[0])
    return out


def _infer_year(text: str, root: Node) -> int | None:
    for part in root.children:
        if part.kind == "part" and part.title:
            ys = [int(y) for y in _YEAR_HEAD_RE.findall(part.title)]
            if ys and part.role == "plan":
                return max(ys)
            if ys and part.role == "review":
                return max(ys) + 1
    return None


def _front_end(text: str, segs: Sequence[Seg], part_at: dict[int, str]) -> int:
    """Index of the first body segment: the first real part heading, or after 各位代表：+ opening."""
    body_parts = [i for i in sorted(part_at) if part_at[i] not in ("glossary", "appendix")]
    limit = min(40, body_parts[0] if body_parts else 40)
    for i, seg in enumerate(segs[:limit]):
        core = _core(text, seg)
        if core.startswith("各位代表") and len(core) <= 8:
            nxt = i + 1
            if nxt < len(segs) and _core(text, segs[nxt]).startswith(("现在，我代表", "现在,我代表", "现在，受")):
                nxt += 1
            return nxt
    if body_parts:
        return body_parts[0]
    return 0


def _build_part(text: str, segs: list[Seg], b: _Builder, i: int, j: int, role: str, *, is_heading: bool) -> Node | None:
    pid = b.ids.next("p")
    number = title = None
    ts = te = None
    body_from = i
    if is_heading:
        seg = segs[i]
        num = _numbering(text, seg.core_start, seg.core_end)
        start_title = num[2] if num else seg.core_start
        number = num[1] if num else None
        ts, te = _title_range(text, start_title, seg.core_end)
        title = text[ts:te]
        body_from = i + 1
    content = _part_content(text, segs, b, body_from, j, role, b.hints,
                            tasks=title is not None and ("任务" in title or "举措" in title))
    start = segs[i].start
    end = content[-1].end if content else segs[i].end
    if not is_heading and not content:
        return None
    return Node(pid, "part", start, end, role=role, number=number, title=title, title_start=ts, title_end=te,
                children=tuple(content))


def _part_content(text: str, segs: list[Seg], b: _Builder, i: int, j: int, role: str,
                  hints: Sequence[tuple[int, int]] = (), *, tasks: bool = False) -> list[Node]:
    idxs = list(range(i, j))
    if role == "glossary":
        return b.blocks(_paragraphs(text, segs, idxs))
    heads = _subtitles_dropped(_collect_heads(text, segs, idxs, role, hints, tasks=tasks), i)
    sec_series, sub_series = _choose_levels(heads)
    sec_series, sub_series = _unnest(heads, sec_series, sub_series)
    heads, sec_series, sub_series = _ordinal_parents(text, heads, sec_series, sub_series)
    heads, sec_series, sub_series, chapters = _chapter_items(heads, sec_series, sub_series, role)
    sec_heads = {h.seg: h for h in heads if h.series in sec_series}
    sub_heads = {h.seg: h for h in heads if h.series in sub_series}
    if not sec_heads and role == "self_building":
        sec_heads = _plain_self_building_units(text, segs, idxs)
    if not sec_heads:
        return b.blocks(_paragraphs(text, segs, idxs), split_intro_leads=role != "closing")
    sec_heads = _with_intro_units(text, segs, heads, sec_heads, role)
    sec_heads = _with_trailing_run(text, segs, heads, sec_heads, sec_series)
    gov = _self_building_run(text, segs, heads, after=max(sec_heads), stop=j)
    if gov is not None:
        sec_heads.update(gov[1])
    codas: set[int] = set()
    if gov is None and role == "review":
        tails, codas = _tail_heads(text, segs, sec_heads, sub_heads, stop=j)
        sec_heads.update(tails)
    if gov is not None:
        codas.add(gov[0])
    codas |= chapters
    # a self-building part made of short-lead paragraphs opens with an intro paragraph of the same
    # shape (人民是最大的靠山。…; 新使命呼唤新担当，新征程需要新作为。…): it belongs to the part
    if (role == "self_building" and i in sec_heads and len(sec_heads) >= 3
            and all(h.series == "lead" for h in sec_heads.values())):
        del sec_heads[i]
    # a themed line announcing the run right after it (一年来，我们重点做了以下工作：) heads nothing
    # (not a ——-led one-line claim followed by another: changsha 2023's ——牢牢稳住经济大盘，…。
    # ——疫情防控取得阶段性重大成果，…。 are a run of claims, each a unit)
    sec_heads = {k: h for k, h in sec_heads.items()
                 if not (h.series == "themed" and k + 1 in sec_heads
                         and (h.kind == "line" or _core(text, segs[k]).endswith(_ANNOUNCES))
                         and not (text.startswith("——", segs[k].core_start)
                                  and text.startswith("——", segs[k + 1].core_start)))}
    out = b.blocks(_paragraphs(text, segs, range(i, min(sec_heads))))
    out.extend(_section_nodes(text, segs, b, sec_heads, sub_heads, codas, stop=j))
    if chapters:
        out = _mark_chapters(text, out, [h for h in heads if h.seg in chapters])
    return out


def _mark_chapters(text: str, nodes: Sequence[Node], chapters: Sequence[Head]) -> list[Node]:
    """The blocks that hold a chapter heading (see `_chapter_items`) carry role ``chapter``, its number and
    title: the aligner groups the sections after it (a year written without chapters splits one of its
    sections over a chapter's items)."""
    out: list[Node] = []
    for node in nodes:
        # (the block starts with the heading, or with the markup before it)
        h = next((c for c in chapters if node.kind == "block" and node.start <= c.area_start < node.end
                  and not text[node.start:c.area_start].strip(" *\n")), None)
        if h is not None:
            ts, te = _title_range(text, h.title_start, h.title_end)
            node = replace(node, role="chapter", number=h.number, title=text[ts:te], title_start=ts, title_end=te)
        out.append(node)
    return out


def _collect_heads(text: str, segs: list[Seg], idxs: Sequence[int], role: str, hints: Sequence[tuple[int, int]],
                   *, tasks: bool) -> list[Head]:
    """Every heading a part's paragraphs start with: numbered, bold or line headings, themed review
    paragraphs, short leads (and the self-building and sibling variants), minus those that head nothing."""
    heads: list[Head] = []
    # a review whose paragraphs open with paired leads (yongzhou 2015's 克服下行压力，发展势头稳定向好。
    # 实施“三大突破”，瓶颈制约逐步缓解。 …: three or more) has them as its units
    pairs = role == "review" and sum(_paired_lead(text, segs[k]) for k in idxs) >= 3
    # a review whose units open 过去一年，我们… (hohhot 2024's ten) has no such intro to drop (yibin 2023's
    # three 过去一年，是极为特殊…的一年。 are one)
    past, ours = ("过去一年，", "过去的一年，"), ("过去一年，我们", "过去的一年，我们")
    past_run = sum(text.startswith(ours, segs[k].core_start) for k in idxs) >= 3
    for k in idxs:
        h = _heading_of(text, k, segs[k], hints)
        if h is not None and h.series == "arabic" and role in ("closing", "appendix", "glossary"):
            # a glossary's 1.“双型”城市… lines stay plain lines
            h = replace(h, series="plain", number=None, title_start=segs[k].core_start)
        if h is None and role not in ("closing", "appendix", "glossary"):
            h = _arabic_head(text, k, segs[k])
        if h is None and (role in ("review", "other", "outlook")
                          or tasks and role == "requirements" and _TASK_ITEM_RE.match(text, segs[k].core_start)):
            # (the ——… paragraphs of a requirements part named for its tasks are sections: national
            # 2021's …“十四五”时期主要目标任务 and its ——坚持创新驱动发展，加快发展现代产业体系。…; not
            # sichuan 2018's 指导思想和奋斗目标 and its ——人民群众获得感不断增强。…; dongying 2022's
            # 二、今后五年的主要目标任务 and its 一是…。 … 五是坚定不移守牢安全底线。)
            h = _themed_head(text, k, segs[k], dashed_limit=200 if role == "review" else 120)
            if (h is not None and not heads and text.startswith(past, segs[k].core_start)
                    and not (past_run and text.startswith(ours, segs[k].core_start))):
                h = None  # 过去一年，我国发展… opens a review as its intro (过去一年，中国特色大国外交… later is a unit)
        if h is None and role in ("review", "plan", "outlook", "other", "self_building"):
            h = _lead_head(text, k, segs[k], paired=role == "self_building", pairs=pairs)
        if h is not None:
            heads.append(h)
    if role == "self_building":
        heads = _anaphora_heads(text, segs, idxs, heads)
    heads = _sibling_leads(text, segs, idxs, heads)
    if role == "review":
        heads = _anaphoric_units(text, segs, idxs, heads)
    # 这五年，… heads sections only as a run (sichuan 2016's six 这五年，我省…); a single one is an intro; so
    # do 过去的五年，… and “十二五”是…的五年 (guiyang 2016's six “十二五”是我市…; not 过去的五年，是极不平凡的五年。)
    by_opener: dict[str, list[Head]] = {}
    for h in heads:
        m = _RUN_ONLY_RE.match(text, segs[h.seg].core_start) if h.series == "themed" else None
        if m is not None:
            by_opener.setdefault(m.group(), []).append(h)
    for group in by_opener.values():
        if len(group) == 1:
            heads.remove(group[0])
    strong = {h.seg for h in heads if h.series != "lead"}
    stop = idxs[-1] + 1 if idxs else 0
    # a themed sentence alone on its line heads a section only if a body follows it (not 一年来，主要
    # 开展了以下工作。 right before the numbered headings), or it is a ——-led claim of a run (changsha
    # 2023's ——牢牢稳住经济大盘，…。 ——疫情防控取得阶段性重大成果，…。; the last one too: ganzhou 2023's
    # third ——这一年，…！ before 一年来，主要做了以下工作：)
    dashed = {h.seg for h in heads if h.series == "themed" and text.startswith("——", segs[h.seg].core_start)
              and role == "review"}  # (in a review only: an outlook's ——… one-liners are its targets)
    run = {k for k in dashed if k + 1 in dashed or k - 1 in dashed}
    return [_claim_head(text, h) if h.seg in run and h.kind == "line" else h for h in heads
            if not (h.series == "themed" and h.kind == "line" and h.seg not in run and (
                h.seg + 1 in strong or h.seg + 1 >= stop or _core(text, segs[h.seg + 1]).startswith("各位代表")))]


_MAIN_ROLES = ("review", "plan", "self_building", "requirements", "outlook")
_OPENER_RE = re.compile(r"(?:——)?([^，。！？：；“”*]{2,8})，")


def _anaphoric_units(text: str, segs: list[Seg], idxs: Sequence[int], heads: Sequence[Head]) -> list[Head]:
    """Three or more paragraphs in a row of a review that open with the same words up to a comma, none of
    them a heading yet, each led by a sentence of at most 40 characters (zunyi 2022's five 五年感恩奋进，脱贫
    攻坚全面胜利，全面小康同步建成。…, chaoyang 2022's eight 这四年，我们…, xining 2019's six 2018年，是…的一
    年。…): a run of units, each titled by its lead sentence. Not 各位代表，… paragraphs (a speech's
    asides)."""
    taken = {h.seg for h in heads}
    out = list(heads)
    run: list[int] = []
    opener: str | None = None

    def flush() -> None:
        # (a run of 过去一年，是…的一年。 statements before a review's numbered units is its intro: yibin 2023)
        said = all(re.match(r"(?:——)?[^，]*，还?是", text[segs[k].core_start:segs[k].core_end]) for k in run)
        if len(run) >= 3 and opener is not None and not opener.startswith("各位代表") and not (said and heads):
            for k in run:
                seg = segs[k]
                e = _run_in_end(text, seg.core_start, seg.core_end)
                ts = seg.core_start + (2 if text.startswith("——", seg.core_start) else 0)
                out.append(Head(k, "runin", "themed", None, seg.start, e, ts, e,
                                body_start=_strip_range(text, e, seg.end)[0]))

    for k in idxs:
        seg = segs[k]
        m = _OPENER_RE.match(text, seg.core_start, seg.core_end)
        e = _run_in_end(text, seg.core_start, seg.core_end)
        key = m.group(1) if m and k not in taken and 0 < e - seg.core_start <= 40 else None
        if key is not None and key == opener and run and run[-1] == k - 1:
            run.append(k)
            continue
        flush()
        run, opener = ([k], key) if key is not None else ([], None)
    flush()
    return sorted(out, key=lambda h: h.seg)


def _claim_head(text: str, head: Head) -> Head:
    """A one-sentence ——-led claim of a run (——牢牢稳住经济大盘，经济运行稳中向好，…。): its first clause is
    the unit's title, the rest of the sentence its body (not an empty unit all heading)."""
    comma = text.find("，", head.title_start, head.title_end)
    if comma < 0 or comma + 1 >= head.title_end:
        return head
    return replace(head, kind="runin", area_end=comma + 1, title_end=comma, body_start=comma + 1)


def _with_intro_units(text: str, segs: list[Seg], heads: Sequence[Head], sec_heads: dict[int, Head],
                      role: str) -> dict[int, Head]:
    """Units before the first section heading: a run of themed paragraphs, bold or short leads; in a
    review, short leads framed by period prose (hubei 2018), a pair of leads of one shape (national
    2025) or a summary paragraph before the announcing one (shanghai 2024)."""
    first = min(sec_heads)
    intro_heads = [h for h in heads if h.seg < first and h.series in ("themed", "boldlead", "lead")]
    intro_series, _ = _choose_levels(intro_heads)
    intro_secs = {h.seg: h for h in intro_heads if h.series in intro_series}
    items = sorted(k for k, h in sec_heads.items() if h.series == "themed"
                   and _ITEM_RE.match(text, segs[k].core_start, segs[k].core_end))
    lead_run = _consecutive_leads([h for h in heads if items and h.seg < items[0]])
    if len(lead_run) >= 3 and role == "review":
        # hubei 2018: 过去五年，…/五年来，… prose frames 综合实力明显提升。 结构调整明显加快。 … before 一是…:
        # the consecutive short leads are the units, the period paragraphs around them the intro
        sec_heads = {k: h for k, h in sec_heads.items() if k >= items[0]}
        sec_heads.update((h.seg, h) for h in lead_run)
        first = min(sec_heads)
    if not intro_secs and role == "review":
        intro_secs = _paired_intro_leads(text, segs, intro_heads)
    if not intro_secs and role == "review":
        # shanghai 2024: 一年来，全市经济社会发展稳中有进、稳中向好。… then 一年来，我们主要做了以下工作。 and
        # （一）…: the summary paragraph right before the announcing one is a unit (a highlight)
        summary = next((h for h in intro_heads if h.seg == first - 2 and h.series == "themed"), None)
        if summary is not None and _core(text, segs[first - 1]).endswith(_ANNOUNCES):
            intro_secs = {summary.seg: summary}
    return {**intro_secs, **sec_heads}


def _with_trailing_run(text: str, segs: list[Seg], heads: Sequence[Head], sec_heads: dict[int, Head],
                       sec_series: set[str]) -> dict[int, Head]:
    """A new run of bold leads / themed paragraphs / short leads after the last numbered section, of a
    kind that the numbered sections themselves never contain, starts sections of its own (the annual
    review after a five-year review: **超常举措稳住经济大盘。**…; guangan 2025's work paragraphs after
    一年来，我们重点做了以下工作：)."""
    first, last = min(sec_heads), max(sec_heads)
    inner = {h.series for h in heads if first < h.seg < last and h.seg not in sec_heads}
    trailing = [h for h in heads if h.seg > last and h.series in ("themed", "boldlead", "lead") and h.series not in inner]
    trail_series, _ = _choose_levels(trailing)
    if not trail_series or trail_series & sec_series:
        return sec_heads
    run = {h.seg: h for h in trailing if h.series in trail_series}
    # the run right under the last heading is that section's own content (一、… then its leads),
    # unless the last head only announces the run (一年来，我们重点做了以下工作：)
    head = sec_heads[last]
    announcing = head.series == "themed" and (head.kind == "line" or _core(text, segs[last]).endswith(_ANNOUNCES))
    if min(run) > last + 1 or announcing:
        return {**sec_heads, **run}
    return sec_heads


def _section_nodes(text: str, segs: list[Seg], b: _Builder, sec_heads: dict[int, Head], sub_heads: dict[int, Head],
                   codas: set[int], *, stop: int) -> list[Node]:
    """The section nodes from their heads, each ending at the next head or at a paragraph that belongs
    to the part: a 各位代表 paragraph, the start of the self-building run or the review's closing
    reflection (``codas``), or a paragraph announcing the next series; those paragraphs and what follows
    them up to the next head stay blocks of the part."""
    out: list[Node] = []
    sec_starts = sorted(sec_heads)
    for n, k in enumerate(sec_starts):
        end = sec_starts[n + 1] if n + 1 < len(sec_starts) else stop
        # (not the first paragraph under a heading line: 二、…**\n\n各位代表，党的十八大… is its body)
        body_from = k + 1 if sec_heads[k].kind != "line" else k + 2
        coda = next((x for x in range(body_from, end) if (_core(text, segs[x]).startswith("各位代表") or x in codas)
                     and x not in sub_heads), None)
        # a paragraph announcing the next series (2020年，…重点开展了以下工作：, or one 一年来，我们…
        # sentence) closes this one (chengdu 2021's five-year units, then its 2020 items)
        if (coda is None and n + 1 < len(sec_starts) and end - 1 >= body_from and end - 1 not in sub_heads
                and (_announces(text, segs[end - 1]) or _opens_year_before_items(text, segs, k, end))):
            coda = end - 1
        out.append(_section(text, segs, b, sec_heads[k], k, coda if coda is not None else end, sub_heads,
                            kind="section", prefix="s"))
        if coda is not None:
            out.extend(b.blocks(_paragraphs(text, segs, range(coda, end))))
    return out


def _self_building_run(text: str, segs: list[Seg], heads: Sequence[Head], *, after: int,
                       stop: int) -> tuple[int, dict[int, Head]] | None:
    """After the last numbered section of a part, a paragraph such as 对政府工作提出了新的更高要求
    followed by at least two short-lead paragraphs (加强法治政府建设。…, or the self-building part's
    paired and longer leads) before the next 各位代表 is
    the government's self-building run: the paragraph ends the last section and the leads become
    sections."""
    lines = {h.seg for h in heads if h.kind == "line"}
    gov = next((x for x in range(after + 1, stop) if (_GOV_DEMANDS_RE.match(_core(text, segs[x]))
                                                      or _GOV_BUILD_RE.match(_core(text, segs[x]))
                                                      or _GOV_SELF_RE.match(_core(text, segs[x])))
                and x - 1 not in lines), None)  # not the opening paragraph under a heading line
    if gov is None:
        return None
    end = next((x for x in range(gov + 1, stop) if _core(text, segs[x]).startswith("各位代表")), stop)
    leads = {h.seg: h for h in heads if gov < h.seg < end and h.series in ("lead", "boldlead", "themed")}
    # after a 各位代表 paragraph, the run's leads take the self-building shapes too (guilin 2020: 牢记宗旨，
    # 忠诚履职。)
    if _core(text, segs[gov]).startswith("各位代表"):
        for x in range(gov + 1, end):
            h = None if x in leads else _lead_head(text, x, segs[x], paired=True)
            if h is not None:
                leads[x] = h
    return (gov, leads) if len(leads) >= 2 else None


def _announces(text: str, seg: Seg) -> bool:
    """A paragraph that introduces the series after it: …主要做了以下工作。, or one sentence opening with
    a period (一年来，我们坚持稳中求进工作总基调，…办成了一批惠企利民的实事。 before hubei 2019's
    聚焦聚力… units)."""
    core = _core(text, seg)
    if core.endswith(_ANNOUNCES):
        return True
    return _PERIOD_OPEN_RE.match(core) is not None and len(sentence_spans(text, seg.core_start, seg.core_end)) == 1


_YEAR_OPEN_RE = re.compile(r"(\d{4}年(是|，)|刚刚过去的\d{4}年)")


def _is_item(text: str, seg: Seg) -> bool:
    return _ITEM_RE.match(text, seg.core_start, seg.core_end) is not None


def _opens_year_before_items(text: str, segs: Sequence[Seg], k: int, stop: int) -> bool:
    """guangdong 2023: five 五年来，我们… units, then 2022年是…的一年，…成绩殊为不易。 and 一是…八是: the
    paragraph naming the year opens the items after it, not the unit before it."""
    return (_YEAR_OPEN_RE.match(_core(text, segs[stop - 1])) is not None
            and _is_item(text, segs[stop]) and not _is_item(text, segs[k]))


def _consecutive_leads(heads: Sequence[Head]) -> list[Head]:
    """The longest run of lead heads on consecutive segments."""
    best: list[Head] = []
    run: list[Head] = []
    for h in heads:
        if h.series != "lead":
            continue
        run = run + [h] if run and h.seg == run[-1].seg + 1 else [h]
        if len(run) > len(best):
            best = run
    return best


def _paired_intro_leads(text: str, segs: list[Seg], heads: Sequence[Head]) -> dict[int, Head]:
    """Two consecutive short-lead paragraphs of one shape before a review's numbered series are its
    highlights (national 2025's “稳”的态势巩固延续。… and “进”的步伐坚实有力。…): the same first two
    characters, or both opening with a quoted term."""
    leads = [h for h in heads if h.series == "lead"]
    if len(leads) != 2 or leads[1].seg != leads[0].seg + 1:
        return {}
    a, b = (text[h.title_start:h.title_end] for h in leads)
    if a[:2] == b[:2] or (a.startswith("“") and b.startswith("“") and "”" in a[:6] and "”" in b[:6]):
        return {h.seg: h for h in leads}
    return {}


def _unnest(heads: Sequence[Head], sec_series: set[str], sub_series: set[str]) -> tuple[set[str], set[str]]:
    """第一，… items whose sections would hold all the （一）… headings in one of them (or in none) are not
    their parents: beijing 2016's plan states four principles 第一，必须…第四，… and then its （一）…
    items, its review closes the （一）…（七） series with five lessons 第一，必须始终坚持…. The （一）
    series makes the sections then, and the 第一，… paragraphs stay prose."""
    if not sec_series <= {"di", "bold-di"} or not sub_series:
        return sec_series, sub_series
    di = sorted(h.seg for h in heads if h.series in sec_series)
    subs = [h.seg for h in heads if h.series in sub_series]
    parents = {max((d for d in di if d < x), default=None) for x in subs}
    if len(subs) >= 3 and len(parents) <= 1:
        return sub_series, set()
    return sec_series, sub_series


_ORDINAL_LEAD_RE = re.compile(r"([一二三四五六七八九十]{1,2})是")


def _ordinal_parents(text: str, heads: Sequence[Head], sec_series: set[str], sub_series: set[str]
                     ) -> tuple[list[Head], set[str], set[str]]:
    """Unnumbered leads grouped under 一是…, 二是… leads of the same shape (yangzhou 2023's plan:
    一是全力以赴稳定经济增长。… then 增强市场主体活力。… 持续扩大有效投资。…, 二是持续深化产业科创名城
    建设。… then its own leads; deyang 2022's 一是大力开展“三大攻坚”。 and its three 大力开展…攻坚。): the
    ordinal leads, numbered 一, 二, 三 … from the part's first head on and nearly all followed by
    leads of their own, make the sections, the other leads their subsections."""
    if sub_series or len(sec_series) != 1:
        return list(heads), sec_series, sub_series
    series = next(iter(sec_series))
    run = [h for h in heads if h.series == series]
    found = [(n, m) for n, h in enumerate(run) if (m := _ORDINAL_LEAD_RE.match(text, h.title_start))]
    ordinal = [n for n, _ in found]
    if len(ordinal) < 3 or ordinal[0] != 0 or series not in ("lead", "themed"):
        return list(heads), sec_series, sub_series
    numbers = [cn_value(m.group(1)) for _, m in found]
    groups = sum(b - a > 1 for a, b in zip(ordinal, [*ordinal[1:], len(run)], strict=True))
    if numbers != list(range(1, len(ordinal) + 1)) or groups < len(ordinal) - 1:
        return list(heads), sec_series, sub_series
    parents = {run[n].seg for n in ordinal}
    out = [replace(h, series="ordinal-lead") if h.seg in parents else h for h in heads]
    return out, {"ordinal-lead"}, {series}


def _subtitles_dropped(heads: Sequence[Head], first: int) -> list[Head]:
    """Unnumbered heading lines right under the part heading, before its first paragraph, when no such
    line follows later in the part: the part's slogan subtitles (handan 2023's 回顾2022年工作 →
    我们锚定目标团结奋进攻坚克难 → 现代化区域中心城市建设迈出坚实步伐, then its seven 一年来，我们… units), not
    sections that would swallow the units."""
    lines = [h for h in heads if h.kind == "line" and h.series in ("plain", "bold") and h.number is None]
    top: list[int] = []
    for h in lines:
        if h.seg != first + len(top):
            break
        top.append(h.seg)
    if not top or len(top) != len(lines) or len(heads) - len(top) < 2:
        return list(heads)
    return [h for h in heads if h.seg not in top]


def _chapter_items(heads: Sequence[Head], sec_series: set[str], sub_series: set[str], role: str
                   ) -> tuple[list[Head], set[str], set[str], set[int]]:
    """一、… chapters that group （一）… items inside an unnumbered review or plan part (urumqi 2018:
    2017年工作回顾 → 一、经济持续健康快速发展 → （一）固定资产投资规模创历史新高。…; xizang 2020): the items are
    the sections, as they are under the numbered parts of a national report, and a chapter without
    items is one itself. The chapter headings (and the intro paragraphs under them) stay blocks of
    the part: they are returned, to close the section before them."""
    if (role not in ("review", "plan", "outlook", "self_building") or not sub_series
            or not sec_series <= {"cn", "bold-cn"} or not sub_series <= {"paren", "bold-paren"}):
        return list(heads), sec_series, sub_series, set()
    chapters = sorted(h.seg for h in heads if h.series in sec_series)
    items = [h.seg for h in heads if h.series in sub_series]
    if not chapters or min(items) < chapters[0]:
        return list(heads), sec_series, sub_series, set()
    per = Counter(max(c for c in chapters if c < x) for x in items)
    if sum(n >= 2 for n in per.values()) < 2:
        return list(heads), sec_series, sub_series, set()
    out = [replace(h, series="chapter") if h.seg in per else h for h in heads]
    return out, sec_series | sub_series, set(), set(per)


def _plain_self_building_units(text: str, segs: list[Seg], idxs: Sequence[int]) -> dict[int, Head]:
    """A self-building part of plain paragraphs (beijing 2017: 做好新一年工作，加强政府自身建设是保障。…
    then 坚持依法行政，…, 大力转变工作作风，…, 坚定不移推进政府系统廉政建设和反腐败斗争。…): after the
    opening paragraph, each paragraph is a unit, titled by its first clause."""
    paras = _paragraphs(text, segs, idxs)
    units = [p for p in paras[1:] if not _core(text, segs[p.segs[0]]).startswith("各位代表")]
    if len(units) < 2:
        return {}
    out: dict[int, Head] = {}
    for p in units:
        seg = segs[p.segs[0]]
        spans = sentence_spans(text, seg.core_start, seg.core_end)
        if not spans:
            return {}
        end = spans[0][1]
        comma = text.find("，", seg.core_start, end)
        te = comma if 0 < comma - seg.core_start <= 24 else end
        out[p.segs[0]] = Head(p.segs[0], "runin", "plain-unit", None, seg.start, seg.core_start, seg.core_start, te,
                              body_start=seg.core_start)
    return out


def _tail_heads(text: str, segs: list[Seg], sec_heads: dict[int, Head], sub_heads: dict[int, Head], *,
                stop: int) -> tuple[dict[int, Head], set[int]]:
    """Units after the last section of a review (national 2020's ——民生进一步改善。 then 我们隆重庆祝…,
    我们加强党风廉政建设…, 中国特色大国外交成果丰硕。; chengdu 2022's （六）… then 政府自身建设进一步
    加强。). A paragraph after the last section heads a unit of its own when its first sentence names a
    closing topic (foreign affairs, defence, party discipline, the government's own conduct — one the
    last heading does not name; under a heading line, whose body is its paragraphs, only in a short
    lead or after 一年来，/过去五年，), or when the last section belongs to a run of at least three
    one-paragraph run-in items and the paragraph opens with a claim (a first sentence of at most 40
    characters that lists nothing, or 我们…). The tail ends at 各位代表, at the closing reflection
    (成绩来之不易, 清醒看到, 2020年是…之年, 通过艰苦努力…),
    at an announcing paragraph or at a subsection heading; a paragraph of neither kind stays with the
    unit before it. A bare 各位代表！ does not end the scan (national 2023's 各位代表！ then 港澳台工作取得
    新进展。…). After one-paragraph items, the closing reflection or announcing paragraph that
    ends the tail also ends the last unit (sichuan 2021's 八是… then 2020年是…收官之年。…): it belongs
    to the part, as a 各位代表 paragraph does. The scan runs after the last numbered section (一是…/——…/（八）…) and after the last
    section of any kind; units already found there (过去一年，中国特色大国外交…) stay."""
    numbered = [k for k, h in sec_heads.items()
                if h.number is not None or _ITEM_RE.match(text, segs[k].core_start, segs[k].core_end)]
    out: dict[int, Head] = {}
    codas: set[int] = set()
    for last in sorted({max(numbered or sec_heads), max(sec_heads)}):
        heads, coda = _tail_after(text, segs, sec_heads, sub_heads, last, stop=stop)
        out.update(heads)
        if coda is not None:
            codas.add(coda)
    return out, codas


def _tail_after(text: str, segs: list[Seg], sec_heads: dict[int, Head], sub_heads: dict[int, Head], last: int, *,
                stop: int) -> tuple[dict[int, Head], int | None]:
    head = sec_heads[last]
    run = sorted(k for k, h in sec_heads.items() if h.series == head.series)
    n = 1
    while n < len(run) and run[-n - 1] == run[-n] - 1:
        n += 1
    one_paragraph_items = head.kind == "runin" and n >= 3
    head_title = text[head.title_start:head.title_end]
    out: dict[int, Head] = {}
    for x in range(last + 1, stop):
        if x in sec_heads:
            continue
        seg = segs[x]
        core = _core(text, seg)
        spans = sentence_spans(text, seg.core_start, seg.core_end)
        if len(core) <= 6 and core.startswith("各位代表"):
            continue  # a bare 各位代表！ between the numbered review and its closing units
        if not spans or x in sub_heads or core.startswith("各位代表"):
            break
        a, e = spans[0]
        first = text[a:e]
        plain = _QUOTED_RE.sub("", first)
        topic = _TAIL_TOPIC_RE.search(plain)
        # (not 国家安全、国防动员、退役军人事务… or 加强国防教育、国防动员…: a list naming the topic among others)
        # under a heading line only a lead or a period opener (一年来，政府自身建设不断加强。)
        opens_unit = head.kind == "runin" or _LEAD_RE.match(first) or _PERIOD_OPEN_RE.match(first)
        on_topic = (topic is not None and opens_unit is not None and len(first) <= 60
                    and topic.group() not in head_title and "、" not in plain[:topic.end() + 12])
        # (a short lead on a closing topic is a unit though it names 成绩: hunan 2015's 国防和后备力量建设取得新
        # 成绩。 after 八是…)
        if (_OUTRO_RE.search(first) and not (on_topic and _LEAD_RE.match(first))) or core.endswith(_ANNOUNCES):
            return out, x if one_paragraph_items else None
        claim = one_paragraph_items and ((len(first) <= 40 and "、" not in first)
                                         or text.startswith("我们", a) and _THEMED_RE.match(first) is not None)
        # a year's account of the government's own conduct: 一年来，/过去一年， then two conduct topics (a
        # paragraph of several sentences: one long sentence leads nothing; under a heading line on another
        # topic only after its first paragraph, which is its body: qingdao 2008's （八）推进政府改革创新…
        # then 五年来，以建设法治、责任、廉洁、高效政府为目标…)
        placed = head.kind == "runin" or (x > last + 1 and _OWN_CONDUCT_TITLE_RE.search(head_title) is None)
        topics = {"接受监督" if m.startswith("接受") else m for m in _CONDUCT_RE.findall(core)}
        conduct = placed and len(spans) > 1 and _PERIOD_OPEN_RE.match(first) is not None and len(topics) >= 2
        if not (on_topic or claim or conduct):
            continue
        if len(spans) == 1:  # one sentence: the unit's title and its only block
            out[x] = Head(x, "runin", "tail", None, seg.start, e, seg.core_start, e, body_start=seg.core_start)
        else:
            out[x] = Head(x, "runin", "tail", None, seg.start, e, seg.core_start, e,
                          body_start=_strip_range(text, e, seg.end)[0])
    return out, None


def _section(text: str, segs: list[Seg], b: _Builder, head: Head, k: int, stop: int,
             sub_heads: dict[int, Head], *, kind: str, prefix: str) -> Node:
    nid = b.ids.next(prefix)
    ts, te = _title_range(text, head.title_start, head.title_end)
    children: list[Node] = []
    rest = range(k + 1, stop)
    if head.body_start is not None and head.body_start < segs[k].end:
        first_para = _Para(head.body_start, segs[k].end, [k])
        paras = _paragraphs(text, segs, rest)
        if paras and paras[0].segs[0] == k + 1 and _continues(text, segs[k], segs[k + 1]):
            first_para.end = paras[0].end
            paras = paras[1:]
        paras = [first_para, *paras]
    else:
        paras = _paragraphs(text, segs, rest)
    subs = sorted(x for x in sub_heads if k < x < stop)
    if subs and kind == "section":
        before = [p for p in paras if p.segs[0] < subs[0]]
        children.extend(b.blocks(before, split_intro_leads=True))
        for n, x in enumerate(subs):
            sstop = subs[n + 1] if n + 1 < len(subs) else stop
            children.append(_section(text, segs, b, sub_heads[x], x, sstop, {}, kind="subsection", prefix="u"))
    else:
        children.extend(b.blocks(paras, split_intro_leads=True))
    end = children[-1].end if children else head.area_end
    end = max(end, _strip_range(text, head.area_start, head.area_end)[1])
    return Node(nid, kind, head.area_start, end, number=head.number,  # type: ignore[arg-type]
                title=text[ts:te], title_start=ts, title_end=te, children=tuple(children))
