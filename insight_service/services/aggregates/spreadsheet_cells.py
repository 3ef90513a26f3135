"""Spreadsheet formula injection (OWASP "CSV Injection"): text cells made inert before CSV and XLSX writers.

Product names, categories, source names and quotes come from customers and CRMs. Excel and LibreOffice run a
cell that begins with one of FORMULA_STARTS as a formula (=HYPERLINK(...), =cmd|'/c calc'!A1, @SUM(...)), so the
CSV and XLSX exports prefix such text cells with a single quote, as OWASP recommends: the spreadsheet shows them
as text. Only strings are touched: numbers (a negative average sentiment) stay numbers, and the JSON and Parquet
exports, data formats rather than spreadsheets, keep every value exact.
"""
from __future__ import annotations

import json
import re

# OWASP's list (= + - @ tab, carriage return), NUL as ASVS 1.2.10 adds, and line feed, read like a CR.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
PREFIX = "'"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def inert_cell(value):
    """The value a spreadsheet shows as it is: a string that begins like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return PREFIX + value
    return value


def inert_comment_json(value) -> str:
    """JSON for a CSV '#' line with no comma inside its strings, so no cell a spreadsheet splits off is ours.

    A spreadsheet reads a '#' line as cells split at commas; a filter value like "a,=cmd|' /c calc'!A1" would
    otherwise start a cell of its own. Inside strings a comma becomes the escape \\u002c (the same JSON once
    parsed), and the cells split at the JSON's own commas begin with a space.
    """
    text = json.dumps(value, default=str)
    return _JSON_STRING.sub(lambda m: m.group(0).replace(",", "\\u002c"), text)
