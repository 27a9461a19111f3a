"""Terms and tone: which words rose and fell between two reports, and how firm their language is.

Stage: vocabulary statistics (part of goals/compare, after parsing). Term shifts use "Fightin'
Words" (Monroe, Colaresi & Quinn 2008, *Political Analysis* 16(4), §3.5): the log-odds ratio of
each word between the new and the old report, with an informative Dirichlet prior, divided by its
standard deviation. The prior is the pooled word counts of both reports, scaled so that its total
mass is :data:`ALPHA0` pseudo-counts: rare words are shrunk towards "no change", frequent words
keep their evidence. Counting uses the body only (parts whose role is glossary, appendix or front
are skipped when the report has parts), word tokens of two characters or more, minus
:data:`reportdiff.lexicon.STOP_WORDS` and the tone markers and target qualifiers (their
shifts are what :func:`tone_shift` reports); numbers, masks, markup and punctuation never count. Tone
counts the intensity and modality markers of :mod:`reportdiff.lexicon` in the text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from reportdiff.lexicon import STOP_WORDS, TARGET_QUALIFIERS, TONE_WEIGHT
from reportdiff.model import Report, TermShift

__all__ = ["ALPHA0", "body_spans", "term_counts", "term_shifts", "tone_counts", "tone_score", "tone_shift"]

#: Total prior mass (pseudo-counts) of the informative Dirichlet prior. Two reports hold ~6,000-9,000
#: counted words each; 1,000 pseudo-counts is about a twelfth of the pooled mass, enough to keep a
#: word seen 0 vs 3 times from ranking above one seen 20 vs 60 times, small enough that frequent
#: terms are not flattened (checked on guangan-2022 → 2023 and guowuyuan-2023 → 2024). For short
#: texts the mass is capped at the pooled word count, so the prior never outweighs the data.
ALPHA0 = 1000.0

_SKIPPED_ROLES = frozenset({"glossary", "appendix", "front"})
#: Stop words, plus tone markers and target qualifiers: their shifts are reported by tone_shift.
_EXCLUDED = STOP_WORDS | TONE_WEIGHT.keys() | TARGET_QUALIFIERS


def body_spans(report: Report) -> list[tuple[int, int]]:
    """The [start, end) ranges counted as the body: non-front, non-glossary, non-appendix parts."""
    parts = report.parts
    if not parts:
        return [(0, len(report.text))]
    return [(p.start, p.end) for p in parts if p.role not in _SKIPPED_ROLES]


def term_counts(report: Report) -> Counter[str]:
    """Counts of the words that enter term statistics, over the body of ``report``."""
    from reportdiff.align import features

    feats = features(report)  # the report's tokens, computed once and shared with alignment and diffs
    counts: Counter[str] = Counter()
    for start, end in body_spans(report):
        counts.update(
            t.text for t in feats.tokens_in(start, end)
            if t.kind == "word" and len(t.text) >= 2 and t.text not in _EXCLUDED
        )
    return counts


def term_shifts(
    old: Report, new: Report, *, top: int = 20, min_count: int = 3, alpha0: float = ALPHA0,
) -> tuple[TermShift, ...]:
    """The ``top`` rising terms (z descending) then the ``top`` falling terms (z ascending).

    Only terms used at least ``min_count`` times in the two bodies together are ranked; ties are
    broken by the term. z > 0 means more frequent in ``new``.
    """
    old_counts = term_counts(old)
    new_counts = term_counts(new)
    return _fightin_words(old_counts, new_counts, top=top, min_count=min_count, alpha0=alpha0)


def _fightin_words(
    old_counts: Counter[str], new_counts: Counter[str], *, top: int, min_count: int, alpha0: float,
) -> tuple[TermShift, ...]:
    pooled = old_counts + new_counts
    total = sum(pooled.values())
    n_old = sum(old_counts.values())
    n_new = sum(new_counts.values())
    if n_old == 0 or n_new == 0 or top <= 0:
        return ()
    alpha0 = min(alpha0, float(total))  # the prior never outweighs the data (short texts)
    scale = alpha0 / total
    shifts: list[TermShift] = []
    for term, count in pooled.items():
        if count < min_count:
            continue
        a_w = scale * count
        y_new = new_counts[term]
        y_old = old_counts[term]
        rest_new = n_new + alpha0 - y_new - a_w
        rest_old = n_old + alpha0 - y_old - a_w
        if rest_new <= 0 or rest_old <= 0:  # the term is the whole vocabulary: no odds to compare
            continue
        delta = math.log((y_new + a_w) / rest_new) - math.log((y_old + a_w) / rest_old)
        variance = 1.0 / (y_new + a_w) + 1.0 / (y_old + a_w)
        shifts.append(TermShift(term, y_old, y_new, round(delta / math.sqrt(variance), 6)))
    rising = sorted((s for s in shifts if s.z > 0), key=lambda s: (-s.z, s.term))[:top]
    falling = sorted((s for s in shifts if s.z < 0), key=lambda s: (s.z, s.term))[:top]
    return tuple(rising + falling)


@lru_cache(maxsize=1)
def _marker_re() -> re.Pattern[str]:
    # longest first; 可持续 is not 持续, 积极性 is not 积极, 争取到 (obtained) is not a modality
    before = {"持续": "(?<!可)"}
    after = {"积极": "(?!性)", "争取": "(?!到)"}
    words = sorted(TONE_WEIGHT, key=lambda w: (-len(w), w))
    return re.compile("|".join(before.get(w, "") + re.escape(w) + after.get(w, "") for w in words))


def tone_counts(text: str) -> Counter[str]:
    """How often each intensity or modality marker occurs in ``text`` (longest match, no overlaps)."""
    return Counter(m.group() for m in _marker_re().finditer(text))


def tone_shift(old_text: str, new_text: str) -> dict[str, int]:
    """Per marker, its count in ``new_text`` minus its count in ``old_text``; zero changes left out."""
    old = tone_counts(old_text)
    new = tone_counts(new_text)
    return {w: new[w] - old[w] for w in sorted(old.keys() | new.keys()) if new[w] != old[w]}


def tone_score(text: str) -> float:
    """Marker occurrences weighted by strength (确保 3, 力争 2, 努力/争取 1, others 1) per 100 characters."""
    if not text:
        return 0.0
    weighted = sum(TONE_WEIGHT[w] * n for w, n in tone_counts(text).items())
    return round(100.0 * weighted / len(text), 6)
