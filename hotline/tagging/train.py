"""Rebuild data/model.json (the learned model that adds to the rules; see model.py).

    python -m hotline.tagging.train [--grid] [--config KINDS,L2,EPOCHS,MIN_DF] [--out PATH]

Training data: our own labelled sets in tests/tagging (TRAIN_FILES).  Never trained on:
tests/tagging/blind4, 6, 7 and 8 (the honest test sets) and
../shared/data/examples.jsonl (public examples; the product must not embed them).

Procedure (deterministic, seed 13):
1. features = character bigrams of runs of CJK/letters/digits (``model.features``;
   jieba tokens are optional, kind ``w``), binary, scaled by 1/sqrt(#features);
2. one-vs-rest logistic regression, AdaGrad SGD with L2, all labels trained jointly;
3. out-of-fold probabilities with one fold per FILE (each file has one writer, so every
   text is scored by a model that never saw its writer's phrasings);
4. thresholds are chosen for the tagger as it runs: rules ∪ ``model.merge`` (the
   same function the engine calls), on the out-of-fold texts of the HONEST files
   only, i.e. those the rules were never tuned on.  Each category gets the threshold
   that maximises its F1 there; each flag the one that maximises F2 (recall counts
   double).  Then each label gets a veto: a rule label whose probability is below it
   is dropped, where that raises the same score (0 = no veto).  The rules were tuned on the older sets, so
   on those they look near-perfect and would switch the model off;
5. hyperparameters (feature kinds, L2, epochs, min_df): the grid point with the best
   combined micro-F1 on the honest files;
6. final fit on all training data, features with |w| < prune dropped.
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import random
import sys
import time

from . import CATEGORIES, get_active, preload
from .model import MODEL_PATH, features, merge

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Sets the rules were tuned on (their rule figures are in-sample).
TUNED_FILES = ["holdout.jsonl", "blind.jsonl", "blind2.jsonl", "blind3.jsonl", "blind5.jsonl"]
# Sets written by separate writers after the rules were frozen; never used to tune rules.
HONEST_FILES = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "tests", "tagging", "gen_*.jsonl")))
TRAIN_FILES = TUNED_FILES + HONEST_FILES
FORBIDDEN = {"blind4.jsonl", "blind6.jsonl", "blind7.jsonl", "blind8.jsonl", "examples.jsonl"}
LABELS = list(CATEGORIES) + ["urgent", "serious"]
FLAGS = ("urgent", "serious")
SEED = 13
GRID_TH = [k / 100 for k in range(10, 91, 2)]
MIN_CATEGORY_TH = 0.24   # below this the model tags praise and scoldings as extortion (tests/tagging)
VETO_GRID = [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2]
DEFAULT = ("b", 1e-3, 15, 2)   # the configuration the last full grid (--grid) chose


def load_training(root=ROOT):
    items, used = [], []
    for name in TRAIN_FILES:
        assert name not in FORBIDDEN
        p = os.path.join(root, "tests", "tagging", name)
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    it = json.loads(line)
                    it["_file"] = name
                    items.append(it)
        used.append(name)
    return items, used


def gold(it):
    s = set(it.get("categories", []))
    for fl in FLAGS:
        if it.get(fl):
            s.add(fl)
    return s


def rules_labels(r):
    return set(r.categories) | {fl for fl in FLAGS if getattr(r, fl)}


# ---------------------------------------------------------------- learning
def fit(X, Y, n_labels, lam, epochs, lr=0.5, seed=SEED):
    """X: list of feature lists, Y: list of label-index sets.  Returns (W, b).

    W: feature -> list of n_labels weights.  AdaGrad, L2 on touched weights.
    """
    rnd = random.Random(seed)
    W, G = {}, {}
    b = [0.0] * n_labels
    gb = [1e-8] * n_labels
    order = list(range(len(X)))
    L = range(n_labels)
    for _ in range(epochs):
        rnd.shuffle(order)
        for d in order:
            fs = X[d]
            x = 1.0 / math.sqrt(len(fs)) if fs else 1.0
            z = b[:]
            rows = []
            for f in fs:
                w = W.get(f)
                if w is None:
                    w = W[f] = [0.0] * n_labels
                    G[f] = [1e-8] * n_labels
                rows.append((w, G[f]))
                for i in L:
                    z[i] += w[i] * x
            y = Y[d]
            g = [(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z[i]))))) - (1.0 if i in y else 0.0) for i in L]
            for i in L:
                gb[i] += g[i] * g[i]
                b[i] -= lr * g[i] / math.sqrt(gb[i])
            for w, gg in rows:
                for i in L:
                    gi = g[i] * x + lam * w[i]
                    gg[i] += gi * gi
                    w[i] -= lr * gi / math.sqrt(gg[i])
    return W, b


def probs(W, b, fs):
    x = 1.0 / math.sqrt(len(fs)) if fs else 1.0
    z = b[:]
    for f in fs:
        w = W.get(f)
        if w is not None:
            for i in range(len(z)):
                z[i] += w[i] * x
    return {lab: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v)))) for lab, v in zip(LABELS, z)}


def filter_df(X, min_df):
    if min_df <= 1:
        return X, None
    df = {}
    for fs in X:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    keep = {f for f, c in df.items() if c >= min_df}
    return [[f for f in fs if f in keep] for fs in X], keep


def fit_config(X, Y, cfg):
    kinds, lam, epochs, min_df = cfg
    Xk = [sorted(f for f in fs if f[0] in kinds) for fs in X]
    Xf, keep = filter_df(Xk, min_df)
    return fit(Xf, [{LABELS.index(lab) for lab in y} for y in Y], len(LABELS), lam, epochs)


def _fold(X, Y, groups, cfg, g):
    """Probabilities for the texts of group ``g`` from a model fitted on the other groups."""
    tr = [i for i, gg in enumerate(groups) if gg != g]
    W, b = fit_config([X[i] for i in tr], [Y[i] for i in tr], cfg)
    return {i: probs(W, b, [f for f in X[i] if f[0] in cfg[0]]) for i, gg in enumerate(groups) if gg == g}


def _fold_job(args):
    return _fold(_G["X"], _G["Y"], _G["groups"], *args)


def oof(X, Y, groups, cfg, jobs=1):
    """Out-of-fold probabilities, one fold per group (file); ``jobs`` folds at a time."""
    folds = sorted(set(groups))
    if jobs > 1:
        import multiprocessing as mp
        _G.update(X=X, Y=Y, groups=groups)
        with mp.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_fold_job, [(cfg, g) for g in folds])
    else:
        parts = [_fold(X, Y, groups, cfg, g) for g in folds]
    P = [None] * len(X)
    for part in parts:
        for i, p in part.items():
            P[i] = p
    return P


# ---------------------------------------------------------------- evaluation
def prf(tp, fp, fn, beta=1.0):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    return p, r, ((1 + b2) * p * r / (b2 * p + r) if p + r else 0.0)


def predicted(R, P, C, ths, vetoes=None):
    """The tagger's labels per text: model.merge of the rules' labels at ``ths`` / ``vetoes``."""
    return [merge(r, p, ths, c, vetoes) for r, p, c in zip(R, P, C)]


def counts(pred, Y, lab):
    tp = sum(1 for g, y in zip(pred, Y) if lab in g and lab in y)
    fp = sum(1 for g, y in zip(pred, Y) if lab in g and lab not in y)
    fn = sum(1 for g, y in zip(pred, Y) if lab not in g and lab in y)
    return tp, fp, fn


def choose_thresholds(R, P, C, Y):
    """Per-label thresholds and vetoes (see the module docstring, step 4)."""
    ths, vetoes = {}, {}

    def goal(lab, trial_ths, trial_vetoes):
        return prf(*counts(predicted(R, P, C, trial_ths, trial_vetoes), Y, lab),
                   beta=2.0 if lab in FLAGS else 1.0)[2]

    for lab in LABELS:   # serious last: it follows the categories
        grid = GRID_TH if lab in FLAGS else [t for t in GRID_TH if t >= MIN_CATEGORY_TH]
        ths[lab] = max(grid + [None], key=lambda th: (goal(lab, dict(ths, **{lab: th}), vetoes), th or 1))
        best = max(VETO_GRID, key=lambda v: (goal(lab, ths, dict(vetoes, **{lab: v})), -v))
        if best > 0:
            vetoes[lab] = best
    return ths, vetoes


def report(R, P, C, Y, ths, vetoes, out=sys.stdout):
    """Per-label P/R/F1 of the rules alone and of rules ∪ model; returns both micro figures."""
    rules = predicted(R, P, C, {})
    comb = predicted(R, P, C, ths, vetoes)
    tot_r, tot_c = [0, 0, 0], [0, 0, 0]
    out.write(f"{'label':15s} {'th/veto':>9s} {'rules P/R/F1':>21s} {'rules+model P/R/F1':>24s}\n")
    for lab in LABELS:
        cr, cc = counts(rules, Y, lab), counts(comb, Y, lab)
        if lab in CATEGORIES:
            tot_r = [a + b for a, b in zip(tot_r, cr)]
            tot_c = [a + b for a, b in zip(tot_c, cc)]
        th = ("-" if ths.get(lab) is None else f"{ths[lab]:.2f}") + f"/{vetoes.get(lab, 0):.2f}"
        a, b = prf(*cr), prf(*cc)
        out.write(f"{lab:15s} {th:>9s}  {a[0]:6.3f}{a[1]:7.3f}{a[2]:7.3f}   {b[0]:7.3f}{b[1]:7.3f}{b[2]:7.3f}\n")
    mr, mc = prf(*tot_r), prf(*tot_c)
    out.write(f"{'micro':15s} {'':9s}  {mr[0]:6.3f}{mr[1]:7.3f}{mr[2]:7.3f}   {mc[0]:7.3f}{mc[1]:7.3f}{mc[2]:7.3f}\n")
    return mr, mc


_G = {}


def _run_config(cfg, jobs=1):
    t0 = time.time()
    return cfg, oof(_G["X"], _G["Y"], _G["groups"], cfg, jobs), time.time() - t0


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=MODEL_PATH)
    ap.add_argument("--grid", action="store_true", help="re-run the hyperparameter grid (minutes on 2 cores)")
    ap.add_argument("--jobs", type=int, default=2, help="processes (configs, or folds of one config)")
    ap.add_argument("--config", help="skip the grid: KINDS,L2,EPOCHS,MIN_DF (e.g. b,1e-3,15,2)")
    a = ap.parse_args(argv)

    tagger = preload()
    from .engine import _get_jieba
    jieba = _get_jieba()
    items, used = load_training()
    print("training files:", ", ".join(used), f"({len(items)} texts)")
    Y = [gold(it) for it in items]
    groups = [it["_file"] for it in items]
    RC = [tagger.analyse(it["text"]) for it in items]
    R = [rules_labels(r) for r, _ in RC]
    C = [c for _, c in RC]
    honest = [i for i, it in enumerate(items) if it["_file"] in HONEST_FILES] or list(range(len(items)))
    sub = lambda L: [L[i] for i in honest]  # noqa: E731

    if a.config:
        k, lam, ep, md = a.config.split(",")
        grid = [(k, float(lam), int(ep), int(md))]
    elif not a.grid:
        grid = [DEFAULT]
    else:
        grid = [(k, lam, 15, 2) for k in ("b", "wb") for lam in (3e-4, 1e-3, 3e-3)]
    kinds = "".join(sorted({k for g in grid for k in g[0]}))
    X = [sorted(features(it["text"], jieba.lcut(it["text"]) if "w" in kinds else None, kinds))
         for it in items]
    _G.update(X=X, Y=Y, groups=groups)
    if a.jobs > 1 and len(grid) > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(a.jobs) as pool:
            results = pool.map(_run_config, grid)
    else:
        results = [_run_config(g, a.jobs) for g in grid]

    print(f"\nleave-one-file-out, rules ∪ model on the {len(honest)} texts of the honest files "
          "(thresholds chosen there)")
    best = None
    for cfg, P, dt in results:
        ths, vetoes = choose_thresholds(sub(R), sub(P), sub(C), sub(Y))
        comb = predicted(sub(R), sub(P), sub(C), ths, vetoes)
        tot = [sum(x) for x in zip(*[counts(comb, sub(Y), lab) for lab in CATEGORIES])]
        m = prf(*tot)
        print(f"  kinds={cfg[0]:3s} l2={cfg[1]:g} epochs={cfg[2]} min_df={cfg[3]}: "
              f"P={m[0]:.3f} R={m[1]:.3f} F1={m[2]:.3f}  ({dt:.0f}s)")
        if best is None or m[2] > best[4][2] + 1e-9:
            best = (cfg, P, ths, vetoes, m)
    cfg, P, ths, vetoes, _ = best
    print(f"\nchosen: kinds={cfg[0]} l2={cfg[1]:g} epochs={cfg[2]} min_df={cfg[3]}")
    rules_micro, micro = report(sub(R), sub(P), sub(C), sub(Y), ths, vetoes)

    W, b = fit_config(X, Y, cfg)
    data = export(W, b, ths, vetoes, cfg, used, len(items), micro, rules_micro)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"\nwrote {a.out}: {len(data['rows'])} features (max |w| > {data['meta']['prune']}), "
          f"{os.path.getsize(a.out) / 1024:.0f} KiB")


def export(W, b, ths, vetoes, cfg, used, n, micro, rules_micro, max_bytes=3_000_000):
    """The model file: weights as dense rows of integers in thousandths (the smallest JSON
    form); features whose weights all round below ``prune`` are dropped, with the smallest
    prune that keeps the file under ``max_bytes``."""
    for prune in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
        rows = {}
        for f, ws in W.items():
            row = [round(w * 1000) for w in ws]
            if any(abs(w) > prune * 1000 for w in row):
                rows[f] = row
        data = {
            "labels": LABELS, "features": cfg[0], "norm": "sqrt",
            "bias": [round(v, 4) for v in b],
            "thresholds": {k: v for k, v in ths.items() if v is not None},
            "vetoes": vetoes,
            "scale": 1000,
            "rows": rows,
            "meta": {"trained_on": used, "n": n, "seed": SEED, "l2": cfg[1], "epochs": cfg[2],
                     "min_df": cfg[3], "prune": prune,
                     "threshold_rule": "rules + model on leave-one-file-out predictions of the honest files: "
                                       "max F1 per category, max F2 per flag; then vetoes the same way",
                     "cv_micro_rules": [round(v, 3) for v in rules_micro],
                     "cv_micro_combined": [round(v, 3) for v in micro]},
        }
        if len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()) <= max_bytes:
            break
    return data

if __name__ == "__main__":
    sys.exit(main())
