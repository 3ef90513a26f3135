"""Promote a discovered theme into the taxonomy: a new code in the operator's overlay file, a new taxonomy version.

The code's patterns are the theme's phrases as customers wrote them (two to four words, in their items'
languages), as `negative_terms`: the theme was found in negative clauses, and "the hinge snaps" holds no
sentiment word of its own. After promotion, `insight-service reanalyze` re-codes stored feedback (every item's
taxonomy version is now stale), and the clauses the new code covers leave the themes.
"""
from __future__ import annotations

import re
from collections import Counter

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...analysis.lexicon import read_yaml
from ...analysis.taxonomy import DEPARTMENTS, merge_overlay, parse_taxonomy, read_overlay
from ...models import Feedback, FeedbackTheme, Product
from ..privacy.scrubbing import scrub

CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
MAX_TERMS = 12
MAX_WORDS = 4


class PromotionError(ValueError):
    """The promotion cannot be written (unknown theme, taken code name, bad owner)."""


def theme_terms(session: Session, key: str, sku: str | None = None) -> dict[str, list[str]]:
    """The theme's most written short phrases per language ({"en": [...], "nl": [...]})."""
    query = (select(FeedbackTheme.label, Feedback.language, func.count()).select_from(FeedbackTheme)
             .join(Feedback, Feedback.id == FeedbackTheme.feedback_id).where(FeedbackTheme.key == key)
             .group_by(FeedbackTheme.label, Feedback.language))
    if sku:
        query = query.join(Product, Product.id == Feedback.product_id).where(Product.sku == sku)
    counts: dict[str, Counter] = {"en": Counter(), "nl": Counter()}
    for label, language, n in session.execute(query):
        phrase = scrub(label) or ""
        if 2 <= len(phrase.split()) <= MAX_WORDS and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", phrase):
            counts["nl" if language == "nl" else "en"][phrase] += n
    return {lang: [p for p, _n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]]
            for lang, c in counts.items()}


def _next_version(base: str, previous: str | None) -> str:
    """'<shipped version>+local.<n>', one higher than the overlay's last promotion."""
    n = 0
    if previous and previous.startswith(base + "+local."):
        n = int(previous.rsplit(".", 1)[1]) if previous.rsplit(".", 1)[1].isdigit() else 0
    return f"{base}+local.{n + 1}"


def promote(path: str, code: str, *, label_en: str, label_nl: str | None, owner: str,
            terms: dict[str, list[str]], source_key: str) -> str:
    """Write the code into the overlay file at path and return the new taxonomy version."""
    if not CODE.match(code):
        raise PromotionError(f"code {code!r}: use 2-32 lower-case letters, digits or _, starting with a letter")
    if owner not in DEPARTMENTS:
        raise PromotionError(f"owner {owner!r} is not one of {sorted(DEPARTMENTS)}")
    if not any(terms.values()):
        raise PromotionError(f"theme {source_key!r} has no stored phrase to match; name terms with --term")
    base = read_yaml("taxonomy.yaml")
    if code in (base.get("codes") or {}):
        raise PromotionError(f"code {code!r} is a shipped code; choose another name")
    overlay = read_overlay(path)
    version = _next_version(str(base.get("version", "0")), overlay.get("version"))
    codes = dict(overlay.get("codes") or {})
    codes[code] = {"owner": owner, "label": {"en": label_en, "nl": label_nl or label_en},
                   "promoted_from_theme": source_key, "terms": {"en": [], "nl": []},
                   "negative_terms": {lang: list(found) for lang, found in terms.items()}}
    document = {"version": version, "codes": codes}
    parse_taxonomy(merge_overlay(base, document))  # refuse to write what the loader would reject
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Codes promoted from discovered themes (insight-service themes promote); loaded over the shipped\n"
                 "# taxonomy when TAXONOMY_OVERLAY names this file. Run `insight-service reanalyze` after a change.\n")
        yaml.safe_dump(document, fh, allow_unicode=True, sort_keys=False)
    return version
