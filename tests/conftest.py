"""Shared fixtures: paths to the real reports copied into tests/data (never ../shared)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs a fixed, reproducible set of generated examples (a CI result must not depend on luck);
# local runs explore new examples every time and keep failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
SEED = DATA / "seed.txt"
ALL_REPORTS = sorted(CORPUS.glob("*/*.txt"))


def corpus(name: str) -> Path:
    """Path of a corpus report by stem, e.g. corpus('guangan-2023')."""
    hits = list(CORPUS.glob(f"*/{name}.txt"))
    assert hits, name
    return hits[0]


@pytest.fixture(scope="session")
def read() -> object:
    def _read(name: str) -> str:
        return (SEED if name == "seed" else corpus(name)).read_text(encoding="utf-8")
    return _read
