"""Shared fixtures for the text-analysis tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES_FILE = Path(__file__).with_name("pain_points_cases.yaml")


@pytest.fixture(scope="session")
def pain_point_cases() -> list[dict]:
    """The hand-written pain-point cases shared with benchmarks/pain_points_eval.py."""
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
