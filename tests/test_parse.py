"""Parser tests: invariants on every real report and on arbitrary text, the seed's quirks, regexes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportdiff.model import Node, Report
from reportdiff.parse import cn_numeral, cn_value, parse, sentence_spans
from tests.conftest import ALL_REPORTS, DATA, SEED, corpus


def check_invariants(r: Report) -> None:
    """Nodes nest and are ordered, spans lie in the text, titles round-trip, and every
    non-whitespace character lies in exactly one leaf (sentence) or one heading area."""
    text = r.text
    covered = [0] * len(text)
    ids: set[str] = set()

    def walk(n: Node, parent: Node | None) -> None:
        assert 0 <= n.start <= n.end <= len(text), n
        assert n.id not in ids
        ids.add(n.id)
        if parent is not None:
            assert parent.start <= n.start and n.end <= parent.end, (n.id, parent.id)
        if n.title is not None:
            assert n.title_start is not None and n.title_end is not None
            assert text[n.title_start:n.title_end] == n.title
            assert n.start <= n.title_start <= n.title_end <= n.end
        prev_end = n.start
        for c in n.children:
            assert c.start >= prev_end, (c.id, "overlaps its previous sibling")
            prev_end = c.end
            walk(c, n)
        if n.kind == "sentence":
            assert not n.children
            for i in range(n.start, n.end):
                covered[i] += 1
        elif n.kind in ("part", "section", "subsection") and n.title_start is not None:
            head_end = n.children[0].start if n.children else n.end
            for i in range(n.start, head_end):
                covered[i] += 1

    walk(r.root, None)
    missing = [i for i, c in enumerate(covered) if c == 0 and not text[i].isspace()]
    assert not missing, repr(text[missing[0]:missing[0] + 30])
    assert all(c <= 1 for c in covered)


@pytest.mark.parametrize("path", ALL_REPORTS + [SEED], ids=lambda p: p.stem)
def test_every_real_report_parses_exactly(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    r = parse(text)
    check_invariants(r)
    roles = [p.role for p in r.parts]
    assert "plan" in roles or "requirements" in roles or "outlook" in roles
    assert len(r.sections) >= 5
    assert r.meta.year is not None


def _shape(r: Report) -> list[tuple[str | None, list[tuple[str | None, int]], int]]:
    return [(p.role, [(s.title, len(s.children)) for s in p.children if s.kind == "section"], len(p.children))
            for p in r.parts if p.role != "glossary"]


def _mask_equal(masked: str | None, plain: str | None) -> bool:
    if masked is None or plain is None:
        return masked == plain
    pattern = "".join(".+?" if part.startswith("*") else re.escape(part)
                      for part in re.split(r"(\*[*.·+]*)", masked) if part)
    return re.fullmatch(pattern, plain) is not None


def test_seed_parses_like_its_original() -> None:
    seed = parse(SEED.read_text(encoding="utf-8"))
    orig = parse(corpus("guangan-2023").read_text(encoding="utf-8"))
    a, b = _shape(seed), _shape(orig)
    assert [x[0] for x in a] == [x[0] for x in b]
    for (_, secs_a, n_a), (_, secs_b, n_b) in zip(a, b, strict=True):
        assert n_a == n_b
        assert len(secs_a) == len(secs_b)
        for (ta, ba), (tb, bb) in zip(secs_a, secs_b, strict=True):
            assert _mask_equal(ta, tb), (ta, tb)
            assert ba == bb, (ta, ba, bb)


def test_seed_glued_heading_four_is_cut_by_sibling_shape() -> None:
    seed = parse(SEED.read_text(encoding="utf-8"))
    four = [s for s in seed.sections if s.number == "四"]
    assert len(four) == 1
    assert four[0].title == "释放有效需求潜力，拓展消费市场增长空间"
    body = seed.text[four[0].children[0].start:four[0].children[0].start + 10]
    assert body.startswith("推动内需外需协同发力")


def test_seed_glued_part_heading_and_broken_line() -> None:
    seed = parse(SEED.read_text(encoding="utf-8"))
    sb = [p for p in seed.parts if p.role == "self_building"]
    assert len(sb) == 1 and sb[0].title == "政府自身建设"
    assert seed.text[sb[0].children[0].start:].startswith("人民是最大的靠山。")
    i = seed.text.index("把群众期盼的事、\n政府承诺的事")
    sent = [t for t in seed.sentences if t.start <= i < t.end]
    assert len(sent) == 1 and "政府承诺的事办实办好" in seed.span(sent[0])


def test_seed_lead_in_intro_starts_a_block() -> None:
    seed = parse(SEED.read_text(encoding="utf-8"))
    starts = {seed.text[b.start:b.start + 9] for b in seed.blocks}
    assert "推动农业稳产增收。" in starts


@pytest.mark.parametrize(
    ("name", "year", "place", "level", "first_roles"),
    [
        ("guowuyuan-2024", 2024, "全国", "national", ["review", "requirements", "plan"]),
        ("sichuan-2023", 2023, "四川省", "province", ["review", "outlook", "plan", "self_building"]),
        ("guangan-2022", 2022, "广安市", "city", ["review", "outlook", "plan", "self_building"]),
        ("chengdu-2024", 2024, "成都市", "city", ["review", "plan", "self_building", "closing"]),
        ("mianyang-2022", 2022, "绵阳市", "city", ["review", "plan", "closing", "glossary"]),
        ("guangan-2021", 2021, "广安市", "city", ["review", "plan", "self_building"]),
    ],
)
def test_meta_and_part_roles(name: str, year: int, place: str, level: str, first_roles: list[str]) -> None:
    r = parse(corpus(name).read_text(encoding="utf-8"))
    assert (r.meta.year, r.meta.place, r.meta.level) == (year, place, level)
    assert [p.role for p in r.parts][: len(first_roles)] == first_roles


def test_national_plan_sections_are_run_in() -> None:
    r = parse(corpus("guowuyuan-2024").read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    secs = [s for s in plan.children if s.kind == "section"]
    numbered = [s for s in secs if s.number is not None]
    assert len(numbered) == 10
    assert secs[0].number == "一"
    assert secs[0].title == "大力推进现代化产业体系建设，加快发展新质生产力"


@pytest.mark.parametrize(
    ("name", "last_numbered_ends_before", "run"),
    [
        # after 各位代表！ and 新征程新使命，对政府工作提出了新的更高要求。
        ("guowuyuan-2024", "各位代表！", ["深入推进依法行政", "全面提高行政效能"]),
        # no 各位代表 before the run: the demands paragraph alone must end section (十)
        ("guowuyuan-2025", "应对新挑战、完成新任务，对政府工作提出新的更高要求。", ["加强法治政府建设", "提升行政效能和水平"]),
    ],
)
def test_national_self_building_run_inside_the_plan(name: str, last_numbered_ends_before: str,
                                                    run: list[str]) -> None:
    r = parse(corpus(name).read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    secs = [s for s in plan.children if s.kind == "section"]
    numbered = [s for s in secs if s.number is not None]
    tail = [s.title for s in secs if s.number is None]
    assert tail == run
    last = numbered[-1]
    assert r.text.find(last_numbered_ends_before, last.start) >= last.end
    # the demands paragraph belongs to the part, between the numbered series and the run
    demands = r.text.find("对政府工作提出", last.start)
    assert last.end <= demands < secs[len(numbered)].start


def test_glossary_entries_and_uses() -> None:
    r = parse(corpus("sichuan-2023").read_text(encoding="utf-8"))
    assert len(r.glossary) >= 40
    e = r.glossary[0]
    assert r.text[e.term_start:e.term_end] == e.term
    assert "多规合一" in e.term
    assert e.uses and all(u < e.start for u in e.uses)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一。二！三？", ["一。", "二！", "三？"]),
        ("他说：“要稳。要进。”然后走了。", ["他说：“要稳。要进。”", "然后走了。"]),
        ("（含注释。）下一句。", ["（含注释。）下一句。"]),
        ("一是加强；二是推进。", ["一是加强；", "二是推进。"]),
        ("没有句号", ["没有句号"]),
        ("**壮大主导产业。**出台措施。", ["**壮大主导产业。**", "出台措施。"]),
        ("增长**%。**经开区获评。", ["增长**%。", "**经开区获评。"]),
    ],
)
def test_sentence_split_table(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == expected


@pytest.mark.parametrize(("n", "s"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五")])
def test_cn_numerals_round_trip(n: int, s: str) -> None:
    assert cn_numeral(n) == s
    assert cn_value(s) == n


_report_like = st.lists(
    st.one_of(
        st.sampled_from(["一、", "（二）", "**", "## ", "——", "各位代表：", "名词解释", "2023年工作建议", "。", "\n", "\n\n",
                         "一年来，我们做了事。", "政府自身建设", "附件1", "，", "、", "“", "”", "*", "壮大主导产业。"]),
        st.text(alphabet="发展推进改革经济民生工作回顾建设政府安排 \t\u3000x9.%", min_size=0, max_size=12),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_report_like)
def test_parser_never_raises_and_loses_nothing(text: str) -> None:
    check_invariants(parse(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parser_on_arbitrary_unicode(text: str) -> None:
    check_invariants(parse(text))


def test_html_page_parses_like_its_text_version() -> None:
    from reportdiff.loading import load

    html = load(str(DATA / "html" / "sichuan-2023.html"))
    txt = parse(corpus("sichuan-2023").read_text(encoding="utf-8"))
    assert [p.role for p in html.parts] == [p.role for p in txt.parts]
    assert [s.title for s in html.sections] == [s.title for s in txt.sections]
    assert len(html.blocks) == len(txt.blocks)
    check_invariants(html)


def test_review_highlights_before_numbered_sections_are_sections() -> None:
    r = parse(corpus("chengdu-2024").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [s.title for s in review.children if s.kind == "section"]
    assert titles[0] is not None and titles[0].startswith("我们砥砺攻坚")
    assert any(t is not None and t.startswith("坚持科技引领") for t in titles)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("****年是开局之年。**经过近三十年发展。", ["****年是开局之年。", "**经过近三十年发展。"]),
        ("**区*镇入选。**县获评。", ["**区*镇入选。", "**县获评。"]),
        ("**育强龙头企业。**持续开展。", ["**育强龙头企业。**", "持续开展。"]),
    ],
)
def test_masks_after_a_full_stop_are_not_closing_bold(text: str, expected: list[str]) -> None:
    """Regression: the seed's `…三十而兴。**经过…` kept the mask with the previous sentence."""
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == expected


# Regressions found by the archive run (benchmarks/corpus_large.py), one test each.

def test_numbered_heading_written_as_one_sentence_line() -> None:
    r = parse("各位代表：\n2004年工作回顾\n正文。\n2005年工作安排\n（一）突出投资拉动，加大项目建设力度。\n正文一。\n"
              "（二）加速产业优化升级。\n正文二。\n")
    assert [s.title for s in r.sections] == ["突出投资拉动，加大项目建设力度", "加速产业优化升级"]
    check_invariants(r)


def test_review_heading_of_a_change_of_term_report_and_chinese_numeral_date() -> None:
    r = parse("——二〇二一年一月二十三日在北京市第十五届人民代表大会第四次会议上\n各位代表：\n"
              "一、“十三五”时期经济社会发展回顾\n正文。\n二、“十四五”时期的主要目标与任务\n正文。\n三、2021年重点任务\n正文。\n")
    assert r.meta.year == 2021 and r.meta.date == "2021-01-23" and r.meta.place == "北京市"
    assert [p.role for p in r.parts] == ["review", "outlook", "plan"]


def test_front_matter_does_not_swallow_a_part() -> None:
    r = parse("（2003年1月10日 列确）\n各位代表，本届政府任职5年，现作报告。\n**过去五年工作回顾**\n正文一。\n各位代表！\n"
              "过去的5年，是不断前进的5年。\n**今后5年工作建议**\n正文二。\n")
    assert [p.role for p in r.parts][:1] == ["review"]
    check_invariants(r)


def test_date_lines_are_never_part_headings() -> None:
    r = parse(corpus("chengdu-2025").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts][:3] == ["review", "plan", "self_building"]
    assert r.meta.date == "2025-02-26"


@pytest.mark.parametrize("text", ["\ufeff", "\u200b各位代表：\n\u200b", "\ufeff2023年工作回顾\n发展。"])
def test_invisible_non_space_characters_are_kept(text: str) -> None:
    """Regression (hypothesis): a BOM or zero-width space was stripped like whitespace and lost."""
    check_invariants(parse(text))


@pytest.mark.parametrize(("line", "place", "level"), [
    ("——在2013年1月23日山西省第十二届人民代表大会第一次会议上", "山西省", "province"),
    ("——2014年1月在连云港市市第十四届人民代表大会第四次会议上", "连云港市", "city"),
    ("2023年1月3日在广安市第六届人民代表大会第二次会议上", "广安市", "city"),
    ("——2024年3月5日在第十四届全国人民代表大会第二次会议上", "全国", "national"),
    ("2021年1月30日在四川省第十三届人民代表大会第四次会议上", "四川省", "province"),
    ("2023年1月在重庆市第六届人民代表大会第一次会议上", "重庆市", "province"),
])
def test_place_from_the_meeting_line(line: str, place: str, level: str) -> None:
    """Regressions from the archive batch: a date inside the meeting line (山西 2013), 连云港市市."""
    r = parse(f"{line}\n各位代表：\n一、过去一年工作回顾\n发展经济，改善民生。\n二、今年工作安排\n推进改革。\n")
    assert (r.meta.place, r.meta.level) == (place, level)


def test_appendix_heading_inside_the_opening_is_not_swallowed_by_the_front() -> None:
    """Regression (hypothesis, test_robustness): a 附件 line between 各位代表： and the first part made
    the front matter overlap the appendix part."""
    text = ("广安市人民政府市长 赵波\n\n各位代表：\n附件\n现在，我代表市人民政府，向大会报告工作，请予审议，"
            "并请市政协委员提出意见。\n\n2022年工作回顾")
    check_invariants(parse(text))


def test_short_lead_run_after_the_themed_review_paragraphs() -> None:
    """Regression: guangan 2025's seven work paragraphs (奋力推动经济运行持续向好。…) after
    一年来，我们重点做了以下工作： were one section; the announcing line heads nothing. After them,
    过去一年，我们深学笃用…，全面履行政府系统党建责任，持续巩固主题教育成果… (the government's own conduct)
    closes the review as a unit of its own."""
    r = parse(corpus("guangan-2025").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [s.title for s in review.children if s.kind == "section"]
    assert (titles[-1] or "").startswith("过去一年，我们深学笃用习近平新时代中国特色社会主义思想")
    assert titles[3:-1] == ["奋力推动经济运行持续向好", "深度融入双圈建设积厚成势", "坚定推动现代产业提质增效",
                          "充分激发改革开放强大动力", "全面促进城乡发展共兴共荣", "倾心办好惠民利民实事好事",
                          "坚决守护社会大局和谐稳定"]
    assert not any((t or "").startswith("一年来，我们重点做了以下工作") for t in titles)


def test_long_bold_numbered_heading_line() -> None:
    """Regression: sichuan 2023's **（四）以前所未有力度加强生态保护和建设，…** (50 characters) was
    read as body text and glued to (三)."""
    r = parse(corpus("sichuan-2023").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    numbers = [s.number for s in review.children if s.kind == "section" and s.number]
    assert numbers[:5] == ["一", "二", "三", "四", "五"]
    fourth = next(s for s in review.children if s.kind == "section" and s.number == "四")
    assert fourth.title is not None and fourth.title.startswith("以前所未有力度加强生态保护和建设")


@pytest.mark.parametrize(("name", "titles"), [
    ("mianyang-2021", ["强化政治定力，一以贯之狠抓落实", "增强法治观念，依法履行政府职能", "严守纪律规矩，永葆清正廉洁本色"]),
    ("sichuan-2019", ["严格依法行政，提升工作法治化水平", "深化“放管服”改革，提升政府服务水平",
                      "强化学习调研，提升抓工作落实的能力和水平", "加强对权力运行的制约监督，提升廉政和作风建设水平"]),
    # the intro 人民是最大的靠山。… stays a block of the part
    ("guangan-2023", ["加强政治建设，展现政府担当", "加强法治建设，展现政府公信", "加强作风建设，展现政府效能",
                      "加强廉政建设，展现政府本色"]),
])
def test_self_building_paired_leads_are_sections(name: str, titles: list[str]) -> None:
    r = parse(corpus(name).read_text(encoding="utf-8"))
    part = next(p for p in r.parts if p.role == "self_building")
    assert [s.title for s in part.children if s.kind == "section"] == titles
    assert part.children[0].kind == "block"


def test_glued_paired_lead_is_cut_by_sibling_shape() -> None:
    """Regression: in the seed, 加强作风建设，展现政府效能。 is glued to the end of the 法治 paragraph;
    it has the shape of its siblings (加强…，展现…) and must head its own section, as in the original."""
    seed = parse((DATA / "seed.txt").read_text(encoding="utf-8"))
    part = next(p for p in seed.parts if p.role == "self_building")
    titles = [s.title for s in part.children if s.kind == "section"]
    assert "加强作风建设，展现政府效能" in titles and len(titles) == 4


def test_five_year_review_themed_paragraphs_and_self_building_run_2018() -> None:
    """Regression (national 2018): 五年来，… highlights before the (一)… series and 过去五年，… paragraphs
    after it are sections; 进入新时代，政府工作在新的一年要有新气象新作为。 opens the self-building run."""
    r = parse(corpus("guowuyuan-2018").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [s.title or "" for s in review.children if s.kind == "section"]
    assert sum(t.startswith("五年来，") for t in titles) == 6
    assert sum(t.startswith("过去五年，") for t in titles) == 4
    plan = next(p for p in r.parts if p.role == "plan")
    assert [s.title for s in plan.children if s.kind == "section"][-2:] == ["全面加强党风廉政建设", "全面提高政府效能"]


def test_a_paragraph_under_a_heading_does_not_open_a_self_building_run() -> None:
    """Regression: mianyang 2020's 十、 section opens with 坚持把增进人民福祉作为政府工作的不懈追求，… and
    its short-lead paragraphs (促进更充分更高质量就业。…) stay blocks of that section."""
    r = parse(corpus("mianyang-2020").read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    secs = [s for s in plan.children if s.kind == "section"]
    assert secs[-1].number == "十" and len(secs) == 10


def test_review_part_named_after_last_year_and_its_we_paragraphs() -> None:
    """Regression (sichuan 2020): 二、关于2019年工作 is the review part, and its nine 我们…，….
    paragraphs are its sections (they were one section of an unnamed part)."""
    r = parse(corpus("sichuan-2020").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    assert review.title == "关于2019年工作"
    titles = [s.title or "" for s in review.children if s.kind == "section"]
    assert len(titles) == 9 and all(t.startswith("我们") for t in titles)


@pytest.mark.parametrize(("lead", "is_head"), [
    ("我们坚持加压奋进，经济实现稳中向好。定期监测调度经济运行情况。", True),
    ("我们扎实开展“不忘初心、牢记使命”主题教育，政府自身建设取得新进展。全面落实。", True),
    ("我们也清醒认识到，当前还面临不少困难和问题。经济总量不大。", False),
    ("我们清醒地认识到，经济社会发展中还存在不少问题。主要是。", False),
    ("我们将坚持稳中求进。全面落实。", False),
    ("我们要深入学习。全面落实。", False),
    ("我们既要看到成绩，更要看到不足。主要是。", False),
    ("过去的一年，我们众志成城、共克时艰，奋力夺取了新冠肺炎疫情防控重大成果。全面落实。", True),
])
def test_we_paragraphs_as_themed_review_heads(lead: str, is_head: bool) -> None:
    from reportdiff.parse import _THEMED_RE

    assert bool(_THEMED_RE.match(lead)) is is_head


@pytest.mark.parametrize(("name", "intro"), [("guowuyuan-2025", "过去一年，我国发展历程很不平凡。"),
                                             ("guowuyuan-2019", "过去一年是全面贯彻党的十九大精神开局之年")])
def test_past_year_paragraphs_intro_versus_trailing_unit(name: str, intro: str) -> None:
    """过去一年，… opening a review is its intro; 过去一年，中国特色大国外交… after the series is a section."""
    r = parse(corpus(name).read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    assert review.children[0].kind == "block"
    assert r.text.startswith(intro[:6], review.children[0].start)
    titles = [s.title or "" for s in review.children if s.kind == "section"]
    assert titles[-1].startswith("过去一年，中国特色大国外交")


def test_an_announcing_paragraph_heads_nothing() -> None:
    """Regression (national 2015): 过去一年，困难和挑战比预想的大。我们迎难而上，主要做了以下工作。 right
    before 一是… is not a section of its own."""
    r = parse(corpus("guowuyuan-2015").read_text(encoding="utf-8"))
    assert not any((s.title or "").startswith("过去一年，困难和挑战") for s in r.sections)


@pytest.mark.parametrize("name", ["jinan-2013", "beijing-2007", "shaanxi-2015"])
def test_a_section_keeps_its_own_content(name: str) -> None:
    """Regressions found on the archive (tests/data/archive, copies of three of its reports): a
    各位代表，… paragraph right under a heading line is the section's body, not a coda (济南 2013's
    二、…); short leads right under the last numbered heading are that section's content, not a new
    run of sections (北京 2007's （二）着力推进奥运环境建设。, 陕西 2015's （六）…)."""
    r = parse((DATA / "archive" / f"{name}.md").read_text(encoding="utf-8"))
    for s in r.sections:
        assert any(c.kind in ("block", "subsection") for c in s.children), r.text[s.start:s.start + 40]


def test_five_year_run_and_parallel_self_building_paragraphs() -> None:
    """sichuan 2016: six 这五年，我省… paragraphs are five-year review sections; sichuan 2017: four
    新的一年，我们将不断… paragraphs of the self-building part are its sections (parallel openings);
    guangan 2022's single 这五年，我们攻坚破难… stays an intro paragraph."""
    r16 = parse(corpus("sichuan-2016").read_text(encoding="utf-8"))
    review = next(p for p in r16.parts if p.role == "review")
    assert sum((s.title or "").startswith("这五年，我省") for s in review.children if s.kind == "section") == 6
    r17 = parse(corpus("sichuan-2017").read_text(encoding="utf-8"))
    sb = next(p for p in r17.parts if p.role == "self_building")
    titles = [s.title or "" for s in sb.children if s.kind == "section"]
    assert len(titles) == 4 and all(t.startswith("新的一年，我们将不断") for t in titles)
    assert sb.children[0].kind == "block"
    g22 = parse(corpus("guangan-2022").read_text(encoding="utf-8"))
    assert not any((s.title or "").startswith("这五年") for s in g22.sections)


@pytest.mark.parametrize(("lead", "ok"), [("深化“放管服”改革。", True), ("强化“一老一小”保障。", True),
                                          ("壮大主导产业。", True), ("我们认为，这是对的。", False),
                                          ("推进改革、扩大开放。", False)])
def test_lead_sentences_may_quote_a_term(lead: str, ok: bool) -> None:
    """A short lead may carry a quoted term (深化“放管服”改革。), still without commas or enumeration marks."""
    from reportdiff.parse import _LEAD_RE

    assert bool(_LEAD_RE.match(lead)) is ok


def test_long_numbered_part_heading_between_its_siblings() -> None:
    """Regression (chengdu 2021): **二、“十四五”规划总体要求和2035年远景目标、2050年远景展望** (33
    characters, over the 30 allowed for a part title) between the parts 一、 and 三、 is a part, so the
    2020 review's (一)…(八) are sections instead of the body of the last 五年来，… section."""
    r = parse(corpus("chengdu-2021").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts][:3] == ["review", "requirements", "plan"]
    review = r.parts[0]
    numbers = [s.number for s in review.children if s.kind == "section" and s.number]
    assert numbers == ["一", "二", "三", "四", "五", "六", "七", "八"]


def test_a_plan_written_as_numbered_parts_is_one_plan_part() -> None:
    """national 2020 writes its plan as six parts (## 三、加大宏观政策实施力度… to ## 八、…); two
    independent readers take them as the plan's sections (tests/data/align/agreement2), so they are
    the sections of one plan part without a heading of its own."""
    r = parse(corpus("guowuyuan-2020").read_text(encoding="utf-8"))
    plans = [p for p in r.parts if p.role == "plan"]
    assert len(plans) == 1 and plans[0].title is None
    secs = [s for s in plans[0].children if s.kind == "section"]
    assert [s.number for s in secs] == ["三", "四", "五", "六", "七", "八"]
    assert secs[0].title == "加大宏观政策实施力度，着力稳企业保就业"


def _titles(name: str) -> list[str]:
    return [s.title or "" for s in parse(corpus(name).read_text(encoding="utf-8")).sections]


@pytest.mark.parametrize(("name", "tails"), [
    # national 2020: after the ——… highlights, three one-paragraph units of their own
    ("guowuyuan-2020", ["我们隆重庆祝中华人民共和国成立70周年，极大激发全国各族人民的爱国热情，汇聚起夺取新时代"
                        "中国特色社会主义伟大胜利的磅礴力量", "中国特色大国外交成果丰硕"]),
    # after 八是…: party discipline and foreign affairs
    ("guowuyuan-2022", ["贯彻落实党中央全面从严治党战略部署", "中国特色大国外交全面推进"]),
    # inside the last multi-paragraph item 五是…: the foreign-affairs paragraph
    ("guowuyuan-2014", ["去年是我国外交工作开创新局的一年"]),
    # after （六）…: the government's own conduct, a short claim (not cut as a glued heading)
    ("chengdu-2022", ["政府自身建设进一步加强"]),
    ("mianyang-2021", ["一年来，政府自身建设不断加强"]),
    # after a bare 各位代表！ (a change-of-term report's closing units)
    ("guowuyuan-2023", ["港澳台工作取得新进展", "中国特色大国外交全面推进"]),
    ("sichuan-2025", ["一年来，省政府接受人大法定监督和政协民主监督，按规定报告和通报工作，认真办理人大代表建议和政协提案"]),
])
def test_units_closing_a_review_are_sections(name: str, tails: list[str]) -> None:
    titles = _titles(name)
    for t in tails:
        assert t in titles


@pytest.mark.parametrize(("name", "not_heads"), [
    # a list naming defence among other topics stays with the unit before it
    ("chengdu-2022", "国家安全、国防动员"), ("sichuan-2022", "加强国防教育、国防动员"),
    # a paragraph under a heading line is that heading's body
    ("mianyang-2022", "坚持把政府系统党风廉政建设"),
    # a closing reflection is no unit
    ("sichuan-2021", "2020年是全面建成小康社会"), ("sichuan-2023", "通过艰苦努力"),
])
def test_review_paragraphs_that_are_no_closing_unit(name: str, not_heads: str) -> None:
    assert not any(t.startswith(not_heads) for t in _titles(name))


def test_a_closing_reflection_after_one_paragraph_items_belongs_to_the_part() -> None:
    text = corpus("sichuan-2021").read_text(encoding="utf-8")
    report = parse(text)
    at = text.index("2020年是全面建成小康社会")
    eighth = next(s for s in report.sections if (s.title or "").startswith("八是"))
    assert eighth.end < at
    review = next(p for p in report.root.children if p.role == "review")
    assert any(c.kind == "block" and c.start == at for c in review.children)


@pytest.mark.parametrize(("name", "count"), [("guowuyuan-2021", 9), ("sichuan-2018", 0)])
def test_dashed_tasks_of_a_requirements_part_named_for_its_tasks(name: str, count: int) -> None:
    """National 2021's 二、“十三五”时期发展成就和“十四五”时期主要目标任务 lists its five-year tasks as
    ——… paragraphs: sections; sichuan 2018's 指导思想和奋斗目标 lists goals (——人民群众获得感不断增强。): not."""
    r = parse(corpus(name).read_text(encoding="utf-8"))
    req = next(p for p in r.parts if p.role == "requirements")
    assert sum(c.kind == "section" for c in req.children) == count


def test_self_building_paragraphs_opening_with_one_verb_are_sections() -> None:
    """national 2015's 六、切实加强政府自身建设: four 坚持X，Y，Z。… paragraphs (leads of up to 30
    characters sharing their first two characters) are its sections; 我们要… paragraphs are not."""
    r = parse(corpus("guowuyuan-2015").read_text(encoding="utf-8"))
    part = next(p for p in r.parts if p.role == "self_building")
    titles = [c.title or "" for c in part.children if c.kind == "section"]
    assert [t[:6] for t in titles] == ["坚持依宪施政", "坚持创新管理", "坚持依法用权", "坚持主动作为"]


def test_a_paragraph_announcing_the_next_series_belongs_to_the_part() -> None:
    """chengdu 2021: five 五年来，… units, then 2020年，…重点开展了以下工作： and the (一)…(八) items of
    2020. The announcing paragraph is not the last five-year unit's content (so the 2020 items read
    as annual, not five-year)."""
    text = corpus("chengdu-2021").read_text(encoding="utf-8")
    r = parse(text)
    at = text.index("2020年，面对突如其来的新冠肺炎疫情")
    review = next(p for p in r.parts if p.role == "review")
    assert any(c.kind == "block" and c.start == at for c in review.children)
    assert all(not (s.start <= at < s.end) for s in r.sections)


def test_two_paired_leads_before_the_numbered_review_are_sections() -> None:
    """national 2025: “稳”的态势巩固延续。… and “进”的步伐坚实有力。… open the review before 一是…: two
    short leads of one shape are units (highlights), not intro prose."""
    titles = _titles("guowuyuan-2025")
    assert titles[:2] == ["“稳”的态势巩固延续", "“进”的步伐坚实有力"]


def test_a_self_building_lead_may_run_to_eighteen_characters() -> None:
    """mianyang 2023: 锻造善作善成争创一流的干部队伍。 (15 characters) leads a self-building section
    like its siblings 坚持政府工作在法治轨道上运行。 and 切实强化政府系统党风廉政建设。."""
    part = next(p for p in parse(corpus("mianyang-2023").read_text(encoding="utf-8")).parts if p.role == "self_building")
    titles = [c.title for c in part.children if c.kind == "section"]
    assert titles[-3:] == ["坚持政府工作在法治轨道上运行", "锻造善作善成争创一流的干部队伍", "切实强化政府系统党风廉政建设"]


BLIND8 = DATA / "align" / "blind8" / "texts"


def _archive(name: str) -> Report:
    return parse((BLIND8 / f"{name}.md").read_text(encoding="utf-8"))


def test_numbered_items_under_an_unnumbered_plan_heading_stay_its_sections() -> None:
    """leshan 2022: 2022年工作安排 then 一、…八、 and 九、从严加强自身建设…: the ninth item is not a
    self-building part (which made the eight before it parts as well); 注 释 is the glossary and a
    newspaper's （紧转第3版）（紧接第2版） no part."""
    r = _archive("leshan-2022")
    assert [p.role for p in r.parts] == ["review", "plan", "closing", "glossary"]
    plan = r.parts[1]
    titles = [c.title or "" for c in plan.children if c.kind == "section"]
    assert len(titles) == 9 and titles[0].startswith("建设乐山") and titles[-1].startswith("从严加强自身建设")


def test_short_leads_framed_by_period_prose_are_the_units() -> None:
    """hubei 2018: 过去五年，… and 五年来，… prose around 综合实力明显提升。 … 生态环境明显好转。 before
    一是…: the five leads are sections, the prose is the intro."""
    titles = [s.title for s in _archive("hubei-2018").sections]
    assert titles[:6] == ["综合实力明显提升", "结构调整明显加快", "发展活力明显增强", "人民生活明显改善",
                          "生态环境明显好转", "一是坚定不移贯彻新发展理念，推动经济平稳健康发展"]


def test_a_longer_lead_opening_like_its_siblings_is_a_lead() -> None:
    """hubei 2019: 聚焦聚力落实长江经济带发展战略。 (15 characters) beside 聚焦聚力推动高质量发展。 …, and
    the one-sentence 一年来，我们… paragraph before them belongs to the part."""
    text = (BLIND8 / "hubei-2019.md").read_text(encoding="utf-8")
    r = parse(text)
    titles = [s.title for s in r.sections]
    assert "聚焦聚力落实长江经济带发展战略" in titles
    at = text.index("一年来，我们坚持稳中求进工作总基调")
    assert any(c.kind == "block" and c.start == at for c in r.parts[0].children)


def test_a_paragraph_naming_the_year_opens_the_items_after_it() -> None:
    """guangdong 2023: eight 五年来，我们… units, then 2022年是党和国家历史上极为重要的一年，… and 一是…八是
    on 2022: the year paragraph belongs to the part, not to the last five-year unit."""
    text = (BLIND8 / "guangdong-2023.md").read_text(encoding="utf-8")
    r = parse(text)
    at = text.index("2022年是党和国家历史上极为重要的一年")
    assert any(c.kind == "block" and c.start == at for c in r.parts[0].children)


def test_a_summary_paragraph_before_the_announcing_one_is_a_unit() -> None:
    """shanghai 2024 (archive, blind set 8): 一年来，全市经济社会发展稳中有进、稳中向好。一是…四是… then
    一年来，我们主要做了以下工作。 and （一）…: the summary paragraph is the review's first section."""
    r = parse((DATA / "align" / "blind8" / "texts" / "shanghai-2024.md").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    first = next(c for c in review.children if c.kind == "section")
    assert first.title == "一年来，全市经济社会发展稳中有进、稳中向好"


BLIND9 = DATA / "align" / "blind9" / "texts"


@pytest.mark.parametrize(("name", "roles"), [
    # **一、2009年主要工作** is the review; **三、…** **四、…** **五、…** after the requirements part are the
    # plan written as parts (three: not folded into one part)
    ("zhejiang-2010", ["review", "requirements", "other", "other", "self_building", "closing"]),
    # **一、“十一五”规划执行情况和政府主要工作** reviews the five years: not an outlook
    ("zhejiang-2011", ["review", "outlook", "plan", "closing"]),
    # 二、今年以来全市统筹推进新冠肺炎疫情防控… is numbered right after 一、2019年工作回顾: a part of its own
    ("qingdao-2020", ["review", "other", "plan", "self_building", "closing"]),
])
def test_archive_part_roles(name: str, roles: list[str]) -> None:
    r = parse((BLIND9 / f"{name}.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == roles


def test_principles_before_the_numbered_items_are_not_their_parents() -> None:
    """beijing 2016's plan states 第一，必须…第四，… and then （一）积极推动京津冀协同发展。 …（九）: the
    （一）… items are the sections; beijing 2017's numbered one-sentence heading lines run to 53
    characters; its self-building part of plain paragraphs has one unit per paragraph."""
    plan = next(p for p in parse((BLIND9 / "beijing-2016.md").read_text(encoding="utf-8")).parts if p.role == "plan")
    titles = [c.title for c in plan.children if c.kind == "section"]
    assert titles[0] == "积极推动京津冀协同发展" and len(titles) == 9
    r = parse((BLIND9 / "beijing-2017.md").read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    assert sum(c.kind == "section" for c in plan.children) == 6
    selfb = next(p for p in r.parts if p.role == "self_building")
    assert [c.title for c in selfb.children if c.kind == "section"][:2] == ["坚持依法行政", "大力转变工作作风"]


BLIND10 = DATA / "align" / "blind10" / "texts"


def test_a_review_named_for_last_year_and_a_self_building_run_after_各位代表() -> None:
    """yunnan 2020: **一、关于去年和今年前4个月工作** is the review; yunnan 2021's plan ends with
    各位代表！我们的政府是人民政府，… and five 我们要强化…建设。 units."""
    r = parse((BLIND10 / "yunnan-2020.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts][:2] == ["review", "plan"]
    titles = [s.title for s in parse((BLIND10 / "yunnan-2021.md").read_text(encoding="utf-8")).sections]
    assert titles[-5:] == ["我们要强化政治建设", "我们要强化法治建设", "我们要强化能力建设", "我们要强化作风建设",
                           "我们要强化廉政建设"]


@pytest.mark.parametrize(("first", "outro"), [
    ("2015年，是我省发展具有特殊意义的一年。", True),       # guizhou 2016 (archive)
    ("“十四五”时期是开启全面建设社会主义现代化国家新征程的第一个五年。", True),  # liaoning 2026
    ("以上六点体会，归根结底，就是以“三个代表”重要思想统揽全局。", True),  # shanxi 2003
    ("成绩来之不易。", True),
    ("中国特色大国外交全面推进。", False),
    ("政府自身建设进一步加强。", False),
])
def test_closing_reflection_table(first: str, outro: bool) -> None:
    from reportdiff.parse import _OUTRO_RE

    assert (_OUTRO_RE.search(first) is not None) == outro


BLIND15 = DATA / "align" / "blind15" / "texts"


@pytest.mark.parametrize(("title", "role"), [
    ("迎难而上、拼搏实干，2022年迈出坚实步伐", "review"),   # nanchong 2023 (archive, blind set 15)
    ("埋头苦干、奋勇前进，全力干好2023年工作", "plan"),     # nanchong 2023
    ("奋起直追、落实赶超，全力以赴做好2023年工作", "plan"),  # nanpin 2019's heading, year moved to 2023
    ("扎实做好2023年政府工作", "plan"),
    ("攻坚奋斗的2022年", "review"),                       # honghe 2023 (archive)
    ("2022年经济社会发展取得明显成效", "review"),           # zhuzhou 2020's heading, year moved
    ("全面完成2023年各项任务", "plan"),
    ("提升政府治理效能和服务水平", None),                  # names no year: left to the rules after the plan
    ("2023年的发展环境", None),                            # this year but no work or task
    ("2021年以来的主要变化和2023年形势", None),            # both years named: no review
])
def test_themed_part_role_table(title: str, role: str | None) -> None:
    from reportdiff.parse import _themed_part_role

    assert _themed_part_role(title, year=2023) == role
    assert _themed_part_role(title, year=None) is None


def test_slogan_part_headings_naming_a_year_are_review_and_plan() -> None:
    """nanchong 2023 (archive, blind set 15): plain 一、迎难而上、拼搏实干，2022年迈出坚实步伐 /
    二、埋头苦干、奋勇前进，全力干好2023年工作 / 三、提升政府治理效能和服务水平 named no part keyword, so
    the whole report was one part whose three sections were the part headings."""
    r = parse((BLIND15 / "nanchong-2023.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == ["review", "plan", "self_building", "closing", "glossary"]
    counts = [sum(c.kind == "section" for c in p.children) for p in r.parts[:3]]
    assert counts == [10, 10, 4]


def test_a_years_account_of_the_governments_conduct_closes_the_review_as_a_unit() -> None:
    """hangzhou 2023 and 2024 (archive, blind set 15): after the last （八）… section, 一年来，我们全面学习
    把握落实党的二十大精神，… (政府党组, 接受人大法律监督, 依法行政) and 过去一年，市政府高标准开展…主题
    教育… (接受…监督) are units of their own, not the tail of the livelihood section; guangan 2022's
    one-sentence 五年来，我们认真履行政府系统管党治党政治责任… leads nothing and stays in its part."""
    for name, opening in (("hangzhou-2023", "一年来，我们全面学习把握落实党的二十大精神"),
                          ("hangzhou-2024", "过去一年，市政府高标准开展学习贯彻")):
        text = (BLIND15 / f"{name}.md").read_text(encoding="utf-8")
        r = parse(text)
        at = text.index(opening)
        review = next(p for p in r.parts if p.role == "review")
        assert any(c.kind == "section" and c.start == at for c in review.children), name
    text = corpus("guangan-2022").read_text(encoding="utf-8")
    at = text.index("五年来，我们认真履行政府系统管党治党政治责任")
    assert not any(s.start == at for s in parse(text).sections)


BLIND14 = DATA / "align" / "blind14" / "texts"


def test_task_items_of_a_five_year_targets_part_are_its_sections() -> None:
    """dongying 2022 (archive, blind set 14): 二、今后五年的主要目标任务 is a requirements part named for its
    tasks; its paragraphs 一是坚定不移…。 … 五是坚定不移守牢安全底线。 are its sections, as the ——…
    paragraphs of national 2021's …主要目标任务 are."""
    r = parse((BLIND14 / "dongying-2022.md").read_text(encoding="utf-8"))
    req = next(p for p in r.parts if p.role == "requirements")
    titles = [c.title or "" for c in req.children if c.kind == "section"]
    assert len(titles) == 5 and titles[1] == "二是坚定不移推动高质量发展" and titles[4].startswith("五是")


@pytest.mark.parametrize(("name", "titles"), [
    # 各位代表！为人民服务、…，是政府的职责与使命。 then five ——强化…。 paragraphs
    ("guilin-2019", ["——强化责任担当", "——强化法治理念", "——强化服务意识", "——强化精品意识", "——强化廉洁建设"]),
    # 各位代表！民之所望，政之所向。各级政府务必… then three paired leads
    ("guilin-2020", ["牢记宗旨，忠诚履职", "坚守法治，依法履职", "清正廉洁，干净履职"]),
])
def test_a_self_building_run_after_a_各位代表_paragraph_on_the_government(name: str, titles: list[str]) -> None:
    """guilin 2019 and 2020 (archive, blind set 14): the plan's last item is followed by a 各位代表！
    paragraph on the government's duty and then the self-building leads: they are the last units."""
    r = parse((BLIND14 / f"{name}.md").read_text(encoding="utf-8"))
    assert [s.title for s in r.sections][-len(titles):] == titles


def test_a_lead_naming_the_government_later_in_its_paragraph_opens_no_self_building_run() -> None:
    """Regression (dalian 2022, blind set 14): 坚持依法行政受监督。深入践行…，把政府工作全面纳入法治轨道。
    inside plan item （十） is no 各位代表 paragraph announcing the government's run: its last two leads
    stay blocks of （十）."""
    r = parse((BLIND14 / "dalian-2022.md").read_text(encoding="utf-8"))
    assert r.sections[-1].title == "努力建设人民满意的服务型政府"


def test_the_numbered_line_before_a_plan_numbered_two_is_the_review() -> None:
    """bozhou 2014 (archive, tests/data/archive): 一、凝心聚力，攻坚克难，经济社会发展稳中向好 names no year
    and no part keyword, but the plan part 二、…扎实做好2014年各项工作 follows it in the same style: it is
    the review (it was a section of an unnamed part whose own (一)… items became empty subsections)."""
    r = parse((DATA / "archive" / "bozhou-2014.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == ["review", "plan", "self_building", "closing"]
    assert [sum(c.kind == "section" for c in p.children) for p in r.parts[:3]] == [7, 10, 4]
    assert not any(n.kind in ("section", "subsection") and not n.children for n in r.root.walk())


def test_a_conduct_paragraph_under_a_heading_line_is_its_body() -> None:
    """Regression (qingdao 2008, archive): （八）推进政府改革创新，进一步增强行政能力 on its own line, then
    五年来，以建设法治、责任、廉洁、高效政府为目标，…自觉接受法律监督…: the paragraph names the government's
    conduct but is the heading's body, so it opens no unit and the heading keeps its content."""
    text = (DATA / "archive" / "qingdao-2008.md").read_text(encoding="utf-8")
    r = parse(text)
    at = text.index("五年来，以建设法治、责任、廉洁、高效政府为目标")
    assert not any(s.start == at for s in r.sections)
    assert not any(n.kind in ("section", "subsection") and not n.children for n in r.root.walk())


BLIND11 = DATA / "align" / "blind11" / "texts"


@pytest.mark.parametrize(("path", "titles"), [
    # 各位代表！本届政府任期届满。过去五年，…五年来，我们…取得重大阶段性成果。一是…六是…, after （五）
    (BLIND11 / "xiamen-2022.md", ["一是经济规模质量效益明显提升", "二是中心城市功能更加凸显", "三是改革开放迈出重要步伐",
                                  "四是对台交流融合不断深化", "五是民生福祉持续改善", "六是三大攻坚战成效显著"]),
    # 一年来，我们突出抓好以下几方面工作。一是…四是…, after the five-year review's （一）…（四）
    (BLIND9 / "zhejiang-2011.md", ["一是着力调整产业结构", "二是着力拓展发展空间", "三是着力推进节能减排和生态建设",
                                   "四是着力保障和改善民生"]),
    # 五年来，…沉着应对各种挑战，…发生了系列关键性、转折性、根本性变化。一是…四是… (blind set 22): 挑战 in
    # the sentence, but not in its last clause, which names no problem
    (DATA / "align" / "blind22" / "texts" / "shangrao-2021.md",
     ["一是综合实力大幅度增强", "二是产业发展深层次变革", "三是城乡面貌历史性巨变", "四是民生福祉全方位改善"]),
])
def test_units_listed_inline_in_a_review_paragraph_after_its_sections(path: Path, titles: list[str]) -> None:
    """xiamen 2022 (blind set 11) and zhejiang 2011 (blind set 9): a review paragraph after the part's
    first section that names the period and then lists 一是…。二是…。 short claims, each with its account,
    holds units of their own: each item starts a section in the middle of the paragraph. Not so where
    the paragraph heads a section whose title announces nothing (chaozhou 2021's 过去五年，经济总量完成
    历史性跨越。一是…), names no period before its list (xinyu 2025's …事故…一是进一步提高政治站位。), or
    comes before the first section (shanghai 2024's one-year summary, a highlight of its own)."""
    text = path.read_text(encoding="utf-8")
    r = parse(text)
    secs = [s for s in r.sections if (s.title or "") in titles]
    assert [s.title for s in secs] == titles
    for s in secs:
        assert text[s.start - 1] == "。" and text.startswith(s.title or "", s.start)
        assert text[s.start:s.end] == text[s.start:s.end].strip() and "\n\n" not in text[s.start:s.end]
    arch = DATA / "archive"
    chaozhou_text = (arch / "chaozhou-2021.md").read_text(encoding="utf-8")
    chaozhou = parse(chaozhou_text)
    assert sum((s.title or "").startswith("过去五年，") for s in chaozhou.sections) == 6
    assert all(chaozhou_text[s.start - 1] == "\n" for s in chaozhou.sections)
    xinyu_text = (arch / "xinyu-2025.md").read_text(encoding="utf-8")
    at = xinyu_text.index("一是进一步提高政治站位")
    assert not any(s.start == at for s in parse(xinyu_text).sections)
    shanghai = parse((BLIND8 / "shanghai-2024.md").read_text(encoding="utf-8"))
    assert not any((s.title or "").startswith("一是经济运行") for s in shanghai.sections)


BLIND16 = DATA / "align" / "blind16" / "texts"


def test_a_later_arabic_item_naming_self_building_is_no_part() -> None:
    """yongzhou 2014 (archive, blind set 16): the plan's items 1、…7、 end with 8、以务实高效为重点，加快推进
    政府自身建设, its eighth item: not a self-building part (which made the plain item lines before it parts
    of their own); the eight items are the plan's sections."""
    r = parse((BLIND16 / "yongzhou-2014.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == ["review", "plan", "closing"]
    items = [c for c in r.parts[1].children if c.kind == "section" and c.number is not None]
    assert [c.number for c in items] == list("12345678") and (items[-1].title or "").endswith("加快推进政府自身建设")


def test_paired_leads_of_a_review_and_its_plan_before_the_self_building_part() -> None:
    """yongzhou 2015 (archive, blind set 16): the review's paragraphs open with paired leads (克服下行压力，
    发展势头稳定向好。 实施“三大突破”，瓶颈制约逐步缓解。 …) and one short lead (各项事业全面进步。): all
    eight are its units; 三、坚持稳中求进，推动科学发展迈上新台阶 names no plan but is the last unnamed part
    before 四、推进依法治市，努力开创政府工作新局面, with its （一）…（六）: the plan."""
    r = parse((BLIND16 / "yongzhou-2015.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == ["review", "other", "plan", "self_building", "closing"]
    review = [c.title for c in r.parts[0].children if c.kind == "section"]
    assert len(review) == 8 and review[0] == "克服下行压力，发展势头稳定向好" and review[4] == "各项事业全面进步"
    assert sum(c.kind == "section" for c in r.parts[2].children) == 6


@pytest.mark.parametrize(("lead", "paired"), [
    ("克服下行压力，发展势头稳定向好。", True),
    ("实施“三大突破”，瓶颈制约逐步缓解。", True),
    ("各项事业全面进步。", False),                        # a short lead, not a pair
    ("1．经济保持平稳增长，转型升级成效明显。", False),     # suzhou 2013: a numbered item, digits
    ("产业结构比例调整到4.9:55:40.1。", False),
    ("过去一年，在省委、省政府和市委的坚强领导下，我们认真贯彻落实。", False),
    ("过去一年，我国发展历程很不平凡。", False),           # national 2025: a period opener, the intro
    ("回顾过去一年，成绩来之不易。", False),              # national 2025: the closing reflection
    ("强化落实执行，依法行政得到加强。", True),
])
def test_paired_lead_table(lead: str, paired: bool) -> None:
    from reportdiff.parse import _paired_lead, segments

    text = lead + "经济保持较快增长。"
    assert _paired_lead(text, segments(text)[0]) is paired


def test_a_closing_topic_lead_naming_成绩_is_a_unit_and_the_government_run_after_a_bare_各位代表() -> None:
    """hunan 2015 and 2016 (archive, blind set 16): 国防和后备力量建设取得新成绩。… after the review's 八是…
    is a closing unit, not the closing reflection (成绩 in a short lead on a closing topic); in 2016, after
    the plan's last section, 各位代表！ then 如期全面建成小康社会，必须…加快建设服务政府、责任政府、法治政府、
    廉洁政府。 opens the government's run 坚持主动作为。 … 坚持廉洁作为。"""
    titles = [s.title for s in parse((BLIND16 / "hunan-2015.md").read_text(encoding="utf-8")).sections]
    assert "国防和后备力量建设取得新成绩" in titles
    titles = [s.title for s in parse((BLIND16 / "hunan-2016.md").read_text(encoding="utf-8")).sections]
    assert titles[-4:] == ["坚持主动作为", "坚持创新作为", "坚持依法作为", "坚持廉洁作为"]


@pytest.mark.parametrize(("path", "titles"), [
    # 各位代表，新的一年，市政府将…打造人民满意的服务型政府。坚持政治铸魂固根本。…坚持清正廉洁守底线。…
    (BLIND15 / "hangzhou-2024.md", ["坚持政治铸魂固根本", "坚持依法行政促善治", "坚持敢做善为勇担当", "坚持以人为本惠民生",
                                    "坚持清正廉洁守底线"]),
    # 各位代表，完成上述目标任务需要新一届政府…全力打造实干担当政府。坚定政治方向。…勇于担当作为。…
    (BLIND16 / "dandong-2022.md", ["坚定政治方向", "依法全面履职", "勇于担当作为"]),
    # seventh session: the government named after a bare 各位代表！, and leads of up to 14 characters
    # within three of one length where they open alike (46 archive reports; blind 22's reader split
    # both of these, blind 23's kept jiangsu 2022's 我们一定全面加强政治建设。… paragraph whole)
    (DATA / "align" / "blind22" / "texts" / "zhongshan-2021.md",
     ["要坚持把政治建设摆在首位", "要加强民主法治建设", "要全面推进自身能力建设", "要加强廉洁政府建设"]),
    (DATA / "align" / "blind22" / "texts" / "zhongshan-2022.md",
     ["全面加强政治建设", "全面加强法治政府建设", "全面提高服务效能", "全面加强党风廉政建设"]),
])
def test_the_governments_leads_written_inline_after_the_plan_are_sections(path: Path, titles: list[str]) -> None:
    """hangzhou 2024 (blind set 15) and dandong 2022 (blind set 16): the 各位代表 paragraph after the plan's
    last section names the government in its first sentence and then runs three or more short leads of
    one length, each with its account: each lead starts a section in the middle of the paragraph (blind
    3's reader kept sichuan 2016's such paragraph whole; blind 15's and 16's readers split it)."""
    text = path.read_text(encoding="utf-8")
    every = parse(text).sections
    k = next((i for i, s in enumerate(every) if s.title == titles[0]), len(every))
    secs = every[k:k + len(titles)]
    assert [s.title for s in secs] == titles
    assert all(text[s.start - 1] == "。" for s in secs)
    # the paragraph's first sentence stays with the part, not with the plan's last section
    last_plan = every[k - 1]
    assert "各位代表" not in text[last_plan.start:last_plan.end]


BLIND19 = DATA / "align" / "blind19" / "texts"


@pytest.mark.parametrize("name", ["shijiazhuang-2023", "shijiazhuang-2024"])
def test_long_numbered_slogan_parts_starting_with_the_review(name: str) -> None:
    """shijiazhuang 2023 and 2024 (archive, blind set 19): 一、回顾2022年，我们解放思想、奋发进取，实现经济
    总量过万亿根基更稳、底气更足 (38 characters) / 二、展望2023年，我们要乘势而上、… / 三、满足新期待新期盼，
    我们将埋头苦干、奋勇前进，建设人民满意的服务型政府: no part had been found (the whole report was one
    part of three sections); the run of numbered lines whose first names the review is the parts, the
    one naming this year the plan, the one building 人民满意的服务型政府 the self-building."""
    r = parse((BLIND19 / f"{name}.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts] == ["review", "plan", "self_building", "closing"]
    assert [sum(c.kind == "section" for c in p.children) >= 4 for p in r.parts[:3]] == [True, True, True]


def test_a_numbered_bold_heading_closing_before_its_full_stop() -> None:
    """nanchang 2023 (archive, blind set 18): **（一）千方百计推动经济高质量发展**。积极应对… — the bold closes
    before the 。: still the plan's numbered section (its leads **扩大有效投资。** … are its blocks), as
    **（四）持之以恒深化改革开放。**… is."""
    r = parse((DATA / "align" / "blind18" / "texts" / "nanchang-2023.md").read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    titles = [c.title for c in plan.children if c.kind == "section"]
    numbered = ["千方百计推动经济高质量发展", "不遗余力加快产业转型升级", "坚定不移提升创新发展动能", "持之以恒深化改革开放",
                "一以贯之推进城市建设"]
    assert [t for t in titles if t in numbered] == numbered
    assert "扩大有效投资" not in titles


def test_this_year_paragraphs_are_review_units() -> None:
    """jiangmen 2022 (archive, blind set 18): after the five-year review, six 这一年，我们把握新机遇，全力融入
    “双区”… paragraphs are the year's units, as 一年来，我们… ones are (77 archive reports have three or more)."""
    r = parse((DATA / "align" / "blind18" / "texts" / "jiangmen-2022.md").read_text(encoding="utf-8"))
    titles = [s.title or "" for s in r.sections]
    assert sum(t.startswith("这一年，我们") for t in titles) == 6


def test_a_first_part_looking_back_is_the_review_whatever_plan_it_names() -> None:
    """anhui 2017 (archive, blind set 22): 一、“十三五”实现良好开局 names the five-year plan, so it read as the
    outlook and the report had no review; its first paragraph (过去的一年，是安徽发展进程中…) looks back, and
    with no other review part it is the review (8 archive reports, all read: 西宁 2021's 一、“十三五”规划
    圆满收官…, 邢台 2021's “十三五”时期经济社会发展 then 五年来，…)."""
    r = parse((DATA / "align" / "blind22" / "texts" / "anhui-2017.md").read_text(encoding="utf-8"))
    assert [p.role for p in r.parts][:3] == ["review", "other", "plan"]
    review = r.parts[0]
    assert sum(c.kind == "section" for c in review.children) == 14  # as the reader counted (7 + 6 + 政府建设全面加强。)
    plan = parse("各位代表：\n\n一、“十四五”实现良好开局\n\n2021年，我们要抓好以下工作。\n\n二、2021年重点工作\n\n"
                 "（一）抓好项目。项目是根本。\n\n（二）抓好产业。产业是支撑。\n")
    assert plan.parts[0].role != "review"  # a forward-looking first paragraph keeps the title's reading


@pytest.mark.parametrize(("title", "role"), [
    ("一、“十三五”时期发展成就和2020年主要工作", "review"),   # zhongshan 2021 (archive, blind set 22)
    ("二、“十三五”发展主要成就", "review"),                   # mianyang 2021, after 一、2020年工作回顾
    ("一、2020年主要工作和“十三五”发展成就", "review"),
    # both horizons: the national 2021 part stays the requirements, as 北京 2026's stays
    ("二、“十三五”时期发展成就和“十四五”时期主要目标任务", "requirements"),
    ("二、“十二五”主要成就及“十三五”规划纲要说明", "outlook"),
    ("三、努力实现“十四五”良好开局", "outlook"),
])
def test_a_part_naming_achievements_is_the_review(title: str, role: str) -> None:
    """(发展|主要)成就 names the review (32 archive reports had theirs read as the outlook, by the
    “十三五” in the title), unless the title also names the next period's targets, tasks or outline."""
    from reportdiff.parse import _part_role

    assert _part_role(title.split("、", 1)[1], year=2021) == role


@pytest.mark.parametrize("name", ["suzhou-2019", "suzhou-2020"])
def test_arabic_numbered_items_are_sections(name: str) -> None:
    """suzhou 2019 and 2020 (archive, blind set 23): the plan's items are 1．聚焦提质增效，全力保障经济稳健运行。
    稳字当头，… — arabic numbers, run in, with commas: no section was found in the plan (nor in the seven
    suzhou plans of 2014–2021); the review's 1．经济发展稳中有进。… were leads among the unnumbered
    科技创新成效显著。… paragraphs, which its reader counts as blocks of the numbered items."""
    r = parse((DATA / "align" / "blind23" / "texts" / f"{name}.md").read_text(encoding="utf-8"))
    parts = {p.role: [c for c in p.children if c.kind == "section"] for p in r.parts}
    assert [c.number for c in parts["plan"]] == [str(k) for k in range(1, 9)]
    assert [c.number for c in parts["review"]][:6] == [str(k) for k in range(1, 7)]
    assert len(parts["review"]) == 7  # and the self-building paragraph after them
    assert [c.number for c in parts["self_building"]] == ["1", "2", "3", "4"]
    for c in parts["plan"]:
        assert r.text[c.title_start - 2:c.title_start] in {"1．", "2．", "3．", "4．", "5．", "6．", "7．", "8．"}


def test_arabic_items_under_numbered_sections_and_in_a_glossary() -> None:
    """1. 2. 3. under a （一） section are its subsections; a glossary's 1.六稳：… lines stay its blocks; an
    arabic item on its own line after the plan is no part (changde 2021's 5.坚持建设精致城市，… had made
    four parts of 5.–8.)."""
    s = ("各位代表：\n\n一、2020年工作回顾\n\n过去一年，我们做了很多工作。\n\n（一）抓项目。项目很多。\n\n（二）抓产业。产业很强。\n\n"
         "二、2021年工作安排\n\n（一）抓好经济\n\n1.扩大投资。投资要稳。\n\n2.促进消费。消费要旺。\n\n3.稳定外贸。外贸要稳。\n\n"
         "（二）抓好民生\n\n办好实事。\n\n名词解释\n\n1.六稳：稳就业。\n\n2.六保：保就业。\n\n3.两新：新基建。\n")
    r = parse(s)
    assert [p.role for p in r.parts] == ["review", "plan", "glossary"]
    first = r.parts[1].children[0]
    assert [(x.kind, x.number, x.title) for x in first.children] == [
        ("subsection", "1", "扩大投资"), ("subsection", "2", "促进消费"), ("subsection", "3", "稳定外贸")]
    assert {c.kind for c in r.parts[2].children} == {"block"}
    lines = ("各位代表：\n\n2020年工作回顾\n\n过去一年，我们做了很多工作。\n\n1.抓项目。项目很多。\n\n2.抓产业。产业很强。\n\n"
             "3.抓民生。民生很好。\n\n2021年工作安排\n\n1.坚持创新驱动，激发发展动能。创新很重要。\n\n"
             "2.坚持扩大内需，建设开放强市。内需很重要。\n\n3.坚持建设精致城市，提升城镇承载能力\n\n强化规划引领。规划很重要。\n\n"
             "4.坚持推动绿色发展，促进生态环境持续改善\n\n打好污染防治攻坚战。污染要治。\n")
    r = parse(lines)
    assert [p.role for p in r.parts] == ["review", "plan"]
    assert [c.number for c in r.parts[1].children if c.kind == "section"] == ["1", "2", "3", "4"]


def test_a_report_delivered_in_december_plans_the_next_year() -> None:
    """A report delivered in December plans the next year (127 archive reports, 3 not): 武威 2022.md, dated
    2021-12-07, has 二、今后五年发展重点和2022年工作任务 — its plan, not an outlook. meta.year stays the
    delivery year (batch counts such a report for the next year, see docs/batch.md)."""
    s = ("——2021年12月7日在某市第五届人民代表大会第一次会议上\n\n各位代表：\n\n一、过去五年和2021年工作回顾\n\n"
         "过去五年，我们做了很多工作。\n\n（一）抓项目。项目很多。\n\n（二）抓产业。产业很强。\n\n"
         "二、今后五年发展重点和2022年工作任务\n\n（一）抓好经济。经济要稳。\n\n（二）抓好民生。民生要好。\n")
    r = parse(s)
    assert r.meta.year == 2021 and r.meta.date == "2021-12-07"
    assert [p.role for p in r.parts] == ["review", "plan"]
    assert parse(s.replace("12月7日", "1月7日", 1)).parts[1].role == "outlook"


@pytest.mark.parametrize(("title", "role"), [
    ("2013年为民办10件实事", "appendix"),       # 银川 2013: its ten items had made twenty parts
    ("昆明市2020年10件惠民实事", "appendix"),
    ("巴彦淖尔市2025年20件民生实事清单", "appendix"),
    ("2020年市十件惠民实事工作安排", "plan"),   # the year's arrangements for them: a plan
    ("扎实办好民生十件实事", None),             # a plan item, not a part
])
def test_a_years_list_of_practical_projects_is_an_appendix(title: str, role: str | None) -> None:
    from reportdiff.parse import _part_role

    assert _part_role(title, year=2013) == role


def test_an_appendix_heading_sets_no_style_for_the_main_parts() -> None:
    """inner mongolia 2024: after **附件1** / **自治区2024年33件民生实事清单**, the plan's bold line
    **重点要做好以下10个方面工作。** had become a part of its own (the appendix heading's bold style counted
    as a main part's), taking the plan's ten sections."""
    s = ("各位代表：\n\n**一、过去一年工作回顾**\n\n过去一年，我们做了很多工作。\n\n**（一）抓项目。**项目很多。\n\n"
         "**（二）抓产业。**产业很强。\n\n**二、2024年工作安排**\n\n当前，形势很好。\n\n**重点要做好以下3个方面工作。**\n\n"
         "**（一）抓好经济。**经济要稳。\n\n**（二）抓好民生。**民生要好。\n\n**（三）抓好生态。**生态要美。\n\n"
         "各位代表！让我们团结奋斗。\n\n附件1\n\n**自治区2024年33件民生实事清单**\n\n一、促进就业。\n")
    r = parse(s)
    plan = next(p for p in r.parts if p.role == "plan")
    assert sum(c.kind == "section" for c in plan.children) == 3
    assert "other" not in [p.role for p in r.parts]


def test_a_run_of_one_line_dashed_claims_in_a_review_are_units() -> None:
    """changsha 2023 (archive, blind set 24): ten ——牢牢稳住经济大盘，经济运行稳中向好，…。 one-sentence
    paragraphs open the review (up to 112 characters): each is a unit, as its reader counted them. A themed
    line followed by another head had headed nothing (it read as 一年来，主要开展了以下工作。), so only the
    claims with a second sentence were units; in an outlook such ——… lines stay its targets. A claim's
    first clause is its title, the rest of its sentence its body (29 archive reviews had such runs as
    empty units, all heading)."""
    r = parse((DATA / "align" / "blind24" / "texts" / "changsha-2023.md").read_text(encoding="utf-8"))
    review = [c for c in r.parts[0].children if c.kind == "section"]
    dashed = [c for c in review if r.text.startswith("——", c.start)]
    assert len(dashed) == 10 and dashed[0].title == "牢牢稳住经济大盘"
    # the first clause titles the unit, the rest of the sentence is its body (no empty unit)
    assert all(c.children for c in dashed)
    assert r.text[dashed[0].children[0].start:].startswith("经济运行稳中向好，")
    outlook = parse("各位代表：\n\n一、2015年工作回顾\n\n过去一年，我们做了很多工作。\n\n（一）抓项目。项目很多。\n\n"
                    "（二）抓产业。产业很强。\n\n二、“十三五”时期的主要目标\n\n今后五年，我们要实现以下目标：\n\n"
                    "——经济保持中高速增长，地区生产总值年均增长7%。\n\n——创新能力大幅提升，研发投入占比达到3%。\n\n"
                    "——人民生活水平和质量普遍提高，城乡居民收入增长与经济增长同步。\n")
    assert outlook.parts[1].role == "outlook"
    assert not any(c.kind == "section" for c in outlook.parts[1].children)


def test_a_dashed_bold_lead_closing_before_its_full_stop() -> None:
    """taiyuan 2015 (archive, blind set 25): **——经济增长和结构调整有新成效。**… **——改革开放有新进展。**…
    then **——城市基础设施建设有新突破**。推进… — the bold closes before the 。: still a unit of the run
    (the last three had been one section with the second). Only ——-led ones: guangzhou 2022's
    **构建现代产业体系**。 items stay inside its ——在推动…出新出彩上… units."""
    r = parse((DATA / "align" / "blind25" / "texts" / "taiyuan-2015.md").read_text(encoding="utf-8"))
    review = [c.title for c in r.parts[0].children if c.kind == "section"]
    assert review == ["——经济增长和结构调整有新成效", "——改革开放有新进展", "——城市基础设施建设有新突破", "——省城环境质量有新提升",
                      "——民生改善有新变化"]
    s = ("各位代表：\n\n二、今后五年的目标任务\n\n今后五年，我们要做到：\n\n——在推动产业出新出彩上苦干实干。坚持产业第一。\n\n"
         "**构建现代产业体系**。推进数字产业化。\n\n**打造科技创新策源地**。建设实验室。\n\n"
         "——在推动文化出新出彩上苦干实干。坚持举旗帜。\n\n**提高城市文明程度**。深化文明创建。\n\n**赓续城市文脉**。保护历史街区。\n")
    outlook = parse(s).parts[0]
    assert [c.title for c in outlook.children if c.kind == "section"] == [
        "在推动产业出新出彩上苦干实干", "在推动文化出新出彩上苦干实干"]


def test_a_run_of_five_year_claims_named_for_the_plan_period_are_units() -> None:
    """guiyang 2016 (archive, blind set 27): six “十二五”是我市奋力后发赶超、增比进位，综合实力大提升的五年。…
    paragraphs — the five-year review's units, which had been plain blocks (its two 过去的五年，… paragraphs
    open with sentences too long for a run-in title and stay blocks; the reader counted them). Like
    这五年，…, these openers and 过去的五年，… head units only as a run: a single 过去的五年，是…极不
    平凡的五年。 or “十三五”是全面建成小康社会的决胜阶段。 is an intro (21 archive reviews change, none gains
    a single one)."""
    r = parse((DATA / "align" / "blind27" / "texts" / "guiyang-2016.md").read_text(encoding="utf-8"))
    titles = [c.title or "" for c in r.parts[0].children if c.kind == "section"]
    assert sum(t.startswith("“十二五”是我市") for t in titles) == 6
    single = parse("各位代表：\n\n一、过去五年工作回顾\n\n过去的五年，是极不平凡的五年。我们做了很多工作。\n\n"
                   "（一）抓项目。项目很多。\n\n（二）抓产业。产业很强。\n\n二、2021年工作安排\n\n（一）抓好经济。经济要稳。\n\n"
                   "（二）抓好民生。民生要好。\n")
    assert [c.title for c in single.parts[0].children if c.kind == "section"] == ["抓项目", "抓产业"]


def test_the_governments_run_after_a_quotation_calling_for_its_own_building() -> None:
    """xinjiang 2019 (archive, blind set 28): 各位代表！习近平总书记指出：“时代是出卷人，…”要做好上述工作，必须
    切实加强政府自身建设，… then 坚持把政治建设放在首位。… 坚定不移推进反腐败斗争。: the quotation's full stop
    hid the call from the opener rule, so the six leads were blocks of the plan's last paragraph run
    (8 archive reports gain their self-building run: foshan 2025, zhengzhou 2021, jieyang 2021…)."""
    r = parse((DATA / "align" / "blind28" / "texts" / "xinjiang-2019.md").read_text(encoding="utf-8"))
    titles = [s.title for s in r.sections]
    run = ["坚持把政治建设放在首位", "深入推进政府职能转变", "持续推进法治政府建设", "持之以恒加强作风建设",
           "切实提高做好经济工作的本领", "坚定不移推进反腐败斗争"]
    assert [t for t in titles if t in run] == run


def test_leads_grouped_under_ordinal_leads_are_their_subsections() -> None:
    """yangzhou 2023 (archive, blind set 31): 一是全力以赴稳定经济增长。… then 增强市场主体活力。… 持续扩大
    有效投资。…, 二是持续深化产业科创名城建设。… then its own leads, … 十是…: the ten 一是…十是 leads are
    the plan's sections and the 36 leads under them their subsections (all 46 had been sibling sections;
    the reader took the ten). deyang 2022's outlook (blind set 30) the same with three. Two archive
    reports have the layout; a 一是… run without leads of its own in between stays one series."""
    r = parse((DATA / "align" / "blind31" / "texts" / "yangzhou-2023.md").read_text(encoding="utf-8"))
    plan = next(p for p in r.parts if p.role == "plan")
    secs = [c for c in plan.children if c.kind == "section"]
    assert [s.title[:2] for s in secs] == [f"{n}是" for n in "一二三四五六七八九十"]
    assert [c.title for c in secs[0].children if c.kind == "subsection"] == [
        "增强市场主体活力", "持续扩大有效投资", "积极促进消费升级", "做大做强开放型经济"]
    deyang = parse((DATA / "align" / "blind30" / "texts" / "deyang-2022.md").read_text(encoding="utf-8"))
    outlook = next(p for p in deyang.parts if p.role == "outlook")
    assert [c.title for c in outlook.children if c.kind == "section"] == [
        "一是大力开展“三大攻坚”", "二是聚力推进“三大突破”", "三是全力推动“三大提升”"]
    flat = parse("各位代表：\n\n二、2023年主要任务\n\n一是稳定经济增长。经济要稳。\n\n二是深化改革开放。改革要深。\n\n"
                 "三是改善民生福祉。民生要好。\n\n增强市场主体活力。主体要活。\n")
    assert [c.title for c in flat.parts[0].children if c.kind == "section"][:3] == [
        "一是稳定经济增长", "二是深化改革开放", "三是改善民生福祉"]


def test_items_under_chapters_of_an_unnumbered_part_are_its_sections() -> None:
    """urumqi 2018 (archive, blind set 32, both readers): 2017年工作回顾 → 一、经济持续健康快速发展 → （一）固定
    资产投资规模创历史新高。…: the （一） items are the review's sections, as under the numbered parts of a
    national report, and 五、政府自身建设全面加强, a chapter without items, is one itself; the chapter
    headings are blocks of the part marked ``chapter`` (the aligner groups their items). The four
    chapters had been the sections and the 24 items their subsections (32 archive reports change).
    Under numbered parts, and for （一） sections over 1． items (tianjin 2021), nothing changes."""
    r = parse((DATA / "align" / "blind32" / "texts" / "urumqi-2018.md").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [c.title for c in review.children if c.kind == "section"]
    assert len(titles) == 25 and titles[:2] == ["固定资产投资规模创历史新高", "“三去一降一补”持续深入"]
    assert titles[-1] == "政府自身建设全面加强"
    chapters = [c for c in review.children if c.kind == "block" and c.role == "chapter"]
    assert [(c.number, c.title) for c in chapters] == [
        ("一", "经济持续健康快速发展"), ("二", "城市建设日新月异"), ("三", "民生改善取得新成效"), ("四", "改革开放实现新突破")]
    assert all(r.text[c.title_start:c.title_end] == c.title for c in chapters)  # type: ignore[misc]
    s = ("各位代表：\n\n一、2019年工作回顾\n\n（一）抓项目。项目很多。\n\n1．重大项目。开工很多。\n\n2．小项目。也很多。\n\n"
         "（二）抓产业。产业很强。\n\n1．工业。工业很强。\n\n2．农业。农业很强。\n\n二、2020年工作安排\n\n（一）抓好经济。经济要稳。\n\n"
         "（二）抓好民生。民生要好。\n")
    assert [c.title for c in parse(s).parts[0].children if c.kind == "section"] == ["抓项目", "抓产业"]


def test_a_review_of_past_year_units_keeps_its_first_unit() -> None:
    """hohhot 2024 (archive, blind set 32, both readers): ten 过去一年，我们紧盯“做大体量”不放松，…。 units; the
    rule that reads a review's first 过去一年，… paragraph as its intro dropped every one of them (none had
    been kept before it), so the review had no section. With three or more 过去一年，我们… paragraphs they
    are units (16 archive reviews gain them); a 过去一年，是…的一年。 opener stays an intro (yibin 2023)."""
    r = parse((DATA / "align" / "blind32" / "texts" / "hohhot-2024.md").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [c.title or "" for c in review.children if c.kind == "section"]
    assert len(titles) == 10 and all(t.startswith("过去一年，我们") for t in titles)
    yibin = parse((DATA / "align" / "blind12" / "texts" / "yibin-2023.md").read_text(encoding="utf-8"))
    assert not any((s.title or "").startswith("过去一年，是") for s in yibin.sections)


def test_a_run_of_review_paragraphs_opening_alike_are_units() -> None:
    """zunyi 2022 (archive, blind set 33, both readers): five 五年感恩奋进，脱贫攻坚全面胜利，全面小康同步建成。…
    paragraphs review the term; no heading rule knew the opener, so they were the part's intro. Three or
    more paragraphs in a row opening with the same words up to a comma, each led by a short sentence, are
    units (18 archive reviews gain them: chaoyang 2022's 这四年，我们…, huaibei 2022's 四年拼搏实干，…). A run of
    …，是…的一年。 statements before numbered units stays the intro (yibin 2023), and so do 各位代表，… asides."""
    r = parse((DATA / "align" / "blind33" / "texts" / "zunyi-2022.md").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    titles = [c.title or "" for c in review.children if c.kind == "section"]
    assert sum(t.startswith("五年感恩奋进，") for t in titles) == 5
    assert titles[0] == "五年感恩奋进，脱贫攻坚全面胜利，全面小康同步建成"
    yibin = parse((DATA / "align" / "blind12" / "texts" / "yibin-2023.md").read_text(encoding="utf-8"))
    assert not any((s.title or "").startswith("过去一年，是") for s in yibin.sections)


def test_every_long_dashed_claim_of_a_review_run_is_a_unit() -> None:
    """ganzhou 2023 (archive, blind set 33, both readers): three ——这一年，…！ claims of 110–125 characters, each
    one sentence on its line, then 一年来，主要做了以下工作：. Over 120 characters a dashed line was no
    heading, and the last claim of a run, followed by the announcement, counted as an announcement itself:
    none of the three was a unit. In a review a dashed line may run to 200 characters (an outlook's ——…
    targets keep 120), and every claim of a run is a unit (10 archive reviews gain their last claim)."""
    r = parse((DATA / "align" / "blind33" / "texts" / "ganzhou-2023.md").read_text(encoding="utf-8"))
    review = next(p for p in r.parts if p.role == "review")
    dashed = [c for c in review.children if c.kind == "section" and r.text.startswith("——", c.start)]
    assert len(dashed) == 3


def test_a_bold_part_heading_on_the_line_of_its_first_paragraph() -> None:
    """zhuhai 2012 (archive, blind set 35): **一、过去五年工作回顾** 过去五年，是我市… — each part heading shares
    its line with the part's first paragraph, so the report had one untyped part and its plan sections
    paired with the next year's review. The bold numbered heading is cut off its line (27 archive reports
    gain their parts: chongqing 2012, yunnan 2013, shaanxi 2017…)."""
    r = parse((DATA / "align" / "blind35" / "texts" / "zhuhai-2012.md").read_text(encoding="utf-8"))
    assert [(p.role, p.title) for p in r.parts if p.role not in ("front", "closing")] == [
        ("review", "过去五年工作回顾"), ("outlook", "今后五年总体设想"), ("plan", "2012年工作部署")]
    plan = r.parts[-2]
    assert [c.title for c in plan.children if c.kind == "section"][0] == "着力转型升级，保持经济平稳较快发展"


def test_slogan_subtitles_under_unnumbered_part_headings() -> None:
    """handan 2023 (archive, blind set 36, both readers): 回顾2022年工作 / 做好2023年工作 / 加强政府自身建设, each
    followed by two slogan lines (我们锚定目标团结奋进攻坚克难 / 现代化区域中心城市建设迈出坚实步伐; …;
    全面提升履职能力和服务水平 / 努力建设人民满意的服务型政府). 做好2023年工作 named no part, so the plan and the
    self-building ran into the review, whose two slogan lines were its only sections (F1 0.18). Now
    做好<year>年工作 is the plan, unnumbered lines right under a main part heading are its subtitles (not
    parts, nor sections over the part's units), and a subtitle naming the self-building again starts no
    second part (9 archive reports change: zhenjiang 2020's and lianyungang 2020's self-building units
    join their part)."""
    r = parse((DATA / "align" / "blind36" / "texts" / "handan-2023.md").read_text(encoding="utf-8"))
    assert [(p.role, p.title) for p in r.parts if p.role not in ("front", "closing")] == [
        ("review", "回顾2022年工作"), ("plan", "做好2023年工作"), ("self_building", "加强政府自身建设")]
    review, plan, gov = (p for p in r.parts if p.role in ("review", "plan", "self_building"))
    assert [len([c for c in p.children if c.kind == "section"]) for p in (review, plan, gov)] == [7, 8, 5]
    assert all((c.title or "").startswith("一年来，我们") for c in review.children if c.kind == "section")


def test_unnumbered_part_headings_named_by_year_and_period() -> None:
    """changde 2015 and 2016 (archive, blind set 37, both readers): parts headed 过去一年 / 新的一年 and
    “十二五”——创新创业、稳中求进的五年 / 2015——奋发有为、迎难而上的一年 / “十三五”——全面小康、决战决胜的五年 /
    2016——抢抓先机、扎实开局的一年. 新的一年 and the year-led titles named no part, so each plan ran inside
    the part before it, and the 十二五 review read as an outlook. Now 新的一年 and <year>——… are the plan,
    <year − 1>——… the review, and a plan period over by the report's year its review (F1 0.381 → 0.817)."""
    old = parse((DATA / "align" / "blind37" / "texts" / "changde-2015.md").read_text(encoding="utf-8"))
    assert [(p.role, p.title) for p in old.parts if p.role in ("review", "plan")] == [
        ("review", "过去一年"), ("plan", "新的一年")]
    new = parse((DATA / "align" / "blind37" / "texts" / "changde-2016.md").read_text(encoding="utf-8"))
    assert [p.role for p in new.parts if p.role not in ("front", "closing")] == ["review", "review", "outlook", "plan"]
