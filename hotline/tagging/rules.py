"""Rules format: loading, validation and compilation to regular expressions.

The rules are a JSON object an administrator edits in a textarea.  Keyword
entries use a small pattern language (see docs/tagging.md):

* plain text is matched literally on the raw text (after typo normalisation);
* ``(a|b)`` alternatives, ``?`` makes the preceding group optional;
* ``{name}`` expands to the word list ``sets[name]``;
* ``…`` (or ``...``) is a gap of up to ``gap`` characters inside one sentence;
* ``~`` is a short gap (up to ``short_gap`` characters) inside one clause;
* an entry starting with ``re:`` is a raw Python regular expression
  (``{name}`` set references are still expanded).
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict
from importlib import resources

CATEGORIES = OrderedDict([
    ("favoritism", "优亲厚友（人情保、关系保）"),
    ("withheld_funds", "截留挪用（克扣、代领、卡折代管）"),
    ("fraud", "虚报冒领（错保）"),
    ("extortion", "吃拿卡要"),
    ("refusal", "推诿扯皮（不受理、不作为、态度恶劣）"),
    ("omission", "漏保（应保未保、违规停保）"),
    ("privacy", "信息泄露"),
])

FLAGS = OrderedDict([
    ("urgent", "急难"),
    ("serious", "严重"),
])

SENTENCE_STOPS = "。！？!?；;\n：:"
CLAUSE_STOPS = SENTENCE_STOPS + "，,、"

_SET_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_LIST_KEYS = ("keywords", "veto", "veto_text", "support", "anchors")


def _data_text(name: str) -> str:
    return resources.files("hotline.tagging").joinpath("data", name).read_text(encoding="utf-8")


def parse_words(lines) -> list[str]:
    """Accept jieba user-dict lines ("word freq tag") or bare words; return the lines kept."""
    out = []
    for line in lines:
        line = (line or "").strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def load_default_rules() -> tuple[dict, list[str]]:
    """The rules and user words shipped with the package (fresh copies)."""
    rules = json.loads(_data_text("rules.json"))
    words = parse_words(_data_text("userdict.txt").splitlines())
    return rules, words


# ---------------------------------------------------------------- compiling

def _alt(words) -> str:
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ws) + ")" if ws else "(?!)"


def _expand_sets(text: str, sets: dict, missing: list | None = None) -> str:
    def rep(m):
        name = m.group(1)
        if name not in sets:
            if missing is not None:
                missing.append(name)
            return "(?!)"
        return _alt(sets[name])
    return _SET_REF.sub(rep, text)


def to_regex(entry: str, rules: dict, missing: list | None = None) -> tuple[str, bool]:
    """Translate one keyword entry to a regex.  Returns (regex, has_gaps).

    Gaps become capturing groups (so negation inside a gap can be checked);
    every other group is non-capturing.
    """
    sets = rules.get("sets", {})
    if entry.startswith("re:"):
        return _expand_sets(entry[3:], sets, missing), False
    gap = int(rules.get("gap", 30))
    short = int(rules.get("short_gap", 6))
    long_gap = "([^%s]{0,%d}?)" % (re.escape(SENTENCE_STOPS), gap)
    short_gap = "([^%s]{0,%d}?)" % (re.escape(CLAUSE_STOPS), short)
    out, i, has_gaps = [], 0, False
    s = entry.replace("...", "…")
    while i < len(s):
        ch = s[i]
        if ch == "(":
            out.append("(?:")
        elif ch in ")|?":
            out.append(ch)
        elif ch == "…":
            out.append(long_gap)
            has_gaps = True
        elif ch == "~":
            out.append(short_gap)
            has_gaps = True
        elif ch == "{":
            j = s.find("}", i)
            if j < 0:
                out.append(re.escape(ch))
            else:
                name = s[i + 1:j]
                if name in sets:
                    out.append(_alt(sets[name]))
                else:
                    if missing is not None:
                        missing.append(name)
                    out.append("(?!)")
                i = j
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out), has_gaps


# ---------------------------------------------------------------- validation

def _check_list(rules, path, value, errors, pattern=True):
    if not isinstance(value, list):
        errors.append(f"{path} 应为列表（[...]）")
        return
    for k, entry in enumerate(value):
        where = f"{path}[{k + 1}]"
        if not isinstance(entry, str) or not entry.strip():
            errors.append(f"{where} 应为非空字符串")
            continue
        if not pattern:
            continue
        if entry.count("(") != entry.count(")") and not entry.startswith("re:"):
            errors.append(f"{where}「{entry}」括号不配对")
            continue
        missing: list = []
        rx, _ = to_regex(entry, rules, missing)
        for name in missing:
            errors.append(f"{where}「{entry}」引用了不存在的词表 {{{name}}}")
        try:
            c = re.compile(rx)
        except re.error as e:
            errors.append(f"{where}「{entry}」不是有效的表达式：{e}")
            continue
        if c.fullmatch("") is not None:
            errors.append(f"{where}「{entry}」可以匹配空文本，请写出具体词语")


def validate_rules(rules) -> list[str]:
    """Return human-readable (Chinese) error messages; an empty list means the rules are usable."""
    errors: list[str] = []
    if not isinstance(rules, dict):
        return ["规则必须是一个 JSON 对象（{...}）"]
    for key in ("gap", "short_gap", "domain_window"):
        if key in rules:
            v = rules[key]
            if not isinstance(v, int) or isinstance(v, bool) or not (0 < v <= 2000):
                errors.append(f"{key} 应为 1 到 2000 之间的整数")
    sets = rules.get("sets", {})
    if not isinstance(sets, dict):
        errors.append("sets（词表）应为对象：{\"名称\": [\"词\", ...]}")
        sets = {}
    for name, words in sets.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            errors.append(f"词表名称「{name}」只能用英文字母、数字和下划线")
        _check_list(rules, f"sets.{name}", words, errors, pattern=False)
    norm = rules.get("normalize", {})
    if not isinstance(norm, dict):
        errors.append("normalize（错别字纠正）应为对象：{\"错字\": \"正字\"}")
    else:
        for a, b in norm.items():
            if not isinstance(b, str) or not a:
                errors.append(f"normalize「{a}」的值应为字符串")
            elif len(a) != len(b):
                errors.append(f"normalize「{a}」→「{b}」前后字数必须相同")
    if "domain" not in rules:
        errors.append("缺少 domain（社会救助相关词），否则无法判断文本是否与本业务有关")
    else:
        _check_list(rules, "domain", rules["domain"], errors, pattern=False)
        if isinstance(rules["domain"], list):
            # ``re:`` entries are patterns: check them like keywords
            for k, entry in enumerate(rules["domain"]):
                if isinstance(entry, str) and entry.startswith("re:"):
                    sub: list = []
                    _check_list(rules, "domain", [entry], sub)
                    errors += [e.replace("domain[1]", f"domain[{k + 1}]", 1) for e in sub]
    for key in ("model_domain", "model_officials"):
        if key in rules:
            _check_list(rules, key, rules[key], errors)
    denials = rules.get("model_denials", {})
    if not isinstance(denials, dict):
        errors.append("model_denials 应为对象（分类代码 → 否认说法列表）")
    else:
        for code, pats in denials.items():
            if code not in CATEGORIES:
                errors.append(f"model_denials 中的分类代码「{code}」不存在")
            else:
                _check_list(rules, f"model_denials.{code}", pats, errors)
    neg = rules.get("negation", {})
    if not isinstance(neg, dict):
        errors.append("negation 应为对象")
    else:
        for key in ("cues", "adjacent", "breakers", "questions"):
            if key in neg:
                _check_list(rules, f"negation.{key}", neg[key], errors)
        if "window" in neg and (not isinstance(neg["window"], int) or not 0 <= neg["window"] <= 50):
            errors.append("negation.window 应为 0 到 50 之间的整数（词数）")
    cats = rules.get("categories")
    if not isinstance(cats, dict):
        errors.append("缺少 categories（各问题分类的关键词）")
        cats = {}
    for code in cats:
        if code not in CATEGORIES:
            errors.append(f"categories 中有未知分类代码「{code}」，可用：{', '.join(CATEGORIES)}")
    for code, name in CATEGORIES.items():
        if code not in cats:
            errors.append(f"categories 缺少分类「{code}」（{name}）")
            continue
        c = cats[code]
        if not isinstance(c, dict):
            errors.append(f"categories.{code} 应为对象")
            continue
        if not c.get("keywords"):
            errors.append(f"categories.{code}.keywords 不能为空")
        for key in _LIST_KEYS:
            if key in c:
                _check_list(rules, f"categories.{code}.{key}", c[key], errors)
        if "skip_in_questions" in c and not isinstance(c["skip_in_questions"], bool):
            errors.append(f"categories.{code}.skip_in_questions 应为 true 或 false")
    urg = rules.get("urgent")
    if not isinstance(urg, dict) or not urg.get("keywords"):
        errors.append("缺少 urgent.keywords（急难情形关键词）")
    else:
        for key in _LIST_KEYS:
            if key in urg:
                _check_list(rules, f"urgent.{key}", urg[key], errors)
    ser = rules.get("serious")
    if not isinstance(ser, dict):
        errors.append("缺少 serious（严重情形规则）")
    else:
        for key in ("always", "with_official", "with_actor", "large_scale_categories"):
            v = ser.get(key, [])
            if not isinstance(v, list):
                errors.append(f"serious.{key} 应为分类代码列表")
                continue
            for code in v:
                if code not in CATEGORIES:
                    errors.append(f"serious.{key} 中有未知分类代码「{code}」")
        for key in ("officials", "actors", "large_scale"):
            if key in ser:
                _check_list(rules, f"serious.{key}", ser[key], errors)
        for key in ("official_window", "scale_window"):
            if key in ser:
                v = ser[key]
                if not isinstance(v, int) or isinstance(v, bool) or not (0 < v <= 2000):
                    errors.append(f"serious.{key} 应为 1 到 2000 之间的整数")
    return errors
