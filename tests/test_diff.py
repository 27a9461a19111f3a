"""Differ: edits rebuild both texts, backends agree, classes on tables and on real report pairs."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.diff import RawEdit, backend_names, classify, diff_tokens
from reportdiff.errors import OptionError
from reportdiff.tokenize import Token, tokenize

from .conftest import SEED, corpus

BACKENDS = backend_names()


def edits_of(old: str, new: str, backend: str = "auto") -> tuple[RawEdit, ...]:
    return diff_tokens(old, tokenize(old), new, tokenize(new), backend=backend)  # type: ignore[arg-type]


def check_tiling(old: str, old_toks: Sequence[Token], new: str, new_toks: Sequence[Token],
                 edits: Sequence[RawEdit]) -> None:
    """The edits rebuild both token ranges, in order, and each op has the right shape."""
    old_lo = old_toks[0].start if old_toks else 0
    old_hi = old_toks[-1].end if old_toks else 0
    new_lo = new_toks[0].start if new_toks else 0
    new_hi = new_toks[-1].end if new_toks else 0
    assert "".join(old[e.old_start:e.old_end] for e in edits) == old[old_lo:old_hi]
    assert "".join(new[e.new_start:e.new_end] for e in edits) == new[new_lo:new_hi]
    for a, b in zip(edits, edits[1:], strict=False):
        assert a.old_end == b.old_start and a.new_end == b.new_start
        assert not (a.op != "equal" and b.op != "equal"), "adjacent changes must be merged"
    for e in edits:
        if e.op == "equal":
            assert old[e.old_start:e.old_end] == new[e.new_start:e.new_end] != ""
        elif e.op == "insert":
            assert e.old_start == e.old_end and e.new_end > e.new_start
        elif e.op == "delete":
            assert e.new_start == e.new_end and e.old_end > e.old_start
        else:
            assert e.old_end > e.old_start and e.new_end > e.new_start


WORDS = ["推进", "改革", "加快", "全面", "建设", "，", "。", "7%左右", "6.5%", "**", "\n", "发展", "新质生产力",
         "地区", "增长", "1.3万亿斤", "确保", "力争", "学校", "医院", "新建", "12所", " "]
texts = st.lists(st.sampled_from(WORDS), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts, texts)
def test_edits_rebuild_both_texts(old: str, new: str) -> None:
    old_toks, new_toks = tokenize(old), tokenize(new)
    edits = diff_tokens(old, old_toks, new, new_toks)
    check_tiling(old, old_toks, new, new_toks, edits)
    assert "".join(old[e.old_start:e.old_end] for e in edits) == old
    assert "".join(new[e.new_start:e.new_end] for e in edits) == new


@settings(max_examples=100, deadline=None)
@given(texts)
def test_identical_inputs_give_only_equal_edits(text: str) -> None:
    edits = edits_of(text, text)
    assert all(e.op == "equal" for e in edits)
    assert len(edits) == (1 if text else 0)


@st.composite
def mutated_pairs(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A token list and a mutation of it (inserts, deletes, replacements, a moved block)."""
    vocab = [f"词{i}" for i in range(draw(st.integers(2, 30)))] + ["，", "。"]
    old = draw(st.lists(st.sampled_from(vocab), max_size=120))
    new = list(old)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(new)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "move"]))
        chunk = draw(st.lists(st.sampled_from(vocab), min_size=1, max_size=6))
        if action == "insert":
            new[at:at] = chunk
        elif action == "delete":
            del new[at:at + len(chunk)]
        elif action == "replace":
            new[at:at + len(chunk)] = chunk[::-1]
        else:
            block = new[at:at + 8]
            del new[at:at + 8]
            to = draw(st.integers(0, len(new)))
            new[to:to] = block
    return old, new


def as_tokens(words: list[str]) -> tuple[str, tuple[Token, ...]]:
    toks, pos = [], 0
    for w in words:
        toks.append(Token(w, pos, pos + len(w), "punct" if w in "，。" else "word"))
        pos += len(w)
    return "".join(words), tuple(toks)


@pytest.mark.skipif(set(BACKENDS) != {"c", "python"}, reason="needs both differ backends")
@settings(max_examples=300, deadline=None)
@given(mutated_pairs())
def test_backends_agree(pair: tuple[list[str], list[str]]) -> None:
    old, old_toks = as_tokens(pair[0])
    new, new_toks = as_tokens(pair[1])
    fast = diff_tokens(old, old_toks, new, new_toks, backend="c")
    slow = diff_tokens(old, old_toks, new, new_toks, backend="python")
    assert fast == slow
    check_tiling(old, old_toks, new, new_toks, fast)


@pytest.mark.skipif(set(BACKENDS) != {"c", "python"}, reason="needs both differ backends")
def test_backends_agree_on_a_real_part() -> None:
    old = corpus("guowuyuan-2020-transcript").read_text(encoding="utf-8")
    new = corpus("guowuyuan-2020").read_text(encoding="utf-8")
    old_toks = tokenize(old, start=0, end=old.index("二、"))
    new_toks = tokenize(new, start=0, end=new.index("二、"))
    fast = diff_tokens(old, old_toks, new, new_toks, backend="c")
    assert fast == diff_tokens(old, old_toks, new, new_toks, backend="python")
    assert len(fast) > 10
    check_tiling(old, old_toks, new, new_toks, fast)


def test_empty_sides_and_options() -> None:
    new = "新建学校12所"
    toks = tokenize(new)
    assert diff_tokens("", (), new, toks, old_pos=7) == (RawEdit("insert", 7, 7, 0, len(new)),)
    assert diff_tokens(new, toks, "", (), new_pos=3) == (RawEdit("delete", 0, len(new), 3, 3),)
    assert diff_tokens("", (), "", ()) == ()
    with pytest.raises(OptionError):
        edits_of("甲", "乙", backend="bogus")
    assert "python" in BACKENDS


def test_offsets_are_absolute() -> None:
    old = "前言。推进改革。"
    new = "序。全面推进改革。"
    old_toks = tokenize(old, start=3, end=len(old))
    new_toks = tokenize(new, start=2, end=len(new))
    edits = diff_tokens(old, old_toks, new, new_toks)
    assert [(e.op, old[e.old_start:e.old_end], new[e.new_start:e.new_end]) for e in edits] == [
        ("insert", "", "全面"), ("equal", "推进改革。", "推进改革。"),
    ]
    assert edits[0].old_start == 3


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("地区生产总值增长7%左右，", "地区生产总值增长6.5%左右，", "number"),
        ("粮食产量保持在1.3万亿斤以上。", "粮食产量1.33万亿斤。", "number"),
        ("新建公办幼儿园12所。", "新建公办幼儿园15所。", "number"),
        ("加快推进改革。", "全面推进改革。", "wording"),
        ("推进改革。", "大力推进改革。", "wording"),
        ("确保完成目标。", "力争完成目标。", "wording"),
        ("深入实施改革。", "实施改革。", "wording"),
        ("收入增长**%。", "收入增长12%。", "masked"),
        ("诠释了**人民的血性", "诠释了广安人民的血性", "masked"),
        ("推进改革，建设学校", "推进改革。建设学校", "punctuation"),
        ("推进改革\n建设学校", "推进改革\n\n建设学校", "whitespace"),
        ("发展“互联网+”。", "发展“互联网＋”。", "punctuation"),
        ("名词解释\n", "**名词解释**\n", "punctuation"),
        ("增长6%。", "增长6‰。", "number"),
        ("新建学校。", "新建医院。", "text"),
        ("新建学校。", "新建学校。新增城镇就业3万人。", "text"),
        ("新建学校12所。", "完成交通投资150亿元，改造老旧小区。", "text"),
    ],
)
def test_classify_table(old: str, new: str, expected: str) -> None:
    old_toks, new_toks = tokenize(old), tokenize(new)
    edits = diff_tokens(old, old_toks, new, new_toks)
    classes = {classify(old, new, e, old_tokens=old_toks, new_tokens=new_toks) for e in edits if e.op != "equal"}
    assert classes == {expected}
    # without the token streams the spans are tokenized afresh: same answer
    assert {classify(old, new, e) for e in edits if e.op != "equal"} == {expected}


def _line(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, (len(text) if end < 0 else end)


def test_transcript_grain_output_is_a_number_edit() -> None:
    old = corpus("guowuyuan-2020-transcript").read_text(encoding="utf-8")
    new = corpus("guowuyuan-2020").read_text(encoding="utf-8")
    os_, oe = _line(old, "粮食产量保持在1.3万亿斤以上")
    ns, ne = _line(new, "粮食产量1.33万亿斤")
    old_toks, new_toks = tokenize(old, start=os_, end=oe), tokenize(new, start=ns, end=ne)
    edits = diff_tokens(old, old_toks, new, new_toks)
    check_tiling(old, old_toks, new, new_toks, edits)
    grain = [e for e in edits if old.index("1.3万亿斤以上") in range(e.old_start, e.old_end)]
    assert len(grain) == 1
    edit = grain[0]
    assert "1.3万亿斤以上" in old[edit.old_start:edit.old_end]
    assert "1.33万亿斤" in new[edit.new_start:edit.new_end]
    assert classify(old, new, edit, old_tokens=old_toks, new_tokens=new_toks) == "number"


def _review(text: str) -> tuple[int, int]:
    start = text.index("2022年工作回顾")
    return start, text.index("2023年工作建议")


def test_seed_against_original_review_is_only_masked() -> None:
    seed = SEED.read_text(encoding="utf-8")
    original = corpus("guangan-2023").read_text(encoding="utf-8")
    # the first review paragraph with masks: only equal and masked edits
    ss, se = _line(seed, "一年来，我们以超常作为")
    os_, oe = _line(original, "一年来，我们以超常作为")
    seed_toks, orig_toks = tokenize(seed, start=ss, end=se), tokenize(original, start=os_, end=oe)
    edits = diff_tokens(seed, seed_toks, original, orig_toks)
    classes = [classify(seed, original, e, old_tokens=seed_toks, new_tokens=orig_toks) for e in edits]
    assert set(classes) == {"equal", "masked"}
    masked = [original[e.new_start:e.new_end] for e, c in zip(edits, classes, strict=True) if c == "masked"]
    assert "2.1万余名" in masked and "1600余名" in masked and "广安" in masked
    # the whole review part: the seed only adds masks and drops blank lines
    ss, se = _review(seed)
    os_, oe = _review(original)
    seed_toks, orig_toks = tokenize(seed, start=ss, end=se), tokenize(original, start=os_, end=oe)
    edits = diff_tokens(seed, seed_toks, original, orig_toks)
    check_tiling(seed, seed_toks, original, orig_toks, edits)
    classes = [classify(seed, original, e, old_tokens=seed_toks, new_tokens=orig_toks) for e in edits]
    assert set(classes) == {"equal", "masked", "whitespace"}
    assert classes.count("masked") > 80
