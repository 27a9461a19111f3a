"""Term shifts (Fightin' Words) and tone markers: formula, body selection, ordering, real reports."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.lexicon import STOP_WORDS, STRENGTH_RANK, TONE_WEIGHT
from reportdiff.model import Node, Report
from reportdiff.terms import (
    ALPHA0,
    _fightin_words,
    body_spans,
    term_counts,
    term_shifts,
    tone_score,
    tone_shift,
)

from .conftest import corpus


def plain(text: str) -> Report:
    return Report(text, Node("r", "report", 0, len(text)))


def with_parts(pieces: list[tuple[str, str]]) -> Report:
    """A hand-built report: (role, text) pieces; role 'front' becomes the front-matter node."""
    text = "".join(t for _, t in pieces)
    children, pos, part = [], 0, 0
    for role, piece in pieces:
        if role == "front":
            children.append(Node("f0", "front", pos, pos + len(piece)))
        else:
            children.append(Node(f"p{part}", "part", pos, pos + len(piece), role=role))
            part += 1
        pos += len(piece)
    return Report(text, Node("r", "report", 0, len(text), children=tuple(children)))


def test_body_skips_front_glossary_and_appendix() -> None:
    report = with_parts([
        ("front", "政府工作报告\n各位代表：\n"), ("review", "推进乡村振兴，推进乡村振兴。\n"),
        ("plan", "发展低空经济。\n"), ("appendix", "民生实事项目清单\n"), ("glossary", "名词解释：低空经济指无人机。\n"),
    ])
    assert [report.text[s:e] for s, e in body_spans(report)] == ["推进乡村振兴，推进乡村振兴。\n", "发展低空经济。\n"]
    counts = term_counts(report)
    assert counts["乡村振兴"] == 2 and counts["低空经济"] == 1
    assert "名词解释" not in counts and "民生实事" not in counts and "代表" not in counts
    assert body_spans(plain("全文")) == [(0, 2)]


def test_counts_exclude_stop_words_numbers_masks_markup_and_single_characters() -> None:
    counts = term_counts(plain("**一、我们推进乡村振兴**\n增长7%左右，**亿元，确保加快发展数字经济的和。"))
    assert set(counts) == {"推进", "乡村振兴", "增长", "发展", "数字经济"}
    assert not (set(counts) & STOP_WORDS)


def test_formula_matches_monroe_colaresi_quinn() -> None:
    old = Counter({"疫情": 24, "改革": 300, "发展": 500, "数字": 1, "其他": 5000})
    new = Counter({"疫情": 2, "改革": 310, "发展": 520, "数字": 12, "其他": 5200})
    shifts = {s.term: s for s in _fightin_words(old, new, top=10, min_count=1, alpha0=ALPHA0)}
    pooled = old + new
    total, n_old, n_new = sum(pooled.values()), sum(old.values()), sum(new.values())
    a = ALPHA0 * pooled["数字"] / total
    delta = math.log((12 + a) / (n_new + ALPHA0 - 12 - a)) - math.log((1 + a) / (n_old + ALPHA0 - 1 - a))
    z = delta / math.sqrt(1 / (12 + a) + 1 / (1 + a))
    assert shifts["数字"].z == pytest.approx(z, abs=1e-6)
    assert (shifts["数字"].old_count, shifts["数字"].new_count) == (1, 12)
    assert shifts["疫情"].z < -3 < 0 < shifts["数字"].z
    assert abs(shifts["改革"].z) < 0.5


counters = st.dictionaries(st.sampled_from(["改革", "发展", "疫情", "数字", "人才", "消费", "项目"]),
                           st.integers(0, 40)).map(Counter)


@settings(max_examples=100, deadline=None)
@given(counters, counters, st.integers(1, 4), st.integers(1, 5))
def test_order_symmetry_and_limits(old: Counter[str], new: Counter[str], top: int, min_count: int) -> None:
    shifts = _fightin_words(old, new, top=top, min_count=min_count, alpha0=ALPHA0)
    rising = [s for s in shifts if s.z > 0]
    falling = [s for s in shifts if s.z < 0]
    assert list(shifts) == rising + falling
    assert len(rising) <= top and len(falling) <= top
    assert rising == sorted(rising, key=lambda s: (-s.z, s.term))
    assert falling == sorted(falling, key=lambda s: (s.z, s.term))
    assert all(s.old_count + s.new_count >= min_count for s in shifts)
    swapped = {s.term: s.z for s in _fightin_words(new, old, top=100, min_count=min_count, alpha0=ALPHA0)}
    for s in _fightin_words(old, new, top=100, min_count=min_count, alpha0=ALPHA0):
        assert swapped[s.term] == pytest.approx(-s.z, abs=1e-5)


def test_real_national_reports() -> None:
    from reportdiff.parse import parse

    old = parse(corpus("guowuyuan-2023").read_text(encoding="utf-8"))
    new = parse(corpus("guowuyuan-2024").read_text(encoding="utf-8"))
    shifts = term_shifts(old, new, top=15)
    assert shifts == term_shifts(old, new, top=15)  # deterministic
    z = {s.term: s for s in shifts}
    assert z["疫情"].z < -2 and z["疫情"].old_count > 10 * z["疫情"].new_count
    assert z["高质量发展"].z > 2
    assert all(len(s.term) >= 2 and s.term not in STOP_WORDS and not s.term.isdigit() for s in shifts)
    assert len([s for s in shifts if s.z > 0]) == 15 == len([s for s in shifts if s.z < 0])


@pytest.mark.parametrize(
    ("old", "new", "shift"),
    [
        ("加快推进改革。", "全面推进改革，确保完成。", {"加快": -1, "全面": 1, "确保": 1}),
        ("力争增长5%。", "确保增长5%。", {"力争": -1, "确保": 1}),
        ("推动可持续发展，调动积极性，争取到资金。", "推动发展。", {}),
        ("持续推进，积极稳妥推进。", "推进。", {"持续": -1, "积极稳妥": -1}),
        ("扎实推进", "扎实推进", {}),
    ],
)
def test_tone_shift(old: str, new: str, shift: dict[str, int]) -> None:
    assert tone_shift(old, new) == shift


def test_tone_score() -> None:
    assert tone_score("") == 0.0
    assert tone_score("确保" + "。" * 98) == pytest.approx(3.0)
    assert tone_score("努力推进，加快建设" + "。" * 91) == pytest.approx(2.0)
    assert tone_score("确保完成") > tone_score("力争完成") > tone_score("努力完成") > tone_score("完成") == 0.0
    assert STRENGTH_RANK["确保"] > STRENGTH_RANK["力争"] > STRENGTH_RANK["努力"] == STRENGTH_RANK["争取"]
    assert all(TONE_WEIGHT[w] == r for w, r in STRENGTH_RANK.items())
