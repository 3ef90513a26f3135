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
        return SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any((type(k) is str and SURROGATE.search(k) is not None) or has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogate(v) for v in value)
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
