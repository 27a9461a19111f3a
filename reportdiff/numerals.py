"""Numerals: Chinese numerals and full-width digits, the one place that reads them.

Stage: shared by the parser (heading numbers 一、十二、, Chinese-numeral dates) and goal extraction
(values such as 两万, 一百二十). Pure functions, no dependencies.
"""

from __future__ import annotations

#: full-width digits and the marks that go with numbers, to their ASCII forms
FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－", "0123456789.,%-")

#: the value of each Chinese digit
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}


def cn_integer(s: str) -> int | None:
    """Value of a Chinese numeral like 十二、一百二十、三千零五、十二万、两亿 (None when malformed)."""
    if not s:
        return None
    total = section = number = 0
    seen = False
    for ch in s:
        if ch in DIGITS:
            number = DIGITS[ch]
            seen = True
        elif ch in _SMALL:
            section += (number or 1) * _SMALL[ch]
            number = 0
            seen = True
        elif ch in _BIG:
            if not seen:
                return None
            section += number
            total = (total + section) * _BIG[ch] if ch == "亿" else total + section * _BIG[ch]
            section = number = 0
        else:
            return None
    return total + section + number
