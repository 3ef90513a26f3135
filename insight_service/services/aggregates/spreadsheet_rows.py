"""Aggregate rows as spreadsheet records: the cells of a CSV line or an XLSX row, text made inert, quotes joined.

The CSV rule (docs/insights.md): every text field is quoted; numbers are written bare as Python writes them
(ints as ints, floats in their shortest exact form: `5`, `-0.25`, `0.1234`); a missing value is an empty field
without quotes, so readers that tell NULL from an empty text (PostgreSQL's COPY ... CSV, R's readr) read it as
missing, while an empty text is `""`.
"""
from __future__ import annotations

import csv
import math
from operator import itemgetter

from .pain_points import COLUMNS
from .spreadsheet_cells import FORMULA_STARTS, PREFIX

NUMBER_COLUMNS = frozenset({"mentions", "distinct_authors", "share_of_product_feedback", "average_sentiment",
                            "buyers", "reporting_buyers", "incidence_among_buyers"})
QUOTE_JOIN = " | "
_TEXT = tuple(i for i, name in enumerate(COLUMNS) if name not in NUMBER_COLUMNS)  # quotes included
_QUOTES = COLUMNS.index("quotes")
_values = itemgetter(*COLUMNS)
_STARTS = frozenset(FORMULA_STARTS)


class _Missing:
    """A CSV field written empty and unquoted: QUOTE_NONNUMERIC quotes what is not a number, and this is one.

    csv.writer quotes None as `""` under QUOTE_NONNUMERIC before Python 3.12 (whose QUOTE_STRINGS would do
    this); a value that has __float__ counts as a number, so it is written bare, as its str: nothing.
    """

    __slots__ = ()

    def __float__(self) -> float:
        return math.nan

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


MISSING = _Missing()


def csv_writer(stream):
    """The export's csv.writer: text quoted, numbers and MISSING bare, lines ended by LF."""
    return csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")


def spreadsheet_record(row: dict, missing=MISSING) -> list:
    """The row's cells in COLUMNS order: quotes joined, text cells inert (OWASP), None as `missing`.

    Text columns hold str or None (as aggregate_rows yields them), so a first character decides: no type checks.
    """
    cells = list(_values(row))
    cells[_QUOTES] = QUOTE_JOIN.join(cells[_QUOTES] or ())
    for i in _TEXT:
        value = cells[i]
        if value and value[0] in _STARTS:
            cells[i] = PREFIX + value
    if None in cells:  # a C-speed scan; most rows hold a None somewhere only where k-anonymity hid a count
        return [missing if value is None else value for value in cells]
    return cells
