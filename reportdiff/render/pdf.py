"""The annotated comparison as PDF: the HTML of ``render.html`` through WeasyPrint.

Stage: rendering (PDF). The packaged ``style.css`` is applied, plus an ``@font-face`` rule for a
font holding exactly the document's characters: glyph records copied from the cached compact CJK
subset (``render.fonts``), rare characters drawn from the full font. It is embedded whole, so
WeasyPrint skips its own (slow) subsetting pass. The URL fetcher serves that font from memory and
refuses everything else: nothing in the input text can make rendering read a file or the network.
Output is written atomically (temporary file in the same directory, then ``os.replace``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportdiff.atomic import write_bytes
from reportdiff.model import Comparison
from reportdiff.render.html import Layout

log = logging.getLogger("reportdiff.render.pdf")

#: CSS family names of the three font layers.
FAMILY = "reportdiff CJK"
#: System families after ours: only reached by characters the chosen CJK font itself lacks.
FALLBACK_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei", serif'
_FONT_URL = "reportdiff-font:document.ttf"


@dataclass(frozen=True)
class FontPlan:
    """The font of one rendering: exactly the document's glyphs (see ``fonts.document_font``),
    served to WeasyPrint from memory and embedded whole (WeasyPrint's ``full_fonts``)."""

    full: Path
    data: bytes

    def css(self) -> str:
        """The ``@font-face`` rule and the font stack."""
        return "\n".join((
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{_FONT_URL}"); }}',
            f'html, h1, h2, h3, .sub {{ font-family: "{FAMILY}", {FALLBACK_STACK}; }}',
            # one weight only: a synthetic bold is a second PDF font (and, embedded whole, a second
            # copy of it); the stylesheet marks emphasis with colour and size as well
            "* { font-weight: normal !important; }",
        ))

    def allowed(self) -> dict[str, bytes]:
        """URL → content for the restricted fetcher: the document font and nothing else."""
        return {_FONT_URL: self.data}


def plan_fonts(text: str, *, font: str | None = None) -> FontPlan:
    """Find the CJK font and build the document font for the characters of ``text`` (plus the
    stylesheet's generated text and digits for page numbers)."""
    from reportdiff.render.fonts import document_font, find_cjk_font
    from reportdiff.render.html import stylesheet

    full = find_cjk_font(font)
    chars = set(text) | set(stylesheet()) | set("0123456789")
    return FontPlan(full=full, data=document_font(full, chars, family=FAMILY))


def _fetcher(allowed: Mapping[str, bytes]) -> Any:
    """A WeasyPrint URL fetcher that serves exactly ``allowed`` and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=())
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None) -> Any:
            self.requested.append(url)
            source = allowed.get(url)
            if source is None:
                self.refused.append(url)
                log.info("refused to fetch %s", url[:200])
                raise ValueError(f"reportdiff does not fetch {url[:80]!r}")
            return URLFetcherResponse(url, body=source, headers={"Content-Type": "font/ttf"})

    return RestrictedFetcher()


def html_to_pdf(
    html: str, *, font: str | None = None, metadata: dict[str, str] | None = None, _fetcher_out: list[Any] | None = None
) -> bytes:
    """PDF bytes of ``html`` with the packaged stylesheet and the CJK fonts (see module doc).
    ``metadata`` keys title, subject, creator, keywords, author override the HTML's ``<title>`` and
    ``<meta>`` values. Only the font files are ever fetched."""
    import warnings

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required": our glyf subset makes it moot
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

    from reportdiff.render.html import stylesheet

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    plan = plan_fonts(html, font=font)
    fetcher = _fetcher(plan.allowed())
    if _fetcher_out is not None:
        _fetcher_out.append(fetcher)
    font_config = FontConfiguration()
    sheets = [
        weasyprint.CSS(string=stylesheet(), font_config=font_config, url_fetcher=fetcher),
        weasyprint.CSS(string=plan.css(), font_config=font_config, url_fetcher=fetcher),
    ]
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=font_config,
    )
    meta = document.metadata
    for key, value in (metadata or {}).items():
        if key == "title":
            meta.title = value
        elif key in ("subject", "description"):
            meta.description = value
        elif key in ("creator", "generator"):
            meta.generator = value
        elif key == "keywords":
            meta.keywords = [k.strip() for k in value.split(",") if k.strip()]
        elif key in ("author", "authors"):
            meta.authors = [value]
    pdf = document.write_pdf(full_fonts=True)  # our font holds only the document's glyphs
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(
    cmp: Comparison, path: str | os.PathLike[str], *, layout: Layout = "side-by-side", font: str | None = None
) -> None:
    """Write the annotated comparison as a PDF to ``path`` (atomically: nothing half-written on error)."""
    from reportdiff import __version__
    from reportdiff.render.html import _serialize, build_document, report_name

    html = _serialize(build_document(cmp, layout=layout, css=False), doctype=True)
    old, new = report_name(cmp.old, "上年报告"), report_name(cmp.new, "本年报告")
    metadata = {
        "title": f"{old} → {new}",
        "subject": f"政府工作报告对比：{old} 与 {new}（对齐、逐词改动、目标变化）",
        "creator": f"reportdiff {__version__}",
    }
    data = html_to_pdf(html, font=font, metadata=metadata)
    write_bytes(path, data)
