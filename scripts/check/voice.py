"""What `make check` says about the library's own voice: reflection boxes and unattributed lessons.

The marker and the lesson section are defined in scripts/load/voice.py; a
box written wrong, or a lesson that does not say whose it is, is reported
here, in Danish, with the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scripts.load.voice import LESSON_SECTION, MARKER

# A marker of any spelling at the start of a quote line: '> [!Refleksion]', '> [!note]', '>[! refleksion ]'.
_ANY_MARKER = re.compile(r"^[ ]{0,3}((?:>[ ]?)+)[ \t]*\[!\s*([^\]\n]*?)\s*\]")
_QUOTE = re.compile(r"^[ ]{0,3}>")
# Words that say a sentence reports someone: the source itself, or a reporting verb. A heuristic, so the
# message explains the rule rather than pretending to understand the sentence.
_ATTRIBUTION = re.compile(
    r"\b(?:ifølge|kilden|kildens|artiklen|artiklens|noterne|notaterne|mødenoterne|strategien|strategiens|"
    r"publikationen|publikationens|interviewet|forordet|citat|peger|påpeger|mener|siger|sagde|fortæller|"
    r"fortalte|forklarer|understreger|beskriver|beskrev|nævner|oplyser|håber|kalder|ønsker|foreslår|advarer|"
    r"erkender|fremhæver|spørger|skriver|konkluderer|vurderer|betegner|fastslår|tilføjer|medgiver|erklærer|"
    r"oplever|ser|mening|lægger vægt på|giver udtryk for)\b",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")



def voice_problems(body: str, first_line: int, lesson_rule: bool) -> Iterator[tuple[int, str]]:
    """(file line, Danish message) for reflection boxes written wrong, and for unattributed lessons.

    `body` is without comments; `lesson_rule` applies the rule for a case's lesson section.
    """
    lines = body.split("\n")
    for number, line in enumerate(lines):
        match = _ANY_MARKER.match(line)
        if match:
            written = f"[!{match.group(2)}]"
            if written != MARKER:
                yield first_line + number, (
                    f"'{written}' er ikke en kendt boks. Bibliotekets egne refleksioner skrives i et citat, der "
                    f"begynder med linjen '> {MARKER}' (med små bogstaver).")
            elif line[match.end():].strip():
                yield first_line + number, (
                    f"Skriv '> {MARKER}' alene på linjen, og refleksionen på linjerne under, hver med '> ' foran.")
            elif number > 0 and _QUOTE.match(lines[number - 1]) and lines[number - 1].strip(" >"):
                yield first_line + number, (
                    f"'> {MARKER}' skal stå på citatets første linje. Lav en tom linje før den.")
            elif not _box_has_text(lines, number, len(match.group(1).replace(" ", ""))):
                yield first_line + number, (
                    f"Refleksionsboksen er tom. Skriv refleksionen på linjerne under '> {MARKER}', hver med '> ' "
                    "foran, eller slet boksen.")
        elif MARKER in line.lower() or "[!refleksion" in line.lower():
            yield first_line + number, (
                f"'{MARKER}' virker kun som første linje i et citat. Skriv '> {MARKER}' alene på en linje, og "
                "refleksionen på linjerne under, hver med '> ' foran.")
    if lesson_rule:
        yield from _lesson_problems(lines, first_line)


def _box_has_text(lines: list[str], start: int, depth: int) -> bool:
    for line in lines[start + 1:]:
        quoted = re.match(r"^[ ]{0,3}((?:>[ ]?)*)", line)
        if len(quoted.group(1).replace(" ", "")) < depth:
            return False
        if line[quoted.end():].strip():
            return True
    return False


def _lesson_problems(lines: list[str], first_line: int) -> Iterator[tuple[int, str]]:
    """Each paragraph or top-level point of the lesson section outside a box must say whose it is."""
    in_lesson = False
    for number, kind, text in _blocks(lines):
        if kind == "heading":
            in_lesson = text == LESSON_SECTION
        elif in_lesson and not _ATTRIBUTION.search(text):
            shown = re.sub(r"[*_`]", "", _LIST_ITEM.sub("", text)).strip()
            shown = shown[:60] + ("…" if len(shown) > 60 else "")
            yield first_line + number, (
                f"'{shown}' under '{LESSON_SECTION}' siger ikke, hvem det er fra. Skriv, hvem der mener det (fx "
                "'Ifølge artiklen …' eller 'Lederen peger på …'), eller sæt bibliotekets egne overvejelser i en "
                f"refleksionsboks, der begynder med linjen '> {MARKER}'.")


_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$")


def _blocks(lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(line index, "heading" or "text", text) per heading, paragraph and top-level list item outside quotes."""
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines + [""]):
        heading = _HEADING.match(line)
        ends = heading or not line.strip() or _QUOTE.match(line) or _LIST_ITEM.match(line)
        if ends and current:
            yield start, "text", " ".join(part.strip() for part in current)
            current = []
        if heading:
            yield number, "heading", heading.group(1).strip()
        elif line.strip() and not _QUOTE.match(line):
            if not current:
                start = number
            current.append(line)
