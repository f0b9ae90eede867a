"""Rebuild data/model.json (the recall model used by hotline.tagging.model.combine).

    python -m hotline.tagging.train [--grid] [--config KINDS,L2,EPOCHS,MIN_DF] [--out PATH]

Without --grid it fits the configuration in DEFAULT (chosen by the last grid run),
still computing 5-fold CV figures and thresholds (~30 s).

Training data: our own labelled sets only,
    tests/tagging/holdout.jsonl, blind.jsonl, blind2.jsonl, blind3.jsonl, blind5.jsonl
    (if present).
Never trained on: tests/tagging/blind4.jsonl (the honest test set) and
/work/shared/data/examples.jsonl (public examples; the product must not embed them).

Procedure (deterministic, seed 13):
1. features = jieba tokens + character bigrams/trigrams (see model.features), binary,
   scaled by 1/sqrt(#features);
2. one-vs-rest logistic regression, AdaGrad SGD with L2, all labels trained jointly;
3. hyperparameters (feature kinds, L2, epochs, min_df) chosen by 5-fold CV on the
   training sets: score = micro-F1 over the 7 categories of the MODEL ALONE on
   out-of-fold predictions, at the thresholds of step 4;
4. per-label thresholds chosen on the MODEL ALONE's out-of-fold predictions: the
   lowest threshold >= MIN_TH (step 0.02) at which the model alone has precision
   >= MIN_P with at least MIN_PRED predicted positives; a label never reaching that
   gets no threshold (the model never adds it).  The rules are deliberately not part
   of this choice: they were tuned on these very sets, so in CV they look near-perfect
   and any rules ∪ model criterion switches the model off, although on unseen texts
   the model adds real recall.  Rules and rules ∪ model figures are still printed,
   for information only (they are in-sample for the rules);
5. final fit on all training data, features with |w| < prune dropped.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

from . import CATEGORIES, classify, preload
from .model import MODEL_PATH, features

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRAIN_FILES = ["holdout.jsonl", "blind.jsonl", "blind2.jsonl", "blind3.jsonl", "blind5.jsonl"]
FORBIDDEN = {"blind4.jsonl", "examples.jsonl"}
LABELS = list(CATEGORIES) + ["urgent", "serious"]
SEED = 13
MIN_P = 0.85
MIN_TH = 0.45
MIN_PRED = 5    # predicted positives needed before a precision figure is trusted
FOLDS = 5
DEFAULT = ("wb", 3e-3, 15, 2)   # the configuration the last full grid (--grid) chose


def load_training(root=ROOT):
    items, used = [], []
    for name in TRAIN_FILES:
        assert name not in FORBIDDEN
        p = os.path.join(root, "tests", "tagging", name)
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8") as f:
            items += [json.loads(line) for line in f if line.strip()]
        used.append(name)
    return items, used


def gold(it):
    s = set(it.get("categories", []))
    for fl in ("urgent", "serious"):
        if it.get(fl):
            s.add(fl)
    return s


def rules_labels(r):
    s = set(r.categories)
    for fl in ("urgent", "serious"):
        if getattr(r, fl):
            s.add(fl)
    return s


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
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v)))) for v in z]


def filter_df(X, min_df):
    if min_df <= 1:
        return X, None
    df = {}
    for fs in X:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    keep = {f for f, c in df.items() if c >= min_df}
    return [[f for f in fs if f in keep] for fs in X], keep


# ---------------------------------------------------------------- evaluation
def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def label_counts(P, R, Y, li, lab, th, rules=True):
    """(tp, fp, fn) of label ``lab`` for rules (if ``rules``) ∪ model probs >= th."""
    tp = fp = fn = 0
    if not rules or R is None:
        R = [()] * len(Y)
    for p, r, y in zip(P, R, Y):
        got = (rules and lab in r) or (th is not None and p[li] >= th)
        exp = lab in y
        tp += got and exp
        fp += got and not exp
        fn += exp and not got
    return tp, fp, fn


def pick_threshold(P, Y, li, lab):
    """Threshold for label ``lab`` (index li) from the model alone's OOF probs P, gold Y.

    The lowest th in [MIN_TH, 0.98] (step 0.02) where the model alone has precision
    >= MIN_P on at least MIN_PRED predicted positives; None if there is none.
    """
    for k in range(int(round(MIN_TH * 100)), 100, 2):
        th = k / 100
        tp, fp, fn = label_counts(P, None, Y, li, lab, th, rules=False)
        if tp + fp >= MIN_PRED and prf(tp, fp, fn)[0] >= MIN_P:
            return th
    return None


def oof(Xall, Yidx, folds, lam, epochs, min_df, n_labels):
    P = [None] * len(Xall)
    for k in range(FOLDS):
        tr = [i for i in range(len(Xall)) if folds[i] != k]
        te = [i for i in range(len(Xall)) if folds[i] == k]
        Xtr, keep = filter_df([Xall[i] for i in tr], min_df)
        W, b = fit(Xtr, [Yidx[i] for i in tr], n_labels, lam, epochs)
        for i in te:
            fs = Xall[i] if keep is None else [f for f in Xall[i] if f in keep]
            P[i] = probs(W, b, fs)
    return P


def _run_config(args):
    kinds, lam, epochs, min_df = args
    X = [sorted(f for f in fs if f[0] in kinds) for fs in _G["X"]]
    t0 = time.time()
    P = oof(X, _G["Yidx"], _G["folds"], lam, epochs, min_df, len(LABELS))
    return (kinds, lam, epochs, min_df), P, time.time() - t0


_G = {}


def summarize(P, R, Y, labels):
    """Thresholds (model alone) and figures on OOF predictions.

    Returns ths, rows {label: (rules, rules∪model, model alone) P/R/F1 at the chosen
    threshold}, and micro (P, R, F1) over the 7 categories for the model alone and
    for rules ∪ model.
    """
    ths, rows = {}, {}
    tot_m, tot_c = [0, 0, 0], [0, 0, 0]
    for li, lab in enumerate(LABELS):
        if lab not in labels:
            continue
        th = pick_threshold(P, Y, li, lab)
        ths[lab] = th
        cm = label_counts(P, R, Y, li, lab, th, rules=False)
        cc = label_counts(P, R, Y, li, lab, th, rules=True)
        rows[lab] = (prf(*label_counts(P, R, Y, li, lab, None)), prf(*cc), prf(*cm), cm)
        if lab in CATEGORIES:
            tot_m = [u + v for u, v in zip(tot_m, cm)]
            tot_c = [u + v for u, v in zip(tot_c, cc)]
    return ths, rows, prf(*tot_m), prf(*tot_c)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=MODEL_PATH)
    ap.add_argument("--grid", action="store_true", help="re-run the hyperparameter grid (~4 min on 2 cores)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--config", help="skip the grid: KINDS,L2,EPOCHS,MIN_DF (e.g. wbt,1e-4,15,2)")
    a = ap.parse_args(argv)

    preload()
    from .engine import _get_jieba
    jieba = _get_jieba()
    items, used = load_training()
    print("training files:", ", ".join(used), f"({len(items)} texts)")
    X = [sorted(features(it["text"], jieba.lcut(it["text"]), "wbt")) for it in items]
    Y = [gold(it) for it in items]
    Yidx = [{LABELS.index(l) for l in y} for y in Y]
    R = [rules_labels(classify(it["text"])) for it in items]
    rnd = random.Random(SEED)
    folds = [i % FOLDS for i in range(len(items))]
    rnd.shuffle(folds)
    _G.update(X=X, Yidx=Yidx, folds=folds)

    if a.config:
        k, lam, ep, md = a.config.split(",")
        grid = [(k, float(lam), int(ep), int(md))]
    elif not a.grid:
        grid = [DEFAULT]
    else:
        grid = [(k, lam, ep, md) for k in ("bt", "wbt", "wb")
                for lam in (1e-5, 1e-4, 1e-3, 3e-3, 1e-2) for ep in (15,) for md in (2,)]
        grid += [("wbt", 1e-4, 8, 2), ("wbt", 1e-4, 25, 2), ("wbt", 1e-4, 15, 1)]
    if a.jobs > 1 and len(grid) > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(a.jobs) as pool:
            results = pool.map(_run_config, grid)
    else:
        results = [_run_config(g) for g in grid]

    best = None
    print(f"\n5-fold CV (out-of-fold): micro-F1 over 7 categories, MODEL ALONE "
          f"(thresholds: lowest >= {MIN_TH} with model-alone P >= {MIN_P})")
    for cfg, P, dt in results:
        ths, rows, micro_m, micro = summarize(P, R, Y, CATEGORIES)
        print(f"  kinds={cfg[0]:4s} l2={cfg[1]:g} epochs={cfg[2]} min_df={cfg[3]}:"
              f" P={micro_m[0]:.3f} R={micro_m[1]:.3f} F1={micro_m[2]:.3f}  ({dt:.0f}s)")
        if best is None or micro_m[2] > best[2][2] + 1e-9:
            best = (cfg, P, micro_m)
    cfg, P, _ = best
    ths, rows, micro_m, micro = summarize(P, R, Y, LABELS)
    rules_micro = prf(*[sum(x) for x in zip(*[
        ((lab in r and lab in y), (lab in r and lab not in y), (lab in y and lab not in r))
        for r, y in zip(R, Y) for lab in CATEGORIES])])
    print(f"\nchosen: kinds={cfg[0]} l2={cfg[1]:g} epochs={cfg[2]} min_df={cfg[3]}")
    print("(rules and rules∪model columns are in-sample for the rules: information only)")
    print(f"{'label':15s} {'threshold':>9s} {'model P/R/F1 (tp/fp/fn)':>34s} "
          f"{'rules P/R/F1':>20s} {'rules∪model P/R/F1':>22s}")
    for lab in LABELS:
        r, c, m, cm = rows[lab]
        th = "-" if ths[lab] is None else f"{ths[lab]:.2f}"
        print(f"{lab:15s} {th:>9s} {m[0]:7.3f}{m[1]:7.3f}{m[2]:7.3f} ({cm[0]:3d}/{cm[1]:3d}/{cm[2]:3d})"
              f"  {r[0]:6.3f}{r[1]:7.3f}{r[2]:7.3f} {c[0]:7.3f}{c[1]:7.3f}{c[2]:7.3f}")
    print(f"micro (7 cats): model alone P={micro_m[0]:.3f} R={micro_m[1]:.3f} F1={micro_m[2]:.3f};"
          f" rules P={rules_micro[0]:.3f} R={rules_micro[1]:.3f} F1={rules_micro[2]:.3f};"
          f" rules∪model P={micro[0]:.3f} R={micro[1]:.3f} F1={micro[2]:.3f}")

    # final fit on everything
    kinds, lam, epochs, min_df = cfg
    Xk = [sorted(f for f in fs if f[0] in kinds) for fs in X]
    Xf, _ = filter_df(Xk, min_df)
    W, b = fit(Xf, Yidx, len(LABELS), lam, epochs)
    data = export(W, b, ths, kinds, cfg, used, len(items), micro, rules_micro, micro_m)
    prune = data["meta"]["prune"]
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"\nwrote {a.out}: {len(data['weights'])} features (|w| >= {prune}), "
          f"{os.path.getsize(a.out) / 1024:.0f} KiB")


def export(W, b, ths, kinds, cfg, used, n, micro, rules_micro, micro_m, max_bytes=1_500_000):
    for prune in (0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
        weights = {}
        for f, ws in W.items():
            row = [[i, round(w, 3)] for i, w in enumerate(ws) if abs(w) >= prune]
            if row:
                weights[f] = row
        data = {
            "labels": LABELS, "features": kinds, "norm": "sqrt",
            "bias": [round(v, 4) for v in b],
            "thresholds": {k: v for k, v in ths.items() if v is not None},
            "weights": weights,
            "meta": {"trained_on": used, "n": n, "seed": SEED, "l2": cfg[1], "epochs": cfg[2],
                     "min_df": cfg[3], "prune": prune, "min_precision": MIN_P,
                     "threshold_rule": f"lowest th>={MIN_TH} with model-alone OOF precision>={MIN_P}"
                                       f" on >={MIN_PRED} predictions",
                     "cv_micro_model": [round(v, 3) for v in micro_m],
                     "cv_micro_rules": [round(v, 3) for v in rules_micro],
                     "cv_micro_combined": [round(v, 3) for v in micro]},
        }
        if len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()) <= max_bytes:
            break
    return data


if __name__ == "__main__":
    sys.exit(main())
