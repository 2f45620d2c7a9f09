"""Render a validated `Library` into finished Markdown pages.

`render_site` returns {path in the site: Markdown text}; it writes nothing.
The MkDocs hook hands the pages to MkDocs in memory, and `kb.py render`
writes them to a folder for inspection or for another site engine.
Page templates are Jinja2 files in `scripts/templates/`.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import jinja2
import yaml

from scripts.model import Case, Library, slugify

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Site addresses of the browse pages (Danish, ASCII so they survive any server).
CASES_DIR = "cases"
MUNICIPALITIES_DIR = "kommuner"
CORE_TASKS_DIR = "kerneopgaver"
THEMES_DIR = "temaer"
STRATEGIES_DIR = "strategier"
EXERCISES_DIR = "oevelser"
SOURCES_DIR = "kilder"
QUESTIONS_PAGE = "refleksionsspoergsmaal.md"

WORDS_PER_MINUTE = 200  # a common estimate for reading Danish non-fiction
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")


def danish_date(value: date) -> str:
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def reading_minutes(case: Case) -> int:
    words = len(re.findall(r"\w+", case.body)) + sum(len(q.split()) for q in case.reflection_questions)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


_SECTION_HEADING = re.compile(r"^## ", re.MULTILINE)


def split_first_section(body: str) -> tuple[str, str]:
    """Split a body into its first '## ' section and the rest.

    Case pages put the key figures right after *Kort fortalt*, so a busy reader
    gets the short version and the numbers before the long text.
    """
    body = body.strip()
    headings = [match.start() for match in _SECTION_HEADING.finditer(body)]
    if len(headings) < 2:
        return body, ""
    return body[:headings[1]].rstrip(), body[headings[1]:]


def time_plan(steps) -> list[tuple[int, int, object]]:
    """(start minute, end minute, step) for each step, for the facilitator."""
    plan, start = [], 0
    for step in steps:
        plan.append((start, start + step.minutes, step))
        start += step.minutes
    return plan


def and_list(values) -> str:
    """Join words the Danish way: "a, b og c"."""
    values = [str(v) for v in values]
    return " og ".join([", ".join(values[:-1]), values[-1]]) if len(values) > 1 else "".join(values)


def md_text(value: object) -> str:
    """Escape text so Markdown shows it literally (titles in link text)."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", str(value))


def front_matter(**meta) -> str:
    data = {key: value for key, value in meta.items() if value not in (None, [], ())}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def case_path(slug: str) -> str:
    return f"{CASES_DIR}/{slug}.md"


def municipality_path(name_slug: str) -> str:
    return f"{MUNICIPALITIES_DIR}/{name_slug}.md"


def core_task_path(slug: str) -> str:
    return f"{CORE_TASKS_DIR}/{slug}.md"


def theme_path(slug: str) -> str:
    return f"{THEMES_DIR}/{slug}.md"


def source_path(source_id: str) -> str:
    return f"{SOURCES_DIR}/{source_id}.md"


CONTENT_DIRS = {"case": CASES_DIR, "strategy": STRATEGIES_DIR, "exercise": EXERCISES_DIR}


def content_page_path(kind: str, slug: str) -> str:
    """Where a case, strategy or exercise file ends up in the site."""
    return f"{CONTENT_DIRS[kind]}/{slug}.md"


def linkable_pages(vocabulary, content: list[tuple[str, str]], source_ids) -> set[str]:
    """Pages an editor may link to from a body: (kind, slug) content plus browse pages."""
    pages = {content_page_path(kind, slug) for kind, slug in content}
    pages |= {"index.md", QUESTIONS_PAGE} | {f"{folder}/index.md" for folder in (
        CASES_DIR, MUNICIPALITIES_DIR, CORE_TASKS_DIR, THEMES_DIR, STRATEGIES_DIR, EXERCISES_DIR, SOURCES_DIR)}
    pages |= {municipality_path(m.slug) for m in vocabulary.municipalities}
    pages |= {core_task_path(t.slug) for t in vocabulary.core_tasks}
    pages |= {theme_path(t.slug) for t in vocabulary.themes}
    pages |= {source_path(source_id) for source_id in source_ids}
    return pages


def tag_names(library_or_vocabulary) -> list[str]:
    """Every tag a page may carry: Material's `tags_allowed`."""
    vocabulary = getattr(library_or_vocabulary, "vocabulary", library_or_vocabulary)
    return ([m.name for m in vocabulary.municipalities] + [t.label for t in vocabulary.core_tasks]
            + [t.label for t in vocabulary.themes])


def tag_pages(library: Library) -> dict[str, str]:
    """Tag name -> the browse page it should link to (site path, no .md)."""
    vocabulary = library.vocabulary
    pages = {m.name: municipality_path(m.slug) for m in vocabulary.municipalities}
    pages.update({t.label: core_task_path(t.slug) for t in vocabulary.core_tasks})
    pages.update({t.label: theme_path(t.slug) for t in vocabulary.themes})
    return {name: path.removesuffix(".md") + "/" for name, path in pages.items()}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Output is Markdown, not HTML; content comes from reviewed pull requests
        # and titles in link text go through the `md` filter.
        autoescape=False,  # noqa: S701
    )
    env.filters.update(md=md_text, danish_date=danish_date, and_list=and_list)
    env.tests["contains"] = lambda values, item: item in values  # selectattr("themes", "contains", label)
    env.globals.update(front_matter=front_matter, reading_minutes=reading_minutes, slugify=slugify,
                       split_first_section=split_first_section, time_plan=time_plan)

    @jinja2.pass_context
    def link(context, target: str) -> str:
        """Relative link from the page being rendered to another page."""
        here = posixpath.dirname(context["page_path"])
        return posixpath.relpath(target, here or ".")

    env.globals["link"] = link
    return env


def related_cases(library: Library) -> dict[str, list[Case]]:
    """Each case's related cases, in both directions.

    An editor who links case A to case B should not have to edit B as well:
    B lists A too. The case's own order comes first, then cases pointing to it.
    """
    by_slug = {case.slug: case for case in library.cases}
    related: dict[str, list[Case]] = {case.slug: [by_slug[slug] for slug in case.related] for case in library.cases}
    for case in library.cases:
        for slug in case.related:
            if case not in related[slug]:
                related[slug].append(case)
    return related


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        for value in key(item):
            groups[value].append(item)
    return groups


def render_site(library: Library) -> dict[str, str]:
    """Every page of the site as {path: Markdown}."""
    env = _environment()
    vocabulary = library.vocabulary
    cases = sorted(library.cases, key=lambda c: c.title.casefold())
    by_municipality = _group(cases, lambda c: [c.municipality])
    by_core_task = _group(cases, lambda c: c.core_tasks)
    by_theme = _group(cases, lambda c: c.themes)
    sources = {s.id: s for s in library.sources}
    case_by_slug = {c.slug: c for c in cases}
    strategies_by_case = _group(sorted(library.strategies, key=lambda s: s.title.casefold()), lambda s: s.cases)
    exercises_by_case = _group(sorted(library.exercises, key=lambda e: e.title.casefold()), lambda e: e.cases)
    common = dict(related=related_cases(library), strategies_by_case=strategies_by_case,
                  exercises_by_case=exercises_by_case,
                  library=library, vocabulary=vocabulary, cases=cases, sources=sources, case_by_slug=case_by_slug,
                  by_municipality=by_municipality, by_core_task=by_core_task, by_theme=by_theme,
                  municipality_path=municipality_path, core_task_path=core_task_path, theme_path=theme_path,
                  case_path=case_path, source_path=source_path,
                  strategies=sorted(library.strategies, key=lambda s: s.title.casefold()),
                  exercises=sorted(library.exercises, key=lambda e: e.title.casefold()),
                  STRATEGIES_DIR=STRATEGIES_DIR, EXERCISES_DIR=EXERCISES_DIR, QUESTIONS_PAGE=QUESTIONS_PAGE)
    pages: dict[str, str] = {}

    def render(path: str, template: str, **context) -> None:
        pages[path] = env.get_template(template).render(**common, **context, page_path=path)

    render("index.md", "home.md.j2")
    render(f"{CASES_DIR}/index.md", "cases.md.j2")
    for case in cases:
        render(case_path(case.slug), "case.md.j2", case=case)
    render(f"{MUNICIPALITIES_DIR}/index.md", "municipalities.md.j2")
    for municipality in vocabulary.municipalities:
        if municipality.name in by_municipality:
            render(municipality_path(municipality.slug), "municipality.md.j2", municipality=municipality)
    render(f"{CORE_TASKS_DIR}/index.md", "core_tasks.md.j2")
    for task in vocabulary.core_tasks:
        render(core_task_path(task.slug), "core_task.md.j2", task=task)
    render(f"{THEMES_DIR}/index.md", "themes.md.j2")
    for theme in vocabulary.themes:
        render(theme_path(theme.slug), "theme.md.j2", theme=theme)
    render(QUESTIONS_PAGE, "questions.md.j2")
    render(f"{STRATEGIES_DIR}/index.md", "strategies.md.j2")
    for strategy in library.strategies:
        render(content_page_path("strategy", strategy.slug), "strategy.md.j2", strategy=strategy)
    render(f"{EXERCISES_DIR}/index.md", "exercises.md.j2")
    for exercise in library.exercises:
        render(content_page_path("exercise", exercise.slug), "exercise.md.j2", exercise=exercise)
    render(f"{SOURCES_DIR}/index.md", "sources.md.j2")
    for source in library.sources:
        render(source_path(source.id), "source.md.j2", source=source)
    return pages


def write_pages(pages: dict[str, str], out_dir: Path) -> int:
    """Write pages under `out_dir`, touching only files whose text changed.

    Unchanged files keep their modification time, so a watcher on `out_dir`
    sees only real changes. Returns the number of files written.
    """
    written = 0
    for path, text in pages.items():
        target = out_dir / path
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += 1
    return written
