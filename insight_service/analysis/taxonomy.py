"""The versioned pain-point taxonomy, loaded from data/taxonomy.yaml (R&D extends the file, not the code)."""

from __future__ import annotations

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


@cache
def taxonomy() -> Taxonomy:
    """The shipped taxonomy, parsed once per process."""
    return parse_taxonomy(read_yaml("taxonomy.yaml"))
