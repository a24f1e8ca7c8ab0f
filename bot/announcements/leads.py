"""Lead times: how long before a release or an event its reminders go out."""

from __future__ import annotations

import re

from bot.errors import UserFacingError
from bot.releases import Target
from bot.text import plural

MAX_LEADS = 5
MAX_LEAD_MINUTES = 7 * 1440
DEFAULT_LEADS = (1440, 60, 0)


LEAD_ITEM = re.compile(r"^(\d{1,4})\s*(d|h|m|min|mins|hours?|days?)?$")
LEAD_UNITS = {
    "d": 1440,
    "day": 1440,
    "days": 1440,
    "h": 60,
    "hour": 60,
    "hours": 60,
    "m": 1,
    "min": 1,
    "mins": 1,
}


def parse_leads(text: str) -> tuple[int, ...]:
    """'24h,1h,0' → (1440, 60, 0): minutes before air, largest first, no repeats."""
    items = [item.strip().lower() for item in text.split(",") if item.strip()]
    if not items:
        raise UserFacingError("Give at least one lead time, for example `24h,1h,0`.")
    leads: set[int] = set()
    for item in items:
        match = LEAD_ITEM.match(item)
        if not match:
            raise UserFacingError(
                f"I can't read the lead time `{item[:20]}`. Use numbers with d, h or m, "
                "separated by commas, for example `24h,1h,0` (0 means at air time)."
            )
        amount, unit = int(match.group(1)), match.group(2)
        if unit is None and amount != 0:
            raise UserFacingError(
                f"`{item}` needs a unit: `{amount}h` for hours or `{amount}m` for minutes."
            )
        minutes = amount * LEAD_UNITS.get(unit or "m", 1)
        if minutes > MAX_LEAD_MINUTES:
            raise UserFacingError("Lead times can be at most 7 days (`7d`).")
        leads.add(minutes)
    if len(leads) > MAX_LEADS:
        raise UserFacingError(f"Use at most {MAX_LEADS} lead times.")
    return tuple(sorted(leads, reverse=True))


def lead_label(minutes: int) -> str:
    """'1 day before', '1 hour before', '30 minutes before', 'at air time'."""
    if minutes == 0:
        return "at air time"
    if minutes % 1440 == 0:
        return plural(minutes // 1440, "day") + " before"
    if minutes % 60 == 0:
        return plural(minutes // 60, "hour") + " before"
    return plural(minutes, "minute") + " before"


def leads_apply(target: Target, lead: int) -> bool:
    """Official releases are whole days, so a reminder hours before midnight Eastern would
    claim a time we do not know: for them only whole-day leads and 0 (release day) apply."""
    return not target.date_only or lead % 1440 == 0
