"""「建议新增关键词」: words that recur in cases whose tags people corrected. Plain Python.

For each category that people added by hand, count the words (jieba tokens of two
or more characters) of those cases' texts, keep words seen in at least `min_cases`
of them that the dictionary and rules do not already contain, and rank them by how
much more often they appear there than in all cases (lift).
"""
from collections import Counter

import jieba

STOPWORDS = set("我们 你们 他们 她们 自己 这个 那个 什么 怎么 一下 一个 没有 就是 还是 但是 因为 所以 如果 已经 现在 "
                "时候 可以 知道 反映 来电 来电人 问题 情况 要求 希望 请求 相关 进行 这样 那样 一直 还有 而且 然后 "
                "今年 去年 今天 昨天 村里 家里 镇里 县里".split())


def tokens(text):
    return {w for w in jieba.lcut(text) if len(w) >= 2 and w not in STOPWORDS and not w.isdigit()}


def suggest(corrected, all_texts, known_text, min_cases=2, limit=15):
    """corrected: [(text, [categories added by people])]; returns {category: [(word, cases, lift)]}."""
    background = Counter()
    for text in all_texts:
        background.update(tokens(text))
    total = max(len(all_texts), 1)
    per_category = {}
    for text, added in corrected:
        words = tokens(text)
        for code in added:
            per_category.setdefault(code, []).append(words)
    out = {}
    for code, docs in per_category.items():
        counts = Counter(w for words in docs for w in words)
        rows = []
        for word, n in counts.items():
            if n < min_cases or word in known_text:
                continue
            lift = (n / len(docs)) / (max(background[word], n) / total)
            rows.append((word, n, round(lift, 1)))
        rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        out[code] = rows[:limit]
    return out
