"""Small screens (320 and 375 px): the agenda table, search results and the home page's search field fit."""

import pytest

from tests.conftest import open_search


@pytest.fixture
def narrow(browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    yield page
    page.close()


def test_the_agenda_shows_each_row_as_a_block_on_a_phone(narrow, site_server):
    """No part of a workshop's agenda lies outside the screen: "Bruger" (which case or exercise) included."""
    page = narrow
    page.goto(site_server + "workshops/kommunen-som-gaest/")
    agenda = page.locator(".kb-schedule table")
    outside = agenda.evaluate("""table => Array.from(table.querySelectorAll("td, a"))
        .filter(cell => cell.getClientRects().length)
        .filter(cell => { const box = cell.getBoundingClientRect(); return box.left < 0 || box.right > innerWidth; })
        .map(cell => cell.textContent.slice(0, 40))""")
    assert outside == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Each row reads as a block: the time, the item, then what it uses, labelled (the header row is hidden).
    row = agenda.locator("tbody tr").first
    assert row.locator("td").nth(2).evaluate("td => getComputedStyle(td, '::before').content") == '"Bruger: "'
    time, item = (row.locator("td").nth(n).bounding_box() for n in (0, 1))
    assert item["y"] >= time["y"] + time["height"] - 1


def test_the_agenda_is_a_table_on_a_wide_screen(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_server + "workshops/kommunen-som-gaest/")
    row = page.locator(".kb-schedule tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    assert page.locator(".kb-schedule thead").is_visible()
    page.close()


def test_search_results_on_a_phone_show_at_most_three_tags(narrow, site_server):
    open_search(narrow, site_server, "samarbejde")
    per_result = narrow.locator(".md-search-result__item").evaluate_all(
        "items => items.map(item => Array.from(item.querySelectorAll('.md-tag'))"
        ".filter(tag => tag.getClientRects().length).length)")
    assert max(per_result) == 3
    assert any(count >= 4 for count in narrow.locator(".md-search-result__item").evaluate_all(
        "items => items.map(item => item.querySelectorAll('.md-tag').length)"))  # the cases have more


PLACEHOLDER_FITS = """input => {
  const style = getComputedStyle(input), probe = document.createElement("span");
  for (const name of ["fontFamily", "fontSize", "fontWeight", "letterSpacing"]) probe.style[name] = style[name];
  probe.style.position = "absolute";
  probe.style.whiteSpace = "pre";
  probe.textContent = input.placeholder;
  document.body.appendChild(probe);
  const needed = probe.getBoundingClientRect().width;
  probe.remove();
  return needed <= input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}"""


@pytest.mark.parametrize("width", [375, 320])
def test_the_home_search_placeholder_is_not_cut_off(browser, site_server, width):
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto(site_server)
    field = page.locator(".kb-search input")
    assert field.get_attribute("placeholder").startswith("Fx ")
    assert field.evaluate(PLACEHOLDER_FITS)
    page.close()
