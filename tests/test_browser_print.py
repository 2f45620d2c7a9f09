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


# --- paper that says where it came from (issue 14, point 6) ---------------------------------

def _page_texts(path) -> list[str]:
    return [" ".join(page.split()) for page in pdftotext(path).split("\f")[:-1]]


@pytest.mark.parametrize("slug", ["odder-samskabt-styring", "ikast-brande-housing-first"])
def test_a_printed_case_names_the_site_its_short_address_and_review_date_and_has_no_blank_page(
        page, site_server, tmp_path, slug):
    from scripts.check.library import load_library
    from scripts.load.model import short_code
    from scripts.load.text import danish_date
    from tests.conftest import ROOT

    library, _ = load_library(ROOT / "content")
    case = next(case for case in library.cases if case.slug == slug)
    page.goto(site_server + f"cases/{slug}/")
    assert not page.locator(".kb-print-header").is_visible()  # on screen the page has its own header
    path = tmp_path / "case.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    pages = _page_texts(path)
    assert pages[0].startswith(f"Casebiblioteket · casebiblioteket.example/k/{short_code(slug)} · "
                               f"Senest gennemgået {danish_date(case.last_reviewed)} {case.title}")
    assert "QR-kode" not in " ".join(pages)  # the QR code is drawn; a broken image would print its alt text
    page.emulate_media(media="print")
    qr = page.locator(".kb-print-header__qr")
    assert qr.is_visible() and qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert qr.bounding_box()["width"] > 70  # about 22 mm: big enough to scan from paper
    # No blank or nearly blank last page (a page of the case's last lines holds hundreds of characters).
    assert len("".join(pages[-1].split())) > 200


def test_an_address_already_on_the_paper_is_not_printed_twice(page, site_server, tmp_path):
    page.goto(site_server + "oevelser/moed-borgeren-foer-sagen/")
    _, text = _print(page, tmp_path, "sheets.pdf")
    compact = text.replace(" ", "")
    assert "Øvelsenpånettet:casebiblioteket.example/oevelser/moed-borgeren-foer-sagen" in compact
    assert "(https://casebiblioteket.example/oevelser/" not in compact
    for url in ("oevelser/moed-borgeren-foer-sagen/", "cases/odder-samskabt-styring/"):
        page.goto(site_server + url)
        doubled = page.evaluate("""() => [...document.querySelectorAll("a[data-print-href]")].filter(link => {
            const shown = address => address.trim().replace(/^https?:\\/\\//, "").replace(/\\/$/, "");
            return shown(link.textContent) === shown(link.href)
                || link.closest(".kb-sheet__address, .kb-address, .kb-print-header");
        }).map(link => link.outerHTML)""")
        assert doubled == [], url


def test_a_filtered_list_prints_the_cases_and_one_line_of_filters_not_the_panel(page, site_server, tmp_path):
    page.goto(site_server + "cases/?kommune=odder")
    page.get_by_role("checkbox", name="Odder").wait_for()
    _, text = _print(page, tmp_path, "list.pdf")
    assert "Filtreret på Kommune: Odder" in text
    assert "Samskabt styring i Odder" in text and "Viser 1 af 10 cases." in text
    for panel in ("Filtrér casene", "Nulstil filtre", "Social Omsorg (", "Hedensted (", "valgt)"):
        assert panel not in text
    # Choosing another filter updates the line.
    page.get_by_role("checkbox", name="Hedensted").check()
    _, text = _print(page, tmp_path, "list2.pdf")
    assert "Filtreret på Kommune: Hedensted, Odder" in text


def test_a_printed_workshop_page_breaks_its_agenda_instead_of_leaving_a_page_nearly_empty(page, site_server,
                                                                                           tmp_path):
    """The agenda was kept whole, so it jumped to page 2 and page 1 held only the title and facts (567
    characters; a full page holds about 2,000)."""
    page.goto(site_server + "workshops/kommunen-som-gaest/")
    path = tmp_path / "workshop.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    pages = pdftotext(path).split("\f")
    filled = [len("".join(text.split())) for text in pages if text.strip()]
    assert len(filled) >= 2
    assert min(filled[:-1]) >= 1000, filled


def test_no_printed_case_page_starts_a_page_with_its_source_alone(page, site_server, tmp_path):
    # "Kilde" takes the end of the questions with it (print.css); two real cases once printed it alone.
    from scripts.check.library import load_library
    from tests.conftest import ROOT

    library, _ = load_library(ROOT / "content")
    alone = []
    for case in library.cases:
        page.goto(site_server + f"cases/{case.slug}/")
        path = tmp_path / f"{case.slug}.pdf"
        page.pdf(path=str(path), prefer_css_page_size=True)
        alone += [(case.slug, number) for number, text in enumerate(_page_texts(path), 1) if text.startswith("Kilde ")]
    assert alone == []
