"""Differ: two token streams → word-level edits with offsets into both texts, and their class.

Stage: token diffs (after alignment, before the Comparison is assembled). This is the only module
that imports diff-match-patch, lazily: ``fast_diff_match_patch`` (the C++ port) when it is
installed, the pure-Python ``diff_match_patch`` otherwise. Each distinct token text becomes one
code point (diff-match-patch's ``diff_linesToChars`` trick, at word level), drawn from the Private
Use Areas so that every code point is neither alphanumeric nor whitespace nor a line break: the
semantic cleanup then scores every boundary alike in both implementations, which is what makes
the two backends give identical edits. The timeout is off (``Diff_Timeout = 0``) and line mode is
off, so the result never depends on the machine. The edits tile both token ranges: concatenating
the old spans rebuilds the old text from the first token to the last, likewise for the new.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reportdiff.errors import OptionError
from reportdiff.lexicon import INTENSITY_MARKERS, MODALITY_MARKERS, TARGET_QUALIFIERS
from reportdiff.tokenize import Token, tokenize

__all__ = ["RawEdit", "backend_names", "classify", "diff_tokens"]

Backend = Literal["auto", "c", "python"]
EditClassName = Literal["equal", "number", "masked", "wording", "punctuation", "whitespace", "text"]


@dataclass(frozen=True)
class RawEdit:
    """One edit: ``old_text[old_start:old_end]`` became ``new_text[new_start:new_end]``."""

    op: Literal["equal", "insert", "delete", "replace"]
    old_start: int
    old_end: int
    new_start: int
    new_end: int


# Code points for tokens: the BMP Private Use Area, then the two supplementary ones, then (for
# more than ~137k distinct tokens) everything else above U+00FF except surrogates.
_CODE_RANGES: tuple[tuple[int, int], ...] = (
    (0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD), (0x0100, 0xD7FF), (0xF900, 0xEFFFF),
)


def _code_points() -> Iterator[str]:
    for low, high in _CODE_RANGES:
        for cp in range(low, high + 1):
            yield chr(cp)


def _encode(old: Sequence[Token], new: Sequence[Token]) -> tuple[str, str]:
    """One code point per distinct token text, assigned in order of first appearance."""
    codes: dict[str, str] = {}
    supply = _code_points()

    def code(text: str) -> str:
        c = codes.get(text)
        if c is None:
            try:
                c = codes[text] = next(supply)
            except StopIteration:  # pragma: no cover - needs over a million distinct tokens
                raise OptionError("too many distinct tokens to diff (more than 1,100,000)") from None
        return c

    a = "".join([code(t.text) for t in old])
    b = "".join([code(t.text) for t in new])
    return a, b


@lru_cache(maxsize=1)
def backend_names() -> tuple[str, ...]:
    """The differ backends installed here: ``"c"`` (fast_diff_match_patch), ``"python"``. Looked up
    once, without importing them (only the backend in use is imported)."""
    from importlib.util import find_spec

    return tuple(name for name, module in (("c", "fast_diff_match_patch"), ("python", "diff_match_patch"))
                 if find_spec(module) is not None)


def _resolve(backend: str) -> str:
    available = backend_names()
    if backend == "auto":
        if not available:  # pragma: no cover
            raise OptionError("no differ backend: install diff-match-patch or fast-diff-match-patch")
        return available[0]
    if backend not in ("c", "python"):
        raise OptionError(f"differ backend {backend!r} is not one of auto, c, python")
    if backend not in available:
        package = "fast-diff-match-patch" if backend == "c" else "diff-match-patch"
        raise OptionError(f"differ backend {backend!r} is not available: install {package}")
    return backend


def _raw_ops(a: str, b: str, backend: str) -> list[tuple[str, int]]:
    """(op, length) runs with op in '=', '-', '+'; semantic cleanup, no timeout, no line mode."""
    if backend == "c":
        import fast_diff_match_patch

        return [(op, n) for op, n in fast_diff_match_patch.diff(
            a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True)]
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    sign = {dmp.DIFF_EQUAL: "=", dmp.DIFF_DELETE: "-", dmp.DIFF_INSERT: "+"}
    return [(sign[op], len(s)) for op, s in diffs]


def _span(tokens: Sequence[Token], i: int, j: int, pos: int) -> tuple[int, int]:
    """Offsets of tokens[i:j]; an empty run sits at the next token's start (or ``pos``)."""
    if j > i:
        return tokens[i].start, tokens[j - 1].end
    at = tokens[i].start if i < len(tokens) else (tokens[-1].end if tokens else pos)
    return at, at


def diff_tokens(
    old_text: str,
    old_tokens: Sequence[Token],
    new_text: str,
    new_tokens: Sequence[Token],
    *,
    backend: Backend = "auto",
    old_pos: int = 0,
    new_pos: int = 0,
) -> tuple[RawEdit, ...]:
    """Word-level edits between two token streams, with absolute offsets into both texts.

    Consecutive deletions and insertions become one ``replace``; an ``insert`` has
    ``old_start == old_end`` at the insertion point (and a ``delete`` likewise on the new side).
    ``old_pos``/``new_pos`` give the insertion point on a side that has no tokens at all. The
    texts are not read (tokens carry their text); they are part of the signature so callers pass
    the pair they mean.
    """
    del old_text, new_text
    a, b = _encode(old_tokens, new_tokens)
    if a == b:
        ops: list[tuple[str, int]] = [("=", len(a))] if a else []
    else:
        ops = _raw_ops(a, b, _resolve(backend))
    edits: list[RawEdit] = []
    i = j = 0
    k = 0
    while k < len(ops):
        op, n = ops[k]
        if op == "=":
            if n:
                os_, oe = _span(old_tokens, i, i + n, old_pos)
                ns, ne = _span(new_tokens, j, j + n, new_pos)
                edits.append(RawEdit("equal", os_, oe, ns, ne))
            i += n
            j += n
            k += 1
            continue
        deleted = inserted = 0
        while k < len(ops) and ops[k][0] != "=":
            if ops[k][0] == "-":
                deleted += ops[k][1]
            else:
                inserted += ops[k][1]
            k += 1
        if deleted or inserted:
            kind: Literal["insert", "delete", "replace"] = (
                "replace" if deleted and inserted else "delete" if deleted else "insert"
            )
            os_, oe = _span(old_tokens, i, i + deleted, old_pos)
            ns, ne = _span(new_tokens, j, j + inserted, new_pos)
            edits.append(RawEdit(kind, os_, oe, ns, ne))
        i += deleted
        j += inserted
    return tuple(edits)


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------

#: Words whose addition, removal or swap is a change of tone, not of content.
_WORDING = frozenset(INTENSITY_MARKERS | MODALITY_MARKERS | TARGET_QUALIFIERS)
_WORDING_BY_LENGTH = sorted(_WORDING, key=lambda w: (-len(w), w))

#: At most this many non-number words may change next to a changed number for the edit to be a
#: ``number`` edit (``保持在1.3万亿斤以上`` → ``1.33万亿斤``: 保持, 在); more is a ``text`` edit.
NUMBER_CONTEXT_WORDS = 3


def _tokens_in(tokens: Sequence[Token], start: int, end: int) -> Sequence[Token]:
    lo = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    hi = bisect.bisect_left(tokens, end, lo=lo, key=lambda t: t.start)
    return tokens[lo:hi]


def _letters(tokens: Sequence[Token]) -> str:
    """The tokens' text NFKC-normalized (互联网+ = 互联网＋, ６ = 6), without punctuation except ``%``/``‰``."""
    text = unicodedata.normalize("NFKC", "".join(t.text for t in tokens))
    return "".join(c for c in text if c in "%‰" or unicodedata.category(c)[0] not in "PZ")


def _strip_wording(s: str) -> str:
    for word in _WORDING_BY_LENGTH:
        if word in s:
            s = s.replace(word, "")
    return s


def classify(
    old_text: str,
    new_text: str,
    edit: RawEdit,
    *,
    old_tokens: Sequence[Token] = (),
    new_tokens: Sequence[Token] = (),
) -> EditClassName:
    """The class of an edit: equal, masked, whitespace, punctuation, number, wording or text.

    Checked in that order: ``masked`` when either side holds a mask token (a hidden value is
    neither equal nor a change); ``whitespace`` / ``punctuation`` when the sides differ only in
    those (punctuation also covers Markdown markup and full-width/half-width variants, compared
    after NFKC normalization); ``number`` when both sides have words, their number tokens differ
    and at most :data:`NUMBER_CONTEXT_WORDS` other words changed around them; ``wording`` when the only changed words are intensity/modality
    markers or target qualifiers (lexicon.py), also inside longer jieba words (全面推进 → 加快推进);
    else ``text``. Pass the full token streams to skip re-tokenizing (their offsets must index
    these texts); otherwise the two spans are tokenized afresh.
    """
    if edit.op == "equal":
        return "equal"
    old = (_tokens_in(old_tokens, edit.old_start, edit.old_end) if old_tokens
           else tokenize(old_text, start=edit.old_start, end=edit.old_end))
    new = (_tokens_in(new_tokens, edit.new_start, edit.new_end) if new_tokens
           else tokenize(new_text, start=edit.new_start, end=edit.new_end))
    if any(t.kind == "mask" for t in old) or any(t.kind == "mask" for t in new):
        return "masked"
    old_solid = [t for t in old if t.kind != "space"]
    new_solid = [t for t in new if t.kind != "space"]
    if [t.text for t in old_solid] == [t.text for t in new_solid]:
        return "whitespace"
    old_words = [t for t in old_solid if t.kind not in ("punct", "markup")]
    new_words = [t for t in new_solid if t.kind not in ("punct", "markup")]
    if _letters(old_solid) == _letters(new_solid):
        return "punctuation"
    old_numbers = Counter(t.text for t in old_words if t.kind == "number")
    new_numbers = Counter(t.text for t in new_words if t.kind == "number")
    if old_numbers != new_numbers and old_words and new_words:
        old_rest = Counter(t.text for t in old_words if t.kind != "number")
        new_rest = Counter(t.text for t in new_words if t.kind != "number")
        changed = sum(((old_rest - new_rest) + (new_rest - old_rest)).values())
        if changed <= NUMBER_CONTEXT_WORDS:
            return "number"
        return "text"
    old_str = "".join(t.text for t in old_words)
    new_str = "".join(t.text for t in new_words)
    if old_str != new_str and _strip_wording(old_str) == _strip_wording(new_str):
        return "wording"
    return "text"
