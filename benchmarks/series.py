"""Benchmark: the 14 national reports (2013–2026) as a series, to JSON and to PDF, next to parsing alone.

Stage: speed of reportdiff.series and its renderers. Each scenario runs in a fresh Python process
(so jieba's dictionary load, the per-report tokenization and the font work are counted every time,
as a user running ``reportdiff series`` would pay them), timed inside the process from the first
file read to the output written; imports of reportdiff itself are outside the timing.

* ``parse``    — load (read + parse) the 14 files: the baseline;
* ``json``     — load + ``series()`` (default workers: 2 processes) + ``series_json`` written to a
  temp file (target ≤ 3 s);
* ``json w=1`` — the same with ``workers=1`` (everything in one process), for the speed-up;
* ``pdf``      — load + ``series()`` + ``to_pdf`` (target ≤ 15 s);
* ``stages``   — one process, one core, that times each stage of ``json``: jieba's dictionary load,
  tokenization (``align.features``), goals, compare of the 13 pairs, term trajectories, JSON; then
  ``series()`` with 2 workers on freshly loaded reports (dictionary already loaded); and of ``pdf``:
  HTML, WeasyPrint.

Times are medians over ``--repeat`` runs (default 3): wall clock with its ratio to ``parse``, and the
CPU time of the timing process (with workers, the children's CPU is not in it: compare wall with
``json w=1``). The font subset is cached in the user cache dir once (``render.fonts``); the first PDF
run ever may pay for building it. Run under ``flock /tmp/bench.lock`` on a shared machine.

    .venv/bin/python benchmarks/series.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = sorted(str(p) for p in (ROOT / "tests" / "data" / "corpus" / "national").glob("guowuyuan-20??.txt"))

_PRELUDE = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
import reportdiff.series, reportdiff.loading, reportdiff.render.json  # imports are not timed
from reportdiff.loading import load
from reportdiff.series import series
files = {NATIONAL!r}
out = sys.argv[1]
"""

SCENARIOS = {
    "parse": """
t, c = time.perf_counter(), time.process_time()
reports = [load(f) for f in files]
print(json.dumps({"total": time.perf_counter() - t, "cpu": time.process_time() - c}))
""",
    "json": """
from reportdiff.atomic import write_text
t, c = time.perf_counter(), time.process_time()
reports = [load(f) for f in files]
write_text(out + ".json", series(reports).to_json())
print(json.dumps({"total": time.perf_counter() - t, "cpu": time.process_time() - c}))
""",
    "json w=1": """
from reportdiff.atomic import write_text
t, c = time.perf_counter(), time.process_time()
reports = [load(f) for f in files]
write_text(out + ".1.json", series(reports, workers=1).to_json())
print(json.dumps({"total": time.perf_counter() - t, "cpu": time.process_time() - c}))
""",
    "pdf": """
import reportdiff.render.series_html, reportdiff.render.pdf, weasyprint  # imports are not timed
t, c = time.perf_counter(), time.process_time()
reports = [load(f) for f in files]
series(reports).to_pdf(out + ".pdf")
print(json.dumps({"total": time.perf_counter() - t, "cpu": time.process_time() - c}))
""",
    "stages": """
import reportdiff.render.series_html, reportdiff.render.pdf, weasyprint
from reportdiff.align import features
from reportdiff.compare import compare
from reportdiff.goals import extract_goals
from reportdiff.series import goal_timelines, order_reports, term_trajectories, yearly_term_counts
from reportdiff.tokenize import tokenize
times = {}
def lap(name, t0):
    times[name] = time.perf_counter() - t0
    return time.perf_counter()
t = time.perf_counter()
reports = order_reports([load(f) for f in files]); t = lap("parse", t)
tokenize("政府"); t = lap("jieba dictionary load", t)
for r in reports: features(r)
t = lap("tokenize (jieba, once per report)", t)
goals = [extract_goals(r, kinds=("target", "actual")) for r in reports]
goal_timelines(reports, goals); t = lap("goals + timelines", t)
for a, b in zip(reports, reports[1:]): compare(a, b, goals=False, terms=False)
t = lap("compare x13 (align + word diffs)", t)
term_trajectories(reports, [yearly_term_counts(r) for r in reports]); t = lap("term trajectories", t)
s = series(reports, workers=1); t = lap("series(workers=1), tokens cached", t)
one = s.to_json(); t = lap("JSON", t)
fresh = [load(f) for f in files]
t = time.perf_counter()
two = series(fresh, workers=2); t = lap("series(workers=2), fresh reports", t)
from reportdiff.render.series_html import render_series_html
render_series_html(s); t = lap("HTML", t)
s.to_pdf(out + ".pdf"); t = lap("PDF (HTML + WeasyPrint + fonts)", t)
times["JSON of workers=1 and workers=2 identical"] = float(one == two.to_json())
print(json.dumps(times))
""",
}


def run(name: str, out: str) -> dict[str, float]:
    code = _PRELUDE + SCENARIOS[name]
    proc = subprocess.run([sys.executable, "-c", code, out], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per scenario (median reported)")
    args = ap.parse_args(argv)
    print(f"{len(NATIONAL)} national reports, {sum(Path(f).stat().st_size for f in NATIONAL) // 1024} KiB; "
          f"median of {args.repeat} fresh processes per scenario")
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "series")
        medians: dict[str, tuple[float, float]] = {}
        runs: dict[str, list[dict[str, float]]] = {}
        for _ in range(args.repeat):  # interleaved, so a burst of load from others hits every scenario
            for name in ("parse", "json", "json w=1", "pdf"):
                runs.setdefault(name, []).append(run(name, out))
        for name, rs in runs.items():
            medians[name] = (statistics.median(r["total"] for r in rs), statistics.median(r["cpu"] for r in rs))
        base = medians["parse"][0]
        targets = {"parse": None, "json": 3.0, "json w=1": None, "pdf": 15.0}
        print(f"  {'':<8} {'wall':>9}   {'× parse':>7}   {'cpu':>7}")
        for name, (secs, cpu) in medians.items():
            target = targets[name]
            verdict = "" if target is None else f"   target ≤ {target:g} s: {'ok' if secs <= target else 'OVER'}"
            print(f"  {name:<8} {secs:7.2f} s   {secs / base:6.1f}×   {cpu:5.2f} s{verdict}")
        one, two = medians["json w=1"][0], medians["json"][0]
        print(f"  workers=1 / workers=2 (JSON wall): {one:.2f} s / {two:.2f} s = {one / two:.2f}×")
        print("stages (one process):")
        for stage, secs in run("stages", out).items():
            if stage.startswith("JSON of workers"):
                print(f"  {stage:<36} {'yes' if secs else 'NO'}")
            else:
                print(f"  {stage:<36} {secs:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
