"""Printed documents: what goes into them, the short addresses, and the PDF rules."""

import base64
import re

import pytest

from scripts.check.library import load_library
from scripts.load.model import short_code
from scripts.load.paths import brief_pdf, facilitator_pdf, participant_pdf, workshop_pdf
from scripts.load.settings import Settings
from scripts.load.text import clock
from scripts.render import pdf
from scripts.render.pages import redirect_pages
from scripts.render.print_docs import PrintDocument, body_html, page_downloads, print_documents, with_qr_codes
from tests.conftest import MINIMAL

SETTINGS = Settings(site_url="https://casebiblioteket.example/")


@pytest.fixture(scope="module")
def library():
    library, _ = load_library(MINIMAL)
    assert library is not None
    return library


@pytest.fixture(scope="module")
def documents(library):
    return {document.path: document for document in print_documents(library, SETTINGS)}


def test_every_case_exercise_and_workshop_gets_its_documents(documents):
    assert sorted(documents) == sorted([
        brief_pdf("hoeje-taastrup-test"), brief_pdf("odder-test"),
        facilitator_pdf("test-oevelse"), participant_pdf("test-oevelse"),
        workshop_pdf("test-workshop"),
    ])
    assert documents[brief_pdf("odder-test")].max_pages == 1
    assert documents[participant_pdf("test-oevelse")].max_pages == 2
    assert documents[workshop_pdf("test-workshop")].max_pages is None


def test_documents_are_danish_html_with_a_title(documents):
    brief = documents[brief_pdf("odder-test")]
    assert brief.title == "Mødekort: Odder prøver noget nyt"
    assert brief.html.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "<title>Mødekort: Odder prøver noget nyt</title>" in brief.html


def test_brief_has_short_version_figures_three_questions_and_a_way_back(documents):
    html = documents[brief_pdf("odder-test")].html
    code = short_code("odder-test")
    assert "<h2>Kort fortalt</h2>" in html and "Tre linjer." in html
    assert "<td><strong>9</strong></td><td>workshops</td>" in html
    assert html.count("<li>Hvem skal med?</li>") == 1
    assert f'href="https://casebiblioteket.example/k/{code}/">casebiblioteket.example/k/{code}</a>' in html
    assert 'alt="QR-kode, der fører til casebiblioteket.example/k/' in html
    assert "<cite>En testkilde – Med undertitel</cite>" in html


def test_the_qr_code_is_drawn_only_when_the_pdf_is(documents):
    html = documents[brief_pdf("odder-test")].html
    code = short_code("odder-test")
    assert f'src="kb-qr:https://casebiblioteket.example/k/{code}/"' in html
    drawn = with_qr_codes(html)
    assert "kb-qr:" not in drawn
    uri = re.search(r'class="kb-qr" src="data:image/svg\+xml;base64,([^"]+)"', drawn).group(1)
    assert base64.b64decode(uri).decode().startswith("<svg")


def test_participant_sheet_has_writing_space_under_every_question(documents):
    html = documents[participant_pdf("test-oevelse")].html
    assert html.count('<li class="kb-question">') == 1
    assert html.count('<div class="kb-line"></div>') == 6


def test_facilitator_sheet_has_purpose_time_plan_and_materials(documents):
    html = documents[facilitator_pdf("test-oevelse")].html
    assert "<dt>Formål</dt><dd>At se, hvem I samarbejder med.</dd>" in html
    assert '<strong class="kb-plan__time">10–30 min.</strong> Lav en liste.' in html
    assert "<li>Kuglepenne</li>" in html


def test_workshop_pack_has_plan_then_its_case_and_sheets(documents):
    html = documents[workshop_pdf("test-workshop")].html
    plan, case, sheets = html.index('class="kb-workshop"'), html.index('class="kb-handout"'), \
        html.index('kb-sheet--facilitator')
    assert plan < case < sheets < html.index("kb-sheet--participant")
    assert '<td class="kb-agenda__time">0:10–0:20</td><td>Læs casen.</td><td>Case: Odder prøver noget nyt</td>' in html


def test_exercise_page_embeds_the_same_sheets_as_the_pdfs(library, documents):
    from scripts.render.pages import render_site
    page = render_site(library, SETTINGS)["oevelser/test-oevelse.md"]
    facilitator = documents[facilitator_pdf("test-oevelse")].html
    sheet = facilitator[facilitator.index('<section class="kb-sheet'):facilitator.index("</section>")]
    assert sheet in page


def test_pages_link_their_pdfs_only_when_the_build_makes_them(library):
    from scripts.render.pages import render_site
    assert page_downloads(library)["cases/odder-test.md"][0].path == "pdf/moedekort-odder-test.pdf"
    assert "(../pdf/moedekort-odder-test.pdf){ .md-button download }" in render_site(library, SETTINGS)[
        "cases/odder-test.md"]
    assert ".pdf" not in render_site(library, SETTINGS, downloads=False)["cases/odder-test.md"]


def test_download_buttons_say_how_many_pages_the_built_pdf_has(library):
    from scripts.render.pages import render_site
    pages = {brief_pdf("odder-test"): 1, facilitator_pdf("test-oevelse"): 2, participant_pdf("test-oevelse"): 1,
             workshop_pdf("test-workshop"): 18}
    site = render_site(library, SETTINGS, pdf_pages=pages)
    assert "[Hent mødekort (PDF, 1 side)](../pdf/moedekort-odder-test.pdf)" in site["cases/odder-test.md"]
    assert "[Hent facilitatorark (PDF, 2 sider)]" in site["oevelser/test-oevelse.md"]
    assert "[Hent deltagerark (PDF, 1 side)]" in site["oevelser/test-oevelse.md"]
    assert "[Hent hele pakken (PDF, 18 sider)]" in site["workshops/test-workshop.md"]
    # Without a count (no PDF built yet) a button names none rather than a guess.
    assert "[Hent mødekort (PDF)]" in render_site(library, SETTINGS)["cases/odder-test.md"]


def test_links_between_pages_become_site_addresses_on_paper():
    html = body_html("Se [casen](anden-case.md#tal) og [kilden](../kilder/x.md).", "cases/en-case.md",
                     "https://kb.example/")
    assert 'href="https://kb.example/cases/anden-case/#tal"' in html
    assert 'href="https://kb.example/kilder/x/"' in html


def test_short_codes_are_stable_short_and_unambiguous():
    assert short_code("odder-samskabt-styring") == short_code("odder-samskabt-styring")
    assert short_code("odder-samskabt-styring") != short_code("odder-samskabt-styringen")
    codes = {short_code(f"case-{n}") for n in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 6 and not set(code) & set("01ilo") for code in codes)


@pytest.mark.parametrize(("directory_urls", "target"), [(True, "../../cases/odder-test/"),
                                                        (False, "../../cases/odder-test.html")])
def test_short_address_forwards_to_the_case(library, directory_urls, target):
    page = redirect_pages(library, directory_urls)[f"k/{short_code('odder-test')}/index.html"]
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert '<html lang="da">' in page and "Odder prøver noget nyt" in page


@pytest.mark.parametrize(("minutes", "shown"), [(0, "0:00"), (5, "0:05"), (75, "1:15"), (150, "2:30")])
def test_clock(minutes, shown):
    assert clock(minutes) == shown


def _document(paragraphs: int, max_pages: int | None) -> PrintDocument:
    body = "".join(f"<p>Afsnit {n} med lidt tekst, der fylder en linje på papiret.</p>" for n in range(paragraphs))
    html = f'<!DOCTYPE html><html lang="da"><head><title>Prøve</title></head><body class="kb-doc">{body}</body></html>'
    return PrintDocument("pdf/proeve.pdf", "Prøve", html, max_pages)


def test_a_document_too_long_for_its_page_limit_stops_the_build_with_its_title():
    with pytest.raises(pdf.PdfError, match=r"^Prøve: dokumentet fylder \d+ sider, men må højst fylde 1\."):
        pdf.render_pdf(_document(200, max_pages=1))


def test_cache_renders_only_what_changed_and_forgets_the_rest(tmp_path, monkeypatch):
    rendered = []
    real = pdf.render_pdf_pages
    monkeypatch.setattr(pdf, "render_pdf_pages", lambda document: rendered.append(document.path) or real(document))
    first, second = _document(3, None), PrintDocument("pdf/anden.pdf", "Anden", _document(4, None).html, None)
    files = pdf.build_pdfs([first, second], tmp_path)
    assert rendered == ["pdf/proeve.pdf", "pdf/anden.pdf"]
    assert files[first.path].file.read_bytes().startswith(b"%PDF-")
    again = pdf.build_pdfs([first], tmp_path)
    assert rendered == ["pdf/proeve.pdf", "pdf/anden.pdf"]  # nothing new rendered
    assert again[first.path] == files[first.path]  # the page count too comes back from the cache
    assert list(tmp_path.glob("*.pdf")) == [files[first.path].file]  # the unused PDF is gone


def test_the_page_count_is_the_rendered_pdfs_own(tmp_path):
    import pypdf
    long = PrintDocument("pdf/lang.pdf", "Lang", _document(200, None).html, None)
    built = pdf.build_pdfs([_document(3, None), long], tmp_path)
    for document in ("pdf/proeve.pdf", "pdf/lang.pdf"):
        assert built[document].pages == len(pypdf.PdfReader(built[document].file).pages)
    assert built["pdf/lang.pdf"].pages > 1


def test_printed_cases_keep_the_two_voices_apart(documents):
    # The pack prints its cases whole: the library's box, the source's own questions and the note.
    html = documents[workshop_pdf("test-workshop")].html
    handout = html[html.index('class="kb-handout"'):]
    assert '<div class="kb-own-voice" role="note">' in handout
    assert '<p class="kb-own-voice__label">Bibliotekets refleksion – ikke fra kilden</p>' in handout
    assert "<h3>Kildens egne spørgsmål</h3>" in handout and "Hvem bestemmer? (side 4)" in handout
    assert "Afsnittene »Første kapitel« (side 3) og »Andet kapitel« (side 4)." in handout
    assert 'class="kb-voice-note"' in handout
    brief = documents[brief_pdf("hoeje-taastrup-test")].html
    assert "Spørgsmålene er bibliotekets egne." in brief


# --- an exercise's case sections on paper ------------------------------------------------------

def _with_exercise_lines(tmp_path, lines: str):
    """The minimal library, its exercise given `lines` of front matter after 'cases:'."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    exercise = content / "reflection" / "test-oevelse.md"
    text = exercise.read_text(encoding="utf-8")
    exercise.write_text(text.replace("cases: [odder-test]\n", f"cases: [odder-test]\n{lines}"), encoding="utf-8")
    return load_library(content)


def test_an_exercise_can_hand_out_the_sections_of_its_case_it_names(tmp_path):
    from scripts.load.paths import case_sections_pdf
    from tests.conftest import pdftotext

    library, problems = _with_exercise_lines(tmp_path, "case_sections: [Kort fortalt, Det gjorde de]\n")
    assert library is not None, problems
    documents = {document.path: document for document in print_documents(library, SETTINGS)}
    handout = documents[case_sections_pdf("test-oevelse")]
    assert handout.title == "Casens afsnit: Odder prøver noget nyt"
    assert [label.label for label in page_downloads(library, {handout.path: 1})["oevelser/test-oevelse.md"]][-1] == \
        "Hent casens afsnit (PDF, 1 side)"
    path = tmp_path / "afsnit.pdf"
    path.write_bytes(pdf.render_pdf(handout))
    text = " ".join(pdftotext(path).split())
    assert text.index("Kort fortalt") < text.index("Det gjorde de") < text.index("Kilde")
    assert "Tre linjer." in text  # the text of Kort fortalt
    for left_out in ("Udfordringen", "Organisering og samarbejde", "Det kom der ud af", "Hvem skal med?"):
        assert left_out not in text
    assert f"casebiblioteket.example/k/{short_code('odder-test')}" in text


@pytest.mark.parametrize(("lines", "message"), [
    ("case_sections: [Kort fortalt, Det gjorde dem]\n",
     "Feltet 'case_sections' skal være en af: "),
    ("case_sections: [Kort fortalt]\n",
     None),
])
def test_case_sections_are_sections_every_case_has(tmp_path, lines, message):
    library, problems = _with_exercise_lines(tmp_path, lines)
    if message is None:
        assert library is not None, problems
    else:
        assert library is None
        assert any(message in problem.message and "Det gjorde de" in problem.message for problem in problems), problems


def test_case_sections_need_exactly_one_case(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    exercise = content / "reflection" / "test-oevelse.md"
    text = exercise.read_text(encoding="utf-8")
    exercise.write_text(text.replace("cases: [odder-test]\n", "cases: [odder-test, hoeje-taastrup-test]\n"
                                     "case_sections: [Kort fortalt]\n"), encoding="utf-8")
    library, problems = load_library(content)
    assert library is None
    assert [problem.message for problem in problems if problem.field == "case_sections"] == [
        "Feltet 'case_sections' kræver, at øvelsen bruger præcis én case i 'cases' (fik 2). Nævn den case, "
        "afsnittene er fra."]


def test_small_print_details():
    # F-15: the facilitator's materials in the size of the sheet's other lists; a key figure on one line.
    from scripts.render.print_docs import STYLESHEET
    css = " ".join(STYLESHEET.read_text(encoding="utf-8").split())
    assert ".kb-sheet__notes, .kb-sheet .kb-materials { font-size: 9.5pt; }" in css
    assert ".kb-results td:first-child { white-space: nowrap;" in css
