"""NUL characters: no database column takes them (PostgreSQL refuses them in text and JSON), so inputs holding
one are refused, naming the field that holds it."""
from __future__ import annotations

NUL = "\x00"


def has_nul(value) -> bool:
    """Whether any string (key or value) inside holds a NUL; cheap on the common case of none."""
    if type(value) is str:
        return NUL in value
    if isinstance(value, dict):
        return any((type(k) is str and NUL in k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def nul_fields(value, path: str = "") -> list[str]:
    """Dotted paths of the strings (keys or values) holding a NUL character."""
    if isinstance(value, str):
        return [path or "body"] if NUL in value else []
    if isinstance(value, dict):
        found = [f"{path}.{k}".lstrip(".") for k in value if isinstance(k, str) and NUL in k]
        return found + [p for k, v in value.items() for p in nul_fields(v, f"{path}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nul_fields(v, f"{path}.{i}".lstrip("."))]
    return []
