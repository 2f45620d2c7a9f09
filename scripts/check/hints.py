"""How a message names a value, lists the allowed ones and guesses what the editor meant."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime


def _normalise(text: str) -> str:
    return re.sub(r"[\s\-_&/]+", " ", text.casefold()).strip()


def suggest(value: object, options) -> str | None:
    """The option the editor most likely meant, or None."""
    if not isinstance(value, str):
        return None
    by_norm = {_normalise(option): option for option in options}
    wanted = _normalise(value)
    if wanted in by_norm:
        return by_norm[wanted]
    close = difflib.get_close_matches(wanted, list(by_norm), n=1, cutoff=0.75)
    return by_norm[close[0]] if close else None


def options_text(options, shown: int = 12) -> str:
    """The allowed values for a message: all of a short list, the first few of a long one."""
    options = list(options)
    if len(options) <= shown:
        return ", ".join(options)
    return ", ".join(options[:shown]) + f" og {len(options) - shown} andre (se content/vocabulary.yml)"


def did_you_mean(value, options) -> str:
    guess = suggest(value, options)
    return f" Mente du '{guess}'?" if guess else ""


def describe(value: object) -> str:
    if isinstance(value, bool):
        return "en sand/falsk-værdi"
    if isinstance(value, (int, float)):
        return f"tallet {value}"
    if isinstance(value, datetime):
        return f"tidspunktet {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"datoen {value.isoformat()}"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en gruppe af felter"
    return f"'{value}'"
