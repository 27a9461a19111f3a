"""Experiment (not shipped): does a domain word-embedding similarity help section alignment?

Stage: alignment research. Builds PPMI + truncated-SVD word vectors (128 dimensions) from paragraph
co-occurrence in the 3,004-report archive (reportdiff's own tokenizer; words with a CJK character and
at least two characters, in at least 20 paragraphs; the texts of every gold set and of the corpus are
left out), then re-runs every gold set of ``benchmarks/alignment.py`` with each section's TF-IDF word
vector extended by its embedding: the TF-IDF-weighted sum of its words' vectors, normalised, minus the
mean section embedding, normalised again, so that cosine = (1 − λ)·TF-IDF cosine + λ·embedding cosine.

Needs numpy and scipy, which are **not** dependencies of reportdiff (``pip install numpy scipy``), and
the archive: ``python benchmarks/semantic_experiment.py ARCHIVE_DIR [λ ...]`` where ARCHIVE_DIR is the
unpacked ``gwr-corpus`` folder. Measured in the fifth session (docs/alignment.md): λ = 0.1 raised the
mean F1 of the sixteen gold sets 0.847 → 0.856 (ten sets up, five down); λ = 0.05 / 0.15 / 0.2 / 0.3 gave
less, and centring on each report instead of on all sections less too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment as bench  # noqa: E402

from reportdiff import parse  # noqa: E402
from reportdiff.tokenize import tokenize  # noqa: E402

_CJK = re.compile(r"[\u4e00-\u9fff]")
ALIGN = sys.modules["reportdiff.align"]


def _paragraphs(archive: Path) -> list[set[str]]:
    repo = Path(__file__).resolve().parents[1] / "tests" / "data"
    held_out = {hashlib.sha1(p.read_bytes()).hexdigest() for p in repo.rglob("*") if p.suffix in (".md", ".txt")}
    out: list[set[str]] = []
    for f in sorted(archive.rglob("*.md")):
        raw = f.read_bytes()
        if hashlib.sha1(raw).hexdigest() in held_out:
            continue
        for line in raw.decode("utf-8", errors="replace").split("\n"):
            if len(line) >= 15:
                words = {t.text for t in tokenize(line) if t.kind == "word" and len(t.text) >= 2 and _CJK.search(t.text)}
                if words:
                    out.append(words)
    return out


def build_vectors(archive: Path, *, dims: int = 128, min_df: int = 20) -> tuple[Any, dict[str, int]]:
    """Word vectors (rows, unit length) and the word → row index."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds

    paras = _paragraphs(archive)
    df = Counter(w for p in paras for w in p)
    vocab = sorted((w for w, c in df.items() if c >= min_df), key=lambda w: (-df[w], w))
    idx = {w: i for i, w in enumerate(vocab)}
    rows = [r for r, p in enumerate(paras) for w in p if w in idx]
    cols = [idx[w] for p in paras for w in p if w in idx]
    x = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(paras), len(vocab)))
    c = (x.T @ x).tocoo()
    total = c.sum()
    wc = np.asarray(c.sum(axis=1)).ravel()
    ctx = wc ** 0.75
    ctx /= ctx.sum()
    off = c.row != c.col
    r, k, v = c.row[off], c.col[off], c.data[off]
    pmi = np.log((v / total) / ((wc / wc.sum())[r] * ctx[k]))
    keep = pmi > 0
    m = sp.csr_matrix((pmi[keep].astype(np.float32), (r[keep], k[keep])), shape=c.shape)
    u, s, _ = svds(m, k=dims, v0=np.random.default_rng(0).standard_normal(len(vocab)).astype(np.float32))
    order = np.argsort(-s)
    e = u[:, order] * np.sqrt(s[order])
    e /= np.linalg.norm(e, axis=1, keepdims=True) + 1e-9
    return e, idx


def run(archive: Path, lams: list[float]) -> None:
    import numpy as np

    vectors, idx = build_vectors(archive)
    original = ALIGN._units

    def embed(vec: dict[str, float]) -> Any:
        out = np.zeros(vectors.shape[1])
        for f, w in vec.items():
            i = idx.get(f[2:]) if f.startswith("w:") else None
            if i is not None:
                out += w * vectors[i]
        n = np.linalg.norm(out)
        return out / n if n else out

    # the mean section embedding over every gold report
    sections = []
    for path in sorted(bench.GOLD.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for side in ("old", "new"):
            report = parse((bench.CORPUS / doc[side]).read_text(encoding="utf-8"))
            feats = ALIGN.features(report)
            bags = [ALIGN._words_only(ALIGN._bag([s], feats)) for s in report.sections]
            weights = ALIGN._weights(bags)
            sections.extend(embed(weights.vec(b)) for b in bags)
    mean = np.mean(sections, axis=0)

    for lam in lams:
        def units(*args: Any, _lam: float = lam, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            a, b = math.sqrt(1 - _lam), math.sqrt(_lam)
            out = []
            for unit in result:
                e = embed(unit.vec) - mean
                n = np.linalg.norm(e)
                e = e / n if n else e
                vec = {f: a * w for f, w in unit.vec.items()}
                vec.update({f"e:{k}": b * float(e[k]) for k in range(len(e))})
                out.append(dataclasses.replace(unit, vec=vec))
            return out

        ALIGN._units = units if lam else original
        scores = {name: bench.evaluate(gold_dir=folder)["reportdiff"][2] for name, _label, folder in bench.SETS}
        ALIGN._units = original
        print(f"λ {lam}: " + " ".join(f"{k} {v:.3f}" for k, v in scores.items())
              + f"  mean {sum(scores.values()) / len(scores):.4f}")


if __name__ == "__main__":
    run(Path(sys.argv[1]), [float(x) for x in sys.argv[2:]] or [0.0, 0.1])
