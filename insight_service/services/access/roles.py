"""The per-role field table of the insight read side, and what each role may see of an item."""
from __future__ import annotations

CHANNELS = frozenset({"social", "review", "forum", "ticket", "survey"})
DEPARTMENTS = ("service", "marketing", "sales")

# role -> what it sees in per-customer reads (README "Insight and department views" publishes this table).
#   text_channels: channels whose texts and quoted spans the role sees (others come without text)
#   contact: the customer's e-mail; handling: who handled an item and the note
#   actions: departments whose next actions the role gets; purchases: order lines and value
#   emotions: the emotion words used (words lifted from texts, so a role without texts gets none)
FIELD_TABLE: dict[str, dict] = {
    "admin": {"text_channels": CHANNELS, "contact": True, "handling": True, "purchases": True,
              "emotions": True, "actions": DEPARTMENTS},
    "crm": {"text_channels": CHANNELS, "contact": True, "handling": True, "purchases": True,
            "emotions": True, "actions": DEPARTMENTS},
    "service": {"text_channels": CHANNELS, "contact": True, "handling": True, "purchases": True,
                "emotions": True, "actions": ("service",)},
    "marketing": {"text_channels": CHANNELS - {"ticket"}, "contact": True, "handling": False,
                  "purchases": True, "emotions": True, "actions": ("marketing",)},
    "sales": {"text_channels": frozenset(), "contact": True, "handling": False, "purchases": True,
              "emotions": False, "actions": ("sales",)},
}


def fields_for(role: str) -> dict:
    """The field-table row of a role (unknown roles see as little as sales)."""
    return FIELD_TABLE.get(role, FIELD_TABLE["sales"])


def shows_text(role: str, channel: str) -> bool:
    """Whether the role may read texts of this channel."""
    return channel in fields_for(role)["text_channels"]


def visible_party(party: str, social_profiling: bool) -> bool:
    """Third-party items about a person are shown only while social_profiling is granted now."""
    return party != "third" or social_profiling
