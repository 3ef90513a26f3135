"""Pain-point rules of issue 13, round 8: Dutch complaints about defects, service waits, size, refunds and charges."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.pain_points import _middle_field


def codes(text: str) -> set[str]:
    """Pain-point codes found in a Dutch text."""
    return {p.code for p in analyze(text, language="nl").pain_points}


def test_middle_field_forms() -> None:
    """A verb and its particle take an adverb between them; "niet" takes "meer"; wildcards stay as written."""
    assert "slaat steeds af" in _middle_field("slaat af")
    assert _middle_field("gaat niet aan") == ("gaat niet meer aan",)
    assert _middle_field("val* klein") == ()
    assert _middle_field("kapot") == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        # an adverb in the middle field or "meer" after "niet" (was no pain point)
        ("Hij slaat steeds af.", {"defect"}),
        ("Hij gaat niet meer aan.", {"defect"}),
        ("Het apparaat start niet meer.", {"defect"}),
        # a form listed as written keeps its own code: a connection dropping out is software, not also a defect
        ("De verbinding valt steeds uit.", {"software"}),
        # waits for food or the bill told with the infinitive, and waits of ages
        ("We moesten een uur wachten op ons eten.", {"customer_service"}),
        ("Het duurde eeuwen voordat we de rekening kregen.", {"customer_service"}),
        ("We hoefden niet lang te wachten op ons eten.", set()),
        ("Het was het wachten zeker waard, heerlijk gegeten.", set()),
        ("Ze moest een uur wachten op de trein.", set()),
        # size with an intensifier, or a size to order instead
        ("De schoenen vallen erg klein.", {"size_fit"}),
        ("Je moet echt een maat groter bestellen.", {"size_fit"}),
        ("Valt normaal qua maat.", set()),
        # money that did not come back is the refund's (returns), not billing's
        ("Geld niet teruggekregen.", {"returns"}),
        ("Ik wacht nog steeds op mijn geld, ze hebben nooit terugbetaald.", {"returns"}),
        ("Het geld werd binnen twee dagen teruggestort.", set()),
        # "terugbetaling" is no payment ("betaling*" no longer reaches it)
        ("De terugbetaling is nooit gekomen, slecht.", {"returns"}),
        # charged twice, said without "factuur"
        ("Ik ben twee keer gefactureerd voor dezelfde bestelling.", {"billing"}),
        ("Het bedrag is dubbel geïncasseerd.", {"billing"}),
        ("De betaling ging snel en zonder problemen.", set()),
    ],
)
def test_dutch_complaints(text: str, expected: set[str]) -> None:
    """Dutch complaints of real feedback kinds are found; the praise beside them is not one."""
    assert codes(text) == expected
