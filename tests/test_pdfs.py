"""The PDFs of the real library, read back as a reader's PDF viewer would."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pypdf
import pytest

from scripts.check.library import load_library
from scripts.load.model import short_code
from scripts.load.settings import load_settings
from scripts.render.print_docs import print_documents
from tests.conftest import ROOT, pdftotext

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def library():
    library, _ = load_library(ROOT / "content")
    return library


@pytest.fixture(scope="module")
def documents(library):
    return print_documents(library, load_settings())


def _heading(title: str) -> str:
    """'Mødekort: <case title>' -> '<case title>', the document's visible heading."""
    return title.split(": ", 1)[1]


def test_every_pdf_is_a_tagged_danish_a4_document_with_its_title(project_site, documents):
    assert len(documents) == len(list((project_site / "pdf").glob("*.pdf")))
    for document in documents:
        path = project_site / document.path
        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "da", document.path
        assert bool(root["/MarkInfo"]["/Marked"]), document.path  # tagged (PDF/UA)
        assert "/StructTreeRoot" in root, document.path
        assert reader.metadata.title == document.title
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1), document.path
        text = " ".join(pdftotext(path).split())
        assert _heading(document.title) in text, document.path


def test_page_counts(project_site, documents):
    for document in documents:
        pages = len(pypdf.PdfReader(project_site / document.path).pages)
        if document.path.startswith("pdf/moedekort-"):
            assert pages == 1, document.path
        elif document.path.startswith(("pdf/facilitatorark-", "pdf/deltagerark-")):
            assert pages <= 2, document.path
        else:  # a workshop pack: its plan, then a case or sheet on every further page
            assert pages >= 2, document.path


def test_brief_text_can_be_selected_and_leads_back_to_the_case(project_site, library):
    case = next(c for c in library.cases if c.slug == "holstebro-investeringsmodel-voksenomraadet")
    text = " ".join(pdftotext(project_site / "pdf" / f"moedekort-{case.slug}.pdf").split())
    for expected in ("Kort fortalt", "6 → 2 år", "Tre spørgsmål til mødet", case.reflection_questions[0],
                     f"casebiblioteket.example/k/{short_code(case.slug)}"):
        assert expected in text
    forward = (project_site / "k" / short_code(case.slug) / "index.html").read_text(encoding="utf-8")
    assert f"url=../../cases/{case.slug}/" in forward


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pdfs, self.labels, self._label = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").endswith(".pdf"):
            self.pdfs.append(attrs["href"])
            self._label = ""

    def handle_data(self, data):
        if self._label is not None:
            self._label += data

    def handle_endtag(self, tag):
        if tag == "a" and self._label is not None:
            self.labels.append(" ".join(self._label.split()))
            self._label = None


@pytest.mark.parametrize(("page", "expected"), [
    ("cases/odder-samskabt-styring/", ["moedekort-odder-samskabt-styring.pdf"]),
    ("oevelser/moed-borgeren-foer-sagen/", ["facilitatorark-moed-borgeren-foer-sagen.pdf",
                                           "deltagerark-moed-borgeren-foer-sagen.pdf",
                                           "casens-afsnit-moed-borgeren-foer-sagen.pdf"]),
    ("workshops/handlerum-taet-paa-borgeren/", ["workshop-handlerum-taet-paa-borgeren.pdf"]),
])
def test_pages_offer_their_pdfs_and_the_links_resolve(project_site, page, expected):
    parser = _Links()
    parser.feed((project_site / page / "index.html").read_text(encoding="utf-8"))
    targets = [urlparse(urljoin("http://site/" + page, href)).path.lstrip("/") for href in parser.pdfs]
    assert [target.rsplit("/", 1)[1] for target in targets] == expected
    for target, label in zip(targets, parser.labels):
        assert (project_site / target).is_file()
        # The button says what it gives, with the page count of the file it links to.
        pages = len(pypdf.PdfReader(project_site / target).pages)
        assert label.endswith(f"(PDF, {pages} {'side' if pages == 1 else 'sider'})"), label


def test_every_core_task_has_a_workshop_pack(library):
    covered = {task for workshop in library.workshops for task in workshop.core_tasks}
    assert covered == {task.label for task in library.vocabulary.core_tasks}


# --- what a facilitator hands a copier ---------------------------------------------------------

def _pages(path) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    return [" ".join(page.split()) for page in pdftotext(path).split("\f")[:-1]]


# A pack's contents line: "Case: <title> s. 4–7" (pdftotext may wrap the title; _pages joins it again).
_CONTENTS_LINE = re.compile(r"(Denne plan|(?:Case|Facilitatorark|Deltagerark): .+?) s\. (\d+)–(\d+)")


def _contents(text: str) -> list[tuple[str, int, int]]:
    listed = text[text.index("Det indeholder pakken"):].partition("Dagsorden")[0]
    return [(label, int(first), int(last)) for label, first, last in _CONTENTS_LINE.findall(listed)]


def test_every_page_of_a_multi_page_pdf_says_side_n_af_m(project_site, documents):
    for document in documents:
        pages = _pages(project_site / document.path)
        if document.path.startswith("pdf/moedekort-"):
            assert "Side 1 af 1" not in pages[0], document.path  # one page: a number would only be noise
            continue
        for number, text in enumerate(pages, start=1):
            assert text.endswith(f"Side {number} af {len(pages)}"), (document.path, number)


def test_a_packs_contents_give_every_part_its_pages(project_site, library, documents):
    exercises = {exercise.slug: exercise for exercise in library.exercises}
    cases = {case.slug: case for case in library.cases}
    for workshop in library.workshops:
        pages = _pages(project_site / f"pdf/workshop-{workshop.slug}.pdf")
        contents = _contents(pages[0])
        expected = (["Denne plan"] + [f"Case: {cases[slug].title}" for slug in workshop.cases]
                    + [f"{kind}: {exercises[slug].title}" for slug in workshop.exercises
                       for kind in ("Facilitatorark", "Deltagerark")])
        assert [label for label, _, _ in contents] == expected
        # The parts follow one another without a gap and end on the last page.
        assert contents[0][1] == 1 and contents[-1][2] == len(pages)
        for (_, _, last), (_, first, _) in zip(contents, contents[1:]):
            assert first == last + 1, workshop.slug
        for label, first, last in contents:
            assert first <= last
            kind, _, title = label.partition(": ")
            kicker = {"Denne plan": "WORKSHOPPAKKE", "Case": "CASE", "Facilitatorark": "FACILITATORARK",
                      "Deltagerark": "DELTAGERARK"}[kind]
            assert pages[first - 1].startswith(f"{kicker} · CASEBIBLIOTEKET {title or workshop.title}"), label


# Fewer characters than this and a page is near empty: a page of running text holds about 2,000-3,000
# (the packs' fullest pages), the plan's and sheets' shortest real pages about 500, and the pages the
# review found (only "Kilde", the note and the QR code, or the note and the QR code alone) 111-204.
# A participant sheet is the exception: its pages are ruled writing space, a few questions on each.
NEAR_EMPTY = 300


def test_no_page_of_a_pack_is_near_empty_or_holds_only_a_cases_source(project_site, library):
    for workshop in library.workshops:
        pages = _pages(project_site / f"pdf/workshop-{workshop.slug}.pdf")
        writing_space = {number for label, first, last in _contents(pages[0]) if label.startswith("Deltagerark")
                         for number in range(first, last + 1)}
        for number, text in enumerate(pages, start=1):
            if number not in writing_space:
                assert len("".join(text.split())) >= NEAR_EMPTY, (workshop.slug, number, text)
            # The source block goes with the end of the case: it never opens a page.
            assert not text.startswith(("Kilde ", "Casen genfortæller kilden")), (workshop.slug, number)


def test_the_exercise_that_asks_for_case_sections_offers_a_handout_of_them(project_site):
    """'Mød borgeren før sagen' tells the facilitator to print three sections of the Holstebro case."""
    page = (project_site / "oevelser" / "moed-borgeren-foer-sagen" / "index.html").read_text(encoding="utf-8")
    assert "pdf/casens-afsnit-moed-borgeren-foer-sagen.pdf" in page
    text = pdftotext(project_site / "pdf" / "casens-afsnit-moed-borgeren-foer-sagen.pdf")
    headings = [line for line in text.splitlines() if line in ("Kort fortalt", "Det gjorde de",
                                                                "Organisering og samarbejde", "Nøgletal")]
    assert headings == ["Kort fortalt", "Det gjorde de", "Organisering og samarbejde"]
