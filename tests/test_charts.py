"""The page "Biblioteket i tal" (issue point 5): charts drawn at build time as SVG, with a text alternative and
the same numbers in a table; counts that match the library; the page in the built site of both engines."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import markdown
import pytest

from scripts.load.settings import Settings
from scripts.render.charts import BAR_MAX_PERCENT, Bar, bar_chart_svg, bar_width, chart_table, chart_with_table
from scripts.render.pages import render_site
from scripts.render.stats import library_stats, review_periods

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "title", "desc", "rect", "text"}
HOSTILE = ['<script>alert(1)</script>', 'A & B', 'Say "hi"', "it's", "]]><x/>", "{: .x } *y* [z](javascript:1)"]
CASES = ("case", "cases")
PAGE = "biblioteket-i-tal/index.md"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the project's own output, parsed to check it is well-formed


def rows(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}g")


# --- the chart itself ------------------------------------------------------------------------------

def test_bar_widths_are_proportional_to_the_counts():
    root = parse(bar_chart_svg("kb-x", "T", [Bar("a", 8), Bar("b", 4), Bar("c", 1)], CASES))
    widths = [float(rect.get("width").rstrip("%")) for rect in root.iter(f"{SVG}rect")]
    assert widths == [BAR_MAX_PERCENT, BAR_MAX_PERCENT / 2, BAR_MAX_PERCENT / 8]
    assert bar_width(3, 0) == 0.0


def test_a_zero_count_has_its_row_label_and_number_but_no_bar():
    root = parse(bar_chart_svg("kb-x", "T", [Bar("Odder", 2), Bar("Tom", 0)], CASES))
    assert len(rows(root)) == 2
    empty = rows(root)[1]
    assert [t.text for t in empty.iter(f"{SVG}text")] == ["Tom", "0"]
    assert empty.find(f"{SVG}rect") is None


def test_an_empty_chart_still_has_a_title_and_says_there_is_nothing():
    root = parse(bar_chart_svg("kb-x", "Tomt", [], CASES))
    assert root.find(f"{SVG}desc").text == "Ingen data."
    assert int(root.get("height")) > 0


@pytest.mark.parametrize("label", HOSTILE)
def test_labels_are_escaped_and_the_svg_parses_as_xml(label):
    svg = bar_chart_svg("kb-x", label, [Bar(label, 3), Bar("ok", 1)], CASES)
    root = parse(svg)  # well-formed: nothing in the label became markup
    assert root.find(f"{SVG}title").text == label
    assert label in root.find(f"{SVG}desc").text
    assert next(root.iter(f"{SVG}text")).text == label
    assert "<script" not in svg and "<x/>" not in svg


def test_the_svg_has_a_name_a_description_and_only_shapes_and_text():
    svg = bar_chart_svg("kb-chart-tema", "Cases efter tema", [Bar("Samskabelse", 4), Bar("Læring", 1)], CASES)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "kb-chart-tema-title"
    assert root.get("aria-describedby") == "kb-chart-tema-desc"
    assert root.find(f"{SVG}title").get("id") == "kb-chart-tema-title"
    assert root.find(f"{SVG}desc").text == "Samskabelse 4 cases, Læring 1 case."
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= ALLOWED
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert not [name for element in root.iter() for name in element.attrib if name.startswith("on")]
    assert "style=" not in svg and "href" not in svg


def test_a_long_label_is_shortened_in_the_chart_but_whole_in_its_description_and_table():
    label = "En meget lang etiket, som ingen telefon har plads til på én linje"
    root = parse(bar_chart_svg("kb-x", "T", [Bar(label, 1)], CASES))
    assert next(root.iter(f"{SVG}text")).text.endswith("…")
    assert label in root.find(f"{SVG}desc").text
    assert label in chart_table("T", "Tema", "Cases", [Bar(label, 1)])


@pytest.mark.parametrize("chart_id", ["x y", 'a"b', "", "Kb"])
def test_a_chart_id_cannot_break_out_of_its_attribute(chart_id):
    with pytest.raises(ValueError):
        bar_chart_svg(chart_id, "T", [], CASES)


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells: list[tuple[str, dict]] = []
        self.caption = ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "td", "caption"):
            self._in = (tag, dict(attrs))
            self.cells.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if tag in ("th", "td", "caption"):
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.cells[-1][2].append(data)


@pytest.mark.parametrize("label", HOSTILE)
def test_the_table_has_a_caption_headings_with_scope_and_escaped_labels(label):
    table = chart_table(label, "Tema", "Cases", [Bar(label, 3, "../temaer/x/"), Bar("Tom", 0)])
    parser = _Table()
    parser.feed(table)
    cells = [(tag, attrs.get("scope"), "".join(text)) for tag, attrs, text in parser.cells]
    assert cells == [("caption", None, label), ("th", "col", "Tema"), ("th", "col", "Cases"),
                     ("th", "row", label), ("td", None, "3"), ("th", "row", "Tom"), ("td", None, "0")]
    assert '<a href="../temaer/x/">' in table
    assert "<script" not in table


@pytest.mark.parametrize("label", HOSTILE)
def test_the_chart_survives_markdown_as_it_is(label):
    """The page is Markdown with md_in_html: the block must reach the HTML unchanged, hostile labels and all."""
    block = chart_with_table("kb-x", label, [Bar(label, 2), Bar("b", 0)], CASES, "Tema", "Cases")
    engine = markdown.Markdown(extensions=["md_in_html", "attr_list", "tables", "def_list", "admonition", "toc"])
    html = engine.convert(f"## Overskrift\n\nTekst.\n\n{block}\n\nMere tekst.\n")
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    assert html[start:end] == block[block.index("<svg"):block.index("</svg>") + len("</svg>")]
    assert "<p><svg" not in html and "<script" not in html


# --- the review periods ------------------------------------------------------------------------------

def test_reviews_within_two_years_are_counted_by_month_with_the_empty_months():
    kind, bars = review_periods([date(2026, 1, 5), date(2026, 3, 1), date(2026, 3, 31)])
    assert kind == "måned"
    assert [(bar.label, bar.count) for bar in bars] == [("Januar 2026", 1), ("Februar 2026", 0), ("Marts 2026", 2)]


def test_a_longer_span_is_counted_by_quarter_and_then_by_year():
    kind, bars = review_periods([date(2020, 2, 1), date(2023, 11, 1)])
    assert kind == "kvartal" and bars[0].label == "1. kvartal 2020" and bars[-1].label == "4. kvartal 2023"
    assert len(bars) == 16 and sum(bar.count for bar in bars) == 2
    kind, bars = review_periods([date(2010, 6, 1), date(2026, 1, 1), date(2026, 2, 1)])
    assert kind == "år" and [b.label for b in bars][:2] == ["2010", "2011"] and bars[-1].count == 2


# --- the page, rendered from a library -----------------------------------------------------------------

@pytest.fixture(scope="module")
def library(minimal_library):
    return minimal_library


@pytest.fixture(scope="module")
def page(library):
    return render_site(library, Settings(site_url="https://casebiblioteket.example/"), today=date(2028, 11, 15))[PAGE]


def table_numbers(page: str, caption: str) -> dict[str, int]:
    table = page.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    found = re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</th><td>(\d+)</td>', table)
    return {label: int(number) for label, number in found}


def test_the_tables_have_the_librarys_counts(library, page):
    cases = library.cases
    vocabulary = library.vocabulary
    assert table_numbers(page, "Cases efter kommune") == dict(Counter(c.municipality for c in cases))
    assert table_numbers(page, "Cases efter kerneopgave") == {
        t.label: sum(t.label in c.core_tasks for c in cases) for t in vocabulary.core_tasks}
    assert table_numbers(page, "Cases efter tema") == {
        t.label: sum(t.label in c.themes for c in cases) for t in vocabulary.themes}
    regions = {m.region for m in vocabulary.municipalities}
    assert table_numbers(page, "Cases efter region") == {
        r: sum(vocabulary_region(vocabulary, c.municipality) == r for c in cases) for r in regions}
    assert sum(table_numbers(page, "Cases efter senest gennemgået, pr. måned").values()) == len(cases)
    assert f"- **{len(cases)}** cases" in page


def vocabulary_region(vocabulary, name: str) -> str:
    return next(m.region for m in vocabulary.municipalities if m.name == name)


def test_the_page_counts_overdue_content_as_the_review_page_does(library):
    stats = library_stats(library, 24, date(2028, 11, 15))
    assert stats.cases_overdue == sum(1 for c in library.cases if c.last_reviewed < date(2026, 11, 15))
    assert stats.content_total == (len(library.cases) + len(library.strategies) + len(library.exercises)
                                   + len(library.workshops))


def test_the_page_has_each_chart_with_its_table_and_no_script(page):
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5
    assert page.count("<table>") == 5
    assert "<script" not in page and "style=" not in page


def test_table_links_are_the_addresses_of_the_build(library):
    offline = render_site(library, Settings(site_url="https://x.example/"), today=date(2028, 11, 15),
                          directory_urls=False)[PAGE]
    assert '<a href="../kommuner/odder.html">Odder</a>' in offline
    online = render_site(library, Settings(site_url="https://x.example/"), today=date(2028, 11, 15))[PAGE]
    assert '<a href="../kommuner/odder/">Odder</a>' in online


# --- the built site -------------------------------------------------------------------------------------

@pytest.mark.parametrize("site", ["project_site", "zensical_project_site"])
def test_the_built_page_has_its_charts_and_no_script_of_its_own(request, site):
    built = request.getfixturevalue(site) / "biblioteket-i-tal" / "index.html"
    html = built.read_text(encoding="utf-8")
    content = html[html.index('<article'):html.index("</article>")]
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart__svg"') == 5
    assert content.count("<caption>") == 5
    assert "<script" not in content and "style=" not in content
    for svg in re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart__svg".*?</svg>', content, re.S):
        parse(svg)
    assert len(html.encode()) < 100_000
    # the links in the tables lead to pages that exist
    for href in re.findall(r'<th scope="row"><a href="([^"]*)"', content):
        assert (built.parent / href / "index.html").resolve().is_file(), href


def test_the_home_page_links_to_the_page(project_site):
    assert 'href="biblioteket-i-tal/"' in (project_site / "index.html").read_text(encoding="utf-8")



def test_numbers_are_written_the_danish_way_in_the_text_the_bars_and_the_table():
    from scripts.render.charts import Bar, amount, bar_chart_svg, chart_table

    assert amount(1000, ("case", "cases")) == "1.000 cases" and amount(12345, ("case", "cases")) == "12.345 cases"
    bars = [Bar("Odder", 1234)]
    assert ">1.234</text>" in bar_chart_svg("kommune", "Cases", bars, ("case", "cases"))
    assert "<td>1.234</td>" in chart_table("Cases", "Kommune", "Cases", bars)
