"""Frozen records for everything the library holds, plus the slug rule.

Loaded content never changes after validation, so every record is a frozen
dataclass; the renderer and the hook only read them.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


@functools.lru_cache(maxsize=4096)  # the same few hundred labels, thousands of times per build
def slugify(text: str) -> str:
    """Turn a Danish label or title into an ASCII address part.

    æ/ø/å become ae/oe/aa (the Danish convention, so "Høje-Taastrup" gives
    "hoeje-taastrup"); other accents are dropped; anything else becomes '-'.
    """
    text = text.translate(_DANISH_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Letters and digits that cannot be mistaken for each other when typed from paper.
_SHORT_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SHORT_CODE_LENGTH = 6


def short_code(slug: str) -> str:
    """A short, stable code for a printed address (site/k/<code>/).

    Derived from the slug, so it never has to be stored or kept in sync;
    the validator reports the rare case where two slugs share a code.
    """
    number = int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big")
    letters = []
    for _ in range(SHORT_CODE_LENGTH):
        number, index = divmod(number, len(_SHORT_ALPHABET))
        letters.append(_SHORT_ALPHABET[index])
    return "".join(letters)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, as the validator reports it."""

    path: str
    """File path relative to the project root, with forward slashes."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str
    """A Danish sentence naming the rule and, where possible, the fix."""
    field: str | None = None
    severity: str = "error"  # "error" fails the build; "warning" does not

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "fejl" if self.severity == "error" else "advarsel"
        # Messages quote file names, keys and values from content: a control
        # character there must be shown, not obeyed by the terminal or a CI log.
        return _visible(f"{where}: {label}: {self.message}")


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    """Control characters as escapes ('\\x1b'), so a message cannot rewrite the screen it is printed on."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Municipality:
    name: str
    region: str

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class CoreTask:
    label: str
    movement: str
    """The "bevægelse for borgeren": the change in the citizen's life the task aims at."""
    description: str

    @property
    def slug(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True)
class Theme:
    label: str
    description: str
    """One line, shown in lists of themes."""
    intro: str
    """A short paragraph that opens the theme's page."""
    keywords: tuple[str, ...] = ()
    """Other words readers use for the theme ("samskabt"); search finds the theme's cases by them."""

    @property
    def slug(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True)
class Vocabulary:
    municipalities: tuple[Municipality, ...]
    core_tasks: tuple[CoreTask, ...]
    themes: tuple[Theme, ...]

    def municipality(self, name: str) -> Municipality:
        return next(m for m in self.municipalities if m.name == name)

    def core_task(self, label: str) -> CoreTask:
        return next(t for t in self.core_tasks if t.label == label)

    def theme(self, label: str) -> Theme:
        return next(t for t in self.themes if t.label == label)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    subtitle: str | None
    author: str | None
    publisher: str
    year: int | None
    published: date | None
    """The exact date, where the source gives one."""
    kind: str
    isbn: str | None
    url: str | None
    municipalities: tuple[str, ...]
    description: str
    library_use: str
    """What the library took from the source, in a sentence or two."""
    not_written: tuple[str, ...] = ()
    own_title: bool = False
    """True when the source has no title of its own and the library named it (cited in brackets)."""

    @property
    def slug(self) -> str:
        return self.id

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title


@dataclass(frozen=True)
class Result:
    """A key figure from the source and what it measures."""

    figure: str
    measure: str


@dataclass(frozen=True)
class SourcePart:
    """A named part of a source: a section a case is written from, or a question the source asks itself."""

    text: str
    """The section's own title, or the question in the library's words."""
    pages: str | None


@dataclass(frozen=True)
class Step:
    """One step of an exercise, for the facilitator's time plan."""

    minutes: int
    text: str


@dataclass(frozen=True)
class Case:
    slug: str
    path: Path
    title: str
    municipality: str
    core_tasks: tuple[str, ...]
    themes: tuple[str, ...]
    summary: str
    target_group: str
    period: str | None
    results: tuple[Result, ...]
    source: str
    source_pages: str | None
    keywords: tuple[str, ...]
    reflection_questions: tuple[str, ...]
    related: tuple[str, ...]
    last_reviewed: date
    body: str
    source_sections: tuple[SourcePart, ...] = ()
    source_questions: tuple[SourcePart, ...] = ()
    """The source's own reflection questions, in the library's words; shown as the source's."""


@dataclass(frozen=True)
class Strategy:
    slug: str
    path: Path
    title: str
    municipality: str
    summary: str
    core_tasks: tuple[str, ...]
    themes: tuple[str, ...]
    source: str
    source_pages: str | None
    cases: tuple[str, ...]
    last_reviewed: date
    body: str
    source_sections: tuple[SourcePart, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exercise:
    slug: str
    path: Path
    title: str
    summary: str
    purpose: str
    duration_minutes: int
    group_size: str
    materials: tuple[str, ...]
    steps: tuple[Step, ...]
    questions: tuple[str, ...]
    cases: tuple[str, ...]
    core_tasks: tuple[str, ...]
    themes: tuple[str, ...]
    source: str | None
    source_pages: str | None
    last_reviewed: date
    body: str
    case_sections: tuple[str, ...] = ()
    """Sections of the exercise's one case that participants get on paper (a PDF of just those)."""


@dataclass(frozen=True)
class AgendaItem:
    """One point on a workshop's agenda; may use a case or an exercise."""

    minutes: int
    text: str
    case: str | None = None
    exercise: str | None = None


@dataclass(frozen=True)
class Workshop:
    """A ready workshop pack: a facilitator plan plus the cases and sheets it uses."""

    slug: str
    path: Path
    title: str
    summary: str
    core_tasks: tuple[str, ...]
    themes: tuple[str, ...]
    audience: str
    duration_minutes: int
    agenda: tuple[AgendaItem, ...]
    last_reviewed: date
    body: str

    @property
    def cases(self) -> tuple[str, ...]:
        """Cases in agenda order, each once: the pack's case list follows from its plan."""
        return tuple(dict.fromkeys(item.case for item in self.agenda if item.case))

    @property
    def exercises(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.exercise for item in self.agenda if item.exercise))


@dataclass(frozen=True)
class Library:
    """Everything that passed validation, ready to render."""

    vocabulary: Vocabulary
    sources: tuple[Source, ...]
    cases: tuple[Case, ...]
    strategies: tuple[Strategy, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    workshops: tuple[Workshop, ...] = ()

    def case(self, slug: str) -> Case:
        return next(c for c in self.cases if c.slug == slug)

    def exercise(self, slug: str) -> Exercise:
        return next(e for e in self.exercises if e.slug == slug)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
