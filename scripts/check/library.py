"""The whole library: the checks across files, and the assembly of the records (`load_library`).

Each file is checked on its own (scripts/check/documents.py), over the
machine's cores for a large library; what only the whole library can say
(addresses and titles used twice, links to pages and headings, a pack's size)
is checked here, and only a clean run produces a `Library` to render.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from scripts.check.documents import Context, validate_document
from scripts.check.fields import KIND_NAMES, PACK_MAX_CASE_BYTES, RESERVED_SLUGS, SLUG
from scripts.check.hints import suggest
from scripts.check.markup import LinkRef, body_links
from scripts.check.privacy import file_name_personal_data
from scripts.check.registries import load_registries
from scripts.load.batch import collector_paused, map_in_parts
from scripts.load.content import ROOT, content_file_list, read_bytes, read_document, unused_entries
from scripts.load.model import (
    AgendaItem,
    Case,
    Exercise,
    Library,
    Problem,
    Result,
    SourcePart,
    Step,
    Strategy,
    Vocabulary,
    Workshop,
    short_code,
    slugify,
)
from scripts.load.paths import PAGE_HEADINGS, content_files, content_page_path, heading_anchor, linkable_pages
from scripts.load.text import split_sections


@dataclass(frozen=True)
class Identity:
    """What the checks across files need to know of one file: its address, title, links and headings."""

    kind: str
    slug: str
    display: str
    title: str | None
    title_line: int
    municipality: str | None = None
    themes: tuple[str, ...] = ()
    links: tuple[LinkRef, ...] = ()
    anchors: frozenset[str] = frozenset()
    """Every '#anchor' the file's page will have: its title, the template's headings and the body's."""
    headings: tuple[str, ...] = ()
    """The section anchors in page order, for messages."""
    body_bytes: int = 0
    printed_cases: tuple[str, ...] = ()
    """A workshop's cases, which its pack prints whole."""


def _identity(document) -> Identity:
    meta = document.meta
    title = meta.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    municipality = meta.get("municipality")
    themes = meta.get("themes")
    links, _ = body_links(document.body, content_page_path(document.kind, document.slug), document.body_line)
    headings = [section.title for section in split_sections(document.body) if section.title is not None]
    headings += PAGE_HEADINGS.get(document.kind, ())
    return Identity(document.kind, document.slug, document.display, title, meta.lines.get("title", 0),
                    municipality if isinstance(municipality, str) else None,
                    tuple(theme for theme in themes if isinstance(theme, str)) if isinstance(themes, list) else (),
                    tuple(links), frozenset(heading_anchor(text) for text in [title or "", *headings] if text),
                    tuple(dict.fromkeys(heading_anchor(text) for text in headings)), len(document.body.encode("utf-8")),
                    _agenda_cases(meta.get("agenda")) if document.kind == "workshop" else ())


def _agenda_cases(agenda) -> tuple[str, ...]:
    if not isinstance(agenda, list):
        return ()
    return tuple(dict.fromkeys(item["case"] for item in agenda if isinstance(item, dict) and isinstance(item.get("case"), str)))


def _check_slugs_and_titles(documents: list[Identity]) -> Iterator[Problem]:
    by_slug: dict[tuple[str, str], list] = defaultdict(list)
    by_title: dict[tuple[str, str], list] = defaultdict(list)
    for document in documents:
        if not SLUG.match(document.slug):
            # Never suggest a name that keeps a CPR number (the privacy gate names that one).
            wanted = slugify(document.slug)
            if not wanted or list(file_name_personal_data(wanted + ".md")):
                wanted = "min-" + document.kind
            yield Problem(document.display, 0, "Filnavnet må kun have små bogstaver a-z, tal og bindestreger. "
                          f"Omdøb filen til '{wanted}.md'.")
        elif document.slug in RESERVED_SLUGS:
            yield Problem(document.display, 0, f"Filnavnet '{document.slug}.md' er forbeholdt en oversigtsside, som "
                          "bygningen laver. Giv filen et andet navn.")
        by_slug[(document.kind, slugify(document.slug))].append(document)
        if document.title:
            by_title[(document.kind, document.title.casefold())].append(document)
    by_code: dict[str, list] = defaultdict(list)
    for document in documents:
        if document.kind == "case":
            by_code[short_code(document.slug)].append(document)
    for code, group in by_code.items():
        if len(group) > 1 and len({d.slug for d in group}) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, 0, f"Filnavnet giver den samme korte adresse (k/{code}/) som {others}. "
                              "Giv en af filerne et lidt andet navn.")
    for (_, slug), group in by_slug.items():
        if len(group) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, 0, f"Adressen '{slug}' bruges også af {others}. "
                              "Giv filerne forskellige navne.")
    for group in by_title.values():
        if len(group) > 1:
            for document in group:
                others = ", ".join(d.display for d in group if d is not document)
                yield Problem(document.display, document.title_line, f"Titlen '{document.title}' "
                              f"bruges også i {others}. Giv {KIND_NAMES[document.kind]} en titel, der ikke findes "
                              "i forvejen.", "title")


def _check_link_targets(identities: list[Identity], vocabulary: Vocabulary, present, source_ids) -> Iterator[Problem]:
    """Every link in a body must reach a page (and a heading) or a file the built site will have.

    Checked across files, because only the whole library says which
    municipality pages exist (those with cases) and which headings a page has.
    """
    cases = [identity for identity in identities if identity.kind == "case"]
    pages = linkable_pages(vocabulary, present, source_ids, {case.municipality for case in cases},
                           {theme for case in cases for theme in case.themes})
    files = content_files(present) | static_files()
    by_page = {content_page_path(identity.kind, identity.slug): identity for identity in identities}
    case_slugs = [slug for kind, slug in present if kind == "case"]
    for identity in identities:
        for link in identity.links:
            message = _link_target_problem(link, identity, pages, files, by_page, case_slugs)
            if message:
                yield Problem(identity.display, link.line, message, "body")


def _link_target_problem(link: LinkRef, identity: Identity, pages, files, by_page, case_slugs) -> str | None:
    if link.target is None:
        target = identity
    elif link.target.endswith(".md"):
        if link.target not in pages:
            guess = suggest(posixpath.basename(link.target).removesuffix(".md"), case_slugs)
            hint = (f" Mente du '{guess}.md'?" if guess else
                    " Link til en anden case med dens filnavn, fx '[titel](anden-case.md)'.")
            return f"Linket '{link.written}' peger på en side, der ikke findes.{hint}"
        target = by_page.get(link.target)
    else:
        if link.target not in files:
            return (f"Linket '{link.written}' peger på en fil, der ikke findes. Link til en side ('anden-case.md') "
                    "eller til en PDF, biblioteket laver (fx '../pdf/moedekort-anden-case.pdf').")
        target = None
        if link.fragment:
            return f"Linket '{link.written}' peger på et afsnit i en fil. Slet '#{link.fragment}'."
    if not link.fragment:
        return None
    if target is None:
        return (f"Linket '{link.written}' peger på et afsnit ('#{link.fragment}') på en oversigtsside, hvis afsnit "
                "skifter, når biblioteket vokser. Link til selve siden uden '#...'.")
    if unquote(link.fragment) not in target.anchors:
        shown = ", ".join(f"#{anchor}" for anchor in target.headings[:12])
        return f"Afsnittet '#{link.fragment}' findes ikke på siden. Afsnittene er: {shown}."
    return None


def _check_pack_sizes(identities: list[Identity]) -> Iterator[Problem]:
    """A workshop pack prints its cases whole: their text together is bounded, as laying it out is slow."""
    sizes = {identity.slug: identity.body_bytes for identity in identities if identity.kind == "case"}
    for identity in identities:
        total = sum(sizes.get(slug, 0) for slug in identity.printed_cases)
        if total > PACK_MAX_CASE_BYTES:
            yield Problem(identity.display, 0, f"Pakken printer {len(identity.printed_cases)} cases med "
                          f"{total // 1000} KB tekst tilsammen, men højst {PACK_MAX_CASE_BYTES // 1000} KB. Brug færre "
                          "eller kortere cases, eller del workshoppen op.", "agenda")


def static_files(root: Path = ROOT) -> set[str]:
    """The site's own files (images in static/, CSS and JavaScript in overrides/assets/) as site paths."""
    found = set()
    for folder, prefix in ((root / "static", ""), (root / "overrides" / "assets", "assets/")):
        if folder.is_dir() and not folder.is_symlink():
            found |= {prefix + path.relative_to(folder).as_posix() for path in folder.rglob("*")
                      if path.is_file() and not path.is_symlink() and not path.name.startswith(".")}
    return found


def _tuple(value) -> tuple:
    return tuple(value or ())


def _source_parts(items, key: str) -> tuple[SourcePart, ...]:
    return tuple(SourcePart(item[key].strip(), None if item.get("pages") is None else str(item["pages"]).strip())
                 for item in items or ())


def _record(document, values: dict):
    common = {"slug": document.slug, "path": document.path, "body": document.body}
    if document.kind == "case":
        return Case(**common, title=values["title"].strip(), municipality=values["municipality"],
                    core_tasks=_tuple(values["core_tasks"]), themes=_tuple(values["themes"]),
                    summary=values["summary"].strip(), target_group=values["target_group"].strip(),
                    period=None if values["period"] is None else str(values["period"]),
                    results=tuple(Result(str(r["figure"]), str(r["measure"])) for r in values["results"]),
                    source=values["source"],
                    source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                    source_sections=_source_parts(values["source_sections"], "title"),
                    keywords=_tuple(values["keywords"]), reflection_questions=_tuple(values["reflection_questions"]),
                    source_questions=_source_parts(values["source_questions"], "question"),
                    related=_tuple(values["related"]), last_reviewed=values["last_reviewed"])
    if document.kind == "strategy":
        return Strategy(**common, title=values["title"].strip(), municipality=values["municipality"],
                        summary=values["summary"].strip(), core_tasks=_tuple(values["core_tasks"]),
                        themes=_tuple(values["themes"]), source=values["source"],
                        source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                        source_sections=_source_parts(values["source_sections"], "title"),
                        keywords=_tuple(values["keywords"]),
                        cases=_tuple(values["cases"]), last_reviewed=values["last_reviewed"])
    if document.kind == "workshop":
        return Workshop(**common, title=values["title"].strip(), summary=values["summary"].strip(),
                        core_tasks=_tuple(values["core_tasks"]), themes=_tuple(values["themes"]),
                        audience=values["audience"].strip(), duration_minutes=values["duration_minutes"],
                        agenda=tuple(AgendaItem(item["minutes"], item["text"].strip(), item.get("case"),
                                                item.get("exercise")) for item in values["agenda"]),
                        last_reviewed=values["last_reviewed"])
    return Exercise(**common, title=values["title"].strip(), summary=values["summary"].strip(),
                    purpose=values["purpose"].strip(), duration_minutes=values["duration_minutes"],
                    group_size=values["group_size"].strip(), materials=_tuple(values["materials"]),
                    steps=tuple(Step(step["minutes"], step["text"].strip()) for step in values["steps"]),
                    questions=_tuple(values["questions"]),
                    cases=_tuple(values["cases"]), case_sections=_tuple(values["case_sections"]),
                    core_tasks=_tuple(values["core_tasks"]),
                    themes=_tuple(values["themes"]), source=values["source"],
                    source_pages=None if values["source_pages"] is None else str(values["source_pages"]),
                    last_reviewed=values["last_reviewed"])


def _check_file(kind: str, path: Path, display: str, content_dir: Path,
                ctx: Context | None) -> tuple[Identity | None, object, list[Problem]]:
    """Read and check one content file: (its identity, its record or None, its problems).

    The record is None when the file has errors, or when there is no vocabulary to check against.
    """
    try:
        document, problems = read_document(path, kind, content_dir, display)
        if document is None:
            return None, None, problems
        if ctx is None:
            return _identity(document), None, problems
        values, problems = validate_document(document, ctx)
        return _identity(document), (None if values is None else _record(document, values)), problems
    except (RecursionError, MemoryError):
        return None, None, [Problem(display, 0, "Filen er for indviklet til at blive tjekket (for mange niveauer "
                                    "inden i hinanden). Gør den enklere.")]
    except Exception as error:  # noqa: BLE001 - an editor gets a message, never a traceback
        return None, None, [Problem(display, 0, "Filen kunne ikke tjekkes, fordi tjekket selv fejlede "
                                    f"({type(error).__name__}). Tjek filen for usædvanlige værdier, og fortæl "
                                    "udviklerne om fejlen.")]


def _check_files_with_memo(files, content_dir: Path, ctx: Context | None, memo: dict) -> list:
    """`_check_file` for each file, reusing the result for a file whose bytes and context are unchanged.

    A file's check depends only on its bytes and on the context (vocabulary,
    sources, which pages exist, the date), so that pair is the key. The memo
    keeps only the current files, so it does not grow while the server runs.
    """
    context = repr(ctx)  # Context holds a set and a dict, so it is not hashable itself
    # Read as the check reads (no link followed, nothing but a regular file, at most 1 MB), so a
    # link to a FIFO or /dev/zero saved while the preview runs cannot stall it.
    keys = [(kind, display, read_bytes(path, display)[0], context) for kind, path, display in files]
    todo = [number for number, key in enumerate(keys) if key not in memo]
    fresh = map_in_parts(lambda part: [_check_file(*files[number], content_dir, ctx) for number in part], todo)
    found = {keys[number]: result for number, result in zip(todo, fresh)}
    results = [found[key] if key in found else memo[key] for key in keys]
    memo.clear()
    memo.update(zip(keys, results))
    return results


def _exercise_durations(files, content_dir: Path) -> dict[str, int]:
    """Slug -> duration of every exercise that gives a whole number (workshops are checked against them)."""
    durations = {}
    for kind, path, display in files:
        if kind == "exercise":
            document, _ = read_document(path, kind, content_dir, display)
            duration = document.meta.get("duration_minutes") if document else None
            if isinstance(duration, int) and not isinstance(duration, bool):
                durations[document.slug] = duration
    return durations


def load_library(content_dir: Path, review_months: int | None = None,
                 today: date | None = None, memo: dict | None = None) -> tuple[Library | None, list[Problem]]:
    """Load and validate everything under `content_dir`.

    Returns the library when there are no errors, and every problem found
    (warnings included) either way, sorted by file and line. With
    `review_months`, content not reviewed within that many months of `today`
    gets a warning. A `memo` kept between calls (the preview server does)
    lets files whose bytes and surroundings are unchanged skip their check.
    """
    with collector_paused():
        return _load_library(content_dir, review_months, today, memo)


def _load_library(content_dir: Path, review_months: int | None, today: date | None, memo: dict | None):
    if content_dir.is_symlink():
        return None, [Problem(content_dir.name, 0, "Mappen er et symbolsk link. Links følges ikke: læg indholdet i en "
                              "almindelig mappe.")]
    vocabulary, sources, problems = load_registries(content_dir)
    problems += unused_entries(content_dir)
    files = content_file_list(content_dir)
    # Every file that exists counts as existing, even one whose YAML is broken:
    # its own error says what is wrong, and links to it should not say it is missing.
    present = [(kind, path.stem) for kind, path, _ in files]
    ctx = None
    if vocabulary is not None:
        source_ids = tuple(s.id for s in sources)
        ctx = Context(vocabulary, source_ids, tuple(slug for kind, slug in present if kind == "case"),
                       _exercise_durations(files, content_dir),
                       tuple(slug for kind, slug in present if kind == "exercise"),
                       review_months, today or date.today())
    if memo is None:
        # The one pass over every file, split over the cores for a large library.
        checked = map_in_parts(lambda part: [_check_file(*file, content_dir, ctx) for file in part], files)
    else:
        checked = _check_files_with_memo(files, content_dir, ctx, memo)
    records = {"case": [], "strategy": [], "exercise": [], "workshop": []}
    for (kind, _, _), (_, record, found) in zip(files, checked):
        problems += found
        if record is not None:
            records[kind].append(record)
    identities = [identity for identity, _, _ in checked if identity is not None]
    problems += _check_slugs_and_titles(identities)
    problems += _check_pack_sizes(identities)
    if vocabulary is not None:
        problems += _check_link_targets(identities, vocabulary, present, tuple(s.id for s in sources))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    if vocabulary is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Library(vocabulary, sources, tuple(records["case"]), tuple(records["strategy"]),
                   tuple(records["exercise"]), tuple(records["workshop"])), problems
