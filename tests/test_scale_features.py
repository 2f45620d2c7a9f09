"""The open data, the feed, "Biblioteket i tal" and "Min mappe" at 1,000 synthetic cases.

What must hold at that size: the files are still valid (schema, CSV, Atom), hold every case (or, for the
feed and the pages, only a fixed number of entries or totals), and stay small. How long they take to
make, and their exact sizes, are `make sizes`' report (docs/performance.md), not asserted here.
"""

from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import jsonschema
import pytest

from scripts.render.feed import FEED_ENTRIES
from tests.conftest import build_synthetic_site

CASES = 1000


@pytest.fixture(scope="module")
def thousand_cases(tmp_path_factory):
    return build_synthetic_site(tmp_path_factory.mktemp("thousand"), CASES)


def test_every_case_is_in_the_json_and_valid_against_the_schema(thousand_cases):
    data = json.loads((thousand_cases / "data" / "cases.json").read_text(encoding="utf-8"))
    schema = json.loads((thousand_cases / "data" / "case.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert data["count"] == len(data["cases"]) == CASES
    assert [error.message for record in data["cases"] for error in validator.iter_errors(record)] == []
    assert len({record["url"] for record in data["cases"]}) == CASES


def test_the_csv_has_a_row_per_case(thousand_cases):
    text = (thousand_cases / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == CASES and all(row["url"].startswith("https://") for row in rows)


def test_the_feed_holds_only_the_newest_cases_and_stays_small(thousand_cases):
    text = (thousand_cases / "feed.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(text)
    assert feed.bozo == 0 and len(feed.entries) == FEED_ENTRIES
    updated = [entry.updated for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert len(text.encode("utf-8")) < 150_000  # fifty entries, whatever the size of the library


def test_the_numbers_page_counts_every_case_and_holds_only_totals(thousand_cases):
    page = (thousand_cases / "biblioteket-i-tal" / "index.html").read_text(encoding="utf-8")
    assert "<strong>1.000</strong> cases" in page  # Danish thousands
    content = page.split('class="md-content"', 1)[1].split("</article>")[0]
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart__svg"') == 5
    assert "<script" not in content
    # Totals only: no case title of the library appears on it, so it does not grow with each case.
    data = json.loads((thousand_cases / "data" / "cases.json").read_text(encoding="utf-8"))
    assert not [case["title"] for case in data["cases"][:50] if case["title"] in page]
    assert len(page.encode("utf-8")) < 120_000


def test_min_mappe_and_the_home_page_do_not_carry_the_library(thousand_cases):
    folder = (thousand_cases / "min-mappe" / "index.html").read_text(encoding="utf-8")
    home = (thousand_cases / "index.html").read_text(encoding="utf-8")
    assert len(folder.encode("utf-8")) < 80_000 and len(home.encode("utf-8")) < 80_000
    newest = re.findall(r'<li><a href="cases/', home.split(">Nyt i biblioteket<", 1)[1].split("<h2", 1)[0])
    assert len(newest) == 5
    assert "Biblioteket rummer nu 1.000 cases" in home
