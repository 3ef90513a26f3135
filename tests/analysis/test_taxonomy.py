"""The versioned, data-driven pain-point taxonomy."""

from __future__ import annotations

import pytest

from insight_service.analysis import ANALYZER_VERSION, analyze, taxonomy
from insight_service.analysis.taxonomy import DEPARTMENTS, parse_taxonomy

REQUIRED = {"defect", "battery", "delivery", "price", "customer_service", "usability", "size_fit", "software",
            "returns", "billing", "packaging"}


def test_required_codes_with_owner_and_labels() -> None:
    """All required codes exist with an owning department and labels in both languages."""
    tax = taxonomy()
    assert REQUIRED <= set(tax.codes)
    for code in tax.codes.values():
        assert code.owner in DEPARTMENTS
        assert code.label_en and code.label_nl
        assert code.terms["nl"] and code.terms["en"]


def test_only_usability_is_misuse() -> None:
    """The usability/instructions code carries the misuse flag (the read side suggests sending the manual)."""
    assert [c.code for c in taxonomy().codes.values() if c.misuse] == ["usability"]


def test_versions_are_exposed_on_results() -> None:
    """Stored results carry the analyser and taxonomy versions for re-analysis."""
    result = analyze("De levering was te laat")
    assert result.analyzer_version == ANALYZER_VERSION
    assert result.taxonomy_version == taxonomy().version
    assert result.to_dict()["taxonomy_version"] == taxonomy().version


def test_unknown_owner_is_rejected() -> None:
    """A taxonomy file with an unknown department fails loudly at load time."""
    with pytest.raises(ValueError, match="owner"):
        parse_taxonomy({"version": "x", "codes": {"odd": {"owner": "nobody", "label": {"en": "Odd"}}}})


def test_extending_the_file_needs_no_code() -> None:
    """A new code parses from data alone."""
    tax = parse_taxonomy(
        {"version": "9", "codes": {"smell": {"owner": "rnd", "label": {"en": "Smell", "nl": "Geur"},
                                             "terms": {"nl": ["geur*"], "en": ["smell*"]}}}}
    )
    assert tax.version == "9" and tax.codes["smell"].terms["nl"] == ("geur*",)


def test_taxonomy_to_dict_for_the_read_side() -> None:
    """to_dict() gives labels, owner and misuse per code."""
    data = taxonomy().to_dict()
    assert data["codes"]["usability"]["misuse"] is True
    assert data["codes"]["delivery"] == {
        "label": {"en": "Delivery and shipping", "nl": "Levering en bezorging"}, "owner": "logistics", "misuse": False
    }


def test_an_overlay_adds_codes_and_sets_the_version(tmp_path):
    """Codes promoted from themes load over the shipped taxonomy; without the overlay they are gone again."""
    from insight_service.analysis import analyze, use_taxonomy_overlay

    overlay = tmp_path / "overlay.yaml"
    overlay.write_text('version: "2024.1+local.1"\ncodes:\n  app_logout:\n    owner: rnd\n'
                       '    label: {en: App logs out}\n    negative_terms: {en: ["logs me out"]}\n')
    try:
        use_taxonomy_overlay(str(overlay))
        assert taxonomy().version == "2024.1+local.1" and "defect" in taxonomy().codes
        assert taxonomy().codes["app_logout"].label_nl == "App logs out"
        assert "app_logout" in {p.code for p in analyze("The app logs me out").pain_points}
    finally:
        use_taxonomy_overlay(None)
    assert "app_logout" not in taxonomy().codes
    assert "app_logout" not in {p.code for p in analyze("The app logs me out").pain_points}
