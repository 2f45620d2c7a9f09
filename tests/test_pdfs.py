"""The PDFs of the real library, read back as a reader's PDF viewer would."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pypdf
import pytest

from scripts.model import short_code
from scripts.print_docs import print_documents
from scripts.schema import load_library
from scripts.settings import load_settings
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
        self.pdfs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").endswith(".pdf"):
            self.pdfs.append(attrs["href"])


@pytest.mark.parametrize(("page", "expected"), [
    ("cases/odder-samskabt-styring/", ["moedekort-odder-samskabt-styring.pdf"]),
    ("oevelser/moed-borgeren-foer-sagen/", ["facilitatorark-moed-borgeren-foer-sagen.pdf",
                                           "deltagerark-moed-borgeren-foer-sagen.pdf"]),
    ("workshops/handlerum-taet-paa-borgeren/", ["workshop-handlerum-taet-paa-borgeren.pdf"]),
])
def test_pages_offer_their_pdfs_and_the_links_resolve(project_site, page, expected):
    parser = _Links()
    parser.feed((project_site / page / "index.html").read_text(encoding="utf-8"))
    targets = [urlparse(urljoin("http://site/" + page, href)).path.lstrip("/") for href in parser.pdfs]
    assert [target.rsplit("/", 1)[1] for target in targets] == expected
    for target in targets:
        assert (project_site / target).is_file()


def test_every_core_task_has_a_workshop_pack(library):
    covered = {task for workshop in library.workshops for task in workshop.core_tasks}
    assert covered == {task.label for task in library.vocabulary.core_tasks}
