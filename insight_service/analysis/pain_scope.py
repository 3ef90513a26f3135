"""Where a pain-point mention stands: its clause, negators, conditions, other products and comparisons."""

from __future__ import annotations

from functools import cache

from .aspects import aspects
from .lexicon import rules
from .sentiment import Pass

NEGATION_REACH = 3  # tokens before an opinion or complaint in which a negator turns it ("not high", "never died")
OTHER_REACH = 4  # tokens before a mention in which "old", "previous" make it about another product
CONDITION_REACH = 5  # tokens after "if" that its condition covers ("if the battery ever dies")
COMPLEMENT_REACH = 5  # tokens after "than", "unlike" that describe the thing compared with
_CASE_OPENERS = frozenset(("in", "incase", "just"))
_CONDITIONALS = frozenset(("if", "unless", "mocht", "mochten", "tenzij"))  # open a condition of their own
_RELATIVE = frozenset(("that", "which", "who", "whose", "dat", "die", "wat", "welke"))  # start a clause of their own
# may stand between a subject and its failure ("he has sadly died", "ik ben kapot")
_BETWEEN = frozenset(("has", "have", "had", "is", "was", "are", "were", "am", "just", "also", "then", "sadly",
                      "suddenly", "finally", "already", "recently", "tragically", "heeft", "hebben", "ben", "bent",
                      "zijn", "waren", "werd", "wordt", "ook", "helaas"))
_IF = frozenset(("if", "als", "indien"))
_THAN = frozenset(("than", "then", "dan"))
_DEGREE = frozenset(("less", "more", "nothing", "anything"))
# before the body a failure hurt ("breaking his hand", "toen zijn pols brak")
_POSSESSIVE = frozenset(("my", "his", "her", "their", "your", "our", "mijn", "zijn", "haar", "hun", "je", "jouw"))
_AGREEING = frozenset(("as", "like", "zoals"))  # "as others say, the fan is loud": the customer agrees
_DETERMINER = frozenset(("my", "the", "our", "his", "her", "their", "mijn", "de", "het", "onze", "ons", "zijn", "haar"))
_EARLIER = frozenset(("old", "previous", "former", "oude", "vorige", "eerdere", "vroegere"))
_DEVICE = frozenset(("laptop", "computer", "machine", "notebook", "netbook", "pc", "mac", "model", "one", "unit",
                     "device", "phone", "tablet", "toestel", "apparaat", "telefoon", "exemplaar"))
_PROBLEM = frozenset(("problem", "problems", "issue", "issues", "trouble", "probleem", "problemen", "last"))


@cache
def _markers(lang: str) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First word -> (kind, phrase) of the language's multi-word markers: counterfactual, reported, complement, and
    the comparison words ("than", "unlike") as one-word complements; one lookup per token finds them all."""
    lex, out = aspects(), {}
    kinds = (("counterfactual", lex.counterfactual.get(lang, ())), ("reported", lex.reported.get(lang, ())),
             ("complement", lex.complement.get(lang, ())),
             ("complement", frozenset((w,) for w in rules()[lang].comparison)))
    for kind, phrases in kinds:
        for phrase in phrases:
            out.setdefault(phrase[0], []).append((kind, phrase))
    return {w: tuple(found) for w, found in out.items()}


class Context:
    """Clause bounds, negators and hypothetical markers of one text, asked for per hit."""

    __slots__ = ("sp", "tokens", "negators", "clause_negators", "hypothetical", "other", "n", "values", "not_product",
                 "counterfactual", "complement", "body", "reported", "earlier")

    def __init__(self, sp: Pass, tokens: list[str], lang: str) -> None:
        """Keep the pass and the language's word sets."""
        self.sp, self.tokens, self.n = sp, tokens, len(tokens)
        # local polarity: each word's valence without the weight of its place ("terrible, but ..." is not halved)
        self.values = [v / w for v, w in zip(sp.values, sp.weights)] if sp.weights else sp.values
        lang = lang if lang in ("en", "nl") else "en"
        self.negators = rules()[lang].negators
        self.clause_negators = rules()[lang].clause_negators
        lex = aspects()
        self.hypothetical = lex.hypothetical[lang]
        self.other = lex.other_product[lang]
        self.not_product = lex.not_product[lang]
        self.body = lex.body_parts.get(lang, frozenset())
        self.reported: list[int] = []
        self.counterfactual: list[int] = []
        ends: list[int] = []
        markers, values = _markers(lang), self.values
        self.earlier = [i for i, t in enumerate(tokens) if t in _EARLIER]  # "my old machine", "de vorige laptop"
        for i in [i for i, t in enumerate(tokens) if t in markers]:
            for kind, phrase in markers[tokens[i]]:
                end = i + len(phrase)
                if len(phrase) > 1 and tuple(tokens[i:end]) != phrase:
                    continue
                if kind == "counterfactual":
                    self.counterfactual.append(i)
                elif kind == "reported":
                    if _AGREEING.isdisjoint(tokens[max(0, i - 2):i]):
                        self.reported.append(i)
                elif len(phrase) > 1 or not (i and tokens[i - 1] in _DEGREE and end < self.n and values[end]):
                    ends.append(end)  # "less than ideal", "more than happy" grade an opinion word: no comparison
        self.complement = self._complements(ends) if ends else {}

    def _complements(self, ends: list[int]) -> dict[int, bool]:
        """Tokens that describe the thing compared with, up to 5 after "than", "unlike", "compared to" in their
        sentence; True for those after "than" (a graded comparison, whose predicate came before it)."""
        tokens = self.tokens
        sp = self.sp
        out: dict[int, bool] = {}
        for end in ends:
            sentence = sp.clause_sentence[sp.clause_at(end - 1)]
            graded = tokens[end - 1] in _THAN
            stop = min(self.n, end + COMPLEMENT_REACH)
            i = end
            while i < stop:
                cid = sp.clause_at(i)
                if sp.clause_sentence[cid] != sentence:
                    break
                if tokens[i] in _RELATIVE:  # "a Toshiba that isn't good at all": its relative clause describes it
                    stop = max(stop, self.bounds(cid)[1])
                out[i] = out.get(i, False) or graded
                i += 1
        return out

    def graded(self, first: int, end: int) -> list[int]:
        """Tokens between `first` and `end` in the complement of a graded comparison ("costs more than a Toshiba
        that isn't good"): they judge the other thing. "Vista compared to XP sucks" still judges Vista."""
        return [i for i, graded in self.complement.items() if graded and first <= i < end]

    def bounds(self, cid: int) -> tuple[int, int]:
        """First token and end (exclusive) of a clause."""
        starts = self.sp.clause_starts
        return starts[cid], starts[cid + 1] if cid + 1 < len(starts) else self.n

    def negated(self, start: int, first: int) -> bool:
        """Is a negator within reach before `start`, inside the clause starting at `first`?"""
        return any(t in self.negators for t in self.tokens[max(first, start - NEGATION_REACH):start])

    def hypothetical_before(self, start: int, first: int, complaint: bool = False) -> bool:
        """Does the clause say "if", "in case" (not "charging case"), "hopefully" before `start`?

        For a complaint, "if" and "unless" only cover their own short condition: "if it breaks" is hypothetical,
        "if I use it on my lap it burns my legs" says what happens whenever it is used."""
        tokens = self.tokens
        if any(first <= i < start for i in self.reported):
            return True  # "people complain about the battery": others' report, not the customer's
        if complaint and any(first <= i < start and start - i <= CONDITION_REACH for i in self.counterfactual):
            return True  # "I should have sent it back": what would have happened did not ("I wouldn't have bought
            # it had I known it overheats" still reports the overheating)
        return any(t in self.hypothetical and (t != "case" or i > first and tokens[i - 1] in _CASE_OPENERS)
                   and not (complaint and t in _CONDITIONALS and start - i > CONDITION_REACH)
                   for i, t in enumerate(tokens[first:start], first))

    def doubted_after(self, end: int) -> bool:
        """Does a short condition right after a complaint doubt it exists ("glitches, if there are any", "problems,
        if any", "storingen, als die er al zijn")? "It overheats, if you ever run games" says when it happens."""
        tokens = self.tokens
        for k in range(end, min(end + 2, self.n)):
            if tokens[k] in _IF:
                after = tokens[k + 1:k + 5]
                return "any" in after or any(a == "er" and b == "al" for a, b in zip(after, after[1:]))
        return False

    def other_product(self, start: int, first: int, noun: bool = False) -> bool:
        """Is the mention about another product ("my old laptop died", "mijn vorige telefoon")?

        A relative word before an aspect noun ends the marker ("previous reviews which say support is bad"), not
        before a failure ("my old laptop that died")."""
        for t in reversed(self.tokens[max(first, start - OTHER_REACH):start]):
            if noun and t in _RELATIVE:
                return False
            if t in self.other:
                return True
        return False

    def other_in_clause(self, first: int, last: int) -> bool:
        """Does the clause tell of another product ("Vista was slow on my old machine", "the old model had a flimsy
        hinge")? Only a determiner or possessive, "old" or "previous" and a device: "two years old" is an age, "the
        previous comment" no product; one compared with ("worse than the one on my old laptop") is the other thing."""
        tokens = self.tokens
        return any(first < i < last - 1 and tokens[i - 1] in _DETERMINER and tokens[i + 1] in _DEVICE
                   and i - 1 not in self.complement for i in self.earlier)

    def named(self, start: int, end: int) -> bool:
        """Is the phrase part of a Capitalised name or title ("Evil Dead", "Breaking Dawn", "Grateful Dead")?"""
        named = self.sp.named
        return bool(named) and all(t in named for t in self.tokens[start:end])

    def no_product(self, start: int, end: int, first: int) -> bool:
        """Does a failure or a part's complaint belong to something that is no product: a person or a work ("he
        died", "the film fails", "dead fish", "het verhaal wordt afgebroken"), or a body ("breaking his hand")?"""
        tokens = self.tokens
        i = start - 1
        while i > first and tokens[i] in _BETWEEN:
            i -= 1
        return (i >= first and tokens[i] in self.not_product
                or end - start == 1 and end < self.n and (
                    tokens[end] in self.not_product
                    or tokens[end] in _POSSESSIVE and end + 1 < self.n and tokens[end + 1] in self.body)
                or start >= first + 2 and tokens[start - 1] in self.body and tokens[start - 2] in _POSSESSIVE)

    def compared(self, start: int) -> bool:
        """Is `start` in the complement of a comparison ("better than the slow and buggy Windows laptops", "Vista
        compared to XP")? The complement may span a conjunction that opened a clause of its own, not a sentence end."""
        return start in self.complement

    def clause_negated(self, start: int, first: int) -> bool:
        """Does a clause-wide negator ("none of the techs", "niemand") come before `start` in the clause?"""
        return any(t in self.clause_negators for t in self.tokens[first:start])

    def absent_before(self, start: int, first: int) -> bool:
        """Does the clause deny any problem before `start` ("never had a problem with it freezing")?"""
        tokens, negators = self.tokens, self.negators
        return any(t in _PROBLEM and any(w in negators for w in tokens[max(first, i - NEGATION_REACH):i])
                   for i, t in enumerate(tokens[first:start], first))

    def negated_after(self, end: int, last: int) -> bool:
        """Dutch negates after the verb: "ze helpen niet", "reageren niet"."""
        return end < last and self.tokens[end] in self.negators
