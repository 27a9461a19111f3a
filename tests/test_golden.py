"""Golden outlines: the block-depth outline JSON of six reports of different styles, compared byte
for byte. After a deliberate parser change, review the diff and refresh with
``python -m tests.test_golden --refresh``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportdiff.parse import parse
from reportdiff.render.json import outline_json
from tests.conftest import DATA, SEED, corpus

GOLDEN = DATA / "golden"
CASES = {
    "guowuyuan-2024": "national: ## parts, run-in （一） sections",
    "sichuan-2023": "province: bold parts, bold run-in sections, five-year + annual review",
    "guangan-2022": "city: change-of-term report, bold parts, 一、 sections",
    "chengdu-2024": "city: plain-line parts, （一） run-in sections, appendices",
    "mianyang-2022": "city: numbered parts 一、2021年工作回顾, （一） sections",
    "seed": "the masked seed: glued headings, broken line",
}


def _source(name: str) -> Path:
    return SEED if name == "seed" else corpus(name)


def _render(name: str) -> str:
    report = parse(_source(name).read_text(encoding="utf-8"), source=f"{name}.txt")
    return outline_json(report, depth="block")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_outline(name: str) -> None:
    expected = (GOLDEN / f"{name}.outline.json").read_text(encoding="utf-8")
    assert _render(name) == expected, f"outline of {name} changed; review and refresh (see module docstring)"


if __name__ == "__main__" and "--refresh" in sys.argv:
    for case in CASES:
        (GOLDEN / f"{case}.outline.json").write_text(_render(case), encoding="utf-8")
        print("wrote", case)
