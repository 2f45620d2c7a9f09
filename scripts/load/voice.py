"""The library's own voice, kept apart from what a source reports: the marker and the words.

A case retells a source; staff repeat it under the municipality's name. So
every sentence on a page is either the source's (attributed, no stronger than
the source) or visibly the library's own: lessons, dilemmas and ideas the
editors add go in a reflection box, a Markdown quote that starts with a
marker line:

    > [!refleksion]
    > Et forsøg er kun et forsøg, hvis nogen tør afslutte det.

The syntax is GitHub's for alerts, so the box reads sensibly in a pull request
too. This module owns the marker and the label (data the check and the render
step share); scripts/render/body.py renders the box (the same HTML on the
site, in the meeting brief and in the PDFs) and scripts/check/voice.py is what
`make check` says about it.
"""

from __future__ import annotations

import re

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
