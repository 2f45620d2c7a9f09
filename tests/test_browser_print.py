"""Printing from the browser: what Chromium puts on A4 paper."""

import pypdf
import pytest

from tests.conftest import pdftotext

A4 = (595.28, 841.89)


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


def _print(page, tmp_path, name: str) -> tuple[pypdf.PdfReader, str]:
    path = tmp_path / name
    page.pdf(path=str(path), prefer_css_page_size=True)
    return pypdf.PdfReader(path), " ".join(pdftotext(path).split())


def test_case_page_prints_on_a4_without_the_sites_navigation(page, site_server, tmp_path):
    page.goto(site_server + "cases/odder-samskabt-styring/")
    article = " ".join(page.inner_text("article").split())
    chrome = {" ".join(text.split()) for text in page.locator(
        ".md-nav--primary .md-nav__link, .md-header, .md-footer, .md-skip").all_inner_texts()}
    chrome |= {"Indholdsfortegnelse", "Gå til indholdet", "Søg"}
    reader, text = _print(page, tmp_path, "case.pdf")
    for pdf_page in reader.pages:
        assert (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)) == pytest.approx(A4, abs=1)
    assert "Samskabt styring i Odder" in text
    # Navigation labels that the case itself also uses ("Kerneopgaver") cannot be told apart; check the rest.
    leaked = [label for label in chrome if label and label not in article and label in text]
    assert leaked == []


def test_links_in_running_text_print_their_address(page, site_server, tmp_path):
    page.goto(site_server + "cases/odder-samskabt-styring/")
    _, text = _print(page, tmp_path, "links.pdf")
    assert f"({site_server}kilder/fremfaerd-odder-samskabt-styring/)" in text.replace(" ", "")


def test_exercise_page_prints_as_its_facilitator_and_participant_sheets(page, site_server, tmp_path):
    page.goto(site_server + "oevelser/moed-borgeren-foer-sagen/")
    reader, text = _print(page, tmp_path, "sheets.pdf")
    assert text.index("FACILITATORARK") < text.index("Tidsplan") < text.index("DELTAGERARK")
    assert "Navn eller gruppe:" in text
    assert "Hent facilitatorark" not in text  # buttons stay on screen
    assert len(reader.pages) <= 4


def test_print_button_opens_the_print_dialog(page, site_server):
    page.goto(site_server + "oevelser/moed-borgeren-foer-sagen/")
    page.evaluate("window.print = () => { window.kbPrinted = true; }")
    button = page.get_by_role("button", name="Udskriv arkene")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.kbPrinted") is True
