"""Validation errors that name the field and say what is wrong, in the UI language."""
from __future__ import annotations

from ..i18n import N_, _

MESSAGES = {
    "empty": N_("This field is required."),
    "too_long": N_("Too long: {length} characters, at most {limit} are allowed."),
    "pnr_length": N_("A personnummer has 10 or 12 digits (found {count})."),
    "pnr_plus": N_("A '+' belongs only to the 10-digit form (YYMMDD+NNNN, aged 100 or more); "
                   "with 12 digits write YYYYMMDD-NNNN."),
    "pnr_serial": N_("The serial number 000 (the three digits before the check digit) is never issued."),
    "pnr_date": N_("The date in the personnummer does not exist."),
    "pnr_duplicate": N_("A participant with this personnummer is already in the vault."),
    "pnr_checksum": N_("The check digit (last digit) is wrong; check for a typo."),
    "timeframe": N_("A samtal lasts at most 60 minutes (given {minutes})."),
    "timeframe_min": N_("The agreed time frame must be at least 1 minute."),
    "rating": N_("Give a number from {low} to {high}."),
    "bad_date": N_("Not a valid date: {value}"),
    "bad_value": N_("Not a valid value: {value}"),
    "percent": N_("Give a percentage from 0 to 100."),
    "end_before_start": N_("The end time is before the start time."),
    "period_order": N_("This date is before the start."),
    "hours": N_("Give the hours per day, from 0 to {high}."),
    "scale_order": N_("The highest value of the scale must be above the lowest."),
    "id_spaces": N_("An id may not begin or end with a space."),
    "control_chars": N_("The text contains control characters that cannot be stored."),
}


class ValidationError(ValueError):
    """Bad input for one field. ``message`` is translated to the current language."""

    def __init__(self, field: str, code: str, **params):
        self.field = field
        self.code = code
        self.params = params
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        return _(MESSAGES.get(self.code, self.code)).format(**self.params)
