"""The tagger: rule matching on raw text, jieba tokens for boundaries and negation scope.

Design (see docs/tagging.md):
* every keyword is a regex matched on the raw text (after same-length typo
  normalisation), so results never depend on how jieba happens to cut a phrase;
* jieba tokens are used only (a) to reject hits of 1-2 characters that start
  or end inside a longer word (平分 inside 公平分配) and (b) to bound the
  negation window (N tokens before a hit, inside its clause);
* texts without any social-assistance anchor and without any urgent cue skip
  all of this (cheap prefilter: two regex scans).

jieba's dictionary is process-global.  Only the *active* tagger (set_active /
preload) adds its user words to it; a throwaway preview Tagger never touches
it and tokenises with whatever the active tagger installed.  Because matching
is on raw text, a preview's own user words still count as whole words for the
boundary check, so a preview shows what its rules would do.
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field

from .rules import CATEGORIES, CLAUSE_STOPS, SENTENCE_STOPS, _alt, parse_words, to_regex, validate_rules

_SENT_RE = re.compile("[%s]" % re.escape(SENTENCE_STOPS))
_NEG_CHARS = set("没未无")
_EXIST_NEG = re.compile("^(?:并|从来|从|倒|那倒)?(?:没有人|没人|没有?|未曾|未)$")
_RHET_RE = re.compile("[吗么嘛][？?！!]?$|[吗么嘛][？?]")
_COND_CUES = {"如果", "假如", "要是", "万一"}
_CLAUSE_RE = re.compile("[%s]" % re.escape(CLAUSE_STOPS))

_jieba = None
_jieba_lock = threading.Lock()


def _get_jieba():
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import logging
                import jieba
                jieba.setLogLevel(logging.WARNING)
                _jieba = jieba
    return _jieba


# A consultation: the learned model is not consulted on these unless the rules found something.
_QUESTION = re.compile(r"请问|想问|问问|问一下|咨询|想申请|几号|几天|多久|多长时间|什么时候|啥时候|怎么申请|怎么办理|需要什么|"
                       r"要什么材料|能不能|可不可以")


@dataclass
class TagResult:
    categories: list = field(default_factory=list)
    urgent: bool = False
    serious: bool = False
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"categories": list(self.categories), "urgent": self.urgent,
                "serious": self.serious, "evidence": {k: list(v) for k, v in self.evidence.items()}}


class _Pat:
    __slots__ = ("rx", "gaps", "literal")

    def __init__(self, entry, rules):
        src, self.gaps = to_regex(entry, rules)
        self.rx = re.compile(src)
        self.literal = None if (entry.startswith("re:") or any(c in entry for c in "()|?{…~.")) else entry


class _Group:
    """Compiled keyword/veto lists of one category or flag."""

    def __init__(self, spec, rules):
        self.keywords = [_Pat(e, rules) for e in spec.get("keywords", [])]
        self.veto = [_Pat(e, rules) for e in spec.get("veto", [])]
        self.veto_text = [_Pat(e, rules) for e in spec.get("veto_text", [])]
        self.support = [_Pat(e, rules) for e in spec.get("support", [])]
        self.skip_q = bool(spec.get("skip_in_questions", False))
        # extra anchors: words that tie a text to this category's domain only
        # (公示栏 for privacy), in addition to the shared ``domain`` list
        anchors = spec.get("anchors", [])
        self.anchors = re.compile("|".join("(?:%s)" % to_regex(e, rules)[0] for e in anchors)) if anchors else None
        union = "|".join("(?:%s)" % to_regex(e, rules)[0] for e in spec.get("keywords", []))
        self.any = re.compile(union) if union else re.compile("(?!)")


class _Doc:
    """Per-call analysis state of one text (lazy tokens)."""

    def __init__(self, tagger, text):
        self.t = tagger
        self.text = text
        self.norm = tagger._normalize(text)
        self.sent_cuts = [m.start() for m in _SENT_RE.finditer(self.norm)]
        self.clause_cuts = [m.start() for m in _CLAUSE_RE.finditer(self.norm)]
        self._tok_starts = None
        self._q_cache = {}
        self._regions = {}
        self.dropped = False   # set by hits() when it drops a candidate (negation, question, veto)

    # -- segmentation
    def _bounds(self, cuts, pos):
        i = bisect.bisect_right(cuts, pos - 1)  # cuts strictly before pos
        start = cuts[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(cuts, pos)
        end = cuts[j] if j < len(cuts) else len(self.norm)
        return start, end

    def sentence(self, pos):
        return self._bounds(self.sent_cuts, pos)

    def clause_start(self, pos):
        return self._bounds(self.clause_cuts, pos)[0]

    def token_starts(self):
        if self._tok_starts is None:
            self.t._before_tokenize()
            starts, p = [], 0
            for w in _get_jieba().lcut(self.norm):
                starts.append(p)
                p += len(w)
            starts.append(p)
            self._tok_starts = starts
        return self._tok_starts

    # -- checks
    def negated(self, m, pat):
        t, norm = self.t, self.norm
        s = m.start()
        cs = self.clause_start(s)
        pre = norm[cs:s]
        if pre and t.adj_re.search(pre):
            return True
        if pre and t.cue_re is not None:
            starts = self.token_starts()
            k = bisect.bisect_right(starts, s) - 1  # token index of hit start (or containing it)
            ws = starts[max(0, k - t.window)] if starts else cs
            ws = max(ws, cs)
            window = norm[ws:s]
            last = None
            self_neg = norm[s] in _NEG_CHARS
            for c in t.cue_re.finditer(window):
                # a hit that is itself a negative statement (没有公示, 没人管) is not
                # cancelled by an earlier existence-negation (没有入户调查也没有公示)
                if self_neg and _EXIST_NEG.match(c.group(0)):
                    continue
                last = c
            if last is not None:
                between = window[last.end():]
                # 「要是…就给他转两千」: a hit in the consequent of a condition is the
                # demand itself, not a hypothetical allegation
                cond = last.group(0) in _COND_CUES and "就" in between
                if not cond and not (t.breaker_re and t.breaker_re.search(between)):
                    # rhetorical 「这不是威胁吗」 asserts, it does not deny
                    rhet = last.group(0).endswith("不是") and (
                        self._rhetorical(s) or norm[ws + last.start() - 1:ws + last.start()] == "还"
                        or self._either_or(m.end()))
                    if not rhet:
                        return True
        if pat.gaps:
            for g in range(1, (m.re.groups or 0) + 1):
                gs, ge = m.span(g)
                if ge <= gs:
                    continue
                tail = norm[max(gs, ge - 5):ge]
                if (t.cue_re is not None and t.cue_re.search(tail)) or t.adj_re.search(tail):
                    return True
        return False

    def _either_or(self, end):
        """「不是A就是B」 asserts one of A and B: 不是 before A is no denial of A."""
        ce = self._bounds(self.clause_cuts, end)[1]
        return "就是" in self.norm[end:min(ce, end + 20)]

    def _rhetorical(self, pos):
        ss, se = self.sentence(pos)
        return bool(_RHET_RE.search(self.norm[pos:se + 1]))

    def in_question(self, pos):
        """Is the hit at ``pos`` part of a consultation question?

        A question cue that comes after the hit with a contrast word in between
        (「申请被驳回了，可我住了二十年，政策不是说能申请吗？」) is a rhetorical
        complaint, not a consultation.
        """
        if not self.t.q_re:
            return False
        ss, se = self.sentence(pos)
        for q in self.t.q_re.finditer(self.norm, ss, se + 1):
            if q.start() > pos and self.t.breaker_re is not None and \
                    self.t.breaker_re.search(self.norm, pos, q.start()):
                continue
            return True
        return False

    def on_boundaries(self, s, e):
        """A short hit must start where a jieba token starts (平分 in 公平分配 does not)."""
        starts = self.token_starts()
        i = bisect.bisect_left(starts, s)
        return i < len(starts) and starts[i] == s

    def hits(self, group: _Group, near=None):
        """Evidence spans of a group after vetoes, negation, questions and boundary checks.

        With ``near`` = (sorted anchor positions, max distance), a hit counts only
        if an anchor lies within that many characters of it.
        """
        norm = self.norm
        # Candidate hits first, pattern by pattern: each keyword regex starts with
        # literal text that the regex engine finds quickly, whereas one union of
        # hundreds of alternatives is tried branch by branch at every position
        # (it was 3-5 times slower than the separate scans).  Vetoes are looked
        # for only when there is a candidate.
        regions = self.regions(near)
        cands = []
        for p in group.keywords:
            for m in _scan(p.rx, norm, regions):
                s, e = m.span()
                if e <= s:
                    continue
                if near is not None:
                    pos, dist = near
                    i = bisect.bisect_left(pos, s - dist)
                    if i >= len(pos) or pos[i] > e + dist:
                        continue
                cands.append((p, m))
        if not cands:
            return []
        for p in group.veto_text:
            if p.rx.search(norm):
                self.dropped = True
                return []
        vetoes = [m.span() for p in group.veto for m in p.rx.finditer(norm)]
        found = []
        for p, m in cands:
            s, e = m.span()
            if e - s <= 2 and norm[s:e] not in self.t.wordset and not self.on_boundaries(s, e):
                continue
            if (any(s < ve and vs < e for vs, ve in vetoes) or (group.skip_q and self.in_question(s))
                    or self.negated(m, p)):
                self.dropped = True   # a keyword was there, but denied, asked about or vetoed
                continue
            found.append((s, e))
        return found

    def regions(self, near):
        """Stretches of text worth scanning: a hit only counts with an anchor within
        ``dist`` characters, so long letters that name 残疾 once are scanned only
        around that word.  ``_SPAN_MAX`` bounds the length of one hit."""
        if near is None:
            return None
        key = (id(near[0]), near[1])
        r = self._regions.get(key)
        if r is None:
            pos, dist = near
            n = len(self.norm)
            r = []
            for p in pos:
                a, b = max(0, p - dist - _SPAN_MAX), min(n, p + dist + _SPAN_MAX)
                if r and a <= r[-1][1]:
                    r[-1][1] = max(r[-1][1], b)
                else:
                    r.append([a, b])
            if len(r) == 1 and r[0] == [0, n]:
                r = None
            self._regions[key] = r
        return r

    def support(self, group):
        return [m.span() for p in group.support for m in p.rx.finditer(self.norm)]

    def phrases(self, spans):
        out = []
        for s, e in sorted(spans):
            w = self.text[s:e]
            if w not in out:
                out.append(w)
        return out


class Tagger:
    """A tagger built from rule data.  Building one has no global side effects."""

    def __init__(self, rules: dict, words=(), learned=True):
        self.learned = learned  # also apply the learned model (hotline/tagging/model.py)
        errors = validate_rules(rules)
        if errors:
            raise ValueError("规则有误：" + "；".join(errors))
        self.rules = rules
        self.words = parse_words(words)
        self.wordset = {w.split()[0] for w in self.words}
        self._install = None  # set by set_active: callable run before the first tokenisation
        neg = rules.get("negation", {})
        self.window = int(neg.get("window", 6))
        self.cue_re = self._union(neg.get("cues", []))
        self.breaker_re = self._union(neg.get("breakers", []))
        self.q_re = self._union(neg.get("questions", []))
        adv = "(?:也|都|还|就|并|根本|从来|从|确实|压根儿?|一直|真的|可|倒)*"
        adj = neg.get("adjacent", [])
        self.adj_re = re.compile("(?:%s)%s$" % ("|".join(re.escape(a) for a in adj), adv)) if adj else re.compile("(?!)")
        norm = rules.get("normalize", {}) or {}
        self._norm_map = dict(norm)
        self._norm_re = re.compile(_alt(norm.keys())) if norm else None
        self.domain_window = int(rules.get("domain_window", 100))
        # domain entries are literal words; an entry starting with ``re:`` is a pattern
        # (e.g. a possessive before a generic word: 我的补贴, 老人的补助)
        dom = [w for w in rules.get("domain", []) if isinstance(w, str)]
        src = _alt([w for w in dom if not w.startswith("re:")] + list(norm.keys()))
        pats = ["(?:%s)" % to_regex(w, rules)[0] for w in dom if w.startswith("re:")]
        self.domain_re = re.compile("|".join([src] + pats))
        # prefilter: the literal words in one regex (fast first-character scan),
        # the patterns in another
        self._domain_lit = re.compile(src)
        self._domain_pat = re.compile("|".join(pats)) if pats else None
        # words that let the learned model (not the rules) tag a text without a domain word
        self.model_domain_re = self._union(rules.get("model_domain", []))
        # denials that keep the model from adding a category (「村干部没跟我要过钱」)
        self.model_denials = [(code, self._union(pats)) for code, pats in rules.get("model_denials", {}).items()
                              if pats]
        # offices and handlers that count as "an official is named" for what the model adds
        # (「村里说扣的」「镇上管补贴的」): the rules' officials list names people only
        self.model_officials_re = self._union(rules.get("model_officials", []))
        self.cats = [(code, _Group(rules["categories"][code], rules)) for code in CATEGORIES]
        self.urgent = _Group(rules["urgent"], rules)
        ser = rules.get("serious", {})
        self.ser_always = set(ser.get("always", []))
        self.ser_official = set(ser.get("with_official", []))
        self.ser_scale_cats = set(ser.get("large_scale_categories", []))
        self.officials = _Group({"keywords": ser.get("officials", []), "veto": ser.get("officials_veto", [])}, rules)
        self.ser_actor = set(ser.get("with_actor", []))
        self.actors = _Group({"keywords": ser.get("actors", [])}, rules)
        self.official_window = int(ser.get("official_window", 60))
        self.scale_window = int(ser.get("scale_window", 80))
        self.scale = _Group({"keywords": ser.get("large_scale", [])}, rules)
        # what the model may do with `serious` (model.Context), fixed by the rules
        self.always_serious = frozenset(self.ser_always)
        self.serious_cats = frozenset(self.ser_always | self.ser_official | self.ser_scale_cats | self.ser_actor)

    def _union(self, entries):
        if not entries:
            return None
        return re.compile("|".join("(?:%s)" % to_regex(e, self.rules)[0] for e in entries))

    def _normalize(self, text):
        if self._norm_re is None:
            return text
        return self._norm_re.sub(lambda m: self._norm_map[m.group(0)], text)

    def _before_tokenize(self):
        if self._install is not None:
            inst, self._install = self._install, None
            inst()

    def classify(self, text) -> TagResult:
        """Tag one text: the rules, then (if ``learned``) what the learned model adds or drops."""
        return self.explain(text)[1]

    def explain(self, text):
        """(what the rules alone found, the final TagResult); the rules page's preview shows
        both, so an admin sees a rule hit the model overruled."""
        text = text or ""
        rules_only, ctx = self.analyse(text)
        if not self.learned:
            return rules_only, rules_only
        from .model import combine, view
        return rules_only, combine(rules_only, view(text, self.domain_re), ctx)

    def analyse(self, text):
        """(the rules' TagResult, the model.Context that says what the learned model may change)."""
        res = TagResult()
        word = (self._domain_lit.search(text) is not None
                or (self._domain_pat is not None and self._domain_pat.search(text) is not None))
        domain = word or any(g.anchors is not None and g.anchors.search(text) for _, g in self.cats)
        if not domain and not self.urgent.any.search(text):
            return res, self._context(text, None, False, (), False)
        doc = _Doc(self, text)
        suppressed = []
        ev = {}
        hit_spans = {}
        if domain:
            base = [m.start() for m in self.domain_re.finditer(doc.norm)]
            for code, group in self.cats:
                pos = base
                if group.anchors is not None:
                    pos = sorted(base + [m.start() for m in group.anchors.finditer(doc.norm)])
                if not pos:
                    continue
                doc.dropped = False
                spans = doc.hits(group, (pos, self.domain_window))
                if not spans and doc.dropped:
                    suppressed.append(code)
                if spans:
                    hit_spans[code] = spans
                    res.categories.append(code)
                    ev[code] = doc.phrases(spans + doc.support(group))
        u = doc.hits(self.urgent)
        if u:
            res.urgent = True
            ev["urgent"] = doc.phrases(u)
        cats = set(res.categories)
        if cats & (self.ser_always | self.ser_official | self.ser_scale_cats | self.ser_actor):
            why, tied = [], []
            off = doc.hits(self.officials) if cats & (self.ser_always | self.ser_official) else []
            act = doc.hits(self.actors) if cats & self.ser_actor else []
            for c in res.categories:
                near_off = _tied(off, hit_spans[c], self.official_window, doc)
                near_act = _tied(act, hit_spans[c], self.official_window, doc) if c in self.ser_actor else []
                if c in self.ser_always:
                    why.append(c)
                    tied += near_off
                elif c in self.ser_official and near_off:
                    why.append(c)
                    tied += near_off
                elif near_act:
                    why.append(c)
                    tied += near_act
            scale = []
            if cats & self.ser_scale_cats:
                spans = [sp for c in res.categories if c in self.ser_scale_cats for sp in hit_spans[c]]
                scale = _near(doc.hits(self.scale), spans, self.scale_window)
            if why or scale:
                res.serious = True
                words = doc.phrases(tied + scale)
                for c in why:
                    for w in ev.get(c, [])[:2]:
                        if w not in words:
                            words.append(w)
                ev["serious"] = words
        res.evidence = ev
        return res, self._context(text, doc, domain, suppressed, word)

    def _context(self, text, doc, domain, suppressed, word):
        """What the learned model may change on this text (see model.merge)."""
        from .model import Context
        general = word or bool(self.model_domain_re and self.model_domain_re.search(text))
        in_domain = bool(domain) or general
        if in_domain and not general:
            # only a category's own anchor (公示栏 for privacy) is present: the model may add
            # that category, not the others (「小区公示栏上贴着物业费」 is no refusal)
            suppressed = set(suppressed) | {code for code, g in self.cats
                                            if g.anchors is None or not g.anchors.search(text)}

        def official():  # only asked when the model proposes `serious` (it may need jieba tokens)
            return in_domain and bool((doc or _Doc(self, text)).hits(self.officials))

        def office():
            return in_domain and self.model_officials_re is not None and bool(self.model_officials_re.search(text))
        if in_domain:   # out of domain the model adds no category, so denials and questions do not matter
            suppressed = frozenset(suppressed) | {c for c, rx in self.model_denials if rx.search(text)}
        return Context(in_domain=in_domain, question=in_domain and _QUESTION.search(text) is not None,
                       official=official, office=office, always_serious=self.always_serious,
                       serious_cats=self.serious_cats, suppressed=frozenset(suppressed))


_SPAN_MAX = 300  # longest plausible keyword hit (several gaps of ``gap`` characters)


def _scan(rx, text, regions):
    """``rx.finditer`` over the whole text, or over each region only."""
    if regions is None:
        yield from rx.finditer(text)
        return
    for a, b in regions:
        yield from rx.finditer(text, a, b)


def _tied(spans, targets, dist, doc):
    """The official/actor words tied to the allegation: for each hit, the spans that
    overlap it, or else the nearest one in the hit's sentence, or else the nearest
    one within ``dist`` characters."""
    out = []
    for ts, te in targets:
        over = [sp for sp in spans if sp[0] < te and ts < sp[1]]
        if over:
            out += [sp for sp in over if sp not in out]
            continue
        ss, se = doc.sentence(ts)
        best, bd = None, (dist + 1, 0)
        for sp in spans:
            d = ts - sp[1] if sp[1] <= ts else sp[0] - te
            key = (0 if ss <= sp[0] and sp[1] <= se else 1, d)
            if d <= dist and key < bd:
                best, bd = sp, key
        if best is not None and best not in out:
            out.append(best)
    return out


def _near(spans, targets, dist):
    """The spans lying in the same stretch of text as one of the targets (within ``dist`` chars)."""
    out = []
    for s, e in spans:
        for ts, te in targets:
            if s < te + dist and ts - dist < e:
                out.append((s, e))
                break
    return out
