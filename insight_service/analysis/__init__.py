"""Offline text analysis of Dutch and English customer feedback: a pure library (no Flask, no database)."""

from __future__ import annotations

from .pipeline import ANALYZER_VERSION, analyze, analyze_many, sentiment_score
from .result import Analysis, EmotionHit, JourneySignal, PainPointHit, Sentiment
from .scoring import POSITIVE_THRESHOLD
from .taxonomy import PainPointCode, Taxonomy, taxonomy
from .tokens import DEFAULT_MAX_CHARS


def use_taxonomy_overlay(path: str | None) -> None:
    """Add the codes of an operator's overlay file to the taxonomy (and rebuild the matcher over them)."""
    from . import pipeline
    from .taxonomy import taxonomy as current, use_overlay

    before = current()
    use_overlay(path)
    if current() is not before:
        pipeline._matcher.cache_clear()


__all__ = [
    "ANALYZER_VERSION",
    "DEFAULT_MAX_CHARS",
    "POSITIVE_THRESHOLD",
    "Analysis",
    "EmotionHit",
    "JourneySignal",
    "PainPointCode",
    "PainPointHit",
    "Sentiment",
    "Taxonomy",
    "analyze",
    "analyze_many",
    "sentiment_score",
    "taxonomy",
    "use_taxonomy_overlay",
]
