"""Rule-based sentiment: lexicon valences shaped by negation, intensity, contrast, punctuation and capitals."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .lexicon import (
    ABSENCE, AFTER_NUMBER, BOOST, CLAUSE, COMPARATIVE, COMPARE, CONCESSIVE, CONJ, CONTRAST, DESIRE, DUAL, END, FINAL,
    FUNC, IRREALIS, NEG, QUESTION, RAISER, SCALAR, SCOPE, START_ONLY, TOO, WORD, phrases_at,
)
from .negation import COPULAS, NEGATION_SCOPE, WEAK_WORD, fronted, negate_fronted
from .wordinfo import NEUTRAL, Info

NEGATE_POSITIVE = -0.74  # "not good" is weaker than "bad" (VADER's constant)
NEGATE_NEGATIVE = -0.5  # "not bad" is only mildly positive
NEGATED_FUNCTION = -1.6  # "werkt niet", "never arrived": a negated working/arriving verb is a complaint
TOO_VALENCE = -1.5  # "te duur", "too small": excess of a neutral property
IRREALIS_FACTOR = -0.5  # "het had zo leuk kunnen zijn", "could have been great": praise that did not happen
CAPS_FACTOR = 1.3
NAMED_FACTOR = 0.3  # a word inside a Capitalised name ("Star Wars", "Dark Souls") judges nothing
CONTRAST_BEFORE, CONTRAST_AFTER = 0.5, 1.5
QUESTION_FACTOR = 0.6
TITLE_TOKENS, TITLE_WEIGHT = 4, 2.0  # a review's title or opening verdict (at most 4 tokens, longer text after it)
DESIRE_FACTOR = -0.6  # "should be faster", "kan wel wat sneller": a wished-for comparative is a shortcoming
DESIRE_SCOPE = 4
MORE = frozenset(("more", "meer"))  # "should feel more durable": an analytic comparative
COMPLEMENT_FACTOR = 0.3  # "better than the garbage on TV": the standard of a comparison is not what is judged
COMPLEMENT_SCOPE = 3  # ... a short noun phrase: "unlike my old phone this one works great"
DISJUNCTION = {"en": "or", "nl": "of"}
# Speed praises service ("snel geleverd", "fast shipping") but beside a failure it says how soon the failure comes:
# "krast snel", "slijt snel", "snel vies" are worse, not better (x SPEED_BOOST on the failure). Dutch only: English
# "fast" follows too many words that VADER reads as negative without a failure ("means fast transfers")
SPEED = frozenset(("snel", "snelle", "vlug", "gauw"))
SPEED_BOOST = 1.3
# "Fijn, weer geen internet", "Top, alweer een storing": praise that opens a sentence and is followed by "again" and
# trouble is irony (Dutch complaint posts; Burgers et al. 2012 on Dutch irony markers)
AGAIN = frozenset(("weer", "alweer", "wéér", "opnieuw"))
IRONY_REACH = 4  # tokens after "weer" in which the trouble must come
ENOUGH = "genoeg"  # a function word (rules.yaml): "niet genoeg", "niet warm genoeg" is a shortfall
# Spelled counts before a stretch of time or an amount (rules.yaml after_number): "twee uur", "een kwartier",
# "several hours" reads like "2 uur": waiting, a short life, a price
COUNT_WORDS = frozenset(("two", "three", "four", "five", "six", "ten", "twenty", "thirty", "couple", "several",
                         "een", "één", "twee", "drie", "vier", "vijf", "zes", "tien", "twintig", "dertig", "half",
                         "anderhalf", "paar"))
_CLAUSE_START = frozenset((CLAUSE, END, CONJ))
_CLAUSE_END = frozenset((CLAUSE, END, CONTRAST, CONJ))
NEGATIVE_WEIGHT = 1.5  # negative words are rarer and more telling in reviews (Taboada et al. 2011, SO-CAL)
_ZERO = 0.0  # its bound __gt__ picks the negative clause sums without a Python-level loop
# Tie-breaks for texts with no sentiment word at all, kept under the label threshold (the sign is a hint,
# the label stays neutral): "!" leans positive (enthusiasm); a negation leans negative, since negation is
# far more frequent in negative than in positive reviews and posts ("no picture", "can't get a signal";
# Potts 2011, "On the negativity of negation"), and outweighs "!" ("No plot whatsoever!"); a question with
# neither leans negative a little less (rhetorical questions: "was there a script?").
EXCLAMATION_LEAN = 0.15
NEGATION_LEAN = -0.15
QUESTION_LEAN = -0.1
# With none of those cues: a text that tells what happened (past tense) leans negative, since feedback narrates
# events mostly to complain ("Ik had een steak saignant gevraagd", "3 haren tegen gekomen", "The first thing that
# happened was ..."; Vasquez 2011 on online complaints); any other text leans positive, the positivity bias of
# language (Dodds et al. 2015): plans, descriptions, announcements ("Going to see them on Tuesday", "Er is keuze
# tussen verschillende formules"). Like every lean it stays inside the neutral band.
NARRATIVE_LEAN = -0.05
PLAIN_LEAN = 0.05
PAST_WORDS = frozenset((
    "was", "were", "had", "did", "got", "went", "came", "took", "said", "told", "gave", "kept", "tried", "asked",
    "waren", "werd", "werden", "hadden", "kreeg", "kregen", "ging", "gingen", "kwam", "kwamen", "zei", "zeiden",
    "moest", "moesten", "bleek", "bleken", "stond", "stonden", "zat", "zaten", "lag", "lagen", "deed", "deden",
    "vroeg", "vroegen", "probeerde", "probeerden", "bestelde", "bestelden", "geweest", "gehad", "gedaan"))
_EXPECTED = frozenset(("verwacht", "gehoopt"))
_EXPECTATION_KEPT = frozenset(("dan", "zoals", "wat", "niet", "nooit", "geen", "meer", "minder", "eigenlijk"))
# Dutch nouns shaped like a participle (ge-...-d/t): no past
_NOT_PARTICIPLES = frozenset(("gerecht", "gezicht", "gewicht", "gebied", "gedicht", "geduld", "gebit"))


def _narrates(tokens: list[str], lang: str) -> bool:
    """Past-tense verbs: an auxiliary or irregular past, an English "-ed" form or a Dutch participle ("gehaald")."""
    for t in tokens:
        if t in PAST_WORDS:
            return True
        if len(t) > 4 and t.isalpha() and (
                lang != "nl" and t.endswith("ed")
                or lang != "en" and t[:2] == "ge" and len(t) >= 7 and t[-1] in "dt" and t not in _NOT_PARTICIPLES):
            return True
    return False


def _wished_comparative(infos: list[Info], i: int, span: int) -> bool:
    """Does a phrase end in a comparative and hold no negator ("kan nog veel beter", not "kan bijna niet beter")?"""
    return bool(infos[i + span - 1][3] & COMPARATIVE) and all(infos[k][1] != NEG for k in range(i, i + span))


def _pluperfect(tokens: list[str], first: int, at: int) -> bool:
    """Dutch "was ... geweest" in a review wishes ("een amuse was leuk geweest"), unless "nooit" makes it a record
    ("ik was nog nooit zo tevreden geweest"); "is ... geweest" tells what was."""
    clause = tokens[first:at]
    return ("was" in clause or "waren" in clause) and "nooit" not in clause


def _ironic_opening(tokens: list[str], infos: list[Info], k: int) -> bool:
    """After an opening praise word: ", (hoor,) weer" and then a negative word or a negator ("Fijn, weer file")?"""
    n = len(tokens)
    if k < n and tokens[k] == "hoor":
        k += 1
    if k + 1 >= n or tokens[k] != "," or tokens[k + 1] not in AGAIN:
        return False
    return any(infos[j][0] < 0 or infos[j][1] == NEG for j in range(k + 2, min(n, k + 2 + IRONY_REACH)))


def _expected(tokens: list[str], first: int, at: int) -> bool:
    """Dutch "had ... verwacht/gehoopt" states an expectation that was not met ("ik had een spannend boek verwacht"),
    unless the clause compares, denies or quotes it ("beter dan ik had verwacht", "had niet verwacht", "zoals")."""
    clause = tokens[first:at]
    return ("had" in clause or "hadden" in clause) and not _EXPECTATION_KEPT.intersection(clause)


def _opinion_ahead(infos: list[Info], phrase_at: dict[int, tuple[int, Info]], start: int, n: int) -> bool:
    """Is there something for a negator to turn (an opinion word, phrase or function verb) within its scope?"""
    for k in range(start, min(n, start + NEGATION_SCOPE)):
        val, kind, _, flags = infos[k]
        if kind in _CLAUSE_END:
            return False
        if val or flags & FUNC or k in phrase_at and phrase_at[k][1][0]:
            return True
    return False


@dataclass(slots=True)
class Pass:
    """Per-token contextual valences and clause structure of one text, for emotions and pain points."""

    values: list[float]
    negated: list[bool]
    clause_starts: list[int]  # first token index of each clause
    clause_sums: list[float]
    clause_sentence: list[int]
    raw: float
    infos: list[Info]  # each token's role, so emotions can apply the same negation scope to words left unscored
    reported: bool = False  # written as a report (see scoring.REPORT_EVIDENCE), set by the pipeline
    # each scored token's discourse weight ("but" halves what precedes it, x1.5 after; a concessive clause x0.5),
    # so pain points can judge a word's local polarity without the weight of its place in the text
    weights: list[float] = field(default_factory=list)
    named: frozenset[str] = frozenset()  # words inside a Capitalised name or title (tokens.named_words)

    def clause_at(self, token: int) -> int:
        """Index of the clause holding a token."""
        return bisect_right(self.clause_starts, token) - 1


def run(tokens: list[str], infos: list[Info], lang: str, shouted: frozenset[str], curly: bool = False,
        lean: bool = True, named: frozenset[str] = frozenset()) -> Pass:
    """Assign each sentiment word its valence in context; neutral tokens are skipped, not walked.

    `lean=False` leaves a text without sentiment words at exactly 0 (no tie-break)."""
    n = len(tokens)
    values = [0.0] * n
    negated = [False] * n
    weights = [1.0] * n
    starts, sums, sentence_of = [0], [0.0], [0]
    scored: list[int] = []
    marks = [i for i, x in enumerate(infos) if x is not NEUTRAL]
    # Phrases are written with a plain apostrophe; scraped text may carry curly or escaped ones.
    plain = [t.replace("\\u2019", "'").replace("\u2019", "'") for t in tokens] if curly else tokens
    phrase_at = phrases_at(plain, lang) if n > 1 else {}
    if phrase_at:
        marks = sorted(set(marks).union(phrase_at))
    sent_first = 0  # first clause of the current sentence
    neg_at = boost_at = too_at = last_func = desire_at = -9
    neg_all = True  # the active negator turns negative words too (not so for "barely")
    negated_at, negated_pos = -9, True  # last word a negation turned, and whether it was positive
    disjunction = DISJUNCTION.get(lang, "or")
    mult = weight = 1.0
    concessive = False
    excited = saw_negator = asked = False
    irrealis = -1  # clause in which a counterfactual was seen
    compared = -9  # where "than"/"unlike" opened a comparison's complement
    skip_to = 0
    for i in marks:
        if i < skip_to:
            continue
        val, kind, factor, flags = infos[i]
        span = 1
        if phrase_at and i in phrase_at:
            span, (val, kind, factor, flags) = phrase_at[i]
            skip_to = i + span
        if flags and kind:
            if kind == BOOST and flags & SCALAR and i - too_at <= 1:
                kind = WORD  # "te veel", "too much": excess, not emphasis
            elif kind == CONTRAST and flags & START_ONLY and i and infos[i - 1][1] not in _CLAUSE_START:
                kind = WORD  # "alleen", "toch" mid-clause are ordinary words
        cid = len(sums) - 1
        # Branches in order of frequency: words, sentence and clause marks, then the rarer roles.
        if kind == WORD:
            if flags & FINAL and (i + span >= n or infos[i + span][1] in _CLAUSE_END):
                val = factor
            elif flags & AFTER_NUMBER and i and (tokens[i - 1][:1].isdigit() or tokens[i - 1] in COUNT_WORDS):
                val = factor
            if val > 0 and i - desire_at <= DESIRE_SCOPE and (flags & COMPARATIVE or tokens[i - 1] in MORE or span > 1
                                                              and _wished_comparative(infos, i, span)):
                val *= DESIRE_FACTOR
            if val > 0 and tokens[i] in SPEED and lang == "nl":
                if scored and i - scored[-1] <= 2 and scored[-1] >= starts[cid] and values[scored[-1]] < 0 \
                        and tokens[i - 1] not in COPULAS:  # "retour was snel": a predicate of the noun, praise
                    j = scored[-1]  # "krast snel", "pluist erg snel": the failure comes soon
                    sums[cid] += values[j] * (SPEED_BOOST - 1.0)
                    values[j] *= SPEED_BOOST
                    continue
                if i + 1 < n and infos[i + 1][0] < 0 and infos[i + 1][1] == WORD:
                    mult, boost_at = SPEED_BOOST, i  # "snel vies", "snel beu": an intensifier of the failure
                    continue
            if val > 0 and i == starts[sent_first] and lang == "nl" and _ironic_opening(tokens, infos, i + span):
                val = -val
            if val:
                v = val * mult if i - boost_at <= 2 else val
                if i - too_at <= 2 and flags & SCALAR:
                    v = min(v * 1.5, TOO_VALENCE) if v <= 0 else TOO_VALENCE
                if shouted and tokens[i] in shouted:
                    v *= CAPS_FACTOR
                if named and tokens[i] in named:
                    v *= NAMED_FACTOR
                if i - compared <= COMPLEMENT_SCOPE:
                    v *= COMPLEMENT_FACTOR
                if i - neg_at <= NEGATION_SCOPE and (v > 0 or neg_all) or (
                        i - negated_at <= 3 and tokens[i - 1] == disjunction and (v > 0) == negated_pos):
                    # "not funny or clever", "niet leuk of spannend": the negation covers the disjunction too
                    negated_pos = v > 0
                    if v > 0 and flags & FUNC:  # "no longer worked", "doesn't work properly": a complaint
                        v = min(v * NEGATE_POSITIVE, NEGATED_FUNCTION)
                    else:
                        v *= NEGATE_POSITIVE if v > 0 else NEGATE_NEGATIVE
                    negated[i] = True
                    if neg_at < n:  # a clause-wide negation is never used up ("none of the new ones worked")
                        if v * v > WEAK_WORD * WEAK_WORD:
                            neg_at, negated_at = -9, i
                        else:  # a near-neutral word passes the negation on: "doesn't leave me with a good feeling"
                            neg_at = i
                v *= weight
            elif i - too_at <= 2 and flags & SCALAR:
                v = TOO_VALENCE * weight
                if i - neg_at <= NEGATION_SCOPE and neg_all:  # "niet te groot", "not too big": no excess, fine
                    v *= NEGATE_NEGATIVE
                    negated[i] = True
                    if neg_at < n:
                        neg_at = -9
            elif flags & FUNC and (i - neg_at <= NEGATION_SCOPE or i - negated_at <= 2 and tokens[i] == ENOUGH):
                # "niet warm genoeg": the negation turned "warm" on the way, and "genoeg" still says it falls short
                v = NEGATED_FUNCTION * weight
                negated[i] = True
                neg_at = -9
            else:
                if flags & DESIRE:
                    desire_at = i
                if flags & FUNC:
                    last_func = i
                elif flags & RAISER and i - neg_at <= NEGATION_SCOPE:
                    neg_at = n  # "I don't think it was good": the negation reaches the end of the clause
                v = 0.0
            if flags & FUNC and v >= 0:
                last_func = i
            if v > 0 and irrealis == cid:
                v *= IRREALIS_FACTOR
            if v:
                values[i] = v
                weights[i] = weight
                sums[cid] += v
                scored.append(i)
                mult, boost_at, too_at = 1.0, -9, -9
        elif kind == END:
            excited = excited or factor > 0
            asked = asked or bool(flags & QUESTION)
            scale = QUESTION_FACTOR if flags & QUESTION else 1.0 + 0.08 * factor
            if not sent_first and i <= TITLE_TOKENS and n - i > 2 * TITLE_TOKENS:
                scale *= TITLE_WEIGHT  # "Tegenvaller. Sorry Harry, maar ...": a short opening verdict sums up
            if scale != 1.0:
                for c in range(sent_first, len(sums)):
                    sums[c] *= scale
            starts.append(i + 1)
            sums.append(0.0)
            sentence_of.append(sentence_of[-1] + 1)
            sent_first = len(sums) - 1
            neg_at, boost_at, too_at, last_func, desire_at = -9, -9, -9, -9, -9
            weight, concessive = 1.0, False
        elif kind == CONJ or kind == CLAUSE:
            if concessive and kind == CLAUSE:
                weight, concessive = CONTRAST_AFTER, False
            if sums[-1] or kind == CLAUSE:
                starts.append(i + 1 if kind == CLAUSE else i)
                sums.append(0.0)
                sentence_of.append(sentence_of[-1])
            neg_at, boost_at, too_at = -9, -9, -9
        elif kind == NEG:
            if flags & FINAL:  # "Gezellig is anders", "Lekker was anders": irony that denies the fronted word
                if lang == "nl" and (j := fronted(values, negated, starts[cid], i, tokens, infos, i + span)) >= 0:
                    turn = NEGATE_POSITIVE if values[j] > 0 else NEGATE_NEGATIVE
                    sums[cid] += negate_fronted(values, negated, j, i, turn)
                continue
            if flags & ABSENCE and 0 < i - neg_at <= 2:
                neg_at = -9  # "not without", "never lacking", "niet zonder": the two negations cancel
                continue
            if i - last_func <= 3 and last_func >= starts[cid] and values[last_func] >= 0:
                # Dutch puts "niet" after the verb: "werkt (helemaal) niet", "laadt niet op", "klopt niet".
                old = values[last_func]
                values[last_func] = NEGATED_FUNCTION * weight
                weights[last_func] = weight
                negated[last_func] = True
                sums[cid] += values[last_func] - old
                if not old:
                    scored.append(last_func)
                last_func = -9
            elif val and not _opinion_ahead(infos, phrase_at, i + span, n):
                # a vow ("Nooit meer!", "hier bestel ik nooit meer") negates nothing after it: it is the complaint
                values[i] = val * weight
                sums[cid] += values[i]
                scored.append(i)
            elif lang == "nl" and (j := fronted(values, negated, starts[cid], i, tokens, infos, i + span)) >= 0:
                # "Blij ben ik er niet mee": the fronted word is negated at the clause's end; an intensifier scored
                # as a word on the way ("waren ze zeker niet") strengthens the negation instead
                sums[cid] += negate_fronted(values, negated, j, i, NEGATE_POSITIVE if values[j] > 0 else NEGATE_NEGATIVE)
            neg_at = n if factor == 2.0 else i + span - 1
            neg_all = factor != 0.0
            saw_negator = True
        elif kind == BOOST:
            nxt = infos[i + span] if i + span < n else NEUTRAL
            # "zeker niet", "really not": before a negator it strengthens the negation, it does not praise
            if flags & DUAL and (not nxt[0] or nxt[1] != WORD) and nxt[1] != NEG:
                v = val * (mult if i - boost_at <= 2 else 1.0) * weight
                if named and tokens[i] in named:  # "Super Rugby", "Super Eagles": a name, not praise
                    v *= NAMED_FACTOR
                if i - neg_at <= NEGATION_SCOPE:  # "ook niet bijzonder", "niet super": negated like a word
                    v *= NEGATE_POSITIVE if v > 0 else NEGATE_NEGATIVE
                    negated[i] = True
                    if neg_at < n:
                        neg_at = -9
                values[i] = v
                weights[i] = weight
                sums[cid] += v
                scored.append(i)
                mult, boost_at = 1.0, -9
            else:
                mult = mult * factor if i - boost_at <= 2 else factor
                boost_at = i + span - 1
        elif kind == CONTRAST:
            for c in range(sent_first, len(sums)):
                sums[c] *= CONTRAST_BEFORE
            first_tok = starts[sent_first]
            for j in scored:
                if j >= first_tok:
                    values[j] *= CONTRAST_BEFORE
                    weights[j] *= CONTRAST_BEFORE
            weight = CONTRAST_AFTER
            starts.append(i)
            sums.append(0.0)
            sentence_of.append(sentence_of[-1])
            neg_at, boost_at = -9, -9
            if val:  # "helaas", "unfortunately" turn the sentence and are negative themselves
                values[i] = val * weight
                weights[i] = weight
                sums[-1] += values[i]
                scored.append(i)
        elif kind == TOO:
            too_at = i
        elif kind == COMPARE:
            compared = i
        elif kind == SCOPE and neg_at < n:  # a raised negation reaches on: "don't see how anyone could enjoy it"
            neg_at = -9
        elif kind == CONCESSIVE:
            weight, concessive = CONTRAST_BEFORE, True
            starts.append(i)
            sums.append(0.0)
            sentence_of.append(sentence_of[-1])
        elif kind == IRREALIS:
            if tokens[i] == "geweest" and not _pluperfect(tokens, starts[cid], i) \
                    or tokens[i] in _EXPECTED and not _expected(tokens, starts[cid], i):
                continue
            irrealis = cid
            for j in scored:
                if j >= starts[cid] and values[j] > 0:
                    sums[cid] += values[j] * (IRREALIS_FACTOR - 1)
                    values[j] *= IRREALIS_FACTOR
                elif j >= starts[cid] and negated[j] and infos[j][3] & COMPARATIVE:
                    # "had niet mooier gekund": a comparative denied in a counterfactual is the highest praise
                    sums[cid] -= 2 * values[j]
                    values[j] = -values[j]
    raw = sum(sums) + (NEGATIVE_WEIGHT - 1.0) * sum(filter(_ZERO.__gt__, sums))
    if not raw and lean:
        raw = NEGATION_LEAN if saw_negator else EXCLAMATION_LEAN if excited else QUESTION_LEAN if asked else 0.0
        if not raw and any(map(str.isalpha, tokens)):
            raw = NARRATIVE_LEAN if _narrates(tokens, lang) else PLAIN_LEAN
    return Pass(values, negated, starts, sums, sentence_of, raw, infos, weights=weights, named=named)
