"""Small text helpers shared by the site pages and the printed documents."""

from __future__ import annotations

import math
import re
from datetime import date

WORDS_PER_MINUTE = 200  # a common estimate for reading Danish non-fiction
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")


def danish_date(value: date) -> str:
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def word_count(text: str) -> int:
    """Words as `wc -w` counts them: runs of non-space.

    str.split runs in C; a regex for word characters took a second per
    5,000 cases, in validation and again in rendering.
    """
    return len(text.split())


def reading_minutes(case) -> int:
    words = word_count(case.body) + sum(word_count(q) for q in case.reflection_questions)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def split_first_section(body: str) -> tuple[str, str]:
    """Split a body into its first '## ' section and the rest.

    Case pages put the key figures right after *Kort fortalt*, so a busy reader
    gets the short version and the numbers before the long text.
    """
    body = body.strip()
    first = 0 if body.startswith("## ") else body.find("\n## ")
    second = body.find("\n## ", first + 1) if first != -1 else -1
    if second == -1:
        return body, ""
    return body[:second].rstrip(), body[second + 1:]


def time_plan(steps) -> list[tuple[int, int, object]]:
    """(start minute, end minute, step) for each step or agenda item, for the facilitator."""
    plan, start = [], 0
    for step in steps:
        plan.append((start, start + step.minutes, step))
        start += step.minutes
    return plan


def clock(minutes: int) -> str:
    """Minutes from the start as h:mm, the way a workshop agenda reads: 75 -> '1:15'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def and_list(values) -> str:
    """Join words the Danish way: "a, b og c"."""
    values = [str(v) for v in values]
    return " og ".join([", ".join(values[:-1]), values[-1]]) if len(values) > 1 else "".join(values)


def md_text(value: object) -> str:
    """Escape text so Markdown shows it literally (titles in link text)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", str(value))


def count(n: int, one: str, many: str) -> str:
    """'1 case', '2 cases': a number with the Danish singular or plural."""
    return f"{n} {one if n == 1 else many}"
