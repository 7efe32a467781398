"""TIMEX3 date values at the precision a text gives: 2024, 2024-06, 2024-06-19."""

import re
from datetime import date

TIMEX_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def timex_error(value: str) -> str | None:
    """What is wrong with `value` as a TIMEX3 date, or None when it is fine."""
    match = TIMEX_DATE.match(value)
    if not match:
        return (
            f"“{value}” is not a date at a precision the text gives: write 2024, 2024-06 "
            "or 2024-06-19."
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"“{value}” has no month {month}."
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return f"“{value}” is not a day of the calendar."
    return None
