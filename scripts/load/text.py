"""Small text helpers shared by the site pages and the printed documents."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date

WORDS_PER_MINUTE = 200  # a common estimate for reading Danish non-fiction
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")


def month_name(month: int) -> str:
    """The Danish name of a month (1-12), in lower case: 'december'."""
    return _MONTHS[month - 1]


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


# An ATX heading: one to six '#', a space, the text, optional closing '#'s.
# Bodies are split at these lines, so headings are what the page's table of
# contents and anchors are made from (see scripts/render/body.py).
_HEADING_LINE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class BodySection:
    """A body's text under one heading (or before the first heading: `title` None)."""

    level: int
    title: str | None
    text: str
    line: int
    """The section's first line (its heading), counted from 1 at the body's first line."""


def without_comments(body: str) -> str:
    """A body without its HTML comments (editors' notes, the scaffold's guidance), line count kept."""
    return _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), body)


@functools.lru_cache(maxsize=64)  # the check asks for the same body's sections several times
def split_sections(body: str) -> tuple[BodySection, ...]:
    """A body's sections, split at its heading lines. Comments are removed first.

    The text before the first heading (if any) is a section without a title.
    """
    sections: list[BodySection] = []
    level, title, start, lines = 0, None, 1, []
    for number, line in enumerate(without_comments(body.replace("\r\n", "\n")).split("\n"), start=1):
        match = _HEADING_LINE.match(line)
        if match and match.group(2).strip():
            if title is not None or "".join(lines).strip():
                sections.append(BodySection(level, title, "\n".join(lines).strip("\n"), start))
            level, title, start, lines = len(match.group(1)), match.group(2).strip(), number, []
        else:
            lines.append(line)
    if title is not None or "".join(lines).strip():
        sections.append(BodySection(level, title, "\n".join(lines).strip("\n"), start))
    return tuple(sections)


def split_first_section(sections: list) -> tuple[list, list]:
    """Sections up to and including the first titled one, and the rest.

    Case pages put the key figures right after *Kort fortalt*, so a busy reader
    gets the short version and the numbers before the long text.
    """
    for number, section in enumerate(sections):
        if section.title is not None:
            return sections[:number + 1], sections[number + 1:]
    return sections, []


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


def danish_number(n: int) -> str:
    """A whole number as Danish writes it: '1.000', '12.345' (a full stop between thousands)."""
    return f"{n:,}".replace(",", ".")


def count(n: int, one: str, many: str) -> str:
    """'1 case', '2 cases': a number with the Danish singular or plural."""
    return f"{danish_number(n)} {one if n == 1 else many}"


_PAGE_PART = re.compile(r"^\s*(\d{1,6})\s*(?:[-–]\s*(\d{1,6})\s*)?$")


def page_numbers(pages: str) -> frozenset[int] | None:
    """The pages a citation like '10, 15-16, 34' names; None when it is not written that way."""
    numbers: set[int] = set()
    for part in pages.split(","):
        match = _PAGE_PART.match(part)
        if not match:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= first <= last or last - first > 1000:
            return None
        numbers.update(range(first, last + 1))
    return frozenset(numbers)


def source_location(sections, pages: str | None) -> str:
    """Where in the source a page is written from, as a reader with the printed source looks it up.

    'Afsnittet »Familierne for bordenden«, side 15-16.' with the source's own
    section titles where the page names them, else 'Side 15-16.'
    """
    if sections:
        if len(sections) == 1:
            only = sections[0]
            pages_of = only.pages or pages
            return f"Afsnittet »{only.text}«" + (f", side {pages_of}." if pages_of else ".")
        parts = [f"»{part.text}«" + (f" (side {part.pages})" if part.pages else "") for part in sections]
        return f"Afsnittene {and_list(parts)}."
    return f"Side {pages}." if pages else ""


def copy_instruction(cases: int, exercises: int) -> str:
    """How many copies of what a facilitator prints for a workshop pack: one sentence, the same in every pack."""
    sheets = "facilitatorarket" if exercises == 1 else "facilitatorarkene"
    handouts = "deltagerarket" if exercises == 1 else "deltagerarkene"
    mine = f"planen og {sheets}" if exercises else "planen"
    theirs = {0: "", 1: "casen"}.get(cases, f"de {cases} cases")
    if exercises:
        theirs = f"{theirs} og {handouts}" if theirs else handouts
    if not theirs:
        return f"Print {mine} i ét eksemplar til dig selv."
    return f"Print {mine} i ét eksemplar til dig selv og {theirs} i ét eksemplar til hver deltager."
