"""Glossary: 名词解释 entries (term → definition) and where the body uses each term.

Stage: parse (post-pass). Reads the blocks of the report's glossary part — lines such as
``1.“多规合一”国土空间规划体系：将主体…`` or ``**2.四大集中连片贫困地区：**四川秦巴山区…`` — and
records the term's range, the entry's range and the offsets of the term's uses before the glossary.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reportdiff.model import GlossaryEntry, Report

_ENTRY_RE = re.compile(r"\**\s*(?:\d+|[①-⑳]|[（(]\d+[）)])\s*[.．、]?\s*(?P<term>[^：:\n]{1,40}?)\s*[：:]")


def _bare(term: str) -> str:
    return term.strip("“”\"'《》* ")


def attach_glossary(report: Report) -> Report:
    """The report with its glossary entries filled in (unchanged when it has no glossary part)."""
    parts = [p for p in report.parts if p.role == "glossary"]
    if not parts:
        return report
    text = report.text
    body_end = parts[0].start
    entries: list[GlossaryEntry] = []
    for part in parts:
        for block in part.children:
            m = _ENTRY_RE.match(text, block.start, block.end)
            if not m:
                continue
            ts, te = m.span("term")
            term = text[ts:te]
            bare = _bare(term)
            if not bare:
                continue
            uses: list[int] = []
            pos = text.find(bare, 0, body_end)
            while pos >= 0 and len(uses) < 200:
                uses.append(pos)
                pos = text.find(bare, pos + len(bare), body_end)
            entries.append(GlossaryEntry(term=term, term_start=ts, term_end=te, start=block.start, end=block.end,
                                         uses=tuple(uses)))
    return replace(report, glossary=tuple(entries))
