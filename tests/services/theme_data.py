"""Products with themes no taxonomy code covers (a hinge that snaps, an app that logs out, a fan that rattles) and
one the taxonomy does cover ("lid" is a defect term and "scratches" is negative: the defect code has it)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.records import make_customer, make_feedback

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)  # a Monday
HINGE = ["The hinge snaps, call me at 06-12345678", "Hinge snapping off again", "my hinge snaps when I open it",
         "The hinge snaps!!", "hinge snaps on day two, mail jan@mailbox.nl", "The hinge snaps", "Hinge snaps."]
APP = ["The app logs me out after the update", "App logs me out all the time", "app logs me out since the update",
       "The app logs me out", "Since the update the app logs me out", "app logs me out again"]
# no fan "rattles so loud": a part's name is no praise of it, so a loud rattle is a defect (coded, no theme)
FAN = ["The fan rattles", "the fan rattles all the time", "Fan rattles when it gets warm", "The fan rattles all day",
       "fan rattling again, see www.example.com/pics", "The fan rattles!"]
LID = ["lid scratches", "The lid scratches after one use", "Lid scratches badly", "the lid scratches",
       "the lid scratches again"]
NOISE = ["The sticker peels off", "The strap smells odd"]


def at(days: float) -> str:
    """An ISO instant this many days before NOW."""
    return (NOW - timedelta(days=days)).isoformat()


def theme_records(authors: int = 5, prefix: str = "t", days: float = 3) -> list[dict]:
    """`authors` distinct authors per theme (LP-1: hinge, fan and the coded lid; PH-2: app), one-off noise on LP-1."""
    records = []
    for name, texts, sku in (("hinge", HINGE, "LP-1"), ("app", APP, "PH-2"), ("fan", FAN, "LP-1"),
                             ("lid", LID, "LP-1")):
        for i in range(authors):
            records.append(make_feedback(f"{prefix}-{name}-{i}", author={"email": f"{name}{i}@mailbox.nl"},
                                         text=texts[i % len(texts)], rating=1, sku=sku,
                                         posted_at=at(days + i * 0.1)))
    records += [make_feedback(f"{prefix}-noise-{i}", author={"email": f"noise{i}@mailbox.nl"}, text=text, rating=1,
                              sku="LP-1", posted_at=at(days)) for i, text in enumerate(NOISE)]
    return records


def load_themes(ingest_into, authors: int = 5, linked: bool = False) -> None:
    """The theme records; with `linked`, the hinge authors are customers H0.. (for erasure)."""
    if linked:
        ingest_into("customer", [make_customer(f"H{i}", email=f"hinge{i}@mailbox.nl") for i in range(authors)])
    ingest_into("feedback", theme_records(authors))
