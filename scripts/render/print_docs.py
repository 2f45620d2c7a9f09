"""Printed documents: meeting briefs, exercise sheets and workshop packs.

Every printed page comes from the same library as the site. This module
turns a validated `Library` into complete HTML documents (one per PDF) from
the Jinja2 templates in `scripts/render/templates/print/`; `scripts/render/pdf.py` renders
them. The exercise sheets are one template fragment, used both inside the
exercise's web page (where the browser prints it) and in the sheet PDFs, so
the two cannot drift apart.
"""

from __future__ import annotations

import base64
import html as html_module
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import segno

from scripts.load import paths, voice
from scripts.load.model import Case, Exercise, Library, Workshop
from scripts.load.settings import Settings
from scripts.load.text import (
    and_list,
    clock,
    copy_instruction,
    count,
    danish_date,
    reading_minutes,
    source_location,
    split_first_section,
    time_plan,
)
from scripts.render.body import render_body, sections_html
from scripts.render.escape import Markup, template_environment, trusted

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "print"
STYLESHEET = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "stylesheets" / "print.css"

# Lines of writing space under each question on a participant sheet: enough
# for a few sentences by hand, and six questions still fit on two pages.
ANSWER_LINES = 6


@dataclass(frozen=True)
class PrintDocument:
    """One PDF to produce: where it goes in the site, and its HTML."""

    path: str
    title: str
    html: str
    max_pages: int | None
    """The build fails if the PDF needs more pages (None: no limit)."""


@dataclass(frozen=True)
class Download:
    """A PDF offered on a page, for the 'Hent som PDF' links."""

    path: str
    label: str


def download_label(what: str, pages: int | None) -> str:
    """'Hent hele pakken (PDF, 18 sider)': what the button gives, with the built PDF's real page count."""
    return f"Hent {what} (PDF, {count(pages, 'side', 'sider')})" if pages else f"Hent {what} (PDF)"


def page_downloads(library: Library, pdf_pages: Mapping[str, int] | None = None) -> dict[str, list[Download]]:
    """Site page (Markdown path) -> the PDFs it offers.

    `pdf_pages` maps each PDF's site path to its number of pages, counted in
    the built file (scripts/render/pdf.py builds the PDFs before the pages are
    rendered, so the count on a button is the file's own); without it the
    labels name no page count.
    """
    pdf_pages = pdf_pages or {}

    def download(path: str, what: str) -> Download:
        return Download(path, download_label(what, pdf_pages.get(path)))

    downloads: dict[str, list[Download]] = {}
    for case in library.cases:
        downloads[paths.case_path(case.slug)] = [download(paths.brief_pdf(case.slug), "mødekort")]
    for exercise in library.exercises:
        downloads[paths.content_page_path("exercise", exercise.slug)] = [
            download(paths.facilitator_pdf(exercise.slug), "facilitatorark"),
            download(paths.participant_pdf(exercise.slug), "deltagerark"),
        ] + ([download(paths.case_sections_pdf(exercise.slug), "casens afsnit")] if exercise.case_sections else [])
    for workshop in library.workshops:
        downloads[paths.content_page_path("workshop", workshop.slug)] = [
            download(paths.workshop_pdf(workshop.slug), "hele pakken"),
        ]
    return downloads


# --- Markdown bodies as HTML ---------------------------------------------------

def absolute_link(page: str, href: str, site_url: str) -> str | None:
    """A link in the body of `page`, pointing at the published site: paper has no 'here'."""
    resolved = paths.resolve_body_link(page, href)
    if resolved is None:
        # A web address stays; an anchor means nothing on paper, and a relative address that leads
        # nowhere in the site must not reach WeasyPrint, which would make it a file: link.
        return href if paths.has_scheme(href) else None
    target, fragment = resolved
    address = paths.page_url(target) if target.endswith(".md") else target
    return site_url + address + fragment


def body_html(text: str, page: str, site_url: str) -> Markup:
    """A content body as sanitized HTML with its headings, links pointing at the published site."""
    return sections_html(render_body(text, lambda href: absolute_link(page, href, site_url)))


# --- QR codes -------------------------------------------------------------------

def qr_data_uri(url: str, mask: int | None = None) -> str:
    """An SVG QR code as a data: URI, for an <img> that can carry alt text.

    Without `mask`, segno tries all eight masks and keeps the one a scanner
    reads best; that is most of the cost, and a fixed mask (any of 0-7 is
    valid and decodes alike) makes a code several times faster, for a page
    that is rendered on every build.
    """
    qr = segno.make(url, error="m", mask=mask)
    buffer = io.BytesIO()
    # An SVG image (not inline SVG) needs its namespace, or a browser shows the alt text instead;
    # the viewBox lets it scale to the size print.css gives it.
    qr.save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=4, dark="#000", border=2)
    size = qr.symbol_size(scale=4, border=2)[0]
    svg = buffer.getvalue().decode("ascii").replace("<svg ", f'<svg viewBox="0 0 {size} {size}" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# Making a QR code takes longer than the rest of a meeting brief, and a brief
# whose PDF is cached needs none. So the HTML carries a placeholder, which
# with_qr_codes() replaces just before a PDF is drawn.
_QR_PLACEHOLDER = "kb-qr:"
_QR_SOURCE = re.compile(r'src="kb-qr:([^"]+)"')


def qr_placeholder(url: str) -> str:
    return _QR_PLACEHOLDER + url


def with_qr_codes(html: str) -> str:
    """The HTML with every QR placeholder replaced by its QR code."""
    return _QR_SOURCE.sub(lambda match: f'src="{qr_data_uri(html_module.unescape(match.group(1)))}"', html)


# --- templates ------------------------------------------------------------------

@cache
def _environment() -> jinja2.Environment:
    # HTML documents: every {{ value }} is escaped (scripts/render/escape.py); bodies
    # arrive as sanitized Markup from scripts/render/body.py.
    env = template_environment(TEMPLATES_DIR, "html")
    env.keep_trailing_newline = False
    env.filters.update(danish_date=danish_date, and_list=and_list, clock=clock)
    env.globals.update(time_plan=time_plan, count=count, reading_minutes=reading_minutes, qr_code=qr_placeholder,
                       answer_lines=ANSWER_LINES, source_location=source_location, copy_instruction=copy_instruction,
                       own_voice_label=voice.LABEL, own_voice_note=voice.CASE_NOTE,
                       source_questions_note=voice.SOURCE_QUESTIONS_NOTE)
    return env


def stylesheet() -> Markup:
    """The print stylesheet, inlined into every document (project code, not content)."""
    return trusted(STYLESHEET.read_text(encoding="utf-8"))


class _Context:
    """What every print template needs to know about the library and the site."""

    def __init__(self, library: Library, settings: Settings):
        self.library = library
        self.site_url = settings.site_url
        self.cases = {case.slug: case for case in library.cases}
        self.exercises = {exercise.slug: exercise for exercise in library.exercises}
        self.sources = {source.id: source for source in library.sources}

    def cases_of(self, slugs) -> list[Case]:
        return [self.cases[slug] for slug in slugs]

    def url(self, md_path: str) -> str:
        return self.site_url + paths.page_url(md_path)

    def short_url(self, case: Case) -> str:
        return self.site_url + paths.short_link(case.slug)

    def shown(self, url: str) -> str:
        """An address as people type it: no scheme, no trailing slash."""
        return re.sub(r"^https?://", "", url).rstrip("/")

    def render(self, template: str, **values) -> str:
        return _environment().get_template(template).render(ctx=self, stylesheet=stylesheet(), **values)

    def notes_html(self, exercise: Exercise) -> Markup:
        """The exercise's own notes for the facilitator (preparation, tips), as HTML."""
        return body_html(exercise.body, paths.content_page_path("exercise", exercise.slug), self.site_url)

    def sections_of(self, case: Case, titles) -> Markup:
        """The case's sections with these headings (each with its subsections), in the case's own order."""
        page = paths.case_path(case.slug)
        chosen, keep = [], False
        for section in render_body(case.body, lambda href: absolute_link(page, href, self.site_url)):
            if section.title is not None and section.level <= 2:
                keep = section.title in titles
            if keep:
                chosen.append(section)
        return sections_html(chosen)

    def body_html(self, case: Case) -> tuple[Markup, Markup]:
        """The case body as HTML, split after *Kort fortalt* like the web page."""
        page = paths.case_path(case.slug)
        sections = render_body(case.body, lambda href: absolute_link(page, href, self.site_url))
        short, rest = split_first_section(sections)
        return sections_html(short), sections_html(rest)


def exercise_sheets_html(library: Library, exercise: Exercise, settings: Settings) -> str:
    """The facilitator and participant sheets of an exercise, as one HTML fragment.

    The exercise page embeds this fragment (shown only in print), and the
    sheet PDFs are made from the same macros.
    """
    ctx = _Context(library, settings)
    return _environment().get_template("sheets_fragment.html.j2").render(ctx=ctx, exercise=exercise).strip()


def print_documents(library: Library, settings: Settings) -> list[PrintDocument]:
    """Every PDF of the site as a complete HTML document."""
    ctx = _Context(library, settings)
    documents = []
    for case in library.cases:
        title = f"Mødekort: {case.title}"
        documents.append(PrintDocument(paths.brief_pdf(case.slug), title, _brief_html(ctx, case, title), max_pages=1))
    for exercise in library.exercises:
        title = f"Facilitatorark: {exercise.title}"
        documents.append(PrintDocument(paths.facilitator_pdf(exercise.slug), title,
                                       ctx.render("sheet.html.j2", title=title, exercise=exercise,
                                                  sheet="facilitator"), max_pages=2))
        title = f"Deltagerark: {exercise.title}"
        documents.append(PrintDocument(paths.participant_pdf(exercise.slug), title,
                                       ctx.render("sheet.html.j2", title=title, exercise=exercise,
                                                  sheet="participant"), max_pages=2))
        if exercise.case_sections:
            case = ctx.cases[exercise.cases[0]]  # the validator allows case_sections only with one case
            title = f"Casens afsnit: {case.title}"
            documents.append(PrintDocument(paths.case_sections_pdf(exercise.slug), title,
                                           ctx.render("case_sections.html.j2", title=title, exercise=exercise,
                                                      case=case), max_pages=None))
    for workshop in library.workshops:
        documents.append(workshop_document(ctx, workshop))
    return documents


# A brief depends only on its case, the case's source, the site's address and
# the stylesheet. The preview server rebuilds on every save; remembering the
# briefs it has made spares it rendering thousands that did not change.
_briefs: dict[tuple, str] = {}
_BRIEFS_KEPT = 20_000


def _brief_html(ctx: _Context, case: Case, title: str) -> str:
    key = (case, ctx.sources[case.source], ctx.site_url, stylesheet())
    if key not in _briefs:
        if len(_briefs) >= _BRIEFS_KEPT:
            _briefs.clear()
        _briefs[key] = ctx.render("brief.html.j2", title=title, case=case)
    return _briefs[key]


def workshop_document(ctx: _Context, workshop: Workshop) -> PrintDocument:
    title = f"Workshop: {workshop.title}"
    cases = [ctx.cases[slug] for slug in workshop.cases]
    exercises = [ctx.exercises[slug] for slug in workshop.exercises]
    # Materials for the whole workshop: each exercise's list, without repeats.
    materials = list(dict.fromkeys(item for exercise in exercises for item in exercise.materials))
    preparation = body_html(workshop.body, paths.content_page_path("workshop", workshop.slug), ctx.site_url)
    html = ctx.render("workshop.html.j2", title=title, workshop=workshop, cases=cases, exercises=exercises,
                      materials=materials, preparation=preparation)
    return PrintDocument(paths.workshop_pdf(workshop.slug), title, html, max_pages=None)
