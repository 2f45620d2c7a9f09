"""The library's open data: every case as JSON and CSV, and the vocabularies (site/data/).

`open_data_files` returns {site path: text} and writes nothing; both engine
adaptors add the files to the site, next to the schema that
scripts/check/json_schema.py makes from the content model. A record holds
all of a case's fields but its body (which is the case's page), plus its
addresses and its source. JSON keeps every text exactly as the case has it;
the CSV, which spreadsheets open, guards cells against formula injection.
"""

from __future__ import annotations

import csv
import io
import json
import re

from scripts.load import paths
from scripts.load.model import Case, Library
from scripts.load.settings import Settings
from scripts.load.text import danish_date

LIST_SEPARATOR = "; "  # lists in one CSV cell
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP: CSV injection);
# such a cell gets an apostrophe in front, which the spreadsheet shows as text and does not display.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets (Excel, Google Sheets, Numbers) skip blanks before a formula sign, so " =1+1" and "\u00a0=1+1"
# are formulas too, and some read the full-width signs as their ASCII ones: what counts is the first character
# after any whitespace or invisible character (zero-width space, BOM), which `make check` lets a quoted YAML
# value keep. The apostrophe still goes first, before the blanks.
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_LEADING_BLANKS = re.compile("[\\s\u200b-\u200d\u2060\ufeff]*")
CSV_COLUMNS = ("slug", "title", "municipality", "region", "core_tasks", "themes", "summary", "target_group",
               "period", "results", "source", "source_title", "source_publisher", "source_pages",
               "source_sections", "keywords", "reflection_questions", "source_questions", "related",
               "last_reviewed", "url", "short_url", "pdf_url")


def licence_statement(settings: Settings) -> str:
    """What a re-user needs to know, in Danish: whose words, whose facts, which licence (or that none is chosen)."""
    own = ("Casene er skrevet med Casebibliotekets egne ord. Oplysningerne i dem stammer fra de kilder, der er "
           "nævnt ved hver case, og rettighederne til kilderne tilhører deres udgivere. Nævn Casebiblioteket og "
           "casens kilde, når du bruger data.")
    if settings.data_licence is None:
        return (f"{own} Der er endnu ikke valgt en licens for genbrug af data; skriv til "
                f"{settings.contact_email}, hvis du vil genbruge teksterne.")
    return f"{own} Data må genbruges efter licensen {settings.data_licence.name} ({settings.data_licence.url})."


def latest_review(library: Library):
    """The newest `last_reviewed` of any case: when the library's cases last changed (None without cases)."""
    return max((case.last_reviewed for case in library.cases), default=None)


def case_record(case: Case, library: Library, settings: Settings, pdfs: bool) -> dict:
    """One case as published: every field of its file but the body, its addresses and its source."""
    site = settings.site_url
    source = library.source(case.source)
    return {
        "slug": case.slug,
        "title": case.title,
        "municipality": case.municipality,
        "region": library.vocabulary.municipality(case.municipality).region,
        "core_tasks": list(case.core_tasks),
        "themes": list(case.themes),
        "summary": case.summary,
        "target_group": case.target_group,
        "period": case.period,
        "results": [{"figure": r.figure, "measure": r.measure} for r in case.results],
        "source": case.source,
        "source_pages": case.source_pages,
        "source_sections": [{"title": part.text, "pages": part.pages} for part in case.source_sections],
        "keywords": list(case.keywords),
        "reflection_questions": list(case.reflection_questions),
        "source_questions": [{"question": part.text, "pages": part.pages} for part in case.source_questions],
        "related": list(case.related),
        "last_reviewed": case.last_reviewed.isoformat(),
        "source_details": {"id": source.id, "title": source.full_title, "author": source.author,
                           "publisher": source.publisher, "year": source.year, "url": source.url,
                           "page_url": paths.absolute_address(site, paths.source_path(source.id))},
        "url": paths.absolute_address(site, paths.case_path(case.slug)),
        "short_url": site + paths.short_link(case.slug),
        "pdf_url": site + paths.brief_pdf(case.slug) if pdfs else None,
    }


def _cell(value) -> str:
    """A value as one CSV cell: lists joined, null empty, and a would-be formula made text."""
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = LIST_SEPARATOR.join(_cell_part(item) for item in value)
    else:
        text = str(value)
    return "'" + text if would_be_formula(text) else text


def would_be_formula(text: str) -> bool:
    """Whether a spreadsheet could read the cell `text` as a formula."""
    if text.startswith(FORMULA_START):
        return True
    return text[_LEADING_BLANKS.match(text).end():][:1] in _FORMULA_SIGNS


def _cell_part(item) -> str:
    if isinstance(item, dict) and "figure" in item:
        return f"{item['figure']}: {item['measure']}"
    if isinstance(item, dict):
        text = item.get("title", item.get("question"))
        return f"{text} (s. {item['pages']})" if item.get("pages") else str(text)
    return str(item)


def cases_csv(records: list[dict]) -> str:
    """The records as CSV: a header row, one row per case; UTF-8 with a BOM, so spreadsheets read æøå."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: quoted where needed, lines ending in CRLF
    writer.writerow(CSV_COLUMNS)
    for record in records:
        source = record["source_details"]
        row = {**record, "source_title": source["title"], "source_publisher": source["publisher"]}
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()


def vocabulary_data(library: Library, settings: Settings) -> dict:
    """content/vocabulary.yml as published, with each value's page on the site."""
    site, vocabulary = settings.site_url, library.vocabulary
    return {
        "municipalities": [{"name": m.name, "region": m.region,
                            "url": paths.absolute_address(site, paths.municipality_path(m.slug))}
                           for m in vocabulary.municipalities],
        "core_tasks": [{"label": t.label, "movement": t.movement, "description": t.description,
                        "url": paths.absolute_address(site, paths.core_task_path(t.slug))}
                       for t in vocabulary.core_tasks],
        "themes": [{"label": t.label, "description": t.description, "intro": t.intro, "keywords": list(t.keywords),
                    "url": paths.absolute_address(site, paths.theme_path(t.slug))}
                   for t in vocabulary.themes],
    }


def _json(data, compact: bool = False) -> str:
    """JSON text; `compact` for the large file: no indentation, so Python's C encoder writes it (a tenth of the time)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def open_data_files(library: Library, settings: Settings, pdfs: bool) -> dict[str, str]:
    """{site path: text} of cases.json, cases.csv and vocabulary.json (the schema comes from check/)."""
    site = settings.site_url
    records = [case_record(case, library, settings, pdfs) for case in sorted(library.cases, key=lambda c: c.slug)]
    updated = latest_review(library)
    cases = {
        "title": "Casebiblioteket: alle cases",
        "description": ("Alle cases i Casebiblioteket med deres oplysninger (uden selve teksten, som står på "
                        "casens side), adresser og kilde. Hver post følger skemaet i 'schema'."),
        "site": site,
        "updated": updated.isoformat() if updated else None,
        "updated_note": ("Datoen for den senest gennemgåede case"
                         + (f" ({danish_date(updated)})." if updated else ".")
                         + " En case har kun én dato, 'last_reviewed': den dag, den sidst blev gennemgået "
                           "eller lagt ind."),
        "licence": {"statement": licence_statement(settings),
                    "name": settings.data_licence.name if settings.data_licence else None,
                    "url": settings.data_licence.url if settings.data_licence else None},
        "schema": site + paths.CASE_SCHEMA,
        "vocabulary": site + paths.VOCABULARY_JSON,
        "csv": site + paths.CASES_CSV,
        "count": len(records),
        "cases": records,
    }
    vocabulary = {"title": "Casebibliotekets ordforråd: kommuner, kerneopgaver og temaer",
                  "site": site, "licence": cases["licence"], **vocabulary_data(library, settings)}
    return {paths.CASES_JSON: _json(cases, compact=True), paths.CASES_CSV: cases_csv(records),
            paths.VOCABULARY_JSON: _json(vocabulary)}
