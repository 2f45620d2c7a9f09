"""Rendered pages compared with golden files, plus the rules they follow.

To accept a deliberate change of output: UPDATE_GOLDEN=1 make test, then
read the diff of tests/golden/ before committing it.
"""

import html
import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from scripts.load.settings import Settings
from scripts.load.text import and_list, danish_date, split_first_section, split_sections
from scripts.render import pages as render_pages
from scripts.render.escape import plain_text
from scripts.render.pages import case_index_script, front_matter, paginate, render_site, tag_names, tag_pages

GOLDEN = Path(__file__).parent / "golden"
SETTINGS = Settings(site_url="https://casebiblioteket.example/")


# The page counts of the fixture's PDFs as the build makes them (the buttons show them; a real build reads
# them from the PDFs, see test_pdfs.py). Here they are given, so the golden pages need no PDFs.
PDF_PAGES = {"pdf/moedekort-odder-test.pdf": 1, "pdf/moedekort-hoeje-taastrup-test.pdf": 1,
             "pdf/facilitatorark-test-oevelse.pdf": 1, "pdf/deltagerark-test-oevelse.pdf": 1,
             "pdf/workshop-test-workshop.pdf": 7}


@pytest.fixture(scope="module")
def pages(minimal_library):
    return render_site(minimal_library, SETTINGS, today=date(2028, 11, 15), pdf_pages=PDF_PAGES)


def test_rendered_pages_match_golden_files(pages):
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(golden)
    for path, text in pages.items():
        assert text == golden[path], f"{path} differs from tests/golden/{path}"


def test_only_municipalities_with_cases_get_a_page(pages):
    assert "kommuner/odder.md" in pages
    assert "kommuner/hoeje-taastrup.md" in pages
    assert "kommuner/aeroe.md" not in pages  # in the vocabulary, but no case


def test_every_core_task_and_theme_gets_a_page(pages, minimal_library):
    for task in minimal_library.vocabulary.core_tasks:
        assert f"kerneopgaver/{task.slug}.md" in pages
    for theme in minimal_library.vocabulary.themes:
        assert f"temaer/{theme.slug}.md" in pages


def test_case_page_carries_template_description_and_tags(pages):
    meta = meta_of(pages["cases/odder-test.md"])
    assert meta == {"title": "Odder prøver noget nyt", "description": "Et kort resumé af casen fra Odder.",
                    "template": "case.html", "tags": ["Odder", "Social Omsorg", "Samskabelse", "Ældrepleje"],
                    "keywords": ["styring"], "search": {"boost": 2},
                    "breadcrumbs": [{"title": "Forside", "url": ""}, {"title": "Alle cases", "url": "cases/"},
                                    {"title": "Odder", "url": "kommuner/odder/"}, {"title": "Odder prøver noget nyt"}]}


def meta_of(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def test_tags_and_their_pages_come_from_the_vocabulary(minimal_library):
    names = tag_names(minimal_library)
    assert names == ["Odder", "Høje-Taastrup", "Ærø", "Læring", "Social Omsorg", "Samskabelse", "Ny organisering",
                     "Ældrepleje"]
    assert tag_pages(minimal_library)["Ærø"] == "kommuner/aeroe/"
    assert tag_pages(minimal_library)["Social Omsorg"] == "kerneopgaver/social-omsorg/"


def test_source_page_lists_known_but_unwritten_chapters(pages):
    assert "## Kendt, men endnu ikke skrevet\n\nKilden nævner også disse, men biblioteket har ikke teksten til dem:\n\n" \
           "- Et kapitel, der mangler\n" in pages["kilder/testkilde.md"]


@pytest.mark.parametrize(("values", "joined"), [([], ""), (["a"], "a"), (["a", "b"], "a og b"),
                                                (["a", "b", "c"], "a, b og c")])
def test_and_list(values, joined):
    assert and_list(values) == joined


def test_danish_date():
    from datetime import date
    assert danish_date(date(2026, 11, 3)) == "3. november 2026"


@pytest.mark.parametrize(("body", "first", "rest"), [
    ("## Kort fortalt\n\nA.\n\n## Udfordringen\n\nB.\n", [(2, "Kort fortalt", "A.")], [(2, "Udfordringen", "B.")]),
    ("## Kort fortalt\n\nA.\n", [(2, "Kort fortalt", "A.")], []),
    ("Intro.\n\n## Kort fortalt\n\nA.\n\n## B\n", [(0, None, "Intro."), (2, "Kort fortalt", "A.")], [(2, "B", "")]),
    ("Tekst med ### underoverskrift\n", [(0, None, "Tekst med ### underoverskrift")], []),
    ("## Kort ##\n\n#hashtag\n\n### Under\n<!-- ## Ikke en overskrift -->\nC.",
     [(2, "Kort", "#hashtag")], [(3, "Under", "C.")]),
])
def test_split_first_section_puts_key_figures_after_the_short_version(body, first, rest):
    def shape(sections):
        return [(s.level, s.title, s.text) for s in sections]
    short, others = split_first_section(split_sections(body))
    assert (shape(short), shape(others)) == (first, rest)


def test_related_cases_point_both_ways_without_the_editor_repeating_them(minimal_library):
    from scripts.render.pages import related_cases
    related = related_cases(minimal_library)
    assert [c.slug for c in related["odder-test"]] == ["hoeje-taastrup-test"]  # its own list
    assert [c.slug for c in related["hoeje-taastrup-test"]] == ["odder-test"]  # derived from odder-test


def test_case_page_links_to_the_strategies_and_exercises_that_use_it(pages):
    page = pages["cases/odder-test.md"]
    assert "- Strategi: [En strategi for test](../strategier/test-strategi.md) (Odder)" in page
    assert "- Øvelse: [Hvem skal vi samarbejde med?](../oevelser/test-oevelse.md) (30 minutter)" in page


def test_a_long_list_is_split_into_linked_pages():
    pages = paginate("cases/index.md", list(range(250)), 100)
    assert [(path, len(items)) for path, items, _ in pages] == [
        ("cases/index.md", 100), ("cases/side/2.md", 100), ("cases/side/3.md", 50)]
    first, middle, last = (pager for _, _, pager in pages)
    assert (first.previous, first.next) == (None, "cases/side/2.md")
    assert (middle.previous, middle.next) == ("cases/index.md", "cases/side/3.md")
    assert (last.previous, last.next) == ("cases/side/2.md", None)
    assert paginate("kommuner/odder.md", [1], 100)[0][2].count == 1
    assert paginate("kommuner/odder.md", [], 100)[0][:2] == ("kommuner/odder.md", [])


def test_page_links_show_the_ends_and_the_neighbours_with_gaps_between():
    pager = paginate("temaer/x.md", list(range(20)), 2)[4][2]  # page 5 of 10
    numbers = [entry and entry[0] for entry in pager.window()]
    assert numbers == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert pager.window()[-1] == (10, "temaer/x/side/10.md")


def test_browse_pages_are_paged_and_later_pages_stay_out_of_search(minimal_library, monkeypatch):
    monkeypatch.setattr(render_pages, "CASES_PER_PAGE", 1)
    pages = render_site(minimal_library, SETTINGS, today=date(2028, 11, 15))
    assert "cases/side/2.md" in pages and "cases/side/3.md" not in pages
    second = pages["cases/side/2.md"]
    assert meta_of(second)["title"] == "Alle cases – side 2"
    assert meta_of(second)["search"] == {"exclude": True}
    assert meta_of(pages["cases/index.md"])["search"] == {"boost": 0.1}  # in search, after the cases
    assert "[Forrige](../../cases/index.md)" in second
    assert "Side 1 af 2" in pages["cases/index.md"] and "[Næste](../cases/side/2.md)" in pages["cases/index.md"]
    assert "kerneopgaver/social-omsorg/side/2.md" in pages  # both cases have Social Omsorg
    assert "kerneopgaver/laering/side/2.md" not in pages


def test_case_index_script_holds_every_case_for_the_filters(minimal_library):
    script = case_index_script(minimal_library, directory_urls=False)
    assert script.startswith("window.kbCaseIndex=")
    index = json.loads(script.removeprefix("window.kbCaseIndex=").rstrip().removesuffix(";"))
    assert [facet["key"] for facet in index["facets"]] == ["kommune", "kerneopgave", "tema"]
    titles = {row[0]: row for row in index["cases"]}
    assert len(titles) == len(minimal_library.cases)
    row = titles["Høje-Taastrup lægger teams sammen"]
    assert row[1] == "cases/hoeje-taastrup-test.html"
    assert index["facets"][0]["options"][row[2]]["label"] == "Høje-Taastrup"


@pytest.mark.parametrize("title", ["Nej", "Odder: to teams", "'Citat' og \"citat\"", "# ikke en kommentar", "- ikke en liste",
                                   "Tab\tog\\skråstreg", "Linje\u2028skift", "Æblerov på Ærø", "2016", "yes", "@hjem", "{x}"])
def test_front_matter_reads_back_as_the_text_a_reader_sees(title):
    # The theme writes title and tags into HTML as they are, so they are stored
    # escaped; unescaped, they are exactly what was written (as one line).
    meta = {"title": title, "tags": [title, "Læring"], "search": {"boost": 2, "exclude": True}}
    read = yaml.safe_load(front_matter(**meta).strip().strip("-"))
    assert html.unescape(read["title"]) == plain_text(title)
    assert [html.unescape(tag) for tag in read["tags"]] == [plain_text(title), "Læring"]
    assert read["search"] == meta["search"]
    assert not set("<>\"'") & set(read["title"] + "".join(read["tags"]))


def _with_case(library, slug, **changes):
    from dataclasses import replace

    cases = tuple(replace(case, **changes) if case.slug == slug else case for case in library.cases)
    return replace(library, cases=cases)


def test_the_preview_renders_only_a_case_whose_text_alone_changed(minimal_library):
    day = date(2028, 11, 15)
    renderer = render_pages.IncrementalRenderer()
    assert renderer.render(minimal_library, SETTINGS, today=day) == render_site(minimal_library, SETTINGS, today=day)
    slug = minimal_library.cases[0].slug
    edited = _with_case(minimal_library, slug, body=minimal_library.cases[0].body + "\nEn ny sætning.\n")
    pages = renderer.render(edited, SETTINGS, today=day)
    assert renderer.rendered_last == 1
    assert pages == render_site(edited, SETTINGS, today=day)
    assert "En ny sætning." in pages[f"cases/{slug}.md"]
    renderer.render(edited, SETTINGS, today=day)
    assert renderer.rendered_last == 0


def test_the_preview_renders_everything_when_a_change_shows_on_other_pages(minimal_library):
    day = date(2028, 11, 15)
    renderer = render_pages.IncrementalRenderer()
    full = renderer.render(minimal_library, SETTINGS, today=day)
    retitled = _with_case(minimal_library, minimal_library.cases[0].slug, title="En helt ny titel")
    pages = renderer.render(retitled, SETTINGS, today=day)
    assert renderer.rendered_last == len(full)
    assert pages == render_site(retitled, SETTINGS, today=day)
    assert "En helt ny titel" in pages["cases/index.md"]


def test_a_source_address_is_a_link_to_itself_and_nothing_else():
    from scripts.render.pages import external_link

    hostile = ("https://a.dk/[k](https://b.dk/onmouseover=alert(1)//)[klik](javascript:alert(1))"
               "![i](https://evil.example/pixel.png)")
    markdown_link = str(external_link(hostile))
    text, address = markdown_link[1:].split("](", 1)
    assert "(" not in address[:-1] and "[" not in address and "!" not in address  # one link, one address
    assert str(external_link("https://x.dk/object.__init__?a=1&b=2")).endswith("(https://x.dk/object.__init__?a=1&b=2)")
    assert str(external_link("javascript:alert(1)")) == "javascript:alert(1)"  # not a web address: only text
