"""The annotated comparison as PDF: the HTML of ``render.html`` through WeasyPrint.

Stage: rendering (PDF). The packaged ``style.css`` is applied, plus an ``@font-face`` rule for a
font holding exactly the document's characters: glyph records copied from the cached compact CJK
subset (``render.fonts``), rare characters drawn from the full font. It is embedded whole, so
WeasyPrint skips its own (slow) subsetting pass. The URL fetcher serves that font from memory and
refuses everything else: nothing in the input text can make rendering read a file or the network.
Output is written atomically (temporary file in the same directory, then ``os.replace``).
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint builds and draws its box tree.

    Laying out a 30-page document allocates a few hundred thousand long-lived objects; the
    collector would traverse the growing tree again and again (about 0.25 s here, an eighth of the
    warm render) although none of it is garbage before the document is written. The collector is
    re-enabled afterwards (when it was enabled before), so the render's garbage is collected later
    as usual (one pass, ~0.15 s, measured). Reference counting keeps freeing memory meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: The user-agent rules that give *every* element a pseudo-element style (``::marker`` and the
#: footnote/note call and marker rules of WeasyPrint's ``html5_ua.css``).
_UNIVERSAL_PSEUDO = re.compile(
    r"^::(?:marker|footnote-call|footnote-marker|note-call|note-marker|note-callback)\s*\{[^}]*\}[ \t]*\n?", re.M,
)


@lru_cache(maxsize=1)
def _lean_ua_stylesheet() -> Any:
    """WeasyPrint's HTML user-agent stylesheet without the rules that match every element's
    ``::marker``/footnote/note pseudo-elements, or None when it cannot be derived (another
    WeasyPrint layout). Those rules make WeasyPrint compute six pseudo-element styles per element
    (12,000 for a 30-page comparison, ~6 % of the render) that our documents never use: list
    markers keep their default look from the list item, and the footnote rules are kept whenever a
    document mentions footnotes or notes (see ``_lean_ok``)."""
    try:
        import weasyprint
        from weasyprint import html as wp_html
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency of the PDF path
        return None
    source = getattr(wp_html, "UA", None)
    counter_style = getattr(wp_html, "UA_COUNTER_STYLE", None)
    if not isinstance(source, str) or counter_style is None:
        return None
    lean, removed = _UNIVERSAL_PSEUDO.subn("", source)
    if not removed:
        return None
    return weasyprint.CSS(string=lean, counter_style=counter_style)


def _lean_ok(*sources: str) -> bool:
    """Whether the lean user-agent stylesheet gives the same rendering: nothing in the document or
    its stylesheets can create a footnote (``float: footnote``) or a note (``note(…)``)."""
    return not any("footnote" in text or "note(" in text for text in sources)


@lru_cache(maxsize=2)
def _html_class(lean: bool) -> Any:
    """``weasyprint.HTML``, or a subclass using ``_lean_ua_stylesheet`` in place of the default
    user-agent stylesheet when ``lean`` (every other user-agent sheet is kept as it is)."""
    import weasyprint

    sheet = _lean_ua_stylesheet() if lean else None
    if sheet is None:
        return weasyprint.HTML
    from weasyprint import html as wp_html

    default = wp_html.UA_STYLESHEET

    class LeanHTML(weasyprint.HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, *args: Any, **kwargs: Any) -> list[Any]:
            sheets = super()._ua_stylesheets(*args, **kwargs)
            return [sheet if s is default else s for s in sheets]

    return LeanHTML


#: What ``weasyprint.HTML.__init__`` sets after parsing (WeasyPrint 62–70); ``_prebuilt`` sets the same.
_HTML_ATTRIBUTES = frozenset({"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"})


@lru_cache(maxsize=2)
def _prebuilt_ok(html_class: Any) -> bool:
    """Whether this WeasyPrint's HTML object holds exactly the attributes ``_prebuilt`` sets (checked
    once on a tiny parsed document); otherwise documents are parsed from their text as usual."""
    try:
        probe = html_class(string="<p>x</p>", base_url=None, url_fetcher=_fetcher({}))
    except Exception:  # pragma: no cover - a WeasyPrint we do not know
        return False
    return set(vars(probe)) == _HTML_ATTRIBUTES


def _html_document(html_class: Any, html: str, tree: Any, fetcher: Any) -> Any:
    """The WeasyPrint HTML object of ``html``: from the prebuilt ``tree`` (equal to what the parser
    would build, see ``html.to_etree``) when given and supported, else by parsing ``html``."""
    if tree is not None and _prebuilt_ok(html_class):
        import importlib

        cssselect2 = importlib.import_module("cssselect2")  # a WeasyPrint dependency
        document = html_class.__new__(html_class)
        document.base_url = None
        document.url_fetcher = fetcher
        document.media_type = "print"
        document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
        document.etree_element = document.wrapper_element.etree_element
        return document
    return html_class(string=html, base_url=None, url_fetcher=fetcher)


@lru_cache(maxsize=1)
def _packaged_css(text: str) -> Any:
    """The packaged stylesheet parsed once per process (it has no ``@font-face`` or ``url()``, so it
    depends on no font configuration or fetcher; ~0.02 s a render)."""
    import weasyprint

    return weasyprint.CSS(string=text, url_fetcher=_fetcher({}))


def html_to_pdf(
    html: str, *, font: str | None = None, metadata: dict[str, str] | None = None,
    _fetcher_out: list[Any] | None = None, _tree: Any = None,
) -> bytes:
    """PDF bytes of ``html`` with the packaged stylesheet and the CJK fonts (see module doc).
    ``metadata`` keys title, subject, creator, keywords, author override the HTML's ``<title>`` and
    ``<meta>`` values. Only the font files are ever fetched. ``_tree``: the parsed ``html``, built
    without parsing (``html.to_etree``), used instead of parsing ``html`` again."""
    import warnings

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required": our glyf subset makes it moot
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    plan = plan_fonts(html, font=font)
    fetcher = _fetcher(plan.allowed())
    if _fetcher_out is not None:
        _fetcher_out.append(fetcher)
    with _gc_paused():
        return _render(weasyprint, html, _tree, plan, fetcher, FontConfiguration(), metadata or {})


def _render(weasyprint: Any, html: str, tree: Any, plan: FontPlan, fetcher: Any, font_config: Any,
            metadata: Mapping[str, str]) -> bytes:
    """Lay out ``html`` (or its prebuilt ``tree``) and write the PDF (see ``html_to_pdf``)."""
    from reportdiff.render.html import stylesheet

    css = stylesheet()
    sheets = [
        _packaged_css(css),
        weasyprint.CSS(string=plan.css(), font_config=font_config, url_fetcher=fetcher),
    ]
    html_class = _html_class(_lean_ok(html, css))
    document = _html_document(html_class, html, tree, fetcher).render(
        stylesheets=sheets, font_config=font_config,
    )
    meta = document.metadata
    for key, value in metadata.items():
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
    from reportdiff.render.html import _serialize, build_document, to_etree
    from reportdiff.render.layout import report_name

    document = build_document(cmp, layout=layout, css=False)
    html = _serialize(document, doctype=True)
    old, new = report_name(cmp.old, "上年报告"), report_name(cmp.new, "本年报告")
    metadata = {
        "title": f"{old} → {new}",
        "subject": f"政府工作报告对比：{old} 与 {new}（对齐、逐词改动、目标变化）",
        "creator": f"reportdiff {__version__}",
    }
    data = html_to_pdf(html, font=font, metadata=metadata, _tree=to_etree(document))
    write_bytes(path, data)
