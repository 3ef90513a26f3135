"""The versioned pain-point taxonomy, loaded from data/taxonomy.yaml (R&D extends the file, not the code)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Mapping

from .lexicon import read_yaml

DEPARTMENTS = frozenset({"service", "rnd", "marketing", "sales", "logistics", "finance"})


@dataclass(frozen=True, slots=True)
class PainPointCode:
    """One pain-point code: labels, owning department, misuse flag and its patterns per language."""

    code: str
    label_en: str
    label_nl: str
    owner: str
    misuse: bool
    terms: Mapping[str, tuple[str, ...]]
    negative_terms: Mapping[str, tuple[str, ...]]
    suppressed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The loaded taxonomy: its version and the codes in file order."""

    version: str
    codes: Mapping[str, PainPointCode]

    def to_dict(self) -> dict:
        """Version and per code its labels, owner and misuse flag (patterns left out), for JSON."""
        return {
            "version": self.version,
            "codes": {
                c.code: {"label": {"en": c.label_en, "nl": c.label_nl}, "owner": c.owner, "misuse": c.misuse}
                for c in self.codes.values()
            },
        }


def _patterns(raw: object) -> Mapping[str, tuple[str, ...]]:
    """Per-language pattern lists as immutable tuples."""
    raw = raw if isinstance(raw, dict) else {}
    return MappingProxyType({lang: tuple(str(p) for p in raw.get(lang) or ()) for lang in ("en", "nl")})


def parse_taxonomy(raw: dict) -> Taxonomy:
    """Validate and build a Taxonomy from the parsed YAML document."""
    codes: dict[str, PainPointCode] = {}
    for code, spec in (raw.get("codes") or {}).items():
        owner = str(spec.get("owner", ""))
        if owner not in DEPARTMENTS:
            raise ValueError(f"pain point {code!r}: owner {owner!r} is not one of {sorted(DEPARTMENTS)}")
        label = spec.get("label") or {}
        codes[str(code)] = PainPointCode(
            code=str(code),
            label_en=str(label.get("en", code)),
            label_nl=str(label.get("nl", label.get("en", code))),
            owner=owner,
            misuse=bool(spec.get("misuse", False)),
            terms=_patterns(spec.get("terms")),
            negative_terms=_patterns(spec.get("negative_terms")),
            suppressed_by=tuple(str(c) for c in spec.get("suppressed_by") or ()),
        )
    for spec in codes.values():
        unknown = set(spec.suppressed_by) - codes.keys()
        if unknown:
            raise ValueError(f"pain point {spec.code!r}: suppressed_by names unknown codes {sorted(unknown)}")
    return Taxonomy(version=str(raw.get("version", "0")), codes=MappingProxyType(codes))


_overlay: list[str | None] = [None]  # the operator's overlay file, set by use_overlay (the app's config)


def read_overlay(path: str) -> dict:
    """An overlay file's document ({} when it does not exist yet)."""
    import yaml

    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def merge_overlay(base: dict, overlay: dict) -> dict:
    """The shipped document with the overlay's codes added (or replacing a code of the same name) and its version."""
    codes = {**(base.get("codes") or {}), **(overlay.get("codes") or {})}
    return {**base, "codes": codes, "version": str(overlay.get("version") or base.get("version", "0"))}


def use_overlay(path: str | None) -> None:
    """Read codes an operator added (themes promoted by `insight-service themes promote`) from this file as well."""
    if path != _overlay[0]:
        _overlay[0] = path or None
        taxonomy.cache_clear()


@cache
def taxonomy() -> Taxonomy:
    """The shipped taxonomy with the operator's overlay, parsed once per process (again after use_overlay)."""
    base = read_yaml("taxonomy.yaml")
    return parse_taxonomy(merge_overlay(base, read_overlay(_overlay[0])) if _overlay[0] else base)
