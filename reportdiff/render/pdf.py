"""The annotated comparison as PDF: the HTML of ``render.html`` through WeasyPrint.

Stage: rendering (PDF). The packaged ``style.css`` is applied, plus ``@font-face`` rules for the
cached compact CJK subset (``render.fonts``) and a per-document supplement, drawn from the full
font, for the document's characters outside the subset; system families come last. WeasyPrint's URL fetcher is restricted to exactly
those fonts: nothing in the input text can make rendering read a local file or the network.
Output is written atomically (temporary file in the same directory, then ``os.replace``).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportdiff.errors import OutputError
from reportdiff.model import Comparison
from reportdiff.render.html import Layout

log = logging.getLogger("reportdiff.render.pdf")

#: CSS family names of the three font layers.
SUBSET_FAMILY = "reportdiff CJK"
SUPPLEMENT_FAMILY = "reportdiff CJK extra"
#: System families after ours: only reached by characters the chosen CJK font itself lacks.
FALLBACK_STACK = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei", serif'
_SUPPLEMENT_URL = "reportdiff-font:supplement.ttf"


@dataclass(frozen=True)
class FontPlan:
    """The fonts one rendering uses: the cached subset of ``full`` and, for the document's characters
    outside it, a supplement drawn from ``full`` (so the 20–30 MB font itself is never embedded)."""

    full: Path
    subset: Path
    supplement: bytes | None

    def css(self) -> str:
        """``@font-face`` rules and the font stack (URLs percent-encoded by ``Path.as_uri``)."""
        faces = [(SUBSET_FAMILY, self.subset.resolve().as_uri())]
        if self.supplement is not None:
            faces.append((SUPPLEMENT_FAMILY, _SUPPLEMENT_URL))
        rules = [
            f'@font-face {{ font-family: "{family}"; src: url("{_css_string(url)}"); }}'
            for family, url in faces
        ]
        stack = ", ".join(f'"{family}"' for family, _ in faces)
        rules.append(f"html, h1, h2, h3, .sub {{ font-family: {stack}, {FALLBACK_STACK}; }}")
        # one weight only: a synthetic bold is a second PDF font that WeasyPrint subsets again
        # (about 0.6 s); the stylesheet marks emphasis with colour and size as well
        rules.append("* { font-weight: normal !important; }")
        return "\n".join(rules)

    def allowed(self) -> dict[str, Path | bytes]:
        """URL → content source for the restricted fetcher."""
        allowed: dict[str, Path | bytes] = {self.subset.resolve().as_uri(): self.subset.resolve()}
        if self.supplement is not None:
            allowed[_SUPPLEMENT_URL] = self.supplement
        return allowed


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "")


def plan_fonts(text: str, *, font: str | None = None) -> FontPlan:
    """Find the CJK font, get (or build) its cached subset, and build a supplement for the
    characters of ``text`` that the subset lacks but the full font has."""
    from reportdiff.render.fonts import build_ttf, cached_subset, find_cjk_font, font_covers, supplement_chars

    full = find_cjk_font(font)
    subset = cached_subset(full)
    rare = font_covers(full, supplement_chars(text))
    supplement = build_ttf(full, rare, family=SUPPLEMENT_FAMILY) if rare else None
    if rare:
        log.info("font supplement: %d characters outside the cached subset", len(rare))
    return FontPlan(full=full, subset=subset, supplement=supplement)


def _fetcher(allowed: Mapping[str, Path | bytes]) -> Any:
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
            body = source.read_bytes() if isinstance(source, Path) else source
            return URLFetcherResponse(url, body=body, headers={"Content-Type": "font/ttf"})

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
    pdf = document.write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and ``os.replace``."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {str(target)!r}: directory {str(directory)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"cannot write {str(target)!r}: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {str(target)!r}: {error.strerror or error}") from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    write_atomic(path, data)
