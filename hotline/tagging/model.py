"""A small linear model that adds recall on top of the rule tagger.

    from hotline.tagging import classify
    from hotline.tagging.model import combine, predict
    r = combine(classify(text), text)     # rules ∪ {c : model_prob(c) >= threshold_c}

One-vs-rest logistic regression over binary features of a text: jieba tokens
(``w:``), character bigrams (``b:``) and trigrams (``t:``) of runs of CJK/letters/
digits.  Weights live in ``data/model.json`` (built by ``python -m
hotline.tagging.train``), loaded lazily once.  Pure Python: scoring is one dict
lookup per feature.

The model only ever *adds* categories/flags to a rule result, and only on texts the
rules consider in the hotline's domain (the active tagger's ``domain`` words; in long
letters only the passages around them), so
city complaints about roads or property managers are never touched.  For every
label it adds, the evidence is the 3 features of the text with the largest
positive weight, so an operator still sees why.
"""
from __future__ import annotations

import json
import math
import os
import re
import threading

MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "model.json")

_RUN_RE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")
_lock = threading.Lock()
_model = None


def features(text, tokens=None, kinds="wbt"):
    """Set of feature strings of a text (binary bag)."""
    feats = set()
    if "w" in kinds:
        if tokens is None:
            from .engine import _get_jieba
            tokens = _get_jieba().lcut(text)
        for w in tokens:
            if _RUN_RE.fullmatch(w):
                feats.add("w:" + w)
    if "b" in kinds or "t" in kinds:
        for run in _RUN_RE.findall(text):
            n = len(run)
            if "b" in kinds:
                for i in range(n - 1):
                    feats.add("b:" + run[i:i + 2])
            if "t" in kinds:
                for i in range(n - 2):
                    feats.add("t:" + run[i:i + 3])
    return feats


class Model:
    def __init__(self, data: dict):
        self.labels = list(data["labels"])
        self.kinds = data.get("features", "wbt")
        self.bias = [float(b) for b in data["bias"]]
        self.thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        self.scale = data.get("norm", "sqrt")
        # feature -> sparse list of (label index, weight)
        self.weights = {f: [(int(i), float(w)) for i, w in ws] for f, ws in data["weights"].items()}
        self.meta = data.get("meta", {})

    def scores(self, text, tokens=None):
        feats = features(text, tokens, self.kinds)
        n = len(feats)
        x = 1.0 / math.sqrt(n) if (n and self.scale == "sqrt") else 1.0
        z = list(self.bias)
        contrib = [[] for _ in self.labels]
        W = self.weights
        for f in feats:
            ws = W.get(f)
            if ws:
                for i, w in ws:
                    z[i] += w * x
                    if w > 0:
                        contrib[i].append((w, f))
        return z, contrib

    def predict(self, text, tokens=None):
        z, contrib = self.scores(text, tokens)
        out = {}
        for i, lab in enumerate(self.labels):
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z[i]))))
            out[lab] = (p, _evidence(contrib[i]))
        return out


def _evidence(pairs, k=3):
    """Top-k surface strings by weight; skip strings contained in an already chosen one."""
    words = []
    for w, f in sorted(pairs, key=lambda p: (-p[0], p[1])):
        s = f[2:]
        if any(s in o or o in s for o in words):
            continue
        words.append(s)
        if len(words) == k:
            break
    return words


def get_model(path=None) -> Model:
    global _model
    if path is not None:
        with open(path, encoding="utf-8") as f:
            return Model(json.load(f))
    if _model is None:
        with _lock:
            if _model is None:
                with open(MODEL_PATH, encoding="utf-8") as f:
                    _model = Model(json.load(f))
    return _model


def predict(text, tokens=None) -> dict:
    """{label: (probability, evidence words)} for the 7 categories and the model's flags."""
    return get_model().predict(text or "", tokens)


WINDOW = 150      # characters kept either side of a domain word in long texts
LONG = 2 * WINDOW


def domain_view(text, in_domain=None):
    """The part of ``text`` the model scores, or None if the text is out of domain.

    In domain = the active rules' shared ``domain`` words match (the per-category
    anchors such as 单子/回访 are too broad to let the model loose on).  Short texts
    (<= LONG chars, like every training text) are scored whole; in long letters only
    the stretches within WINDOW characters of a domain word, joined by 。, which keeps
    the model on the passages about social assistance and bounds the jieba work.
    """
    from . import get_active
    rx = getattr(get_active(), "domain_re", None)
    if rx is None:
        return None
    if in_domain is False:
        return None
    if len(text) <= LONG:
        return text if (in_domain or rx.search(text)) else None
    spans = []
    for m in rx.finditer(text):
        a, b = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    if not spans:
        return None
    return "。".join(text[a:b] for a, b in spans)


def combine(result, text, tokens=None, model=None, flags=("urgent",), in_domain=None):
    """Return a new TagResult = rules ``result`` ∪ model labels above their thresholds.

    Only texts the active rules consider in-domain are scored (see ``domain_view``);
    ``tokens`` (jieba.lcut of ``text``) are reused when the whole text is scored.
    ``in_domain``: the engine's own domain decision (``domain_re.search`` in
    Tagger.classify), if the caller has it; saves repeating the regex scan, which is
    most of this function's cost on out-of-domain traffic.  Categories keep the
    canonical order; model-added labels get the model's top features as evidence.
    ``flags`` lists the flags the model may add (urgent by default; serious is a
    structural official+allegation judgement left to the rules).
    """
    from . import CATEGORIES
    from .engine import TagResult
    text = text or ""
    res = TagResult(categories=list(result.categories), urgent=result.urgent, serious=result.serious,
                    evidence={k: list(v) for k, v in result.evidence.items()})
    view = domain_view(text, in_domain)
    if view is None:
        return res
    if view != text:
        tokens = None
    m = model or get_model()
    pred = m.predict(view, tokens)
    cats = set(res.categories)
    for lab, (p, ev) in pred.items():
        th = m.thresholds.get(lab)
        if th is None or p < th:
            continue
        if lab in CATEGORIES:
            if lab not in cats:
                cats.add(lab)
                res.evidence[lab] = ev
        elif lab in flags and not getattr(res, lab):
            setattr(res, lab, True)
            res.evidence[lab] = ev
    res.categories = [c for c in CATEGORIES if c in cats]
    return res
