"""Tokenizer: number/mask/markup tables, exact tiling of offsets, dictionary API, quiet cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.errors import InputError, OptionError
from reportdiff.tokenize import Token, add_words, dictionary_version, load_userdict, tokenize

from .conftest import ALL_REPORTS, SEED

ROOT = Path(__file__).resolve().parent.parent


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in tokenize(text)]


def the_token(text: str, needle: str) -> Token:
    """The single token whose text is ``needle`` (fails if ``needle`` is split or merged)."""
    hits = [t for t in tokenize(text) if t.text == needle]
    assert hits, (needle, kinds(text))
    return hits[0]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("国内生产总值增长5.5%左右", "5.5%左右"),
        ("增长6%-6.5%，", "6%-6.5%"),
        ("预期目标是6%—6.5%。", "6%—6.5%"),
        ("粮食产量保持在1.3万亿斤以上。", "1.3万亿斤以上"),
        ("以感恩之心做好2.1万余名市外风险人员转运", "2.1万余名"),
        ("占比提高3.6个百分点，", "3.6个百分点"),
        ("完成交通投资150亿元", "150亿元"),
        ("新建公办幼儿园12所", "12所"),
        ("新建公办幼儿园１２所", "１２所"),
        ("新建高标准农田10万亩", "10万亩"),
        ("地区生产总值增长7%左右，", "7%左右"),
        ("增长3%以上。", "3%以上"),
        ("居民消费价格涨幅为103。", "103"),
        ("一、2023年工作回顾", "2023年"),
        ("2023年1月3日在广安市", "2023年1月3日"),
        ("失业率控制在5.5%以内", "5.5%以内"),
        ("增长４．５％左右", "４．５％左右"),
        ("转移群众20余万人", "20余万人"),
        ("2100多万市民同舟共济", "2100多万"),
        ("市财政投入2亿多元，", "2亿多元"),
        ("让电于民469万千瓦，", "469万千瓦"),
        ("达104.04亿千瓦时", "104.04亿千瓦时"),
        ("“十四五”2021—2025年", "2021—2025年"),
        ("增长3至5倍", "3至5倍"),
        ("新增就业1,080人", "1,080人"),
        ("出栏生猪417万头", "417万头"),
        ("城镇新增就业3.5万人", "3.5万人"),
        ("新建项目800个以上、", "800个以上"),
        ("入境游客340.6万人次。", "340.6万人次"),
        ("连续27个月保持", "27个月"),
        ("地区生产总值突破1万亿元", "1万亿元"),
        ("完成749万项次", "749万项次"),
    ],
)
def test_numbers_are_single_tokens(text: str, number: str) -> None:
    assert the_token(text, number).kind == "number"


@pytest.mark.parametrize(
    ("text", "mask"),
    [
        ("以感恩之心精细做好*.*万余名市外风险人员", "*.*万余名"),
        ("加快“*+*+*”重点公立医院建设", "*+*+*"),
        ("**·**“双飞地”生物医药产业园", "**·**"),
        ("诠释了**人民敢打敢拼的血性", "**"),
        ("紧急派出****余名医务人员", "****余名"),
        ("完成水利投资**亿元，", "**亿元"),
        ("增长**.*%。", "**.*%"),
        ("城镇新增就业*.*万人。", "*.*万人"),
        ("规模以上工业增加值增长*.*%左右，", "*.*%左右"),
        ("市县财政投入*亿多元，", "*亿多元"),
        ("****年是**设立地区三十而立", "****年"),
        ("高效处置了*“*·**”等森林火情", "*·**"),
        ("**天然气", "**"),
        ("推进**等项目前期工作", "**"),
        ("全市上下**个项目", "**个"),
        ("面对**年罕见的高温干旱", "**年"),
    ],
)
def test_masks_are_single_tokens(text: str, mask: str) -> None:
    assert the_token(text, mask).kind == "mask"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**一、2023年工作回顾**\n", [("**", "markup"), ("一", "word"), ("、", "punct"), ("2023年", "number"),
                                   ("工作", "word"), ("回顾", "word"), ("**", "markup"), ("\n", "space")]),
        ("  **名词解释**  \n", [("  ", "space"), ("**", "markup"), ("名词解释", "word"), ("**", "markup"),
                             ("  \n", "space")]),
        ("## 一、工作回顾", [("## ", "markup"), ("一", "word"), ("、", "punct"), ("工作", "word"), ("回顾", "word")]),
        ("**优势产业稳步壮大。**深化改革", [("**", "markup"), ("优势产业", "word"), ("稳步", "word"), ("壮大", "word"),
                                    ("。", "punct"), ("**", "markup"), ("深化改革", "word")]),
        ("**15．耕评：**指新增", [("**", "markup"), ("15", "number"), ("．", "punct"), ("耕", "word"), ("评", "word"),
                              ("：", "punct"), ("**", "markup"), ("指", "word"), ("新增", "word")]),
        # a masked seed line that merely starts with stars: masks, not markup
        ("****年是**设立地区", [("****年", "mask"), ("是", "word"), ("**", "mask"), ("设立", "word"), ("地区", "word")]),
        ("**经济区被列入**化工园区", [("**", "mask"), ("经济区", "word"), ("被", "word"), ("列入", "word"), ("**", "mask"),
                                 ("化工", "word"), ("园区", "word")]),
        ("特别是**“*·*”疫情", [("特别", "word"), ("是", "word"), ("**", "mask"), ("“", "punct"), ("*·*", "mask"),
                            ("”", "punct"), ("疫情", "word")]),
        ("#1号线", [("#", "punct"), ("1号", "number"), ("线", "word")]),
    ],
)
def test_markup_and_mask_table(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("5G基站", "5G"), ("G318国道", "G318"), ("“十四五”时期", "十四五"), ("推动新质生产力发展", "新质生产力"),
        ("坚定拥护“两个确立”", "两个确立"), ("深化“放管服”改革", "放管服"), ("推动成渝地区双城经济圈建设", "成渝地区双城经济圈"),
        ("全面推进乡村振兴", "乡村振兴"), ("积极推进碳达峰碳中和", "碳达峰"), ("三十而立", "三十而立"),
    ],
)
def test_words_digits_glued_to_letters_and_domain_terms(text: str, word: str) -> None:
    assert the_token(text, word).kind == "word"


def test_punctuation_and_space_runs() -> None:
    assert kinds("面对……——全市\n\n  上下。") == [
        ("面对", "word"), ("……", "punct"), ("——", "punct"), ("全市", "word"), ("\n\n  ", "space"),
        ("上下", "word"), ("。", "punct"),
    ]
    assert kinds("\u3000\u3000各位代表") == [("\u3000\u3000", "space"), ("各位", "word"), ("代表", "word")]


def test_offsets_are_absolute_and_tile_a_subrange() -> None:
    text = "前文。地区生产总值增长7%左右，城乡居民收入增长**%。后文"
    start, end = 3, text.index("后文")
    toks = tokenize(text, start=start, end=end)
    assert toks[0].start == start and toks[-1].end == end
    assert all(a.end == b.start for a, b in zip(toks, toks[1:], strict=False))
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert tokenize(text, start=5, end=5) == ()
    with pytest.raises(OptionError):
        tokenize(text, start=4, end=999)


_ALPHABET = st.sampled_from(
    list("**********..··++%％-—～#  \n\n\u3000、，。：“”（）") + list("0123456789０１")
    + list("万亿千百余多个年月日人民名项目所亿元左右以上内下增长地区生产总值十四五新质生产力") + list("abcGDP")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.data())
def test_tokens_tile_any_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    toks = tokenize(text, start=start, end=end)
    assert "".join(t.text for t in toks) == text[start:end]
    pos = start
    for t in toks:
        assert t.start == pos and t.end > t.start and text[t.start:t.end] == t.text
        assert t.kind in ("word", "number", "mask", "markup", "punct", "space")
        if t.kind == "space":
            assert t.text.isspace()
        if t.kind == "mask":
            assert t.text.startswith("*")
        pos = t.end
    assert pos == end
    # outside markup, every star belongs to a mask token
    assert all("*" not in t.text for t in toks if t.kind not in ("mask", "markup"))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_tokens_tile_arbitrary_unicode(text: str) -> None:
    toks = tokenize(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_real_reports_tile_and_have_no_masks() -> None:
    for path in ALL_REPORTS:
        text = path.read_text(encoding="utf-8")
        toks = tokenize(text)
        assert "".join(t.text for t in toks) == text, path.name
        assert not [t for t in toks if t.kind == "mask"], path.name  # real reports: ** is bold markup
        assert sum(t.kind == "number" for t in toks) > 20, path.name


def test_seed_stars_are_all_masks() -> None:
    text = SEED.read_text(encoding="utf-8")
    toks = tokenize(text)
    masks = [t for t in toks if t.kind == "mask"]
    assert len(masks) > 300
    assert sum(t.text.count("*") for t in masks) == text.count("*")


def test_add_words_and_version() -> None:
    before = dictionary_version()
    assert len([t for t in tokenize("鹅鸭鸡兔狗猫") if t.kind == "word"]) > 1
    add_words(["鹅鸭鸡兔狗猫"])
    assert dictionary_version() > before
    assert kinds("养鹅鸭鸡兔狗猫。") == [("养", "word"), ("鹅鸭鸡兔狗猫", "word"), ("。", "punct")]


def test_load_userdict(tmp_path: Path) -> None:
    good = tmp_path / "words.txt"
    good.write_text("# comment\n豚猴犀象 100 n\n\n蚁蜂蝶\n", encoding="utf-8")
    before = dictionary_version()
    load_userdict(good)
    assert dictionary_version() > before
    assert [t.text for t in tokenize("豚猴犀象和蚁蜂蝶")] == ["豚猴犀象", "和", "蚁蜂蝶"]


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00\xd8bad", "词 很多\n".encode()])
def test_load_userdict_errors_are_one_line(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "dict.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_userdict(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def test_cache_in_user_cache_dir_and_quiet(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    code = "from reportdiff.tokenize import tokenize; print(len(tokenize('推动新质生产力发展')))"
    done = _run(code, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3" and done.stderr == ""
    assert (tmp_path / "cache" / "reportdiff" / "jieba.cache").is_file()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_unwritable_cache_dir_works_without_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = _run("from reportdiff.tokenize import tokenize; print(len(tokenize('推动新质生产力发展')))", env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3" and done.stderr == ""
    assert list((tmp_path / "tmp").iterdir()) == []


def test_heavy_imports_are_lazy() -> None:
    code = (
        "import sys, reportdiff, reportdiff.tokenize, reportdiff.diff, reportdiff.terms, reportdiff.lexicon\n"
        "bad = [m for m in ('jieba', 'diff_match_patch', 'fast_diff_match_patch') if m in sys.modules]\n"
        "print(bad)"
    )
    done = _run(code, dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
