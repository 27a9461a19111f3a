"""Loading: a file, bytes or a string → a parsed `Report`.

Stage: input + parse glue for the public API and the CLI. Reads with :mod:`reportdiff.readers`
(encodings, HTML article extraction, one-line errors for bad input) and parses with the HTML heading
hints, so a report served as a web page parses like its text version.
"""

from __future__ import annotations

import os

from reportdiff.errors import InputError
from reportdiff.model import Report
from reportdiff.parse import parse
from reportdiff.readers import read_source, source_from_string


def load(path: str | os.PathLike[str], *, format: str = "auto") -> Report:
    """Read and parse a report file (``-`` reads stdin). Raises InputError for unreadable input."""
    src = read_source(path, format=format)  # type: ignore[arg-type]
    report = parse(src.text, hints=src.hints, source=src.path)
    _check_report(report, src.path or "<stdin>")
    return report


def loads(text: str, *, name: str | None = None) -> Report:
    """Parse a report given as a string (checked like a file: it must look like a Chinese report)."""
    src = source_from_string(text, name=name)
    return parse(src.text, hints=src.hints, source=src.path)


def _check_report(report: Report, name: str) -> None:
    if not report.root.children:
        raise InputError(f"{name}: no report text found; give a government work report as text or HTML")
