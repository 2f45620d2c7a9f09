"""The numbers of the page "Biblioteket i tal": counts over the library, never a list of its cases.

`library_stats` is a pure function of the library, the review interval and
the day; the template (stats.md.j2) says them in words and draws them with
scripts/render/charts.py. Everything here is an aggregate, so the page has
the size of the vocabulary (98 kommuner at most), not of the library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from scripts.load.model import Library
from scripts.load.review import is_overdue
from scripts.load.text import month_name
from scripts.render.charts import Bar

MONTHS_BY_MONTH = 24  # a span of reviews up to two years is counted by month,
MONTHS_BY_QUARTER = 96  # up to eight years by quarter, and beyond by year


@dataclass(frozen=True)
class LibraryStats:
    cases: int
    municipalities_with_cases: int
    municipalities: int
    strategies: int
    exercises: int
    workshops: int
    sources: int
    questions: int
    by_municipality: tuple[Bar, ...]
    """Kommuner with cases, most cases first."""
    by_region: tuple[Bar, ...]
    """Every region of the vocabulary, in its order, zeros too."""
    by_core_task: tuple[Bar, ...]
    """Every kerneopgave, in the vocabulary's order, zeros too."""
    by_theme: tuple[Bar, ...]
    """Every tema, most cases first, zeros too."""
    review_period: str
    """'måned', 'kvartal' or 'år': what one bar of `by_review` counts."""
    by_review: tuple[Bar, ...]
    """Cases by when they were last reviewed, oldest first, every period between the first and the last."""
    cases_overdue: int
    content_overdue: int
    content_total: int


def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


def review_periods(days: Iterable[date]) -> tuple[str, list[Bar]]:
    """('måned' | 'kvartal' | 'år', a bar per period from the earliest day's to the latest's, empty ones too)."""
    days = list(days)
    if not days:
        return "måned", []
    first, last = _months(min(days)), _months(max(days))
    span = last - first + 1
    if span <= MONTHS_BY_MONTH:
        kind, size = "måned", 1

        def name(months: int) -> str:
            return f"{month_name(months % 12 + 1).capitalize()} {months // 12}"
    elif span <= MONTHS_BY_QUARTER:
        kind, size = "kvartal", 3

        def name(months: int) -> str:
            return f"{months % 12 // 3 + 1}. kvartal {months // 12}"
    else:
        kind, size = "år", 12

        def name(months: int) -> str:
            return str(months // 12)
    counted = Counter(_months(day) // size for day in days)
    return kind, [Bar(name(period * size), counted[period]) for period in range(first // size, last // size + 1)]


def _most_first(bars: Iterable[Bar]) -> tuple[Bar, ...]:
    return tuple(sorted(bars, key=lambda bar: (-bar.count, bar.label.casefold())))


def library_stats(library: Library, review_months: int, today: date,
                  page_of: Callable[[str, str], str | None] = lambda kind, slug: None) -> LibraryStats:
    """The library in numbers. `page_of(kind, slug)` is the address of a kommune's, kerneopgave's or
    tema's page from the page the numbers are shown on (kind 'kommune', 'kerneopgave', 'tema'), or None."""
    vocabulary, cases = library.vocabulary, library.cases
    municipality_count = Counter(case.municipality for case in cases)
    core_task_count = Counter(task for case in cases for task in case.core_tasks)
    theme_count = Counter(theme for case in cases for theme in case.themes)
    region_count: Counter = Counter()
    regions: dict[str, None] = {}
    for municipality in vocabulary.municipalities:
        regions[municipality.region] = None
        region_count[municipality.region] += municipality_count[municipality.name]
    period, by_review = review_periods(case.last_reviewed for case in cases)
    content = [*cases, *library.strategies, *library.exercises, *library.workshops]
    return LibraryStats(
        cases=len(cases),
        municipalities_with_cases=len(municipality_count),
        municipalities=len(vocabulary.municipalities),
        strategies=len(library.strategies),
        exercises=len(library.exercises),
        workshops=len(library.workshops),
        sources=len(library.sources),
        questions=sum(len(case.reflection_questions) for case in cases),
        by_municipality=_most_first(Bar(m.name, municipality_count[m.name], page_of("kommune", m.slug))
                                    for m in vocabulary.municipalities if municipality_count[m.name]),
        by_region=tuple(Bar(region, region_count[region]) for region in regions),
        by_core_task=tuple(Bar(t.label, core_task_count[t.label], page_of("kerneopgave", t.slug))
                           for t in vocabulary.core_tasks),
        by_theme=_most_first(Bar(t.label, theme_count[t.label], page_of("tema", t.slug)) for t in vocabulary.themes),
        review_period=period,
        by_review=tuple(by_review),
        cases_overdue=sum(1 for case in cases if is_overdue(case.last_reviewed, review_months, today)),
        content_overdue=sum(1 for record in content if is_overdue(record.last_reviewed, review_months, today)),
        content_total=len(content),
    )
