"""Final score: the text's sentiment blended with a star rating when one is given, and its label."""

from __future__ import annotations

import math
from math import sqrt

from .result import Label, Sentiment

POSITIVE_THRESHOLD = 0.05  # score >= +0.05 is positive, <= -0.05 negative, in between neutral (VADER's cut-offs)
TEXT_WEIGHT = 0.65  # the text decides; a rating nudges (people click 4 stars and describe a broken product)
NORMALISE_ALPHA = 15.0  # VADER's normalisation constant: s / sqrt(s^2 + alpha)
RATING_ONLY_WEIGHT = 0.75  # with no sentiment words at all, the rating speaks but never at full strength


def rating_score(rating: object) -> float | None:
    """Map a 1-5 star rating (or a 6-10 point one) to [-1, 1]; anything else is ignored, never an error."""
    if isinstance(rating, bool) or rating is None:
        return None
    try:
        value = float(rating)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or value < 0 or value > 10:
        return None
    if value <= 5:
        return max(-1.0, (value - 3.0) / 2.0)
    return (value - 5.5) / 4.5


def blend(text_score: float, rating: object) -> float:
    """Combine text and rating scores, clipped to [-1, 1]."""
    r = rating_score(rating)
    if r is None:
        score = text_score
    elif not text_score:
        score = RATING_ONLY_WEIGHT * r
    else:
        score = TEXT_WEIGHT * text_score + (1 - TEXT_WEIGHT) * r
    return round(max(-1.0, min(1.0, score)), 4)


def label(score: float) -> Label:
    """Three-way label from the documented thresholds."""
    if score >= POSITIVE_THRESHOLD:
        return "positive"
    if score <= -POSITIVE_THRESHOLD:
        return "negative"
    return "neutral"


def sentiment_of(text_score: float, rating: object) -> Sentiment:
    """The public Sentiment value for a text score and optional rating."""
    score = blend(text_score, rating)
    return Sentiment(score, label(score))


def normalise(raw: float) -> float:
    """Map an unbounded valence sum into [-1, 1] (VADER's normalisation)."""
    if not raw:
        return 0.0
    score = raw / sqrt(raw * raw + NORMALISE_ALPHA)
    return max(-1.0, min(1.0, score))
