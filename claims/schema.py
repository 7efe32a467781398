"""The default label schema every new project starts with (domain.md, "The default schema")."""

from typing import NamedTuple

from claims.models import LabelKind


class DefaultLabel(NamedTuple):
    kind: str
    value: str
    name: str
    color: str
    hotkey: str
    description: str
    symmetric: bool = False


CLAIM_TYPES = [
    ("date", "Date", "#0072b2", "An event dated, or a date asserted."),
    ("meeting", "Meeting", "#e69f00", "Who met whom, where, when."),
    (
        "treaty_term",
        "Treaty term",
        "#009e73",
        "What an agreement says, when signed, what it replaces.",
    ),
    ("quote", "Quote", "#cc79a7", "Words put in someone's mouth."),
    ("role", "Role", "#56b4e9", "Someone's office or title."),
    ("military_support", "Military support", "#d55e00", "Arms, troops, training, supplies."),
    ("figure", "Figure", "#f0e442", "A number: casualties, counts, durations."),
    ("statement", "Statement", "#999999", "Any other checkable assertion."),
]

SOURCE_KINDS = [
    ("state_media", "State media", "#b2182b", "KCNA, Voice of Korea, RIA Nowosti, TASS …"),
    ("news_agency", "News agency", "#ef8a62", "Reuters, AFP, dpa, Yonhap, Interfax …"),
    ("government_body", "Government body", "#67a9cf", "A ministry, a council, a press service."),
    ("official_person", "Official person", "#2166ac", "A named office holder speaking."),
    ("other_media", "Other media", "#7fbf7b", "Another outlet's reporting."),
    ("anonymous", "Anonymous", "#762a83", "„Kreise“, „laut Berichten“."),
    ("generic", "Generic", "#af8dc3", "„es heißt“."),
    ("unattributed", "Unattributed", "#999999", "The outlet's own voice."),
]

LINK_RELATIONS = [
    ("agrees", "agrees", "#1a9850", "a", "Same content; both assert it.", True),
    ("contradicts", "contradicts", "#d73027", "c", "Cannot both be true for the same time.", True),
    ("refines", "refines", "#4575b4", "r", "B is a more specific version of A.", False),
    ("same_event", "same event", "#91bfdb", "e", "Both describe one event.", True),
    ("supersedes", "supersedes", "#fc8d59", "s", "B replaces A over time.", False),
    (
        "discusses",
        "discusses",
        "#999999",
        "d",
        "B comments on A without asserting or denying it.",
        False,
    ),
]


def default_labels() -> list[DefaultLabel]:
    labels = [
        DefaultLabel(LabelKind.CLAIM_TYPE, value, name, color, str(number), description)
        for number, (value, name, color, description) in enumerate(CLAIM_TYPES, start=1)
    ]
    labels += [
        DefaultLabel(LabelKind.SOURCE_KIND, value, name, color, "", description)
        for value, name, color, description in SOURCE_KINDS
    ]
    labels += [
        DefaultLabel(LabelKind.LINK_RELATION, value, name, color, hotkey, description, symmetric)
        for value, name, color, hotkey, description, symmetric in LINK_RELATIONS
    ]
    return labels
