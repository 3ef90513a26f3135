"""Text cells that would start a spreadsheet formula get a leading quote; everything else is left exact."""
import json

import pytest

from insight_service.services.aggregates.spreadsheet_cells import inert_cell, inert_comment_json

DANGEROUS = ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "\0=1+1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_start_gets_a_leading_quote(value):
    assert inert_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Barista Pro", "", " =1+1", "'=1+1", "a=b", "#3", "100% koffie", None, -0.42,
                                   7, 3.5])
def test_other_values_are_left_as_they_are(value):
    assert inert_cell(value) is value


def test_comment_json_parses_back_exactly_and_has_no_comma_in_its_strings():
    value = {"sku": "a,=cmd|' /c calc'!A1,", "list": ["x,y", 1, -2], "k": 5}
    text = inert_comment_json(value)
    assert json.loads(text) == value
    # a spreadsheet splits the line at commas: every piece after the first starts with a space
    assert all(piece.startswith(" ") for piece in text.split(",")[1:]), text
