"""The privacy gate: no CPR numbers, and a second look at e-mail addresses and phone numbers.

Cases describe how municipalities work, never individual citizens. A CPR
number is always an error; an e-mail address or a phone number is a warning,
because it may be a public address of an office, but it may also identify a
person, and an editor should decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

# DDMMYY, an optional dash or space, then four digits. The date part must be
# a real date, so a run of ten digits in a figure is not mistaken for one.
_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?![\d-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Danish numbers: eight digits, written together or in pairs/fours, with an
# optional +45 or 0045 in front.
_PHONE = re.compile(r"(?<![\w+-])(?:(?:\+|00)45[ ]?)?(?:\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4})(?![\w-])")


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))  # the century does not matter for the check
    except ValueError:
        return False
    return True


def cpr_numbers(text: str) -> Iterator[str]:
    for match in _CPR.finditer(text):
        if _is_date(match.group(1), match.group(2), match.group(3)):
            yield match.group(0)


def email_addresses(text: str) -> Iterator[str]:
    yield from (match.group(0) for match in _EMAIL.finditer(text))


def phone_numbers(text: str) -> Iterator[str]:
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))[-8:]
        # A CPR number's first eight digits also look like a phone number; report it once, as CPR.
        if not any(digits in re.sub(r"\D", "", cpr) for cpr in cpr_numbers(text)):
            yield match.group(0)


# Cheap test for "could contain any of the above": an @, or eight or more
# characters of digits, spaces and dashes between two digits. Simple searches
# scan a whole file fast (the @ with str.find, the digits with a pattern that
# starts with a digit); only the lines they find get the real checks.
_DIGIT_RUN = re.compile(r"\d[\d -]{6,}\d")


def _suspect_positions(text: str) -> list[int]:
    positions = [match.start() for match in _DIGIT_RUN.finditer(text)]
    at = text.find("@")
    while at != -1:
        positions.append(at)
        at = text.find("@", at + 1)
    return sorted(positions)


def personal_data_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, severity, Danish message) for every line of a file that looks like personal data."""
    done = -1  # start of the last line checked: a line with two suspects is checked once
    for position in _suspect_positions(text):
        start = text.rfind("\n", 0, position) + 1
        if start == done:
            continue
        done = start
        end = text.find("\n", position)
        line = text[start:end if end != -1 else len(text)]
        number = text.count("\n", 0, start) + 1
        for severity, message in personal_data(line):
            yield number, severity, message


def personal_data(text: str) -> Iterator[tuple[str, str]]:
    """(severity, Danish message) for everything in one line of text that looks like personal data."""
    for number in cpr_numbers(text):
        yield "error", (f"Teksten ligner et CPR-nummer ('{number}'). Slet det: Casebiblioteket må aldrig "
                        "indeholde oplysninger, der kan identificere en borger.")
    for address in email_addresses(text):
        yield "warning", (f"Teksten indeholder en e-mailadresse ('{address}'). Slet den, medmindre det er en "
                          "offentlig adresse til en afdeling, ikke til en person.")
    for number in phone_numbers(text):
        yield "warning", (f"Teksten indeholder noget, der ligner et telefonnummer ('{number}'). Slet det, "
                          "medmindre det er et offentligt nummer til en afdeling.")
