"""Attribution cues in German news: the words that say who a claim comes from.

The lists come from domain.md (frequencies from the SpkAtt-2023 German news data). A frame such as
"nach Angaben" takes the noun phrase after it ("nach Angaben der Nachrichtenagentur KCNA");
a verb is suggested alone. Distancing markers ("angeblich", "soll … haben") come with that stance.
"""

import re
from dataclasses import dataclass

FRAMES = [
    r"nach Angaben(?: (?:der|des|von|eines|einer))?",
    r"nach einem Bericht(?: (?:der|des|von))?",
    r"nach Informationen(?: (?:der|des|von))?",
    r"laut",
    r"gemäß",
    r"(?<=, )so(?= [A-ZÄÖÜ])",
]
# "wie die Nachrichtenagentur KCNA berichtete": from "wie" to the verb, within one clause.
AS_REPORTED = r"wie [^.,;:!?]{1,80}? (?:mitteilte|berichtete|erklärte|meldete|sagte|schrieb)"
# "X zufolge", "so X", "heißt es": the cue words themselves; the source is nearby.
PHRASES = [AS_REPORTED, r"zufolge", r"demnach", r"wonach", r"heißt es", r"hieß es"]
VERBS = [
    "sagte",
    "sagten",
    "erklärte",
    "erklärten",
    "teilte",
    "teilten",
    "berichtete",
    "berichteten",
    "meldete",
    "meldeten",
    "gab bekannt",
    "gab an",
    "bestätigte",
    "bestätigten",
    "betonte",
    "betonten",
    "schrieb",
    "schrieben",
    "kündigte",
    "versicherte",
    "hob hervor",
    "stellte fest",
    "warf vor",
    "verlautete",
    "mitteilte",
    "berichtete",
    "erklärte",
]
DISTANCING = [r"behauptete", r"behaupteten", r"angeblich", r"soll(?:en)?\b[^.!?]{0,80}?\bhaben"]
_ARTICLES = {"der", "des", "die", "dem", "den", "von", "eines", "einer", "vom"}
_WORD = re.compile(r"\s*([\w\-]+)")


@dataclass(frozen=True)
class CueSuggestion:
    start: int
    end: int
    quote: str
    reason: str
    stance: str


def _noun_phrase_end(text: str, position: int, limit: int = 6) -> int:
    """Where the noun phrase starting at `position` ends: articles and adjectives up to a noun,
    then capitalised words (names) and genitive articles; punctuation or a verb ends it."""
    end, seen_noun = position, False
    for _ in range(limit):
        match = _WORD.match(text, end)
        if not match:
            break
        word = match.group(1)
        following = _WORD.match(text, match.end())
        before_noun = following is not None and following.group(1)[:1].isupper()
        adjective = word.islower() and before_noun and not seen_noun
        if not (word[:1].isupper() or word in _ARTICLES or adjective):
            break
        end, seen_noun = match.end(), seen_noun or word[:1].isupper()
    return end


def _compile(words: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", re.IGNORECASE)


FRAME_RE, PHRASE_RE, VERB_RE = _compile(FRAMES), _compile(PHRASES), _compile(VERBS)
DISTANCING_RE = _compile(DISTANCING)


def find_cues(text: str) -> list[CueSuggestion]:
    found: dict[tuple[int, int], CueSuggestion] = {}
    for match in FRAME_RE.finditer(text):
        end = _noun_phrase_end(text, match.end())
        if end > match.end():
            found[match.start(), end] = CueSuggestion(
                match.start(), end, text[match.start() : end], "attribution frame", "neutral"
            )
    for pattern, reason, stance in [
        (PHRASE_RE, "attribution phrase", "neutral"),
        (VERB_RE, "reporting verb", "neutral"),
        (DISTANCING_RE, "distancing marker", "distancing"),
    ]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(s <= start and end <= e for s, e in found):
                found[start, end] = CueSuggestion(start, end, text[start:end], reason, stance)
    return sorted(found.values(), key=lambda c: (c.start, c.end))
