"""The learned model that reads what the rules' fixed phrasings miss.

    from hotline.tagging import get_active
    rules_result, ctx = get_active().analyse(text)
    result = combine(rules_result, view(text, get_active().domain_re), ctx)
    # what Tagger.explain(text) returns as (rules_result, result); classify returns result

One-vs-rest logistic regression over binary features of a text: character bigrams
(``b:``) of runs of CJK/letters/digits (jieba tokens ``w:`` and trigrams ``t:`` are
supported but not used: bigrams score as well and need no jieba).  Weights,
thresholds and vetoes live in ``data/model.json`` (built by ``python -m
hotline.tagging.train``), loaded lazily once.  Pure Python: scoring is one dict
lookup per feature.

``merge`` is the one place that decides what the model may change (see its
docstring): it adds labels at or above their thresholds within what the rules'
``Context`` allows (categories only on social-assistance texts, never a category the
caller denied, `serious` only with a named official), and drops a rule label whose
probability is below its veto.  Evidence for a model-added label is the text around
its strongest features, so an operator still sees why.
"""
from __future__ import annotations

import json
import math
import os
import re
import threading
from dataclasses import dataclass

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
        self.vetoes = {k: float(v) for k, v in data.get("vetoes", {}).items()}
        self.scale = data.get("norm", "sqrt")
        # feature -> sparse list of (label index, weight); stored as dense rows of integers
        # in thousandths (``rows``), or as sparse [index, weight] pairs (``weights``, older files)
        if "rows" in data:
            k = 1.0 / data.get("scale", 1000)
            self.weights = {f: [(i, w * k) for i, w in enumerate(row) if w] for f, row in data["rows"].items()}
        else:
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


_CLAUSE_STOP = re.compile(r"[，。！？；：、,.!?;:\s“”\"（）()]")


def snippets(text, words, width=6):
    """Readable evidence: each feature string widened to the words around it, inside its
    clause (``上问`` -> ``去镇上问``), at most ``width`` characters either side; overlapping
    snippets are given once."""
    out, taken = [], []
    for w in words:
        i = text.find(w)
        if i < 0:
            continue
        a, b = i, i + len(w)
        while a > 0 and i - a < width and not _CLAUSE_STOP.match(text[a - 1]):
            a -= 1
        while b < len(text) and b - (i + len(w)) < width and not _CLAUSE_STOP.match(text[b]):
            b += 1
        if any(a < tb and ta < b for ta, tb in taken):
            continue
        taken.append((a, b))
        out.append(text[a:b])
    return out


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


QUESTION_MIN = 0.6   # what the model needs to add a category to a plain question
OFFICE_MIN = 0.3     # `serious` probability that lets an office stand in for a named official
# (both measured on the training writers' out-of-fold predictions; docs/tagging.md)
WINDOW = 150      # characters kept either side of a domain word in long texts
LONG = 2 * WINDOW


def view(text, domain_re):
    """The part of ``text`` the model scores.

    Short texts (<= LONG chars, like every training text) are scored whole.  In long
    letters only the stretches within WINDOW characters of a domain word, joined by 。,
    which keeps the model on the passages about social assistance; a long text with no
    domain word is scored on its first LONG characters (for the urgent flag only).
    """
    if len(text) <= LONG or domain_re is None:
        return text
    spans = []
    for m in domain_re.finditer(text):
        a, b = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    if not spans:
        return text[:LONG]
    return "。".join(text[a:b] for a, b in spans)


@dataclass(frozen=True)
class Context:
    """What the rules know about a text that decides what the model may add."""
    in_domain: bool            # a social-assistance word is present (categories need one)
    question: bool             # the text reads as a consultation (请问…几号到账)
    official: object           # bool, or a callable returning one: a public official is named
    office: object = False     # the same for an office or a handler (「村里」「镇上管补贴的」): weaker
    always_serious: frozenset = frozenset()   # categories that are serious by definition
    serious_cats: frozenset = frozenset()     # categories that can make a matter serious at all
    suppressed: frozenset = frozenset()       # categories whose keywords the rules saw denied/asked about


def merge(rule_labels, probs, thresholds, ctx, vetoes=None):
    """The tagger's final labels: the rules' ``rule_labels`` (categories and flags) with
    what the model adds and drops.

    ``probs``: {label: probability}.  One decision for the engine and for training
    (train.py simulates the tagger with it, so thresholds are chosen for exactly this):
    * ``urgent`` is added on any text at or above its threshold;
    * categories only on in-domain texts; on a plain question the rules found nothing
      in (「…想问问啥时候能批」) only at ``QUESTION_MIN`` or above, since a question is
      usually a consultation but can carry a complaint (「…这合适吗？」);
    * ``serious`` only where an official is named (or an office or handler, 「村里」
      「镇上管补贴的」, when ``serious`` is at ``OFFICE_MIN`` or above: 「村里谁都知道」
      names no culprit); and wherever a category that is
      serious by definition (favoritism, extortion) ends up in the result.  The model
      adds those two categories only where an official is named too: they are, by
      definition, something a cadre or a staff member does;
    * not withheld funds where the rules found fraud (a dead beneficiary's money kept
      by the family is that fraud);
    * not a category whose keywords the rules found only denied, asked about or vetoed
      (「没有什么关系户」): the rules read negation, the model does not;
    * never ``serious`` without an allegation that can be serious;
    * a rule label whose probability is below its veto (``vetoes``) is dropped: the
      rules' word matched, but nothing else in the text reads like that allegation
      (a flood last year mentioned in a complaint about relief money is not urgent).
    """
    from . import CATEGORIES
    rule_cats = set(rule_labels) & set(CATEGORIES)
    plain_question = ctx.question and not rule_cats
    out = set(rule_labels)

    def official():   # the office test first: it is a regex, the official test may need jieba
        return (probs.get("serious", 0.0) >= OFFICE_MIN and _truth(ctx.office)) or _truth(ctx.official)

    for lab, v in (vetoes or {}).items():
        if lab in out and probs.get(lab, 1.0) < v:
            out.discard(lab)
    for lab, p in probs.items():
        th = thresholds.get(lab)
        if th is None or p < th or lab in rule_labels or lab in ctx.suppressed:
            continue
        if lab == "urgent":
            out.add(lab)
        elif not ctx.in_domain or (plain_question and p < QUESTION_MIN):
            continue
        elif lab == "serious" or lab in ctx.always_serious:
            if official():
                out.add(lab)
        elif lab == "withheld_funds" and "fraud" in rule_cats:
            continue
        elif lab in CATEGORIES:
            out.add(lab)
    if out & ctx.always_serious:
        out.add("serious")
    if not out & ctx.serious_cats:
        out.discard("serious")   # serious is always about one of those allegations
    return out


def _truth(flag):
    return flag() if callable(flag) else bool(flag)


def combine(result, text, ctx, model=None):
    """A new TagResult: the rules' ``result`` with what ``merge`` lets the model add and drop.

    Model-added labels get the model's top features as evidence; ``serious`` added
    because of a category gets that category's evidence.  Categories keep the
    canonical order.
    """
    from . import CATEGORIES
    from .engine import TagResult
    res = TagResult(categories=list(result.categories), urgent=result.urgent, serious=result.serious,
                    evidence={k: list(v) for k, v in result.evidence.items()})
    m = model or get_model()
    pred = m.predict(text)
    have = set(res.categories) | {f for f in ("urgent", "serious") if getattr(res, f)}
    final = merge(have, {k: p for k, (p, _) in pred.items()}, m.thresholds, ctx, m.vetoes)
    for lab in have - final:
        if lab in CATEGORIES:
            res.categories.remove(lab)
        else:
            setattr(res, lab, False)
        res.evidence.pop(lab, None)
    added = final - have
    for lab in added:
        if lab in CATEGORIES:
            res.categories.append(lab)
            res.evidence[lab] = snippets(text, pred[lab][1])
        else:
            setattr(res, lab, True)
    if "urgent" in added:
        res.evidence["urgent"] = snippets(text, pred["urgent"][1])
    if "serious" in added:
        ev = snippets(text, pred["serious"][1]) if pred["serious"][0] >= m.thresholds.get("serious", 2) else []
        for c in sorted(final & ctx.always_serious):
            ev += [w for w in res.evidence[c] if w not in ev]
        res.evidence["serious"] = ev
    res.categories = [c for c in CATEGORIES if c in res.categories]
    return res
