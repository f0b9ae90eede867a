"""Throughput of hotline.tagging.classify versus raw jieba.lcut on real messages.

    python bench/tagging.py [PATH_TO_real_messages.csv]

Default path: ../shared/data/real_messages.csv relative to the repository root.
Both loops see the same texts (title + "。" + text); jieba's dictionary and the
active tagger are loaded before timing (preload), as gunicorn/RQ workers do.
"""
from __future__ import annotations

import csv
import os
import resource
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def load_texts(path):
    csv.field_size_limit(10 ** 8)
    with open(path, encoding="utf-8", newline="") as f:
        return [(r.get("title") or "") + "。" + (r.get("text") or "") for r in csv.DictReader(f)]


def timed(fn, texts, repeat=2):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else os.path.join(ROOT, "..", "shared", "data", "real_messages.csv")
    texts = load_texts(path)
    chars = sum(len(t) for t in texts)

    t0 = time.perf_counter()
    from hotline import tagging
    import jieba
    tagging.preload()
    t_load = time.perf_counter() - t0

    t_cls = timed(tagging.classify, texts)
    t_cut = timed(jieba.lcut, texts)
    n = len(texts)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(f"texts: {n}, chars: {chars}")
    print(f"preload (jieba dictionary + rules): {t_load:.2f} s")
    print(f"classify:   {chars / t_cls:12,.0f} chars/s {n / t_cls:10,.0f} msgs/s ({t_cls:.2f} s)")
    print(f"jieba.lcut: {chars / t_cut:12,.0f} chars/s {n / t_cut:10,.0f} msgs/s ({t_cut:.2f} s)")
    print(f"ratio classify/lcut throughput: {t_cut / t_cls:.2f} (target >= 0.9)")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
