"""Pain points: product aspects the customer is negative about, judged by the opinion in the aspect's own clause."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from .aspects import (ASPECT, BENIGN, COMPLAINT, FAILURE, LANGUAGE_BITS, NEGATIVE, NEUTRAL, POSITIVE, ROLE_MASK,
                      VERDICT, WHEN_NEGATED, aspects)
from .lexicon import rules
from .pain_scope import Context
from .result import PainPointHit
from .scoring import normalise
from .sentiment import NEGATE_POSITIVE, Pass
from .taxonomy import taxonomy

TAG = "p"
NEGATIVE_CLAUSE = -0.9  # raw valence below which a clause counts as a complaint (one mild word is not enough)
CLEAR_NEGATIVE = -1.5  # the same for the aspects of `clear_negative` codes (aspects.yaml): one clear word
EPSILON = 1e-9  # an opinion that replaces a word's valence must reach its threshold exactly (0.8 - 2.3 is -1.4999...)
OPINION_VALENCE = 1.5  # an aspect-dependent opinion ("high price", "short battery life") weighs like a clear word
WINDOW = 8  # tokens either side of an aspect whose words count as its opinion ("the keyboard ... but the fan")
VERDICT_TOKENS = 3  # "..., slecht!", "..., not good.": a bare verdict after the clause it judges
WEAK = 0.5  # a complaint phrase whose own words score above this was turned positive ("not broken")
_OPINION_VALUE = {POSITIVE: OPINION_VALENCE, NEGATIVE: -OPINION_VALENCE, NEUTRAL: 0.0}

# an aspect that is an infinitive ("to use", "te lezen") is judged by the few words before it ("hard to use",
# "moeilijk te lezen"), not by its clause: "a laptop to use for school" says nothing of how it is to use
_INFINITIVE = frozenset(("to", "te"))
INFINITIVE_REACH = 3
_PURPOSE = frozenset(("om", "order"))
_COPULA = frozenset(("is", "was", "are", "were", "be", "been", "zijn", "waren", "wordt", "werd"))
_SELF_NEGATIVE = frozenset((COMPLAINT, FAILURE, WHEN_NEGATED))  # roles that can qualify with no negative word
Hit = tuple[str, str, int, int, int]  # (tag, code, role, start token, end token)


def entries() -> Iterator[tuple[str, tuple[str, str, int]]]:
    """Matcher entries: the taxonomy's terms and negative terms, then the aspect lexicon's roles.

    Each phrase with a contracted negation or "'ve" also matches as customers often type it, without the
    apostrophe ("doesnt work", "wont charge", "arent friendly", "ive sent")."""
    def raw() -> Iterator[tuple[str, tuple[str, str, int]]]:
        for code in taxonomy().codes.values():
            for lang in ("en", "nl"):
                for pattern in code.terms.get(lang, ()):
                    yield pattern, (TAG, code.code, ASPECT + LANGUAGE_BITS[lang])
                for pattern in code.negative_terms.get(lang, ()):
                    yield pattern, (TAG, code.code, COMPLAINT + LANGUAGE_BITS[lang])
        yield from aspects().entries(TAG)

    listed = list(raw())
    written = {pattern for pattern, _ in listed}  # a form listed as written keeps its own code ("valt steeds uit")
    seen = set()
    for pattern, payload in listed:
        dutch = payload[2] & ~ROLE_MASK == LANGUAGE_BITS["nl"] and payload[2] & ROLE_MASK in _SELF_NEGATIVE
        for form in (pattern, _unapostrophed(pattern), *(f for f in _middle_field(pattern) if dutch and f not in written)):
            if (form, payload) not in seen:
                seen.add((form, payload))
                yield form, payload


# Dutch puts adverbs between a finite verb and its particle ("valt steeds uit", "slaat telkens af") and "meer" after
# "niet" ("gaat niet meer aan", "start niet meer"): a complaint of a verb and its particle also matches so
_PARTICLES = frozenset(("af", "uit", "aan", "op", "los", "vast", "door"))
_MIDDLE_ADVERBS = ("steeds", "telkens", "constant", "continu", "vaak", "regelmatig", "soms", "zomaar", "gewoon",
                   "vanzelf", "meteen", "direct", "al", "nu")


def _middle_field(pattern: str) -> tuple[str, ...]:
    """Dutch forms of a complaint with an adverb before its particle or "meer" after its "niet"."""
    words = pattern.split()
    if any(not w.isalpha() for w in words):
        return ()  # a prefix or suffix pattern stays as written
    if len(words) == 2 and words[1] in _PARTICLES:
        return tuple(f"{words[0]} {adverb} {words[1]}" for adverb in _MIDDLE_ADVERBS)
    if "niet" in words[1:] and "meer" not in words:
        at = words.index("niet", 1) + 1
        return (" ".join([*words[:at], "meer", *words[at:]]),)
    return ()


def _unapostrophed(pattern: str) -> str:
    """The pattern with "n't" and "'ve" written without the apostrophe ("doesn't work" -> "doesnt work")."""
    return " ".join(w.replace("'", "") if w.endswith(("n't", "'ve")) else w for w in pattern.split())


def _aspect_valence(ctx: Context, cid: int, opinions: Sequence[tuple[int, int, int]],
                    claimed: Sequence[tuple[int, int]] = (), near: tuple[int, int] | None = None,
                    neighbour: Callable[[int], Sequence[tuple[int, int, int]]] | None = None) -> float:
    """Valence of a clause for one aspect: its words, with the aspect's own opinion words overriding theirs.

    Words of a complaint that belongs to another code ("the battery stopped working" beside "hard drive") are
    that code's opinion, not this aspect's."""
    first, end = ctx.bounds(cid)
    if near is not None and ctx.tokens[near[0]] in _INFINITIVE:  # "hard to use": the words just before judge it
        if near[0] == 0 or ctx.tokens[near[0] - 1] in _PURPOSE:
            return 0.0  # a purpose judges nothing: "leuk om te lezen", "in order to use"
        before = near[0] - 1
        if (not ctx.values[before] and ctx.tokens[before] not in _COPULA
                and not any(s <= before < e for s, e, _ in opinions)):
            return 0.0  # a judging word right before it judges it ("how awful it is to use"); "begon te lezen",
            # "going to see" do not
        first, end = max(first, near[0] - INFINITIVE_REACH), near[1]
    elif near is not None:
        first, end = max(first, near[0] - WINDOW), min(end, near[1] + WINDOW)
        opinions = [o for o in opinions if first <= o[0] < end]
        claimed = [c for c in claimed if first <= c[0] < end]
    values = ctx.values
    total = sum(values[first:end])
    if near is not None:  # the aspect's name is no praise of it: "fan", "support" read as praise words; a name that
        # is also the aspect's opinion ("value") is judged as that opinion below. A negative name stays: "money
        # back", "bugs" name the complaint ("batterijduur", read as "duur", is silenced by a neutral opinion)
        total -= sum(values[i] for i in range(*near) if values[i] > 0 and not any(s <= i < e for s, e, _ in opinions))
    for start, stop in claimed:
        total -= sum(values[start:stop])
    other_thing = 0.0
    if near is not None and ctx.complement and near[0] not in ctx.complement:
        # the thing compared with is judged by its own words: "costs more than a Toshiba that isn't good at all"
        other_thing = sum(values[i] for i in ctx.graded(first, end))
        total -= other_thing
    for start, stop, role in opinions:
        value, own = _OPINION_VALUE[role], sum(values[start:stop])
        if value and (ctx.negated(start, first) or ctx.sp.negated[start]):
            # "not high", "not short": weaker than the opposite word; but a need of the aspect that is not met ("not
            # long enough", "not sturdy") is as clear a complaint as its opposite
            value = -value if value > 0 else value * NEGATE_POSITIVE
        elif value * own > value * value:
            value = own  # the opinion sets the polarity; a stronger word of that polarity keeps its weight ("useless")
        total += value - own
    if opinions or claimed or other_thing or total > 0 or total <= NEGATIVE_CLAUSE:
        return total  # a clause whose words judge the thing compared with is not empty either
    # An empty clause ("The battery, ...") borrows its sentence neighbour's sentiment, and a clause that only
    # leans negative ("De levering duurde twee weken, slecht!") adds a short negative verdict that follows it.
    sp = ctx.sp
    for other in (cid + 1, cid - 1):
        if 0 <= other < len(sp.clause_sums) and sp.clause_sentence[other] == sp.clause_sentence[cid]:
            o_first, o_end = ctx.bounds(other)
            if ctx.hypothetical_before(o_end, o_first):
                continue  # "If the screen breaks, the warranty covers it": a condition lends no complaint
            borrowed = sum(values[o_first:o_end])
            if neighbour is not None:  # the aspect's silenced words say nothing of it there either ("#Steelers
                # fans, I know you may be upset": a feeling judges no part)
                borrowed -= sum(sum(values[s:e]) for s, e, role in neighbour(other) if role == NEUTRAL)
            if not total and borrowed:
                return borrowed
            if borrowed < 0 and other == cid + 1 and o_end - o_first <= VERDICT_TOKENS:
                return total + borrowed
    return total


def _complaints(hits: list[Hit], ctx: Context, aspect_at: dict[int, list[tuple[str, int]]],
                failed: list[tuple[str, int, int]]) -> list[Hit]:
    """Complaints and failures that stand (not negated, not hypothetical), each under the code it belongs to.

    Every failure's words, kept or not, go to `failed` with the code that owns them ("" for none)."""
    sp, lex = ctx.sp, aspects()
    phrases = [(c, s, e) for _, c, r, s, e in hits if r == COMPLAINT]
    out = []
    for tag, code, role, start, end in hits:
        if role == ASPECT or role >= POSITIVE:
            continue
        inside = next((c for c, s, e in phrases if c != code and s <= start and end <= e and e - s > end - start), "")
        if inside:  # the longer phrase decides: "it still didn't work" after a repair is the service's failure
            if role == FAILURE:
                failed.append((inside, start, end))
            continue
        cid = sp.clause_at(start)
        first, last = ctx.bounds(cid)
        own_negator = not ctx.negators.isdisjoint(ctx.tokens[start:end])
        # a phrase with its own negator is not turned by an earlier one ("We don't mind and you don't matter")
        negated = (not own_negator and (ctx.negated(start, first) or bool(start and sp.negated[start - 1]))
                   or ctx.absent_before(start, first))
        if role == WHEN_NEGATED:  # "they didn't help", "would not fix it", "ze helpen niet"
            if not (negated or ctx.negated_after(end, last) or ctx.clause_negated(start, first)):
                continue
        elif negated or (sum(ctx.values[start:end]) > WEAK and any(sp.negated[start:end])
                         and not own_negator):
            # "niet kapot", "never broken", "it didn't die"; "gets so hot", "better made" name a problem still, and
            # so does a complaint with its own negator ("kan ze niet schelen", whatever the pass made of its words)
            continue
        if (ctx.hypothetical_before(start, first, True) or ctx.other_product(start, first) or ctx.doubted_after(end)
                or ctx.other_in_clause(first, last)):
            continue  # "in case it breaks", "if the battery ever dies", "my old laptop died", "glitches, if any"
        if ctx.compared(start):
            continue  # the complement describes the other thing: "better than the slow and buggy Windows laptops"
        if ctx.named(start, end) or code in lex.can_fail and ctx.no_product(start, end, first):
            if role == FAILURE:
                failed.append(("", start, end))
            continue  # "Evil Dead", "Breaking Dawn" are titles; "my wife died", "the plot breaks down": no product
        if role == FAILURE:  # "the battery died" is battery, "the fan died" and "it died" the default code
            # the aspect must lie outside the failure's own words ("blue screen" names no hardware screen)
            owners = [(abs(s - start), c) for c, s in aspect_at.get(cid, ())
                      if c in lex.can_fail and not start <= s < end]
            if not owners:  # "The app is great but keeps crashing": the subject sits in an earlier clause
                sentence = sp.clause_sentence[cid]
                owners = [(abs(s - start), c) for other, found in aspect_at.items()
                          if sp.clause_sentence[other] == sentence for c, s in found
                          if c == code and not start <= s < end]
            if owners:
                code = min(owners)[1]
            elif code != lex.default_failure:
                failed.append(("", start, end))
                continue  # "it crashed" names no software: a failure of the whole device, not a code's
            failed.append((code, start, end))
        out.append((tag, code, role, start, end))
    return out


def _qualifying(hits: list[Hit], ctx: Context) -> list[tuple[str, float, bool, int, int]]:
    """(code, local valence, is a complaint, start, end) of every mention the clause's opinion makes negative."""
    sp = ctx.sp
    opinions: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    aspect_at: dict[int, list[tuple[str, int]]] = {}
    spans = {(c, start, end) for _, c, _, start, end in hits}
    for _, code, role, start, end in hits:
        cid = sp.clause_at(start)
        if role >= POSITIVE:
            if role != NEUTRAL and any(c != code and s <= start and end <= e and e - s > end - start
                                       for c, s, e in spans):
                continue  # part of another code's longer name or phrase: "hard" in "hard drive", "low quality"
            opinions.setdefault((code, cid), []).append((start, end, role))
        elif role == ASPECT:
            aspect_at.setdefault(cid, []).append((code, start))
    for key, found in opinions.items():  # the longer opinion decides: "too loud" for a fan, not also the neutral "loud"
        if len(found) > 1:
            opinions[key] = [o for o in found if not any(s <= o[0] and o[1] <= e and e - s > o[1] - o[0]
                                                        for s, e, _ in found)]
    failed: list[tuple[str, int, int]] = []
    complaints = _complaints(hits, ctx, aspect_at, failed)
    claims: dict[int, list[tuple[str, int, int]]] = {}
    for code, start, end in failed:  # a failure belongs to its aspect (or the device): others may not reuse it
        claims.setdefault(sp.clause_at(start), []).append((code, start, end))
    can_fail = aspects().can_fail
    for _, code, role, start, end in complaints:  # so does a part's complaint ("won't charge with the charger")
        if role != FAILURE and code in can_fail:
            claims.setdefault(sp.clause_at(start), []).append((code, start, end))
    out = []
    clear = aspects().clear_negative
    named = [(c, s, e) for _, c, r, s, e in hits if r == ASPECT]
    for _, code, role, start, end in hits:
        if role != ASPECT or any(c != code and s <= start and end <= e and e - s > end - start for c, s, e in named):
            continue  # the longer name decides: "charging port" is a part, not the battery's "charging"
        cid = sp.clause_at(start)
        first, last = ctx.bounds(cid)
        if (ctx.hypothetical_before(last, first) or ctx.other_product(start, first, noun=True)
                or ctx.other_in_clause(first, last)):
            continue  # the whole clause: "extra warranty in case it breaks" reports no warranty problem
        if ctx.absent_before(start, first) or ctx.compared(start):
            continue  # "no problems with the keyboard", "nooit meer problemen met de accu"; "better than Windows"
        claimed = [(s, e) for c, s, e in claims.get(cid, ()) if c != code and (code in can_fail or (c, s, e) in failed)]
        local = _aspect_valence(ctx, cid, opinions.get((code, cid), []), claimed, (start, end),
                                lambda other, code=code: opinions.get((code, other), ()))
        if local <= (CLEAR_NEGATIVE if code in clear else NEGATIVE_CLAUSE) + EPSILON:
            out.append((code, local, False, start, end))
    for _, code, _, start, end in complaints:
        cid = sp.clause_at(start)
        local = min(_aspect_valence(ctx, cid, opinions.get((code, cid), [])), -1.0)
        out.append((code, local, True, start, end))
    return out


def _in_language(hits: list[Hit], lang: str) -> list[Hit]:
    """Hits from the text's language's lists ("door" is a hardware part in English, "through" in Dutch).

    Text of unknown language keeps both lists' hits, once each."""
    bit = LANGUAGE_BITS.get(lang)
    if bit is None:
        return sorted({(t, c, r & ROLE_MASK, s, e) for t, c, r, s, e in hits}, key=lambda h: (h[3], h[1], h[2]))
    return [(t, c, r & ROLE_MASK, s, e) for t, c, r, s, e in hits if r & ~ROLE_MASK == bit]


def collect(hits: list[Hit], sp: Pass, spans_upto: Callable[[int], list[tuple[int, int]]],
            tokens: list[str], lang: str) -> tuple[PainPointHit, ...]:
    """One hit per code: the most negative qualifying occurrence (earliest on ties), in taxonomy order."""
    best: dict[str, tuple[float, int, int]] = {}
    rank: dict[str, tuple[float, int, int, int]] = {}
    hits = _in_language(hits, lang)
    benign = [(start, end) for _, _, role, start, end in hits if role == BENIGN]
    if benign:  # the longer phrase decides: "dead silent", "switched off the wifi" hold no failure
        hits = [h for h in hits if h[2] != BENIGN and not any(s <= h[3] and h[4] <= e for s, e in benign)]
    verdicts = [(code, start) for _, code, role, start, _ in hits if role == VERDICT]
    if verdicts:
        hits = [h for h in hits if h[2] != VERDICT]
    roles = {role for _, _, role, _, _ in hits}
    if ASPECT not in roles and roles.isdisjoint(_SELF_NEGATIVE):
        return ()  # opinion words alone ("great", "cheap") name no aspect
    if (roles.isdisjoint(_SELF_NEGATIVE) and NEGATIVE not in roles and min(sp.values, default=0.0) >= 0.0
            and rules()[lang if lang in LANGUAGE_BITS else "en"].negators.isdisjoint(tokens)):
        return ()  # aspects with nothing negative around them: "Good keyboard, long battery life"
    ctx = Context(sp, tokens, lang)
    qualifying = _qualifying(hits, ctx)
    for code, local, complaint, start, end in qualifying:
        # Most negative first; on a tie the complaint, longer, earlier span shows the problem best.
        key = (local, -complaint, start - end, start)
        if code not in rank or key < rank[code]:
            rank[code] = key
            best[code] = (local, start, end)
    for code, _, _, start, end in qualifying:
        # "De handleiding is onduidelijk": the span covers both the subject and the complaint in its clause.
        local, b_start, b_end = best[code]
        if (start, end) != (b_start, b_end) and sp.clause_at(start) == sp.clause_at(b_start):
            best[code] = (local, min(start, b_start), max(end, b_end))
    for code, start in verdicts:  # "more expensive, but well worth it": the customer concedes the complaint
        if code in best and sp.clause_sentence[sp.clause_at(start)] == sp.clause_sentence[sp.clause_at(best[code][1])]:
            first = ctx.bounds(sp.clause_at(start))[0]
            if not (ctx.negated(start, first) or sp.negated[start]):
                del best[code]
    if not best:
        return ()
    codes = taxonomy().codes
    for code in [c for c in best if codes[c].suppressed_by]:
        clause = sp.clause_at(best[code][1])
        if any(other in best and sp.clause_at(best[other][1]) == clause for other in codes[code].suppressed_by):
            del best[code]
    order = list(codes)
    spans = spans_upto(max(end for _, _, end in best.values()))
    out = []
    for code in sorted(best, key=order.index):
        local, start, end = best[code]
        out.append(PainPointHit(code, round(normalise(local), 4), spans[start][0], spans[end - 1][1]))
    return tuple(out)
