"""Errors: one exception hierarchy for the whole library.

Stage: shared. Every message is one sentence naming the bad value (a file, an option) and what is
allowed or what to do. The CLI prints ``str(error)`` on one line and exits 2.
"""

from __future__ import annotations


class ReportDiffError(Exception):
    """Base class of every error reportdiff raises on purpose."""


class InputError(ReportDiffError):
    """An input file or string cannot be read as a report (empty, binary, wrong encoding, …)."""


class OptionError(ReportDiffError, ValueError):
    """An option has a value outside what is allowed."""


class FontError(ReportDiffError):
    """No usable CJK font was found for PDF output."""


class OutputError(ReportDiffError):
    """An output path cannot be written."""
