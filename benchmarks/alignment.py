"""Alignment accuracy and speed: section links against hand-labelled gold, next to two baselines.

Gold: tests/data/align/*.json (made by reading both reports; see its README), the development set,
and tests/data/align/heldout/*.json, labelled blind later and never used for tuning. Gold sections are
mapped to the parser's sections by offset (the parsed section containing the gold heading); a
parsed section may hold several gold sections. Items compared: linked (old key, new key) pairs,
plus ("dropped", old key) and ("new", new key) — a correctly unlinked section counts as a hit.
Baselines on the same parsed sections: same ordinal number (一↔一, （二）↔（二）) and title
similarity (difflib ratio ≥ 0.5) with a greedy one-to-one assignment.
Speed: the four levels for two ~20k-character reports after parsing, median of 5 runs.

    python benchmarks/alignment.py
"""

from __future__ import annotations

import difflib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportdiff.align import ROLE_GROUP, align, features  # noqa: E402
from reportdiff.model import Link, Node, Report  # noqa: E402
from reportdiff.parse import parse  # noqa: E402

GOLD = ROOT / "tests" / "data" / "align"
CORPUS = ROOT / "tests" / "data" / "corpus"

Item = tuple[str, str]


def key_map(report: Report, sections: list[dict[str, object]]) -> dict[str, list[str]]:
    """Parsed section id → the gold keys whose heading offset lies inside it."""
    out: dict[str, list[str]] = {}
    for sec in report.sections:
        for g in sections:
            off = int(g["offset"])  # type: ignore[call-overload]
            if sec.start <= off < sec.end:
                out.setdefault(sec.id, []).append(str(g["key"]))
    return out


def gold_items(doc: dict[str, object]) -> set[Item]:
    items: set[Item] = set()
    for link in doc["links"]:  # type: ignore[attr-defined]
        olds, news = link["old"], link["new"]
        if olds and news:
            items.update((o, n) for o in olds for n in news)
        elif olds:
            items.update(("dropped", o) for o in olds)
        else:
            items.update(("new", n) for n in news)
    return items


def predicted_items(links: list[Link], ko: dict[str, list[str]], kn: dict[str, list[str]]) -> set[Item]:
    items: set[Item] = set()
    for link in links:
        olds = [k for i in link.old for k in ko.get(i, [])]
        news = [k for i in link.new for k in kn.get(i, [])]
        if olds and news:
            items.update((o, n) for o in olds for n in news)
        elif olds and not link.new:
            items.update(("dropped", o) for o in olds)
        elif news and not link.old:
            items.update(("new", n) for n in news)
    return items


def _groups(report: Report) -> dict[str, list[Node]]:
    groups: dict[str, list[Node]] = {}
    for part in report.root.children:
        g = ROLE_GROUP.get(part.role or "other", "forward")
        groups.setdefault(g, []).extend(c for c in part.children if c.kind == "section")
    return groups


def baseline_ordinal(old: Report, new: Report) -> list[Link]:
    links: list[Link] = []
    go, gn = _groups(old), _groups(new)
    for g in set(go) | set(gn):
        used: set[str] = set()
        for o in go.get(g, []):
            match = next((n for n in gn.get(g, []) if n.number and n.number == o.number and n.id not in used), None)
            if match is not None:
                used.add(match.id)
                links.append(Link("section", (o.id,), (match.id,), "same", 1.0))
            else:
                links.append(Link("section", (o.id,), (), "dropped", 0.0))
        links.extend(Link("section", (), (n.id,), "new", 0.0) for n in gn.get(g, []) if n.id not in used)
    return links


def baseline_title(old: Report, new: Report, *, threshold: float = 0.5) -> list[Link]:
    links: list[Link] = []
    go, gn = _groups(old), _groups(new)
    for g in set(go) | set(gn):
        pairs = sorted(((difflib.SequenceMatcher(None, o.title or "", n.title or "").ratio(), o.id, n.id)
                        for o in go.get(g, []) for n in gn.get(g, [])), reverse=True)
        uo: set[str] = set()
        un: set[str] = set()
        for r, o, n in pairs:
            if r < threshold:
                break
            if o in uo or n in un:
                continue
            uo.add(o)
            un.add(n)
            links.append(Link("section", (o,), (n,), "same", r))
        links.extend(Link("section", (o.id,), (), "dropped", 0.0) for o in go.get(g, []) if o.id not in uo)
        links.extend(Link("section", (), (n.id,), "new", 0.0) for n in gn.get(g, []) if n.id not in un)
    return links


def prf(pred: set[Item], gold: set[Item]) -> tuple[float, float, float]:
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(verbose: bool = False, *, gold_dir: Path = GOLD,
             also: tuple[Path, ...] = ()) -> dict[str, tuple[float, float, float]]:
    """Pooled precision, recall and F1 of reportdiff and the two baselines over the gold files of
    ``gold_dir`` (and of the folders in ``also``)."""
    totals: dict[str, list[set[Item]]] = {"reportdiff": [], "ordinal": [], "title": []}
    golds: list[set[Item]] = []
    paths = [p for d in (gold_dir, *also) for p in sorted(d.glob("*.json"))]
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        old = parse((CORPUS / doc["old"]).read_text(encoding="utf-8"))
        new = parse((CORPUS / doc["new"]).read_text(encoding="utf-8"))
        ko, kn = key_map(old, doc["sections_old"]), key_map(new, doc["sections_new"])
        gold = gold_items(doc)
        tag = f"{path.parent.name}/{path.stem}"
        golds.append({(tag + a, tag + b) for a, b in gold})
        systems = {
            "reportdiff": align(old, new, with_followups=False).at("section"),
            "ordinal": baseline_ordinal(old, new),
            "title": baseline_title(old, new),
        }
        for name, links in systems.items():
            pred = predicted_items(links, ko, kn)
            totals[name].append({(tag + a, tag + b) for a, b in pred})
            if verbose:
                p, r, f = prf(pred, gold)
                print(f"  {tag:40s} {name:10s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
                if name == "reportdiff" and verbose:
                    for item in sorted(gold - pred):
                        print("      missed", item)
                    for item in sorted(pred - gold):
                        print("      wrong ", item)
    gold_all = set().union(*golds) if golds else set()
    return {name: prf(set().union(*sets), gold_all) for name, sets in totals.items()}


def _spans(doc: dict[str, Any], side: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of a labeller's sections on one side: from its heading to the next heading."""
    secs = sorted((int(x["offset"]), str(x["key"])) for x in doc["sections_" + side])
    ends = [o for o, _ in secs[1:]] + [10**9]
    return [(o, e, k) for (o, k), e in zip(secs, ends, strict=True)]


def _rekey(doc_b: dict[str, Any], doc_a: dict[str, Any]) -> dict[str, list[str]]:
    """B's section keys → the keys of A's sections that contain B's heading (the way gold keys are
    mapped onto the parser's sections when the aligner is scored)."""
    out: dict[str, list[str]] = {}
    for side in ("old", "new"):
        spans = _spans(doc_a, side)
        for x in doc_b["sections_" + side]:
            off = int(x["offset"])
            out[f"{side}:{x['key']}"] = [k for a, e, k in spans if a <= off < e]
    return out


def agreement(folder: Path = GOLD / "agreement", *more: Path) -> dict[str, tuple[float, float, float]]:
    """Inter-annotator agreement: labeller B's links scored against labeller A's (the gold of the
    development, held-out or blind set for the same pair), both pooled and per pair (over ``folder``
    and the folders in ``more``)."""
    results: dict[str, tuple[float, float, float]] = {}
    pooled_pred: set[Item] = set()
    pooled_gold: set[Item] = set()
    for path in [p for d in (folder, *more) for p in sorted(d.glob("*.json"))]:
        doc_b = json.loads(path.read_text(encoding="utf-8"))
        first = next((d / path.name for d in (GOLD, *sorted(p for p in GOLD.iterdir() if p.is_dir()))
                      if d != path.parent and (d / path.name).exists()), None)
        if first is None:
            continue
        doc_a = json.loads(first.read_text(encoding="utf-8"))
        keys = _rekey(doc_b, doc_a)
        pred: set[Item] = set()
        for link in doc_b["links"]:
            olds = [k for x in link["old"] for k in keys[f"old:{x}"]]
            news = [k for x in link["new"] for k in keys[f"new:{x}"]]
            if olds and news:
                pred.update((o, n) for o in olds for n in news)
            elif olds and not link["new"]:
                pred.update(("dropped", o) for o in olds)
            elif news and not link["old"]:
                pred.update(("new", n) for n in news)
        gold = gold_items(doc_a)
        results[path.stem] = prf(pred, gold)
        pooled_pred |= {(path.stem + a, path.stem + b) for a, b in pred}
        pooled_gold |= {(path.stem + a, path.stem + b) for a, b in gold}
    if pooled_gold:
        results["pooled"] = prf(pooled_pred, pooled_gold)
    return results


def speed(runs: int = 5) -> tuple[float, int, int]:
    a = parse((CORPUS / "national" / "guowuyuan-2024.txt").read_text(encoding="utf-8"))
    b = parse((CORPUS / "national" / "guowuyuan-2025.txt").read_text(encoding="utf-8"))
    features(a)
    features(b)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        align(a, b, with_followups=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times), len(a.text), len(b.text)


SETS = (
    ("dev", "development set (4 pairs, used while building)", GOLD),
    ("heldout", "held-out set 1 (3 pairs, labelled blind; looked at while improving the aligner "
     "since 2026-11-30, so no longer blind)", GOLD / "heldout"),
    ("blind2", "blind set 2 (3 pairs, labelled blind; first measurement 0.537, then looked at)", GOLD / "blind2"),
    ("blind3", "blind set 3 (3 pairs, labelled blind; first measurement 0.753, then one rule)", GOLD / "blind3"),
    ("blind4", "blind set 4 (4 pairs, labelled blind; first measurement 0.696, then one parser rule)",
     GOLD / "blind4"),
    ("blind5", "blind set 5 (3 pairs, labelled blind; first measurement 0.601, then three rules)", GOLD / "blind5"),
    ("blind6", "blind set 6 (4 pairs, labelled blind, measured once at the end of the third session: 0.728)",
     GOLD / "blind6"),
    ("blind7", "blind set 7 (4 pairs, labelled blind in the fourth session; first measurement 0.736, then looked at)", GOLD / "blind7"),
    ("blind8", "blind set 8 (4 archive pairs of places outside the corpus: Shanghai, Hubei, Leshan, Guangdong; "
     "first measurement 0.683, then looked at)",
     GOLD / "blind8"),
    ("blind9", "blind set 9 (4 archive pairs: Zhejiang 2010→11, Beijing 2016→17, Qingdao 2019→20, Sanming 2021→22; "
     "first measurement 0.417, then looked at)", GOLD / "blind9"),
    ("blind10", "blind set 10 (4 archive pairs: Yunnan 2020→21, Wuhan 2021→22, Ningbo 2017→18, Nantong 2023→24; "
     "first measurement 0.643, then looked at)", GOLD / "blind10"),
    ("blind11", "blind set 11 (4 archive pairs: Liaoning 2019→20, Xiamen 2022→23, Harbin 2015→16, Shiyan 2022→23; "
     "measured once, with the code of commit e4c89b8: 0.811, then looked at)", GOLD / "blind11"),
    ("blind12", "blind set 12 (4 archive pairs: Jiangxi 2019→20, Shenyang 2024→25, Zhengzhou 2020→21, Yibin 2022→23; "
     "measured once, with the final code of the fourth session)", GOLD / "blind12"),
    ("blind13", "blind set 13 (4 archive pairs: Gansu 2021→22, Nanning 2020→21, Guangzhou 2024→25, Jiaxing 2023→24; "
     "measured once, with the final code of the fourth session)", GOLD / "blind13"),
    ("blind14", "blind set 14 (4 archive pairs: Jilin 2013→14, Dalian 2022→23, Guilin 2019→20, Dongying 2021→22; "
     "labelled in the fifth session; first measurement 0.827 with the code of commit e503924, then looked at)", GOLD / "blind14"),
    ("blind15", "blind set 15 (4 archive pairs: Shaanxi 2017→18, Hangzhou 2023→24, Baotou 2020→21, Nanchong 2022→23; "
     "labelled in the fifth session; first measurement 0.459 with the code of commit e503924, then looked at)", GOLD / "blind15"),
    ("blind16", "blind set 16 (4 archive pairs: Hunan 2015→16, Tianjin 2021→22, Dandong 2021→22, Yongzhou 2014→15; "
     "labelled in the sixth session; first measurement 0.474 with the code of commit 77540a4)", GOLD / "blind16"),
    ("blind17", "blind set 17 (4 archive pairs: Guizhou 2011→12, Xi'an 2019→20, Baoding 2023→24, Sanya 2022→23; "
     "labelled in the sixth session; first measurement 0.825 with the code of commit 77540a4)", GOLD / "blind17"),
    ("blind18", "blind set 18 (4 archive pairs: Guangxi 2019→20, Nanchang 2022→23, Jiangmen 2021→22, Xiaogan 2021→22; "
     "labelled in the sixth session after its rules; first measurement 0.690 (0.751 with the code of 77540a4) with the code of commit 9989352)",
     GOLD / "blind18"),
    ("blind19", "blind set 19 (4 archive pairs: Shandong 2013→14, Shijiazhuang 2023→24, Benxi 2022→23, Bijie 2021→22; "
     "labelled in the sixth session after its rules; first measurement 0.396 (0.349 with the code of 77540a4) with the code of commit 9989352)",
     GOLD / "blind19"),
    ("blind20", "blind set 20 (4 archive pairs: Henan 2018→19, Fuzhou 2021→22, Ningde 2022→23, Anshun 2022→23; "
     "labelled at the end of the sixth session; first measurement 0.892 with the code of commit 4f34037, 0.784 with that of 77540a4)",
     GOLD / "blind20"),
    ("blind21", "blind set 21 (4 archive pairs: Heilongjiang 2016→17, Jinan 2019→20, Songyuan 2020→21, Siping 2022→23; "
     "labelled at the end of the sixth session; first measurement 0.806 with the code of commit 4f34037, 0.818 with that of 77540a4)",
     GOLD / "blind21"),
    ("blind22", "blind set 22 (4 archive pairs: Anhui 2017→18, Hefei 2020→21, Shangrao 2021→22, Zhongshan 2021→22; "
     "labelled at the start of the seventh session; first measurement 0.546 with the code of commit 75c978f, the "
     "sixth session's final code)", GOLD / "blind22"),
    ("blind23", "blind set 23 (4 archive pairs: Jiangsu 2022→23, Kunming 2016→17, Suzhou 2019→20, Daqing 2020→21; "
     "labelled at the start of the seventh session; first measurement 0.847 with the code of commit 75c978f)",
     GOLD / "blind23"),
    ("blind24", "blind set 24 (4 archive pairs: Shanxi 2019→20, Fujian 2017→18, Changsha 2022→23, Anqing 2019→20; "
     "labelled in the seventh session after its first rules; first measurement 0.805 with the code of commit a51e08f, "
     "0.805 with that of 75c978f)", GOLD / "blind24"),
    ("blind25", "blind set 25 (4 archive pairs: Qinghai 2020→21, Taiyuan 2015→16, Wenzhou 2023→24, Yichun 2022→23; "
     "same; first measurement 0.826 with the code of commit a51e08f, 0.819 with that of 75c978f)", GOLD / "blind25"),
    ("blind26", "blind set 26 (4 archive pairs: Hebei 2022→23, Ningxia 2023→24, Wuxi 2020→21, Suqian 2022→23; "
     "labelled late in the seventh session while the code stood at 096435e, measured once: 0.841, the same with the "
     "session's starting code 75c978f; only its pair scores looked at)", GOLD / "blind26"),
    ("blind27", "blind set 27 (4 archive pairs: Hainan 2019→20, Guiyang 2016→17, Quanzhou 2016→17, Huizhou 2019→20; "
     "same: 0.785, the same with the starting code; then looked at)", GOLD / "blind27"),
    ("blind28", "blind set 28 (4 archive pairs: Inner Mongolia 2021→22, Xinjiang 2019→20, Chongqing 2018→19, "
     "Liuzhou 2020→21; labelled at the end of the seventh session while the code stood at 49b8d29, "
     "measured once: 0.710, the same with the session's starting code 75c978f; then xinjiang looked at)", GOLD / "blind28"),
    ("blind29", "blind set 29 (4 archive pairs: Changchun 2017→18, Yinchuan 2022→23, Changzhou 2022→23, Foshan "
     "2023→24; same: 0.747, 0.721 with the starting code)", GOLD / "blind29"),
    ("blind30", "blind set 30 (4 archive pairs: Xining 2018→19, Lanzhou 2019→20, Haikou 2023→24, Deyang 2021→22; "
     "labelled at the very end of the seventh session with its final code d0a4e48, measured once: 0.715; not looked "
     "at)", GOLD / "blind30"),
    ("blind31", "blind set 31 (4 archive pairs: Xizang 2019→20, Yangzhou 2022→23, Shenzhen 2019→20, Nanjing 2018→19; "
     "same: 0.700; not looked at)", GOLD / "blind31"),
    ("blind32", "blind set 32 (4 archive pairs: Dongguan 2020→21, Ürümqi 2018→19, Hohhot 2023→24, Yantai 2022→23; "
     "labelled at the start of the eighth session by two readers independently, reader A's gold; first measurement "
     "0.334 with the session's starting code 0bd48b2, then looked at)", GOLD / "blind32"),
    ("agreement3", "blind set 32 scored against its second reader (reader B; first measurement 0.337)",
     GOLD / "agreement3"),
    ("blind33", "blind set 33 (4 archive pairs: Xuzhou 2020→21, Luoyang 2021→22, Zunyi 2022→23, Ganzhou 2023→24; "
     "same, reader A's gold; first measurement 0.691 with the starting code)", GOLD / "blind33"),
    ("agreement4", "blind set 33 scored against its second reader (reader B; first measurement 0.820)",
     GOLD / "agreement4"),
    ("blind34", "blind set 34 (4 archive pairs: Xiangyang 2019→20, Wuhu 2022→23, Luzhou 2022→23, Yueyang 2023→24; "
     "labelled in the eighth session by two readers independently, reader A's gold; first measurement 0.797 with "
     "the code of commit c750ea8, the same with the session's starting code; then looked at)", GOLD / "blind34"),
    ("agreement5", "blind set 34 scored against its second reader (reader B; first measurement 0.791)",
     GOLD / "agreement5"),
    ("blind35", "blind set 35 (4 archive pairs: Zhanjiang 2018→19, Weifang 2020→21, Zibo 2021→22, Zhuhai 2012→13; "
     "same, reader A's gold; first measurement 0.592)", GOLD / "blind35"),
    ("agreement6", "blind set 35 scored against its second reader (reader B; first measurement 0.590)",
     GOLD / "agreement6"),
    ("blind36", "blind set 36 (4 archive pairs: Zhuzhou 2020→21, Handan 2022→23, Shantou 2021→22, Qujing 2020→21; "
     "labelled late in the eighth session by two readers independently, reader A's gold; first measurement 0.555 "
     "with the code of commit 01b9803, the same with the session's starting code; then looked at)", GOLD / "blind36"),
    ("agreement7", "blind set 36 scored against its second reader (reader B; first measurement 0.562)",
     GOLD / "agreement7"),
    ("blind37", "blind set 37 (4 archive pairs: Taizhou 2022→23, Yancheng 2020→21, Changde 2015→16, Chifeng 2023→24; "
     "same, reader A's gold; first measurement 0.560)", GOLD / "blind37"),
    ("agreement8", "blind set 37 scored against its second reader (reader B; first measurement 0.558)",
     GOLD / "agreement8"),
    ("blind38", "blind set 38 (4 archive pairs: Nanping 2018→19, Zhangzhou 2022→23, Datong 2021→22, Hengyang "
     "2020→21; labelled at the end of the eighth session by two readers independently, reader A's gold; measured "
     "once with the code of commit 4faaa7c, which scores it as the session's starting and final code do: 0.827; "
     "not looked at)", GOLD / "blind38"),
    ("agreement9", "blind set 38 scored against its second reader (reader B; first measurement 0.813)",
     GOLD / "agreement9"),
    ("blind39", "blind set 39 (4 archive pairs: Ordos 2014→15, Jinzhou 2022→23, Anshan 2020→21, Jingzhou 2021→22; "
     "same: 0.811; not looked at)", GOLD / "blind39"),
    ("agreement10", "blind set 39 scored against its second reader (reader B; first measurement 0.828)",
     GOLD / "agreement10"),
)


def main() -> None:
    """``python benchmarks/alignment.py [-v] [--only NAME[,NAME]]``: every gold set (or the named ones:
    dev, heldout, blind2 … blind39, agreement3 … agreement10), the agreement table and the speed check (not
    with --only)."""
    verbose = "-v" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    for name, label, folder in SETS:
        if only is not None and name not in only:
            continue
        results = evaluate(verbose, gold_dir=folder)
        print(f"section links, {label}, all gold items pooled:")
        for method, (p, r, f) in results.items():
            print(f"  {method:10s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    for names, label in (
            (("blind11", "blind12", "blind13"), "blind sets 11–13 pooled (12 unseen pairs of 12 places outside the "
             "corpus, each set measured once)"),
            (("blind14", "blind15"), "blind sets 14–15 pooled (8 pairs of 8 more places; first measurement 0.630, "
             "then looked at)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15"), "blind sets 11–15 pooled (20 archive pairs of "
             "20 places outside the corpus)"),
            (("blind16", "blind17"), "blind sets 16–17 pooled (8 pairs of 8 more places; first measurement 0.646 with the code of commit 77540a4)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17"), "blind sets 11–17 pooled "
             "(28 archive pairs of 28 places outside the corpus)"),
            (("blind18", "blind19"), "blind sets 18–19 pooled (8 pairs of 8 more places, labelled after the sixth "
             "session's rules; first measurement 0.491 with the code of commit 9989352, 0.475 with that of 77540a4)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19"),
             "blind sets 11–19 pooled (36 archive pairs of 36 places outside the corpus)"),
            (("blind20", "blind21"), "blind sets 20–21 pooled (8 pairs of 8 more places, labelled at the end of the "
             "sixth session; first measurement 0.848 with the code of commit 4f34037, 0.802 with that of 77540a4)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19",
              "blind20", "blind21"), "blind sets 11–21 pooled (44 archive pairs of 44 places outside the corpus)"),
            (("blind22", "blind23"), "blind sets 22–23 pooled (8 pairs of 8 more places, labelled at the start of "
             "the seventh session; first measurement 0.679 with the code of commit 75c978f)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19",
              "blind20", "blind21", "blind22", "blind23"), "blind sets 11–23 pooled (52 archive pairs of 52 places "
             "outside the corpus)"),
            (("blind24", "blind25"), "blind sets 24–25 pooled (8 pairs of 8 more places, labelled in the seventh "
             "session after its first rules; first measurement 0.816 with the code of commit a51e08f, 0.812 with "
             "that of 75c978f)"),
            (("blind22", "blind23", "blind24", "blind25"), "blind sets 22–25 pooled (16 pairs labelled in the "
             "seventh session and looked at; 0.742 with the code of commit 75c978f, the session's start)"),
            (("blind26", "blind27"), "blind sets 26–27 pooled (8 pairs of 8 more places, labelled late in the "
             "seventh session; first measurement 0.817 with the code of 096435e and with that of 75c978f)"),
            (("blind28", "blind29"), "blind sets 28–29 pooled (8 pairs of 8 more places, labelled at the end of "
             "the seventh session, measured once with the code of 49b8d29: 0.726; 0.715 with its starting code)"),
            (("blind30", "blind31"), "blind sets 30–31 pooled (8 pairs of 8 more places, labelled at the very end "
             "of the seventh session, measured once with its final code d0a4e48: 0.706; not looked at)"),
            (("blind28", "blind29", "blind30", "blind31"), "blind sets 28–31 pooled (16 pairs labelled at the end of the "
             "seventh session)"),
            (("blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19",
              "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28",
              "blind29", "blind30", "blind31"), "blind sets 11–31 pooled (84 archive pairs of 84 places outside the "
             "corpus)"),
            (("blind32", "blind33"), "blind sets 32–33 pooled, reader A (8 pairs of 8 more places, labelled at the "
             "start of the eighth session; first measurement 0.419 with its starting code 0bd48b2)"),
            (("agreement3", "agreement4"), "blind sets 32–33 pooled, reader B (first measurement 0.444)"),
            (("blind34", "blind35"), "blind sets 34–35 pooled, reader A (8 pairs of 8 more places, labelled in the "
             "eighth session; first measurement 0.685 with the code of commit c750ea8)"),
            (("agreement5", "agreement6"), "blind sets 34–35 pooled, reader B (first measurement 0.683)"),
            (("blind36", "blind37"), "blind sets 36–37 pooled, reader A (8 pairs of 8 more places, labelled late in "
             "the eighth session; first measurement 0.557 with the code of commit 01b9803, the same as the start)"),
            (("agreement7", "agreement8"), "blind sets 36–37 pooled, reader B (first measurement 0.560)"),
            (("blind32", "blind33", "blind34", "blind35", "blind36", "blind37"), "blind sets 32–37 pooled, reader A "
             "(24 archive pairs of 24 places, each labelled by two readers; first measurements pooled: 0.531)"),
            (("agreement3", "agreement4", "agreement5", "agreement6", "agreement7", "agreement8"),
             "blind sets 32–37 pooled, reader B (first measurements pooled: 0.543)"),
            (("blind38", "blind39"), "blind sets 38–39 pooled, reader A (8 pairs of 8 more places, labelled at the "
             "end of the eighth session, measured once: 0.820; not looked at)"),
            (("agreement9", "agreement10"), "blind sets 38–39 pooled, reader B (measured once: 0.819)"),
            (("blind32", "blind33", "blind34", "blind35", "blind36", "blind37", "blind38", "blind39"),
             "blind sets 32–39 pooled, reader A (32 archive pairs, each labelled by two readers; first measurements "
             "pooled: 0.586)"),
            (("agreement3", "agreement4", "agreement5", "agreement6", "agreement7", "agreement8", "agreement9",
              "agreement10"), "blind sets 32–39 pooled, reader B (first measurements pooled: 0.597)")):
        if only is not None and not set(only) & set(names):
            continue
        pooled = evaluate(gold_dir=GOLD / names[0], also=tuple(GOLD / n for n in names[1:]))
        print(f"section links, {label}:")
        for method, (p, r, f) in pooled.items():
            print(f"  {method:10s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    if only is not None:
        return
    second = tuple(GOLD / f"agreement{n}" for n in range(3, 11))
    for folders in ((GOLD / "agreement",), (GOLD / "agreement2",), *((f,) for f in second), second):
        agree = agreement(*folders)
        if agree:
            name = folders[0].name if len(folders) == 1 else "agreement3–10, the 32 archive pairs of blind sets 32–39"
            print(f"inter-annotator agreement ({name}): a second reader's labels scored against the first "
                  "reader's gold, same metric (the ceiling for any aligner):")
            for pair, (p, r, f) in agree.items():
                print(f"  {pair:40s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    t, la, lb = speed()
    print(f"align, four levels, after parsing and tokenizing: {t * 1000:.0f} ms (guowuyuan-2024 {la} chars → 2025 {lb} chars; target 150 ms)")


if __name__ == "__main__":
    main()
