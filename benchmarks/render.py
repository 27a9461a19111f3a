"""Benchmark: PDF rendering of guangan-2022 → guangan-2023, reportdiff vs the naive WeasyPrint way.

Each approach runs in a fresh child process (so peak memory is its own) on the same HTML:
- naive: WeasyPrint with the system Noto CJK font named by font-family (WeasyPrint subsets the
  20–30 MB CFF collection itself on every run);
- per-document subset: a TrueType font of exactly the document's characters, drawn from the full
  font on every run (the alternative we measured and rejected);
- reportdiff cold: ``render_pdf`` with an empty cache dir (builds the cached subset first);
- reportdiff warm: ``render_pdf`` again in the same process (cache and imports warm).
Prints wall and CPU seconds, PDF size and peak RSS, and ratios to the naive run (CPU time is
the steadier figure on a shared machine). Targets (issue 6): warm
≤ 1.5 s, cold ≤ 10 s, PDF ≤ 2 MB, peak memory ≤ 600 MB. Machines here are shared: read ratios.
Then a breakdown of one more warm render by stage (CPU seconds, the best of three renders):
HTML building, fonts, WeasyPrint's styles, boxes, layout, drawing and PDF writing.

Usage: .venv/bin/python benchmarks/render.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "tests/data/corpus/city/guangan-2022.txt"
NEW = ROOT / "tests/data/corpus/city/guangan-2023.txt"


def _comparison() -> object:
    from reportdiff.compare import compare
    from reportdiff.parse import parse

    return compare(parse(OLD.read_text(encoding="utf-8"), source=OLD.name),
                   parse(NEW.read_text(encoding="utf-8"), source=NEW.name))


def _html(cmp: object) -> str:
    from reportdiff.render.html import _serialize, build_document

    return _serialize(build_document(cmp, css=False), doctype=True)  # type: ignore[arg-type]


def _naive(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from reportdiff.render.html import stylesheet

    config = FontConfiguration()
    css = stylesheet() + '\nhtml, h1, h2, h3, .sub { font-family: "Noto Serif CJK SC", serif; }'
    sheet = weasyprint.CSS(string=css, font_config=config)
    data = weasyprint.HTML(string=html).write_pdf(stylesheets=[sheet], font_config=config)
    assert isinstance(data, bytes)
    return data


def _per_document(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from reportdiff.render.fonts import build_ttf, find_cjk_font
    from reportdiff.render.html import stylesheet

    font = build_ttf(find_cjk_font(), set(html) | set("第页共0123456789 →"), family="perdoc")
    with tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as handle:
        handle.write(font)
    try:
        config = FontConfiguration()
        css = (stylesheet() + f'\n@font-face {{ font-family: "perdoc"; src: url("{Path(handle.name).as_uri()}"); }}'
               '\nhtml, h1, h2, h3, .sub { font-family: "perdoc", serif; } * { font-weight: normal !important; }')
        sheet = weasyprint.CSS(string=css, font_config=config)
        data = weasyprint.HTML(string=html).write_pdf(stylesheets=[sheet], font_config=config)
    finally:
        os.unlink(handle.name)
    assert isinstance(data, bytes)
    return data


def child(mode: str) -> None:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    cmp = _comparison()
    html = _html(cmp)
    out = Path(tempfile.mkdtemp()) / "out.pdf"
    if mode in ("cold", "warm"):
        from reportdiff.render.pdf import render_pdf

        start, cpu = time.perf_counter(), time.process_time()
        render_pdf(cmp, out)  # type: ignore[arg-type]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if mode == "warm":
            start, cpu = time.perf_counter(), time.process_time()
            render_pdf(cmp, out)  # type: ignore[arg-type]
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = out.stat().st_size
    else:
        render = _naive if mode == "naive" else _per_document
        if mode == "perdoc":
            render(html)  # warm imports, as for reportdiff warm
        start, cpu = time.perf_counter(), time.process_time()
        size = len(render(html))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "seconds": seconds, "cpu": cpu, "bytes": size, "rss_mb": rss_mb}))


def phases() -> dict[str, float]:
    """CPU seconds of each stage of a warm ``render_pdf`` (best of three), by wrapping the stage
    functions of reportdiff and WeasyPrint (70) in this process only."""
    import gc
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from weasyprint import document as wp_document

    from reportdiff.render import html as rd_html
    from reportdiff.render import pdf as rd_pdf

    spent: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: object, **kwargs: object) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return wrapper

    rd_html.build_document = timed("HTML building (lxml)", rd_html.build_document)
    rd_html.to_etree = timed("HTML building (lxml)", rd_html.to_etree)
    rd_pdf.plan_fonts = timed("document font", rd_pdf.plan_fonts)
    wp_document.get_all_computed_styles = timed("WeasyPrint styles", wp_document.get_all_computed_styles)
    wp_document.build_formatting_structure = timed("WeasyPrint boxes", wp_document.build_formatting_structure)
    wp_document.Document._render = classmethod(  # layout = render minus styles and boxes
        timed("_render", wp_document.Document._render.__func__))
    wp_document.Page.paint = timed("WeasyPrint drawing", wp_document.Page.paint)
    wp_document.Document.write_pdf = timed("_write", wp_document.Document.write_pdf)
    cmp = _comparison()
    out = Path(tempfile.mkdtemp()) / "out.pdf"
    rd_pdf.render_pdf(cmp, out)  # type: ignore[arg-type]
    best: dict[str, float] = {}
    for _ in range(3):
        gc.collect()
        spent.clear()
        start = time.process_time()
        rd_pdf.render_pdf(cmp, out)  # type: ignore[arg-type]
        total = time.process_time() - start
        row = dict(spent)
        row["WeasyPrint layout"] = row.pop("_render") - row["WeasyPrint styles"] - row["WeasyPrint boxes"]
        row["PDF writing (pydyf)"] = row.pop("_write") - row["WeasyPrint drawing"]
        row["rest (CSS, fetcher, GC, file)"] = total - sum(row.values())
        row["total"] = total
        if not best or total < best["total"]:
            best = row
    return best


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as cache:
        for mode in ("naive", "perdoc", "cold", "warm"):
            env = dict(os.environ, REPORTDIFF_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
            proc = subprocess.run([sys.executable, __file__, "--child", mode], env=env, capture_output=True,
                                  text=True, check=True)
            results[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    base = results["naive"]
    labels = {
        "naive": "naive WeasyPrint + system Noto CJK",
        "perdoc": "per-document subset (warm)",
        "cold": "reportdiff, empty cache",
        "warm": "reportdiff, warm in-process",
    }
    print(f"{'approach':40} {'wall s':>7} {'×naive':>7} {'CPU s':>7} {'×naive':>7} {'PDF KB':>7} {'peak MB':>8}")
    for mode, row in results.items():
        print(f"{labels[mode]:40} {row['seconds']:7.2f} {row['seconds'] / base['seconds']:7.2f} "
              f"{row['cpu']:7.2f} {row['cpu'] / base['cpu']:7.2f} {row['bytes'] / 1024:7.0f} {row['rss_mb']:8.0f}")
    warm, cold = results["warm"], results["cold"]
    print(f"speed-up warm vs naive: {base['seconds'] / warm['seconds']:.1f}x wall, {base['cpu'] / warm['cpu']:.1f}x CPU; "
          f"targets (CPU time; wall time is inflated by other jobs when the load exceeds the cores): "
          f"warm ≤ 1.5 s {'ok' if warm['cpu'] <= 1.5 else 'MISSED'}, "
          f"cold ≤ 10 s {'ok' if cold['cpu'] <= 10 else 'MISSED'}, "
          f"PDF ≤ 2 MB {'ok' if warm['bytes'] <= 2 * 1024 * 1024 else 'MISSED'}, "
          f"peak ≤ 600 MB {'ok' if max(warm['rss_mb'], cold['rss_mb']) <= 600 else 'MISSED'}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, __file__, "--child", "phases"], env=env, capture_output=True, text=True,
                          check=True)
    stages = json.loads(proc.stdout.strip().splitlines()[-1])
    print("warm render by stage (CPU s, best of 3): " + ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in stages.items()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child" and sys.argv[2] == "phases":
        print(json.dumps(phases()))
    elif len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
