"""The search index: keywords added, tags on pages only, and a budget that trims section texts, never titles."""

import copy
import gzip
import json
import random

import pytest

from scripts.render.search_index import (
    KEYWORD_FIELD,
    MIN_WORDS,
    Fit,
    add_keywords,
    fit_to_budget,
    latest_entries,
    parse_trim_message,
    trim_message,
)

WORDS = ("borger kommune medarbejder leder team indsats bolig familie skole job plan møde ansvar tillid "
         "rådgivning visitation budget forebyggelse frivillig fællesskab").split()


def library_index(cases: int, seed: int = 3) -> dict:
    """An index shaped like Material's for `cases` case pages of four sections each."""
    rng = random.Random(seed)  # noqa: S311 - test data
    docs = []
    for number in range(cases):
        page = f"cases/case-{number}/"
        docs.append({"location": page, "title": f"Case {number}", "text": "<p>Resumé af casen.</p>",
                     "tags": ["Odder", "Læring"], "boost": 2})
        for section in ["Kort fortalt", "Udfordringen", "Det gjorde de", "Dilemmaer og læring"]:
            text = "<p>" + " ".join(rng.choice(WORDS) for _ in range(150)) + "</p>"
            docs.append({"location": f"{page}#{section.lower().replace(' ', '-')}", "title": section, "text": text,
                         "tags": ["Odder", "Læring"], "boost": 2})
    return {"config": {"lang": ["da"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}, "docs": docs}


def test_keywords_get_a_boosted_field_and_tags_stay_on_the_page_entry_only():
    index = add_keywords(library_index(2), {"cases/case-1/": ["herberg", "hjemløs"]})
    assert index["config"]["fields"][KEYWORD_FIELD]["boost"] == 100.0
    page = next(doc for doc in index["docs"] if doc["location"] == "cases/case-1/")
    assert page[KEYWORD_FIELD] == "herberg hjemløs"
    assert page["tags"] == ["Odder", "Læring"]
    assert all("tags" not in doc for doc in index["docs"] if "#" in doc["location"])


def test_an_index_within_budget_is_left_whole():
    index = library_index(20)
    whole = copy.deepcopy(index)
    data, fit = fit_to_budget(index, budget=10_000_000)
    assert json.loads(data) == whole
    assert fit.words_per_section is None
    assert fit.gzipped_after == fit.gzipped_before == len(gzip.compress(data, 6, mtime=0))


def test_an_index_over_budget_keeps_what_finds_a_page_and_trims_the_rest():
    index = library_index(200)
    whole = copy.deepcopy(index)
    budget = len(gzip.compress(json.dumps(whole, ensure_ascii=False).encode(), 6)) // 2
    data, fit = fit_to_budget(index, budget=budget)
    assert fit.gzipped_after <= budget < fit.gzipped_before
    assert len(gzip.compress(data, 6, mtime=0)) == fit.gzipped_after
    assert MIN_WORDS < fit.words_per_section < 150
    trimmed = json.loads(data)
    assert [doc["location"] for doc in trimmed["docs"]] == [doc["location"] for doc in whole["docs"]]
    for before, after in zip(whole["docs"], trimmed["docs"]):
        assert after["title"] == before["title"]
        if "#" not in before["location"] or before["title"] == "Kort fortalt":
            assert after == before  # pages (title, lead, tags) and Kort fortalt whole
        else:
            words = after["text"].removeprefix("<p>").removesuffix(" …</p>").split()
            assert len(words) == fit.words_per_section
            assert before["text"].removeprefix("<p>").startswith(" ".join(words))


def test_a_budget_too_small_for_even_the_fewest_words_is_reported_not_hidden():
    data, fit = fit_to_budget(library_index(50), budget=1_000)
    assert fit.words_per_section == MIN_WORDS
    assert fit.gzipped_after > 1_000


@pytest.mark.parametrize("budget_share", [0.5, 0.7, 0.9])
def test_trimming_keeps_as_many_words_as_the_budget_allows(budget_share):
    index = library_index(100)
    budget = int(len(gzip.compress(json.dumps(index, ensure_ascii=False).encode(), 6)) * budget_share)
    _, fit = fit_to_budget(index, budget=budget)
    assert fit.gzipped_after <= budget
    assert fit.gzipped_after > budget * 0.9  # the budget is used, not wasted on an early guess


def test_a_page_rebuilt_by_the_preview_appears_once_with_its_new_text():
    index = {"config": {}, "docs": [{"location": "a/", "title": "A", "text": "gammel"},
                                    {"location": "b/", "title": "B", "text": "b"},
                                    {"location": "a/", "title": "A", "text": "ny"}]}
    assert latest_entries(index)["docs"] == [{"location": "a/", "title": "A", "text": "ny"},
                                             {"location": "b/", "title": "B", "text": "b"}]


def test_the_trim_message_reads_back_as_the_fit_it_reports():
    fit = Fit(raw_before=41_234_567, gzipped_before=7_123_456, raw_after=15_000_001, gzipped_after=2_999_999,
              words_per_section=27)
    message = trim_message(fit)
    assert "7.123.456 bytes gzip" in message
    assert parse_trim_message(f"INFO    -  {message}\nINFO    -  Documentation built") == fit
    assert parse_trim_message("INFO    -  Documentation built in 3.1 seconds") is None
