"""Measure the tagger on labelled calls, and its false alarms on real city messages.

    python -m hotline.tagging.evaluate FILE.jsonl [FILE2.jsonl ...] [--real real_messages.csv] [--worst N]

Labelled lines look like {"id", "text", "categories", "urgent", "serious", "kind"}.

False-alarm rule for --real: a message "mentions social assistance" when its title or
text matches RELATED_RE below (the core programme words).  Every other message is
unrelated to this hotline's taxonomy, so any category on it is a false alarm.  The
tagger's own anchor list is deliberately wider (残疾, 孤儿, 敬老院, 救灾, 补贴 ...), so this
rule does not simply mirror the tagger's prefilter.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys

from . import CATEGORIES, classify

RELATED_RE = re.compile(r"低保|底保|低宝|特困|五保|救助|民政|残疾人补贴|供养")


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(items, classify_fn=classify):
    """Return a dict of metrics and the list of per-item mistakes."""
    counts = {c: [0, 0, 0] for c in CATEGORIES}
    flags = {fl: [0, 0, 0] for fl in ("urgent", "serious")}
    misses = []
    for it in items:
        r = classify_fn(it["text"])
        exp, got = set(it.get("categories", [])), set(r.categories)
        for c in CATEGORIES:
            if c in exp and c in got:
                counts[c][0] += 1
            elif c in got:
                counts[c][1] += 1
            elif c in exp:
                counts[c][2] += 1
        errs = len(exp ^ got)
        for fl in flags:
            e, g = bool(it.get(fl)), bool(getattr(r, fl))
            if e and g:
                flags[fl][0] += 1
            elif g:
                flags[fl][1] += 1
            elif e:
                flags[fl][2] += 1
            errs += e != g
        if errs:
            misses.append((errs, it, r))
    tp = sum(v[0] for v in counts.values())
    fp = sum(v[1] for v in counts.values())
    fn = sum(v[2] for v in counts.values())
    misses.sort(key=lambda x: -x[0])
    return {
        "n": len(items),
        "categories": {c: _prf(*v) + (v[0] + v[2],) for c, v in counts.items()},
        "micro": _prf(tp, fp, fn),
        "flags": {fl: _prf(*v) + (v[0] + v[2],) for fl, v in flags.items()},
        "misses": misses,
    }


def _fmt_set(cats, urgent, serious):
    s = ",".join(cats) or "-"
    return s + (" +urgent" if urgent else "") + (" +serious" if serious else "")


def report(name, m, worst=10, out=sys.stdout):
    w = out.write
    w(f"== {name}: {m['n']} texts\n")
    w(f"{'category':16s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>4s}\n")
    for c, (p, r, f, n) in m["categories"].items():
        w(f"{c:16s} {p:6.3f} {r:6.3f} {f:6.3f} {n:4d}\n")
    p, r, f = m["micro"]
    w(f"{'micro':16s} {p:6.3f} {r:6.3f} {f:6.3f}\n")
    for fl, (p, r, f, n) in m["flags"].items():
        w(f"flag {fl:11s} {p:6.3f} {r:6.3f} {f:6.3f} {n:4d}\n")
    if m["misses"] and worst:
        w(f"-- worst misses ({min(worst, len(m['misses']))} of {len(m['misses'])})\n")
        for errs, it, r in m["misses"][:worst]:
            w(f"{it.get('id', '?')}: {it['text'][:60]}\n")
            w(f"    expected {_fmt_set(it.get('categories', []), it.get('urgent'), it.get('serious'))}\n")
            w(f"    got      {_fmt_set(r.categories, r.urgent, r.serious)}  {r.evidence}\n")


def real_false_alarms(path, classify_fn=classify, worst=10, out=sys.stdout):
    csv.field_size_limit(10 ** 8)
    unrelated = related = fa = rel_tagged = urgent = 0
    bad, rel = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("title") or "") + "。" + (row.get("text") or "")
            r = classify_fn(text)
            urgent += r.urgent
            if RELATED_RE.search(text):
                related += 1
                if r.categories:
                    rel_tagged += 1
                    rel.append((row.get("row_id"), text, r))
            else:
                unrelated += 1
                if r.categories:
                    fa += 1
                    bad.append((row.get("row_id"), text, r))
    w = out.write
    share = fa / unrelated if unrelated else 0.0
    w(f"== real messages: {unrelated + related} ({related} mention social assistance by RELATED_RE)\n")
    w(f"unrelated messages with any category: {fa}/{unrelated} = {share:.2%}\n")
    w(f"related messages with any category: {rel_tagged}/{related}; messages flagged urgent: {urgent}\n")
    for title, lst in (("false alarms (unrelated)", bad), ("tagged related messages", rel)):
        if lst and worst:
            w(f"-- {title}, first {min(worst, len(lst))}\n")
            for rid, text, r in lst[:worst]:
                w(f"row {rid}: {text[:70]}\n    got {_fmt_set(r.categories, r.urgent, r.serious)} {r.evidence}\n")
    return share


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m hotline.tagging.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="labelled .jsonl files")
    ap.add_argument("--real", help="real_messages.csv: measure false alarms on unrelated messages")
    ap.add_argument("--worst", type=int, default=10, help="how many misses to list")
    a = ap.parse_args(argv)
    if not a.files and not a.real:
        ap.error("give at least one .jsonl file or --real")
    for path in a.files:
        report(path, evaluate(load_jsonl(path)), a.worst)
    if a.real:
        real_false_alarms(a.real, worst=a.worst)


if __name__ == "__main__":
    main()
