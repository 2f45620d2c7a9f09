"""Render a validated `Library` into finished Markdown pages.

`render_site` returns {path in the site: Markdown text}; it writes nothing.
The MkDocs hook hands the pages to MkDocs in memory, and `kb.py render`
writes them to a folder for inspection or for another site engine.
Page templates are Jinja2 files in `scripts/render/templates/`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

import jinja2

from scripts.load import paths, voice
from scripts.load.batch import collector_paused, map_in_parts
from scripts.load.content import KIND_DIRS as KIND_FOLDERS
from scripts.load.model import Case, Library, slugify
from scripts.load.paths import (
    ACCESSIBILITY_PAGE,
    CASES_DIR,
    CORE_TASKS_DIR,
    EXERCISES_DIR,
    FOLDER_PAGE,
    MUNICIPALITIES_DIR,
    QUESTIONS_PAGE,
    REVIEW_PAGE,
    SOURCES_DIR,
    STATS_PAGE,
    STRATEGIES_DIR,
    THEMES_DIR,
    WORKSHOPS_DIR,
    case_path,
    content_page_path,
    core_task_path,
    municipality_path,
    paged_path,
    questions_path,
    source_path,
    theme_path,
)
from scripts.load.review import is_overdue, review_due
from scripts.load.settings import Settings
from scripts.load.text import (
    and_list,
    clock,
    copy_instruction,
    count,
    danish_date,
    danish_number,
    reading_minutes,
    source_location,
    split_first_section,
    time_plan,
)
from scripts.render.body import Section, render_body
from scripts.render.charts import chart_with_table
from scripts.render.escape import Markup, html_text, markdown_text, template_environment, trusted
from scripts.render.feed import FEED_ENTRIES, HOME_RECENT, recent_cases
from scripts.render.open_data import licence_statement
from scripts.render.print_docs import exercise_sheets_html, page_downloads, qr_data_uri
from scripts.render.stats import library_stats
from scripts.render.wayfinding import breadcrumbs, page_contents

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Lists are split into pages, so no page grows with the library: 100 case
# cards are about 100 KB of HTML, well under the 300 KB a page may have.
CASES_PER_PAGE = 100
ROWS_PER_PAGE = 200  # table rows (the review page)


@dataclass(frozen=True)
class Pager:
    """Where one page sits in a list split over several pages."""

    number: int
    paths: tuple[str, ...]
    """The Markdown path of every page of the list, first to last."""

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None

    def window(self) -> list[tuple[int, str] | None]:
        """Page numbers to link: the first, the last and two either side of this one; None marks a gap."""
        wanted = {1, self.count, *range(self.number - 2, self.number + 3)}
        shown, last = [], 0
        for number in sorted(n for n in wanted if 1 <= n <= self.count):
            if number > last + 1:
                shown.append(None)
            shown.append((number, self.paths[number - 1]))
            last = number
        return shown


def paginate(first_page: str, items: list, size: int) -> list[tuple[str, list, Pager]]:
    """(page path, the items on it, its pager) for a list split `size` to a page."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    paths = tuple([first_page] + [paged_path(first_page, number) for number in range(2, len(chunks) + 1)])
    return [(path, chunk, Pager(number, paths)) for number, (path, chunk) in enumerate(zip(paths, chunks), start=1)]


# Material writes these into the page's HTML as they are (<title>, the meta
# description, the header, search results), so they are escaped for HTML here.
_HTML_META = ("title", "description")


def front_matter(**meta) -> Markup:
    """YAML front matter, one field a line, each value written as JSON.

    JSON is YAML too, and always quoted, so a title such as 'Nej' or 'Odder: to
    teams' stays text. Python writes JSON in C; PyYAML's representer was a
    quarter of a case page's rendering time. Title, description, tags and
    keywords reach HTML (or the search index) unescaped by the theme, so they
    are escaped here.
    """
    for key in _HTML_META:
        if meta.get(key) is not None:
            meta[key] = str(html_text(meta[key]))
    if meta.get("breadcrumbs"):  # overrides/partials/path.html writes them into the page as they are
        meta["breadcrumbs"] = [{key: str(html_text(value)) for key, value in crumb.items()}
                               for crumb in meta["breadcrumbs"]]
    if meta.get("tags"):
        meta["tags"] = [tag_name(tag) for tag in meta["tags"]]
    if meta.get("keywords"):  # they go into the search index, from which results are built as HTML
        meta["keywords"] = [str(html_text(word)) for word in meta["keywords"]]
    lines = [f"{key}: {_yaml_safe(json.dumps(value, ensure_ascii=False))}"
             for key, value in meta.items() if value not in (None, [], ())]
    return trusted("---\n" + "\n".join(lines) + "\n---\n")


# Characters JSON leaves as they are but YAML reads as line breaks or refuses.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_safe(json_text: str) -> str:
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def tag_name(label: str) -> str:
    """A vocabulary label as a page tag: escaped, since the theme shows tags in search results as HTML."""
    return str(html_text(label))


def tag_names(library_or_vocabulary) -> list[str]:
    """Every tag a page may carry: Material's `tags_allowed` (escaped like the pages' tags)."""
    vocabulary = getattr(library_or_vocabulary, "vocabulary", library_or_vocabulary)
    return [tag_name(label) for label in ([m.name for m in vocabulary.municipalities]
                                          + [t.label for t in vocabulary.core_tasks]
                                          + [t.label for t in vocabulary.themes])]


def tag_pages(library: Library) -> dict[str, str]:
    """Tag name -> the browse page it should link to (site path, no .md)."""
    vocabulary = library.vocabulary
    pages = {m.name: municipality_path(m.slug) for m in vocabulary.municipalities}
    pages.update({t.label: core_task_path(t.slug) for t in vocabulary.core_tasks})
    pages.update({t.label: theme_path(t.slug) for t in vocabulary.themes})
    return {name: path.removesuffix(".md") + "/" for name, path in pages.items()}


def page_suffix(pager) -> str:
    """' – side 2' after a title, on every page of a list but the first."""
    return f" – side {pager.number}" if pager.number > 1 else ""


def heading_level(section: Section) -> int:
    """The level `heading_line` writes a body section's heading at."""
    return min(max(section.level, 2), 6)


def heading_line(section: Section) -> Markup:
    """A body section's heading as a Markdown heading, so the engine makes its anchor and lists it."""
    return trusted("#" * heading_level(section) + " ") + markdown_text(section.title)


def external_link(url: str) -> Markup:
    """A web address shown as a link to itself; anything but http(s) is only text.

    Written as Markdown, not HTML: Markdown would still read link syntax inside
    an <a> written into the page. The text is escaped, and every character that
    means something to Markdown or HTML is percent-encoded in the address
    (which leaves the address the same to the server it names).
    """
    if not re.match(r"^https?://[^\s<>\"'`]+$", url):
        return markdown_text(url)
    address = quote(url, safe="/:?#&=+;,%@$~-.")
    return trusted(f"[{markdown_text(url)}]({address})")


def case_contents(case: Case, short: list[Section], rest: list[Section], related: bool, further: bool) -> list:
    """(title, anchor) of a case page's sections, for its "På siden" list.

    Lists the headings case.md.j2 writes, in its order (tests/test_build.py
    checks the list against the headings of every built case page).
    """
    headings = [(1, case.title)]
    headings += [(heading_level(s), s.title) for s in short if s.title is not None]
    headings += [(2, "Nøgletal")] if case.results else []
    headings += [(heading_level(s), s.title) for s in rest if s.title is not None]
    headings += [(2, "Refleksionsspørgsmål")] + ([(3, "Kildens egne spørgsmål")] if case.source_questions else [])
    headings += [(2, "Relaterede cases")] if related else []
    headings += [(2, "Brug casen videre")] if further else []
    return page_contents(headings + [(2, "Kilde")])


def search_keywords(case: Case, vocabulary) -> list[str]:
    """A case's own keywords and its themes' (from vocabulary.yml), each once: the words search finds it by."""
    words = list(case.keywords)
    for label in case.themes:
        words += vocabulary.theme(label).keywords
    return list(dict.fromkeys(words))


# Lists of pages (kommuner, temaer, kilder, the overviews) repeat the words of
# the cases they list; in search they come after any case that matches.
LISTING_SEARCH = {"boost": 0.1}


def _environment() -> jinja2.Environment:
    # Every {{ value }} is escaped for Markdown (scripts/render/escape.py); what the
    # helpers below return is built by the pipeline and marked as Markup.
    env = template_environment(TEMPLATES_DIR, "markdown")
    env.filters.update(danish_date=danish_date, danish_number=danish_number, and_list=and_list, clock=clock, slugify=slugify)
    env.tests["contains"] = lambda values, item: item in values  # selectattr("themes", "contains", label)
    env.globals.update(front_matter=front_matter, reading_minutes=reading_minutes, slugify=slugify,
                       split_first_section=split_first_section, time_plan=time_plan, count=count,
                       page_suffix=page_suffix, heading_line=heading_line,
                       external_link=external_link, source_location=source_location, copy_instruction=copy_instruction,
                       own_voice_note=voice.CASE_NOTE, source_questions_note=voice.SOURCE_QUESTIONS_NOTE,
                       LISTING_SEARCH=LISTING_SEARCH, search_keywords=search_keywords, case_contents=case_contents)

    @jinja2.pass_context
    def link(context, target: str) -> Markup:
        """Link from the page being rendered to another page."""
        return trusted(relative_link(context["page_path"], target))

    @jinja2.pass_context
    def links(context, values, page_of) -> Markup:
        """Comma-separated links to the browse pages of vocabulary values ("[Odder](../kommuner/odder.md)")."""
        page = context["page_path"]
        return trusted(", ").join(trusted(f"[{markdown_text(value)}]({relative_link(page, page_of(slugify(value)))})")
                                 for value in values)

    @jinja2.pass_context
    def body(context, text: str) -> list[Section]:
        """A content body as sanitized sections, its links pointing where this page's links must."""
        page, directory_urls = context["page_path"], context["directory_urls"]
        return render_body(text, lambda href: body_link(page, href, directory_urls))

    @jinja2.pass_context
    def trail(context, label: str | None = None, *between: tuple[str, str], pager=None) -> list[dict[str, str]]:
        """The breadcrumb trail of the page being rendered (scripts/render/wayfinding.py), for its front matter."""
        return breadcrumbs(context["page_path"], label, between, pager, context["directory_urls"])

    env.globals.update(link=link, links=links, body=body, trail=trail, municipality_path=municipality_path,
                       core_task_path=core_task_path, theme_path=theme_path, case_path=case_path,
                       source_path=source_path, questions_path=questions_path)
    return env


def case_print_header(case: Case, site_url: str) -> Markup:
    """The case page's print-only header: the site, the case's short address with its QR code, the review date.

    Paper from a browser says where it came from, like the meeting brief does
    (print.css shows it only in print). The QR code is made with a fixed mask:
    every case page has one, and on every build (about 1-2 ms each).
    """
    url = site_url + paths.short_link(case.slug)
    shown = re.sub(r"^https?://", "", url).rstrip("/")
    return trusted(
        '<div class="kb-print-header" data-search-exclude>\n'
        f'<img class="kb-print-header__qr" src="{qr_data_uri(url, mask=0)}" alt="QR-kode, der fører til '
        f'{html_text(shown)}">\n'
        f'<p><strong>Casebiblioteket</strong> · <a href="{html_text(url)}">{html_text(shown)}</a> · '
        f"Senest gennemgået {html_text(danish_date(case.last_reviewed))}</p>\n"
        "</div>")


def body_link(page: str, href: str, directory_urls: bool = True) -> str | None:
    """A link as written in the body of `page`, as it must be published on the site.

    Editors link to other pages by their Markdown path ('anden-case.md',
    '../kommuner/odder.md'); the engine never sees these links (bodies reach it
    as finished HTML), so they become addresses here, in the URL style of the build.
    """
    resolved = paths.resolve_body_link(page, href)
    if resolved is None:
        # Web addresses and anchors stay (the sanitizer judges the scheme); a relative address that
        # leads nowhere in the site ('?q=1', '../../../x') loses its link and keeps its text.
        return href if paths.has_scheme(href) or href.startswith("#") else None
    target, fragment = resolved
    return paths.relative_address(page, target, directory_urls) + fragment


def relative_link(page_path: str, target: str) -> str:
    """A link between two generated pages, up to the site root and down again.

    From 'cases/a.md' to 'kommuner/odder.md' it is '../kommuner/odder.md'; to
    'cases/b.md', '../cases/b.md'. Not the shortest path, but one that depends
    only on how deep the page lies, so a case card is rendered once per depth
    and reused on every list. MkDocs turns both into the same address.
    """
    return "../" * page_path.count("/") + target


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


def filter_facets(cases: list[Case], vocabulary) -> list[dict]:
    """The facets for filtering the case overview: only values some case has, with Danish labels."""
    present = {"kommune": {c.municipality for c in cases}, "kerneopgave": {t for c in cases for t in c.core_tasks},
               "tema": {t for c in cases for t in c.themes}}
    facets = [("kommune", "Kommune", [m.name for m in sorted(vocabulary.municipalities, key=lambda m: m.name)]),
              ("kerneopgave", "Kerneopgave", [t.label for t in vocabulary.core_tasks]),
              ("tema", "Tema", [t.label for t in vocabulary.themes])]
    return [{"key": key, "label": label,
             "options": [{"value": slugify(name), "label": name} for name in names if name in present[key]]}
            for key, label, names in facets]


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        for value in key(item):
            groups[value].append(item)
    return groups


@dataclass(frozen=True)
class ReviewItem:
    title: str
    kind: str
    page: str
    reviewed: date
    due: date
    overdue: bool


def review_list(library: Library, months: int, today: date) -> list[ReviewItem]:
    """All content by the date of its next review, earliest first."""
    kinds = (("case", "Case", library.cases), ("strategy", "Strategi", library.strategies),
             ("exercise", "Øvelse", library.exercises), ("workshop", "Workshoppakke", library.workshops))
    items = [ReviewItem(record.title, label, content_page_path(kind, record.slug), record.last_reviewed,
                        review_due(record.last_reviewed, months), is_overdue(record.last_reviewed, months, today))
             for kind, label, records in kinds for record in records]
    return sorted(items, key=lambda item: (item.due, item.title.casefold()))


def render_site(library: Library, settings: Settings, downloads: bool = True,
                today: date | None = None, directory_urls: bool = True,
                pdf_pages: Mapping[str, int] | None = None) -> dict[str, str]:
    """Every page of the site as {path: Markdown}.

    With `downloads`, pages link to their PDFs; leave it off when the build
    makes no PDFs, so no link points at a missing file. `today` dates the
    review page (tests pass a fixed day). `directory_urls` is the engine's
    URL style ('cases/x/' or, for the offline copy, 'cases/x.html'), which
    the links inside bodies are written in. `pdf_pages` (PDF site path ->
    pages, from the built PDFs) puts each PDF's page count on its button.
    """
    render_jobs, jobs = _plan_site(library, settings, downloads, today, directory_urls, pdf_pages)
    # Thousands of case pages: shared over the cores where that helps (see
    # batch.py). A list page costs about as much as one case page per forty cards.
    with collector_paused():
        texts = map_in_parts(render_jobs, jobs, weight=lambda job: 1 + len(job[2].get("items", ())) / 40)
    return {path: text for (path, _, _), text in zip(jobs, texts)}


def _listed(case: Case) -> Case:
    """What other pages show of a case: all of it but the body (which only its own page shows)."""
    return replace(case, body="")


class IncrementalRenderer:
    """`render_site` for the preview server, which rebuilds on every save.

    An editor mostly changes the text of one case. When nothing that other
    pages show has changed (see `_listed`), only the changed cases' own pages
    are rendered again; any other change renders the whole site.
    """

    def __init__(self) -> None:
        self._inputs: tuple | None = None  # everything but the cases, as of the last call
        self._listed: dict[str, Case] = {}
        self._cases: dict[str, Case] = {}
        self._pages: dict[str, str] = {}
        self.rendered_last = 0
        """How many pages the last call rendered (for tests and curiosity)."""

    def render(self, library: Library, settings: Settings, downloads: bool = True,
               today: date | None = None, directory_urls: bool = True,
               pdf_pages: Mapping[str, int] | None = None) -> dict[str, str]:
        today = today or date.today()
        # A page count is part of what every page with a button shows: when one changes, all are rendered.
        inputs = (library.vocabulary, library.sources, library.strategies, library.exercises, library.workshops,
                  settings, downloads, today, directory_urls, dict(pdf_pages or {}))
        listed = {c.slug: _listed(c) for c in library.cases}
        if inputs != self._inputs or listed != self._listed:
            pages = render_site(library, settings, downloads, today, directory_urls, pdf_pages)
            self.rendered_last = len(pages)
        else:
            changed = {case_path(c.slug) for c in library.cases if self._cases[c.slug] != c}
            render_jobs, jobs = _plan_site(library, settings, downloads, today, directory_urls, pdf_pages)
            jobs = [job for job in jobs if job[0] in changed]
            pages = {**self._pages, **dict(zip((path for path, _, _ in jobs), render_jobs(jobs)))}
            self.rendered_last = len(jobs)
        self._inputs, self._listed, self._cases, self._pages = inputs, listed, {c.slug: c for c in library.cases}, pages
        return pages


def mail_link(address: str) -> Markup:
    """A mailto: link to an address settings.py has checked: letters, digits and ._%+- around one '@'."""
    return trusted(f'<a href="mailto:{address}">{address}</a>')


def stats_context(library: Library, settings: Settings, today: date, directory_urls: bool) -> dict:
    """What the page "Biblioteket i tal" shows: the numbers, and each chart with its table as trusted HTML.

    The charts are raw HTML in the page, which the engine passes on as it is (links too), so their
    links are written as the addresses they must be in the build's URL style.
    """
    folders = {"kommune": municipality_path, "kerneopgave": core_task_path, "tema": theme_path}
    stats = library_stats(library, settings.review_interval_months, today, lambda kind, slug: paths.relative_address(
        STATS_PAGE, folders[kind](slug), directory_urls))
    cases = ("case", "cases")
    charts = {
        "kommune": chart_with_table("kb-chart-kommune", "Cases efter kommune", stats.by_municipality, cases,
                                    "Kommune", "Cases"),
        "region": chart_with_table("kb-chart-region", "Cases efter region", stats.by_region, cases,
                                   "Region", "Cases"),
        "kerneopgave": chart_with_table("kb-chart-kerneopgave", "Cases efter kerneopgave", stats.by_core_task, cases,
                                        "Kerneopgave", "Cases"),
        "tema": chart_with_table("kb-chart-tema", "Cases efter tema", stats.by_theme, cases, "Tema", "Cases"),
        "gennemgang": chart_with_table("kb-chart-gennemgang", f"Cases efter senest gennemgået, pr. {stats.review_period}",
                                       stats.by_review, cases, stats.review_period.capitalize(), "Cases"),
    }
    return {"stats": stats, "charts": {key: trusted(html) for key, html in charts.items()},
            "today": today, "review_months": settings.review_interval_months}


def _plan_site(library: Library, settings: Settings, downloads: bool, today: date | None, directory_urls: bool,
               pdf_pages: Mapping[str, int] | None = None):
    """(a function that renders a list of jobs, every page's job as (path, template, its own context))."""
    env = _environment()
    today = today or date.today()
    vocabulary = library.vocabulary
    cases = sorted(library.cases, key=lambda c: c.title.casefold())
    by_municipality = _group(cases, lambda c: [c.municipality])
    by_core_task = _group(cases, lambda c: c.core_tasks)
    by_theme = _group(cases, lambda c: c.themes)
    sources = {s.id: s for s in library.sources}
    case_by_slug = {c.slug: c for c in cases}
    strategies_by_case = _group(sorted(library.strategies, key=lambda s: s.title.casefold()), lambda s: s.cases)
    exercises_by_case = _group(sorted(library.exercises, key=lambda e: e.title.casefold()), lambda e: e.cases)
    workshops = sorted(library.workshops, key=lambda w: w.title.casefold())
    common = dict(
        library=library, vocabulary=vocabulary, cases=cases, sources=sources, case_by_slug=case_by_slug,
        exercise_by_slug={e.slug: e for e in library.exercises}, workshops=workshops,
        strategies=sorted(library.strategies, key=lambda s: s.title.casefold()),
        exercises=sorted(library.exercises, key=lambda e: e.title.casefold()),
        by_municipality=by_municipality, by_core_task=by_core_task, by_theme=by_theme,
        related=related_cases(library), strategies_by_case=strategies_by_case, exercises_by_case=exercises_by_case,
        downloads=page_downloads(library, pdf_pages) if downloads else {},
        print_header=lambda case: case_print_header(case, settings.site_url),
        sheets=lambda exercise: trusted(exercise_sheets_html(library, exercise, settings)),
        facets=filter_facets(cases, vocabulary),
        STRATEGIES_DIR=STRATEGIES_DIR, EXERCISES_DIR=EXERCISES_DIR, WORKSHOPS_DIR=WORKSHOPS_DIR,
        QUESTIONS_PAGE=QUESTIONS_PAGE, REVIEW_PAGE=REVIEW_PAGE, STATS_PAGE=STATS_PAGE, FOLDER_PAGE=FOLDER_PAGE,
        directory_urls=directory_urls,
        recent=recent_cases(cases, HOME_RECENT), FEED_ENTRIES=FEED_ENTRIES, licence_statement=licence_statement(settings),
        data_licence=settings.data_licence, FEED=paths.FEED, CASES_JSON=paths.CASES_JSON, CASES_CSV=paths.CASES_CSV,
        CASE_SCHEMA=paths.CASE_SCHEMA, VOCABULARY_JSON=paths.VOCABULARY_JSON,
    )
    # A case appears on half a dozen lists; its card is the same on all at one depth.
    cards: dict[tuple[str, int], str] = {}
    card_template = env.get_template("_card.md.j2")

    @jinja2.pass_context
    def case_card(context, case: Case) -> Markup:
        key = (case.slug, context["page_path"].count("/"))
        if key not in cards:
            cards[key] = trusted(card_template.render(case=case, page_path=context["page_path"]))
        return cards[key]

    env.globals["case_card"] = case_card

    jobs: list[tuple[str, str, dict]] = []  # (page path, template, its own context)

    def render(path: str, template: str, **context) -> None:
        jobs.append((path, template, context))

    def render_paged(first_page: str, template: str, items: list, size: int = CASES_PER_PAGE, **context) -> None:
        for path, chunk, pager in paginate(first_page, items, size):
            render(path, template, items=chunk, total=len(items), pager=pager, **context)

    render("index.md", "home.md.j2")
    render_paged(f"{CASES_DIR}/index.md", "cases.md.j2", cases)
    for case in cases:
        render(case_path(case.slug), "case.md.j2", case=case)
    render(f"{MUNICIPALITIES_DIR}/index.md", "municipalities.md.j2")
    for municipality in vocabulary.municipalities:
        if municipality.name in by_municipality:
            render_paged(municipality_path(municipality.slug), "municipality.md.j2",
                         by_municipality[municipality.name], municipality=municipality)
    render(f"{CORE_TASKS_DIR}/index.md", "core_tasks.md.j2")
    for task in vocabulary.core_tasks:
        render_paged(core_task_path(task.slug), "core_task.md.j2", by_core_task.get(task.label, []), task=task)
    render(f"{THEMES_DIR}/index.md", "themes.md.j2")
    for theme in vocabulary.themes:
        render_paged(theme_path(theme.slug), "theme.md.j2", by_theme.get(theme.label, []), theme=theme)
    render(QUESTIONS_PAGE, "questions.md.j2")
    for theme in vocabulary.themes:
        if theme.label in by_theme:
            render_paged(questions_path(theme.slug), "questions_theme.md.j2", by_theme[theme.label], theme=theme)
    render(f"{STRATEGIES_DIR}/index.md", "strategies.md.j2")
    for strategy in library.strategies:
        render(content_page_path("strategy", strategy.slug), "strategy.md.j2", strategy=strategy)
    render(f"{EXERCISES_DIR}/index.md", "exercises.md.j2")
    for exercise in library.exercises:
        render(content_page_path("exercise", exercise.slug), "exercise.md.j2", exercise=exercise)
    render(f"{WORKSHOPS_DIR}/index.md", "workshops.md.j2")
    for workshop in library.workshops:
        render(content_page_path("workshop", workshop.slug), "workshop.md.j2", workshop=workshop)
    reviews = review_list(library, settings.review_interval_months, today)
    render_paged(REVIEW_PAGE, "review.md.j2", reviews, ROWS_PER_PAGE, today=today,
                 review_months=settings.review_interval_months, overdue=sum(1 for item in reviews if item.overdue))
    render(STATS_PAGE, "stats.md.j2", **stats_context(library, settings, today, directory_urls))
    render(ACCESSIBILITY_PAGE, "accessibility.md.j2", contact=mail_link(settings.contact_email),
           owner=settings.owner)
    render(FOLDER_PAGE, "folder.md.j2", online=settings.site_url + paths.page_url(FOLDER_PAGE))
    render(f"{SOURCES_DIR}/index.md", "sources.md.j2")
    for source in library.sources:
        render_paged(source_path(source.id), "source.md.j2",
                     [case for case in cases if case.source == source.id], source=source)

    written = [path for path, _, _ in jobs]
    if len(set(written)) != len(written):  # the validator's reserved names should make this impossible
        twice = sorted({path for path in written if written.count(path) > 1})
        raise ValueError(f"two pages would be written to the same path: {', '.join(twice)}")

    def render_jobs(part):
        return [env.get_template(template).render(**common, **context, page_path=path)
                for path, template, context in part]

    return render_jobs, jobs


def case_index_script(library: Library, directory_urls: bool = True) -> str:
    """Every case, compactly, for the filters on the case overview (a script, so it also works from the disk).

    Each case is [title, address from the site root, kommune, [kerneopgaver], [temaer]],
    the last three as positions in the facets' option lists. Each exercise is [title, address]:
    "Min mappe" (kb-folder.js) names and fetches what a reader gathered from these, and from
    nothing else, so an address in its fragment can only ever lead to the site's own pages.
    """
    cases = sorted(library.cases, key=lambda c: c.title.casefold())
    facets = filter_facets(cases, library.vocabulary)
    position = {facet["key"]: {option["label"]: number for number, option in enumerate(facet["options"])}
                for facet in facets}
    rows = [[case.title, paths.site_address(case_path(case.slug), directory_urls),
             position["kommune"][case.municipality],
             [position["kerneopgave"][task] for task in case.core_tasks],
             [position["tema"][theme] for theme in case.themes]] for case in cases]
    exercises = [[exercise.title, paths.site_address(content_page_path("exercise", exercise.slug), directory_urls)]
                 for exercise in sorted(library.exercises, key=lambda e: e.title.casefold())]
    data = json.dumps({"facets": facets, "cases": rows, "exercises": exercises}, ensure_ascii=False,
                      separators=(",", ":"))
    return f"window.kbCaseIndex={data};\n"


def redirect_pages(library: Library, directory_urls: bool = True) -> dict[str, str]:
    """The short printed addresses (k/<code>/) as small HTML pages that forward to the case."""
    pages = {}
    for case in library.cases:
        target = f"../../{CASES_DIR}/{case.slug}/" if directory_urls else f"../../{CASES_DIR}/{case.slug}.html"
        title = html_text(case.title)
        pages[paths.short_link(case.slug) + "index.html"] = (
            '<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
            # Not a theme page: nothing to run or load at all, so the policy allows nothing.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri 'none'; "
            "form-action 'none'\">\n"
            f"<title>{title} – Casebiblioteket</title>\n"
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            '<meta name="robots" content="noindex">\n</head>\n<body>\n'
            f'<p>Du sendes videre til casen <a href="{target}">{title}</a>.</p>\n'
            "</body>\n</html>\n")
    return pages


def with_error_notices(pages: dict[str, str], problems) -> dict[str, str]:
    """The preview's pages with a box on each page whose file has errors (the home page for the rest).

    While content has errors, the preview shows its last version without
    them; the box says so, and lists what to fix, where the editor looks.
    """
    by_page: dict[str, list] = defaultdict(list)
    folders = {folder: kind for kind, folder in KIND_FOLDERS.items()}
    for problem in problems:
        if problem.severity != "error":
            continue
        parts = problem.path.split("/")
        kind = folders.get(parts[-2]) if len(parts) >= 2 and parts[-1].endswith(".md") else None
        page = content_page_path(kind, parts[-1].removesuffix(".md")) if kind else "index.md"
        by_page[page if page in pages else "index.md"].append(problem)
    noticed = dict(pages)
    for page, found in by_page.items():
        lines = "\n".join(f"    - {markdown_text(str(problem))}" for problem in found)
        notice = (f'!!! danger "Indholdet har fejl: siden viser den seneste udgave uden fejl"\n\n{lines}\n\n'
                  "    Ret fejlene, og gem filen; siden opdateres af sig selv.\n\n")
        front, sep, rest = noticed[page].partition("\n---\n")
        noticed[page] = front + sep + notice + rest if sep else notice + noticed[page]
    return noticed


def write_pages(pages: dict[str, str], out_dir: Path, remove_others: bool = False) -> int:
    """Write pages under `out_dir`, touching only files whose text changed.

    Unchanged files keep their modification time, so a watcher on `out_dir`
    (or MkDocs' dirty rebuild, which compares times) sees only real changes.
    With `remove_others`, files in `out_dir` that are not among `pages` go.
    Returns the number of files written.
    """
    written = 0
    for path, text in pages.items():
        target = out_dir / path
        data = text.encode("utf-8")  # compared as bytes: the CSV's CRLF line ends would not survive read_text
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    if remove_others:
        for target in out_dir.rglob("*"):
            if target.is_file() and target.relative_to(out_dir).as_posix() not in pages:
                target.unlink()
    return written
