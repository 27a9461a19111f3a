"""Benchmark: precision and recall of goal extraction against the hand-read gold table.

Stage: evaluation of reportdiff.goals. Reads tests/data/goals/gold.tsv (headline targets and actuals
read by hand from the reports) and compares with extract_goals(parse(text)). A predicted goal matches a
gold row when kind, metric, numbers (low, high), unit and qualifier agree and the predicted span overlaps
the gold phrase (located with str.find). Prints per-file and overall precision/recall for targets and
for actuals; ``-v`` lists every miss and every spurious goal. Exit code 1 when an overall figure is
below 0.97.

    .venv/bin/python benchmarks/goals.py [-v]
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportdiff.goals import extract_goals  # noqa: E402
from reportdiff.model import Goal  # noqa: E402
from reportdiff.parse import parse  # noqa: E402

GOLD = ROOT / "tests" / "data" / "goals" / "gold.tsv"
CORPUS = ROOT / "tests" / "data" / "corpus"


def _num(s: str) -> float | None:
    return float(s) if s else None


HELDOUT = ROOT / "tests" / "data" / "goals" / "heldout" / "gold.tsv"


def load_gold(path: Path = GOLD) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows[r["file"]].append({
                "kind": r["kind"], "metric": r["metric"], "low": _num(r["low"]), "high": _num(r["high"]),
                "unit": r["unit"] or None, "qualifier": r["qualifier"] or None,
                "estimated": r["estimated"] == "1", "phrase": r["phrase"],
            })
    return rows


def matches(g: Goal, gold: dict[str, object], start: int, end: int) -> bool:
    def close(a: float | None, b: object) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - float(b)) < 1e-9  # type: ignore[arg-type]

    return (g.kind == gold["kind"] and g.metric == gold["metric"] and close(g.low, gold["low"])
            and close(g.high, gold["high"]) and g.unit == gold["unit"] and g.qualifier == gold["qualifier"]
            and g.start < end and start < g.end)


def evaluate(verbose: bool = False, *, path: Path = GOLD) -> dict[str, dict[str, float]]:
    gold = load_gold(path)
    totals = {k: {"tp": 0, "fp": 0, "fn": 0, "est_ok": 0} for k in ("target", "actual")}
    print(f"{'file':38} {'kind':7} {'P':>6} {'R':>6}  tp fp fn")
    for file, rows in sorted(gold.items()):
        text = (CORPUS / file).read_text(encoding="utf-8")
        report = parse(text)
        predicted = extract_goals(report, kinds=("target", "actual"))
        for kind in ("target", "actual"):
            pred = [g for g in predicted if g.kind == kind]
            grows = [r for r in rows if r["kind"] == kind]
            used: set[int] = set()
            tp = 0
            misses = []
            for r in grows:
                s = text.find(str(r["phrase"]))
                e = s + len(str(r["phrase"]))
                hit = next((i for i, g in enumerate(pred) if i not in used and matches(g, r, s, e)), None)
                if hit is None:
                    misses.append(r)
                else:
                    used.add(hit)
                    tp += 1
                    totals[kind]["est_ok"] += pred[hit].estimated == r["estimated"]
            fp = len(pred) - len(used)
            fn = len(grows) - tp
            for k, v in (("tp", tp), ("fp", fp), ("fn", fn)):
                totals[kind][k] += v
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            print(f"{file:38} {kind:7} {p:6.3f} {rc:6.3f}  {tp:2} {fp:2} {fn:2}")
            if verbose:
                for r in misses:
                    print(f"    MISS {r['metric']} {r['low']}-{r['high']}{r['unit']}{r['qualifier'] or ''} «{r['phrase']}»")
                for i, g in enumerate(pred):
                    if i not in used:
                        print(f"    EXTRA {g.metric} {g.low}-{g.high}{g.unit}{g.qualifier or ''} "
                              f"«{text[g.start:g.end]}»")
    result: dict[str, dict[str, float]] = {}
    for kind, t in totals.items():
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        rc = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        est = t["est_ok"] / t["tp"] if t["tp"] else 1.0
        result[kind] = {"precision": p, "recall": rc, "estimated_flag_accuracy": est}
        print(f"OVERALL {kind:7} precision {p:.3f} recall {rc:.3f} (tp {t['tp']}, fp {t['fp']}, fn {t['fn']}); "
              f"estimated flag right on {est:.3f} of matches")
    return result


if __name__ == "__main__":
    print("== development gold (tests/data/goals/gold.tsv, read while the extractor was built)")
    res = evaluate(verbose="-v" in sys.argv)
    print("\n== held-out gold (tests/data/goals/heldout/gold.tsv, labelled blind, 10 other reports)")
    held = evaluate(verbose="-v" in sys.argv, path=HELDOUT)
    sys.exit(0 if all(v["precision"] >= 0.97 and v["recall"] >= 0.97 for v in res.values()) else 1)
