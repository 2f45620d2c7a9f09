"""The library's own voice, kept apart from what a source reports.

A case retells a source; staff repeat it under the municipality's name. So
every sentence on a page is either the source's (attributed, no stronger than
the source) or visibly the library's own: lessons, dilemmas and ideas the
editors add go in a reflection box, a Markdown quote that starts with a
marker line:

    > [!refleksion]
    > Et forsøg er kun et forsøg, hvis nogen tør afslutte det.

The syntax is GitHub's for alerts, so the box reads sensibly in a pull request
too. This module owns the marker and the label; scripts/body.py renders the
box (the same HTML on the site, in the meeting brief and in the PDFs) and
`voice_problems` is what `make check` says about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MARKER = "[!refleksion]"
LABEL = "Bibliotekets refleksion"
LABEL_NOTE = "ikke fra kilden"
# Said once on every case page and printed case: which parts of a case are the library's.
CASE_NOTE = (f"Casen genfortæller kilden med bibliotekets egne ord. Refleksionsspørgsmålene, planen for mødet og "
             f"tekst mærket »{LABEL}« er bibliotekets egne; resten er, hvad kilden fortæller.")
# Over the questions a source asks itself (a case's source_questions): whose they are, whose the wording.
SOURCE_QUESTIONS_NOTE = "Kilden stiller selv disse spørgsmål. Her er de gengivet med bibliotekets ord:"
BOX_CLASS = "kb-own-voice"
LABEL_CLASS = "kb-own-voice__label"

# The section of a case where editors draw lessons; what is there must say whose it is.
LESSON_SECTION = "Dilemmaer og læring"

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


_MARKER_LINE = re.compile(r"^([ \t]*(?:>[ \t]?)+)[ \t]*" + re.escape(MARKER) + r"[ \t]*$")


def marker_on_its_own(lines: list[str]) -> list[str]:
    """Lines with an empty quote line after each marker line.

    In Python-Markdown a list cannot start inside a paragraph, so a box written
    '> [!refleksion]' then '> - et punkt' would show the list as running text;
    with the marker as a paragraph of its own, what follows it is parsed as
    the editor wrote it.
    """
    out: list[str] = []
    for line in lines:
        out.append(line)
        match = _MARKER_LINE.match(line)
        if match:
            out.append(match.group(1).rstrip())
    return out


def is_marker_line(text: str) -> bool:
    """True when a paragraph's first line is the marker (what the renderer turns into a box)."""
    return text.split("\n", 1)[0].strip() == MARKER


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
