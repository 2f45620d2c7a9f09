"""Render printed documents to PDF with WeasyPrint, keeping a cache.

PDFs are tagged PDF/UA documents: WeasyPrint takes the language from
<html lang="da">, the title from <title>, and the structure from the HTML.
A document that needs more pages than it may have (a meeting brief is one
page) is rendered once more in a tighter layout; if it still does not fit,
the build stops with a message that names the document.

Rendering is the slow part of a build, so every PDF is cached under
build/pdf-cache by a hash of its HTML: a rebuild renders only what changed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from scripts.print_docs import PrintDocument, with_qr_codes

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "build" / "pdf-cache"
PDF_ENV = "CASEBIBLIOTEK_PDF"  # "0" skips PDFs (quick previews, the benchmark)

# Bump when the way PDFs are made changes without the HTML changing.
_FORMAT = "pdf/ua-1:1"
_COMPACT = ('<body class="kb-doc">', '<body class="kb-doc kb-compact">')


class PdfError(Exception):
    """PDFs could not be made; the message is Danish and says what to do."""


def pdfs_enabled() -> bool:
    return os.environ.get(PDF_ENV, "1") != "0"


def engine_problem() -> str | None:
    """Why PDFs cannot be made on this machine, or None when they can."""
    try:
        _weasyprint()
    except PdfError as error:
        return str(error)
    return None


def _weasyprint():
    try:
        import weasyprint
    except OSError as error:  # Pango or another system library is missing
        raise PdfError(
            "PDF'erne kan ikke laves, fordi WeasyPrint mangler et systembibliotek "
            f"({error}). Kør 'make setup' igen, eller installér Pango (på Debian/Ubuntu: "
            "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0). Byg uden PDF'er med "
            f"{PDF_ENV}=0 make build."
        ) from None
    # WeasyPrint explains unsupported CSS on its own logger; the page count
    # check below is what matters, so keep the build output readable.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def render_pdf(document: PrintDocument) -> bytes:
    weasyprint = _weasyprint()
    html = with_qr_codes(document.html)
    rendered = weasyprint.HTML(string=html, base_url=str(ROOT)).render()
    if document.max_pages is not None and len(rendered.pages) > document.max_pages:
        rendered = weasyprint.HTML(string=html.replace(*_COMPACT), base_url=str(ROOT)).render()
        if len(rendered.pages) > document.max_pages:
            raise PdfError(f"{document.title}: dokumentet fylder {len(rendered.pages)} sider, men må højst fylde "
                           f"{document.max_pages}. Forkort teksten (fx 'Kort fortalt' eller nøgletallene).")
    return rendered.write_pdf(pdf_variant="pdf/ua-1")


def cache_key(document: PrintDocument) -> str:
    weasyprint = _weasyprint()
    digest = hashlib.sha256()
    for part in (_FORMAT, weasyprint.__version__, document.html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def build_pdfs(documents: list[PrintDocument], cache_dir: Path = CACHE_DIR) -> dict[str, Path]:
    """Site path -> a PDF file for every document, rendering only what the cache lacks.

    Collects every document that fails and reports them together.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    files, problems = {}, []
    for document in documents:
        target = cache_dir / f"{cache_key(document)}.pdf"
        if not target.exists():
            try:
                data = render_pdf(document)
            except PdfError as error:
                problems.append(str(error))
                continue
            # Write beside the target and rename, so a stopped build never
            # leaves half a PDF in the cache.
            with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".part", delete=False) as handle:
                handle.write(data)
            Path(handle.name).replace(target)
        files[document.path] = target
    if problems:
        raise PdfError("\n".join(problems))
    _prune(cache_dir, set(files.values()))
    return files


def _prune(cache_dir: Path, keep: set[Path]) -> None:
    """Forget PDFs no document uses any more, so the cache does not grow forever."""
    for path in cache_dir.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)
