"""Lone UTF-16 surrogates: JSON's "\\ud800" escape decodes to a string no UTF-8 encoder, database or response
can take, so inputs holding one are refused naming the field (a batch quarantines only that record)."""
from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")
# JSON holds a lone surrogate only as a \uD800-\uDFFF escape (a valid pair decodes to one character)
ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
MESSAGE = "must be valid Unicode (a lone UTF-16 surrogate such as \\ud800 is not)"


def has_surrogate(value) -> bool:
    """Whether any string (key or value) inside holds a lone surrogate; cheap on the common case of none."""
    if type(value) is str:
        # isascii() reads a flag of the string object: most fields (ids, dates, hashes, many texts) skip the regex
        return not value.isascii() and SURROGATE.search(value) is not None
    if isinstance(value, dict):
        for key, item in value.items():
            if type(key) is str and not key.isascii() and SURROGATE.search(key) is not None:
                return True
            if type(item) is str:
                if not item.isascii() and SURROGATE.search(item) is not None:
                    return True
            elif isinstance(item, (dict, list)) and has_surrogate(item):
                return True
        return False
    if isinstance(value, list):
        for item in value:
            if has_surrogate(item):
                return True
    return False


def surrogate_fields(value, path: str = "") -> list[str]:
    """Dotted paths of the strings (keys or values) holding a lone surrogate."""
    if isinstance(value, str):
        return [path or "body"] if SURROGATE.search(value) else []
    if isinstance(value, dict):
        found = [f"{path}.{k}".lstrip(".") for k in value if isinstance(k, str) and SURROGATE.search(k)]
        return found + [p for k, v in value.items() for p in surrogate_fields(v, f"{path}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in surrogate_fields(v, f"{path}.{i}".lstrip("."))]
    return []


def replace_surrogates(text: str) -> str:
    """The text with each lone surrogate as U+FFFD (a storable copy of a refused record)."""
    return SURROGATE.sub("\ufffd", text)
