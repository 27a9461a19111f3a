"""Tokenizer: report text → word, number, mask, markup, punctuation and space tokens with offsets.

Stage: tokens (used by the differ, goal extraction and term statistics). This is the only module
that imports jieba, lazily, on first use: it builds its own ``jieba.Tokenizer`` (never jieba's
global one), silences jieba's logger, keeps jieba's prefix-dictionary cache in the user cache
directory (``$XDG_CACHE_HOME/reportdiff`` or ``~/.cache/reportdiff``; never /tmp, and no cache at
all when that directory cannot be written) and loads the domain dictionary shipped in
``reportdiff/data/userdict.txt``. A regex pre-pass finds the tokens jieba gets wrong — numbers
with their units and qualifiers (``6%-6.5%左右``, ``1.3万亿斤``, ``2.1万余名``, ``3.6个百分点``,
``2023年``), masks (``**``, ``*.*万人``, ``*+*+*``) and Markdown markup (``**`` around a heading
line or a run-in lead, ``## `` at a line start) — and jieba runs once on each gap between them.
Tokens tile the requested range exactly: ``text[t.start:t.end] == t.text``, with no gaps.

Numbers are ASCII or full-width digits (optionally ``1,080`` thousands groups and a decimal
part), followed by optional ``万``/``亿``/``千``/``百`` multipliers, ``余``/``多`` approximators,
``%``/``％``/``‰`` or a unit from :data:`UNITS`, a range to a second such number
(``-``, ``—``, ``～``, ``至``, ``到``) and a target qualifier (``左右``, ``以上``, ``以内``,
``以下``). Digits glued to Latin letters (``5G``, ``G318``, ``3A``) are left to jieba as words.
Chinese-numeral counts (``两千``, ``三十``) are *not* number tokens: they are ordinary words
(``十四五`` and ``三十而立`` must stay words), and goal extraction parses them itself.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reportdiff.errors import InputError, OptionError

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = [
    "HMM", "UNITS", "Token", "TokenKind", "add_words", "dictionary_version", "load_userdict", "tokenize",
]

TokenKind = Literal["word", "number", "mask", "markup", "punct", "space"]

#: jieba's HMM new-word discovery. Measured with benchmarks/diff_backends.py on six whole reports:
#: HMM on/off time ratio 0.87-1.41 (median ~1.0), and the same equal/changed shares when diffing
#: seed vs guangan-2023 and the 2020 transcript vs the official text. Off: segmentation then
#: depends on the dictionaries alone, so it is explainable and adding a word has a predictable effect.
HMM = False


@dataclass(frozen=True)
class Token:
    """One token: ``text`` is ``source[start:end]`` of the text that was tokenized."""

    text: str
    start: int
    end: int
    kind: TokenKind


# ---------------------------------------------------------------------------------------------
# The regex pre-pass
# ---------------------------------------------------------------------------------------------

#: Units that may follow a number (or a mask hiding one). A negative lookahead after a unit keeps
#: it out of a following word it would begin (``人`` of ``人民``, ``项`` of ``项目``, ``天`` of
#: ``天然气``): those are common right after a mask that hides a place name.
UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "平方公里", "平方米", "立方米", "千瓦时", "万千瓦", "千瓦", "兆瓦", "千伏",
    "公里", "千米", "公斤", "千克", "公顷", "标箱", "人次", "户次", "架次", "车次", "艘次", "小时",
    "分钟", "周年", "项次", "条次", "年度", "季度", "学年", "个月", "美元", "欧元", "万元", "亿元", "倍",
    "年", "月", "日", "号", "天", "个", "人", "名", "家", "所", "项", "条", "座", "套", "件", "台",
    "辆", "架", "张", "床", "位", "岁", "届", "轮", "次", "场", "处", "栋", "间", "支", "株", "只",
    "头", "棵", "吨", "斤", "亩", "户", "批", "期", "级", "类", "种", "强", "元", "米", "度", "部",
    "篇", "册", "份", "宗", "起", "例", "段", "片", "块", "层", "根", "颗", "枚", "艘", "列",
)

_UNIT_NOT_BEFORE: dict[str, str] = {
    "年": "轻", "号": "召称", "天": "然府下地空津", "个": "体性税", "度": "假过",
    "人": "民才口员工大均群类力们文居社防寿身事格本情心气脸行", "名": "单称片牌校师优誉录人",
    "家": "庭电居乡园政长属具族风门纺", "所": "有在属得以谓需", "项": "目", "条": "件例款约线码块",
    "座": "谈位右", "套": "餐", "台": "风账湾阶州商资胞企区", "张": "家掖", "位": "于置次",
    "次": "要生序级贷", "场": "所景馆地站次域合镇面", "处": "置理罚分室于长", "间": "隔",
    "支": "持撑付出部队行柱线流援", "头": "部雁羊", "批": "准复次发评", "期": "间限待刊货",
    "级": "别", "类": "型似", "种": "植养业类子苗源群", "强": "化力县区市镇企省国基链调度大制劲项",
    "元": "素旦宇首器", "米": "粉面", "部": "门署分队长省位", "份": "额", "起": "步来点草",
    "段": "建正", "片": "区面", "块": "头", "层": "面级次", "根": "本据", "列": "入车",
    "月": "度", "日": "常益报", "吨": "位",
}


def _unit_alternation() -> str:
    parts = []
    for unit in sorted(UNITS, key=lambda u: (-len(u), u)):
        stop = _UNIT_NOT_BEFORE.get(unit)
        parts.append(re.escape(unit) + (f"(?![{stop}])" if stop else ""))
    return "(?:" + "|".join(parts) + ")"


_D = "[0-9０-９]"
_UNIT = _unit_alternation()
_MULT = "(?:[万亿]|千(?![瓦米克伏])|百(?!分))+"
# 余/多 after a number only when a multiplier, a unit or a percent sign follows (100多万人, 2.1万余名)
_APPROX = f"(?:[余多](?={_MULT}|{_UNIT}|[%％‰]))?"
_SUFFIX = f"{_APPROX}(?:{_MULT}{_APPROX})?(?:[%％‰])?"
_CORE = (
    f"(?<![A-Za-z0-9０-９.．]){_D}+(?:,[0-9]{{3}}(?![0-9]))*(?:[.．]{_D}+)?(?![A-Za-z]){_SUFFIX}"
)
_MASK_CORE = rf"\*+(?:[.·+]\*+)*{_SUFFIX}"
_SEP = "(?:[-－–—~～至到](?![-－–—]))"
_QUAL = "(?:左右|以上|以内|以下)"
_DATE = f"(?<![A-Za-z0-9０-９.．]){_D}{{4}}年{_D}{{1,2}}月(?:{_D}{{1,2}}日)?|(?<![A-Za-z0-9０-９.．]){_D}{{1,2}}月{_D}{{1,2}}日"

_SPECIAL_RE = re.compile(
    f"(?P<date>{_DATE})"
    f"|(?P<mask>{_MASK_CORE}(?:{_SEP}(?:{_MASK_CORE}|{_CORE}))?{_UNIT}?{_QUAL}?)"
    f"|(?P<number>{_CORE}(?:{_SEP}(?:{_CORE}|{_MASK_CORE}))?{_UNIT}?{_QUAL}?)"
)

# `**` opening a line (after indentation) and closing the same line's heading: either the line
# ends right after the closing `**`, or the bold text is a run-in lead ending in 。/：/！/？ — also when
# a mask follows at once (**重点工作。****个项目: the parser ends the lead there too).
_BOLD_LINE_RE = re.compile(
    r"^[ \t\u3000]*(\*\*)(?!\*)([^*\n]*?[^*\s])(\*\*)(?:(?=[ \t\u3000]*$)|(?<=[。：:！？]\*\*))",
    re.MULTILINE,
)
_HEADING_MARK_RE = re.compile(r"^[ \t\u3000]*(#{1,6}[ \t\u3000]+)", re.MULTILINE)


def _markup_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Markup marks lying wholly inside [start, end), judged on whole lines of ``text``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    spans: list[tuple[int, int]] = []
    for m in _BOLD_LINE_RE.finditer(text, line_start, line_end):
        spans.extend([(m.start(1), m.end(1)), (m.start(3), m.end(3))])
    for m in _HEADING_MARK_RE.finditer(text, line_start, line_end):
        spans.append((m.start(1), m.end(1)))
    return sorted(s for s in spans if start <= s[0] and s[1] <= end)


def _special_tokens(text: str, start: int, end: int) -> list[Token]:
    """Markup, number and mask tokens in [start, end), in order, not overlapping."""
    found: list[Token] = []
    pos = start
    for m_start, m_end in [*_markup_spans(text, start, end), (end, end)]:
        for m in _SPECIAL_RE.finditer(text, pos, m_start):
            kind: TokenKind = "mask" if m.lastgroup == "mask" else "number"
            found.append(Token(m.group(), m.start(), m.end(), kind))
        if m_end > m_start:
            found.append(Token(text[m_start:m_end], m_start, m_end, "markup"))
        pos = m_end
    return found


# ---------------------------------------------------------------------------------------------
# jieba
# ---------------------------------------------------------------------------------------------

_USERDICT = Path(__file__).with_name("data") / "userdict.txt"
_lock = threading.RLock()
_tokenizer: jieba.Tokenizer | None = None
_additions: list[tuple[str, int | None, str | None]] = []
_version = 0


def _cache_dir() -> Path | None:
    """The user cache directory for jieba's prefix dictionary, or None when it is not writable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "reportdiff"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


def _build_tokenizer(cache_dir: Path | None) -> jieba.Tokenizer:
    """A fresh jieba Tokenizer with the main dictionary loaded (cached in ``cache_dir`` if given)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    if cache_dir is not None:
        tk.tmp_dir = str(cache_dir)
        tk.initialize()
    else:  # no writable cache: build the prefix dictionary in memory and write nothing
        with tk.get_dict_file() as f:
            tk.FREQ, tk.total = tk.gen_pfdict(f)
        tk.initialized = True
    return tk


def _get_tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            tk = _build_tokenizer(_cache_dir())
            for word, freq, tag in _read_userdict(_USERDICT):
                tk.add_word(word, freq, tag)
            for word, freq, tag in _additions:
                tk.add_word(word, freq, tag)
            _tokenizer = tk
        return _tokenizer


def _read_userdict(path: str | os.PathLike[str]) -> list[tuple[str, int | None, str | None]]:
    """Parse a jieba-format user dictionary: ``word [freq] [tag]`` per line, ``#`` comments."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        raise InputError(
            f"cannot read user dictionary {os.fspath(path)!s}: {reason}; give a UTF-8 file with one "
            f"'word [frequency] [tag]' per line"
        ) from None
    entries: list[tuple[str, int | None, str | None]] = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        freq: int | None = None
        tag: str | None = None
        if len(fields) > 1:
            if not fields[1].isdigit():
                raise InputError(
                    f"user dictionary {os.fspath(path)!s} line {lineno}: frequency {fields[1]!r} is not a "
                    f"whole number; write 'word [frequency] [tag]'"
                )
            freq = int(fields[1])
        if len(fields) > 2:
            tag = fields[2]
        entries.append((fields[0], freq, tag))
    return entries


def add_words(words: Iterable[str]) -> None:
    """Add words to the tokenizer's dictionary (kept whole from now on); bumps the dictionary version."""
    global _version
    new = [(w, None, None) for w in (str(w).strip() for w in words) if w]
    with _lock:
        _additions.extend(new)
        if _tokenizer is not None:
            for word, freq, tag in new:
                _tokenizer.add_word(word, freq, tag)
        _version += 1


def load_userdict(path: str | os.PathLike[str]) -> None:
    """Add a jieba-format user dictionary file; raises InputError with a one-line message if unreadable."""
    global _version
    entries = _read_userdict(path)
    with _lock:
        _additions.extend(entries)
        if _tokenizer is not None:
            for word, freq, tag in entries:
                _tokenizer.add_word(word, freq, tag)
        _version += 1


def dictionary_version() -> int:
    """A counter that changes whenever words are added, so callers can key token caches on it."""
    return _version


# ---------------------------------------------------------------------------------------------
# Tokenizing
# ---------------------------------------------------------------------------------------------

_KINDS: dict[str, TokenKind] = {}


def _kind(word: str) -> TokenKind:
    """The kind of a token jieba produced (memoized: reports reuse a few thousand distinct words)."""
    kind = _KINDS.get(word)
    if kind is None:
        if word.isspace():
            kind = "space"
        elif all(unicodedata.category(c)[0] in "PS" for c in word):
            kind = "punct"
        elif word.isdigit():
            kind = "number"
        else:
            kind = "word"
        if len(_KINDS) < 200_000:
            _KINDS[word] = kind
    return kind


def _jieba_tokens(text: str, start: int, end: int, tk: jieba.Tokenizer, out: list[Token]) -> None:
    """jieba on one gap, appended to ``out``; whitespace runs and runs of one repeated punctuation
    mark (``……``, ``——``) are merged into one token."""
    pos = start
    first = len(out)
    for word in tk.cut(text[start:end], HMM=HMM):
        kind = _kind(word)
        n = len(word)
        if len(out) > first and (kind == "space" or kind == "punct") and out[-1].kind == kind:
            prev = out[-1]
            if kind == "space" or (n == 1 and prev.text[-1] == word and prev.text.count(word) == len(prev.text)):
                out[-1] = Token(prev.text + word, prev.start, pos + n, kind)
                pos += n
                continue
        out.append(Token(word, pos, pos + n, kind))
        pos += n


def tokenize(text: str, *, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with absolute offsets into ``text``; they tile [start, end) exactly."""
    if end is None:
        end = len(text)
    if not 0 <= start <= end <= len(text):
        raise OptionError(f"token range [{start}, {end}) is not inside a text of length {len(text)}")
    if start == end:
        return ()
    return _tokenize_cached(text, start, end, _version, HMM)


@lru_cache(maxsize=8)  # whole-report token tuples are a few MB each
def _tokenize_cached(text: str, start: int, end: int, version: int, hmm: bool) -> tuple[Token, ...]:
    """Memoized on the exact range, the dictionary version and the HMM switch (tokens are immutable)."""
    del version, hmm  # cache keys only
    tk = _get_tokenizer()
    out: list[Token] = []
    pos = start
    for special in _special_tokens(text, start, end):
        if special.start > pos:
            _jieba_tokens(text, pos, special.start, tk, out)
        out.append(special)
        pos = special.end
    if pos < end:
        _jieba_tokens(text, pos, end, tk, out)
    return tuple(out)
