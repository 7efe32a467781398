"""German date expressions, normalised to TIMEX3 values against the article's publication date.

"am Freitag" in an article of Friday 2024-09-13 is 2024-09-13; "9. Februar 2000" is 2000-02-09;
"im Juni 2024" is 2024-06. Expressions without a year take the publication's year, or the year
before when the date would lie after publication (news mostly reports what has happened).
These are suggestions: an annotator confirms each one.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
WEEKDAYS = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}
RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}

_MONTH = "(?P<month>" + "|".join(MONTHS) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SPACE = r"[ \u00a0\u202f]+"
# An optional lead-in makes the suggested span the whole phrase an annotator would mark.
_LEAD = r"(?:(?:am|vom|bis zum|seit dem|ab dem)" + _SPACE + ")?"

_MONTH_LEAD = r"(?P<mlead>im|seit|bis|ab|Anfang|Mitte|Ende)"
_WEEKDAY_LEAD = (
    r"(?P<lead>am|an diesem|an jenem|diesen|vergangenen|letzten|am vergangenen|am letzten|"
    r"am kommenden|kommenden|nächsten|am nächsten)"
)
_YEAR_LEAD = r"(?:im Jahre?|seit|bis|ab|Anfang|Mitte|Ende)"
_RELATIVE = "(?P<relative>" + "|".join(RELATIVE_DAYS) + ")"

# Tried in this order; a later pattern does not match inside an earlier one's span.
PATTERNS = [
    ("day_month_year", rf"\b{_LEAD}(?P<day>[0-3]?\d)\.{_SPACE}{_MONTH}(?:{_SPACE}{_YEAR})?\b"),
    ("numeric", r"\b(?P<day>[0-3]?\d)\.(?P<nmonth>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
    ("month_year", rf"\b(?:{_MONTH_LEAD}{_SPACE})?{_MONTH}(?:{_SPACE}{_YEAR})?\b"),
    ("weekday", rf"\b{_WEEKDAY_LEAD}{_SPACE}{_WEEKDAY}\b"),
    ("relative_day", rf"\b{_RELATIVE}\b"),
    ("year", rf"\b{_YEAR_LEAD}{_SPACE}{_YEAR}\b"),
]
PATTERNS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in PATTERNS]


@dataclass(frozen=True)
class DateSuggestion:
    start: int
    end: int
    quote: str
    when: str
    reason: str


def _past_year(published: date, month: int, day: int = 1) -> int:
    """The publication's year, or the one before if month/day would lie after publication."""
    return published.year - 1 if (month, day) > (published.month, published.day) else published.year


def _weekday(published: date, lead: str, weekday: int) -> date:
    lead = lead.lower()
    if any(word in lead for word in ("kommenden", "nächsten")):
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - weekday) % 7
    if any(word in lead for word in ("vergangenen", "letzten")) and back == 0:
        back = 7
    return published - timedelta(days=back)


def _value(kind: str, groups: dict, published: date | None) -> tuple[str, str] | None:
    year = int(groups["year"]) if groups.get("year") else None
    if kind in {"day_month_year", "numeric"}:
        month = MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["nmonth"])
        day = int(groups["day"])
        if year is None:
            if published is None:
                return None
            year = _past_year(published, month, day)
        try:
            return date(year, month, day).isoformat(), "date in the text"
        except ValueError:
            return None
    if kind == "month_year":
        if year is None and not groups.get("mlead"):
            return None  # a bare "Mai" or "August" is as often a name as a month
        month = MONTHS[groups["month"].lower()]
        if year is None:
            if published is None:
                return None
            year = _past_year(published, month)
        return f"{year:04d}-{month:02d}", "month in the text"
    if kind == "year":
        return f"{year:04d}", "year in the text"
    if published is None:
        return None
    if kind == "weekday":
        day = _weekday(published, groups["lead"], WEEKDAYS[groups["weekday"].lower()])
        return day.isoformat(), f"weekday, counted from publication on {published.isoformat()}"
    day = published + timedelta(days=RELATIVE_DAYS[groups["relative"].lower()])
    return day.isoformat(), f"relative day, counted from publication on {published.isoformat()}"


def find_dates(text: str, published: date | None) -> list[DateSuggestion]:
    """Date expressions in `text`, longest first where they overlap, in text order."""
    found: list[DateSuggestion] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = _value(kind, match.groupdict(), published)
            if value is None:
                if kind in {"day_month_year", "numeric"}:
                    taken.append((start, end))  # "31. Februar 2024" is no date, nor part of one
                continue
            taken.append((start, end))
            found.append(DateSuggestion(start, end, text[start:end], *value))
    return sorted(found, key=lambda s: (s.start, s.end))
