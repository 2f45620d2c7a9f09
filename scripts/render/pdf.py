"""Render printed documents to PDF with WeasyPrint, keeping a cache.

PDFs are tagged PDF/UA documents: WeasyPrint takes the language from
<html lang="da">, the title from <title>, and the structure from the HTML.
A document that needs more pages than it may have (a meeting brief is one
page) is rendered once more in a tighter layout; if it still does not fit,
the build stops with a message that names the document.

Rendering is the slow part of a build, so every PDF is cached under
build/pdf-cache by a hash of its HTML: a rebuild renders only what changed.

A document's HTML is built from content that anyone with write access to the
library can shape, so WeasyPrint is never allowed to reach past it: the URL
fetcher serves only data: URLs and the project's own files in overrides/assets/,
never another file, never the network, and a PDF gets no attachments. Without
that, one <link rel="attachment" href="file:///proc/self/environ"> would
publish the build machine's secrets inside a PDF.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import stat
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib import request
from urllib.parse import urlsplit

from scripts.load.text import count
from scripts.render.print_docs import PrintDocument, with_qr_codes

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "build" / "pdf-cache"
ASSETS_DIR = ROOT / "overrides" / "assets"  # the site's own stylesheets and scripts
PDF_ENV = "CASEBIBLIOTEK_PDF"  # "0" skips PDFs (quick previews, the benchmark)
log = logging.getLogger(__name__)

# Bump when the way PDFs are made changes without the HTML changing.
# 2: the offline URL fetcher; a PDF cached by the old renderer may carry
# files it fetched from the machine or the network, so none is reused.
_FORMAT = "pdf/ua-1:2"
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


# --- what WeasyPrint may fetch ---------------------------------------------------

class RefusedResource(ValueError):
    """WeasyPrint asked for something a PDF may not contain.

    WeasyPrint catches it, logs the message and leaves the image, stylesheet
    or font out, so the PDF is still made. The message is Danish, as an editor
    reads it in the build output.
    """


@dataclass(frozen=True)
class Resource:
    """What the fetcher hands WeasyPrint: the final URL, the bytes and their type."""

    url: str
    body: bytes
    content_type: str


def _refuse(url: str, why: str) -> RefusedResource:
    shown = url if len(url) <= 120 else url[:117] + "..."
    return RefusedResource(f"PDF'en må ikke hente {shown}: {why}. En PDF kan kun bruge indlejrede data:-adresser "
                           "og projektets egne filer i overrides/assets/.")


def fetch_resource(url: str, assets: Path = ASSETS_DIR) -> Resource:
    """The resource behind `url`, if a PDF may contain it; otherwise RefusedResource.

    Allowed are data: URLs (the QR codes) and regular files inside `assets`.
    Everything else is refused before anything is opened or sent: there is no
    network request at all, so neither a local service nor the internet can be
    reached from a document.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _refuse(url, "adressen er ugyldig") from None
    if parts.scheme.lower() == "data":
        return _data_resource(url)
    if parts.scheme.lower() == "file":
        return _asset_resource(url, asset_file(url, assets))
    raise _refuse(url, "kun data: og file: kan bruges, og der hentes intet fra nettet")


def _data_resource(url: str) -> Resource:
    """A data: URL decoded by the standard library; it never leaves the process."""
    # Only data: reaches here, and DataHandler decodes it without opening anything.
    with request.DataHandler().data_open(request.Request(url)) as response:  # noqa: S310
        return Resource(url, response.read(), response.headers["Content-Type"])


def asset_file(url: str, assets: Path = ASSETS_DIR) -> Path:
    """The file a file: URL names, if it is a regular file strictly inside `assets`.

    Refused: a URL with a host, a relative path or '..', a symlink (it could
    point anywhere; a symlinked directory is caught by resolving), anything
    that resolves outside `assets` (/etc/passwd, /proc, /dev/zero, the
    repository) and anything that is not a regular file. Nothing is opened.
    """
    parts = urlsplit(url)
    if parts.netloc:
        raise _refuse(url, "en file:-adresse må ikke nævne en anden maskine")
    path = Path(request.url2pathname(parts.path))
    if not path.is_absolute() or ".." in path.parts:
        raise _refuse(url, "stien skal være absolut og uden '..'")
    try:
        is_link, resolved, root = path.is_symlink(), path.resolve(), assets.resolve()
    except (OSError, ValueError):  # e.g. a NUL byte in the path, or a symlink loop
        raise _refuse(url, "stien kan ikke bruges") from None
    if is_link:
        raise _refuse(url, "filen er et symbolsk link")
    if resolved == root or not resolved.is_relative_to(root):
        raise _refuse(url, "filen ligger uden for overrides/assets/")
    if not resolved.is_file():
        raise _refuse(url, "det er ikke en almindelig fil")
    return resolved


def _asset_resource(url: str, path: Path) -> Resource:
    # Open without following a symlink and without blocking, then check again
    # what was opened: the file cannot be swapped for a link or a FIFO between
    # the check above and the read.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        raise _refuse(url, "filen kan ikke åbnes") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _refuse(url, "det er ikke en almindelig fil")
        body = handle.read()
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Resource(path.as_uri(), body, content_type)


@cache
def _fetcher_class():
    """WeasyPrint's URLFetcher, narrowed to fetch_resource().

    Defined on first use: importing WeasyPrint needs Pango, and
    engine_problem() must be able to explain a missing Pango instead of the
    module failing to import. A URLFetcher subclass with its own fetch() is
    how WeasyPrint 70 wants a fetcher replaced (weasyprint.urls.URLFetcher).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):
        """Serves fetch_resource(), and keeps the URLs it refused for the build output.

        Once sealed (after layout) it refuses everything. While it writes the
        PDF, WeasyPrint fetches only attachments, which a PDF may not have,
        and images inside an SVG, which these documents do not use.
        """

        def __init__(self, assets: Path = ASSETS_DIR):
            # The handlers URLFetcher sets up are never used: fetch() below
            # replaces the opener. The narrow protocols are a second lock.
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.assets = assets
            self.sealed = False
            self.refused: list[str] = []

        def seal(self) -> None:
            self.sealed = True

        def fetch(self, url, headers=None):
            try:
                if self.sealed:
                    raise _refuse(url, "mens PDF'en skrives, hentes intet, hverken vedhæftede filer eller "
                                       "billeder inde i en SVG")
                resource = fetch_resource(url, self.assets)
            except RefusedResource:
                self.refused.append(url)
                raise
            return URLFetcherResponse(resource.url, resource.body, {"Content-Type": resource.content_type})

    return OfflineFetcher


def offline_fetcher(assets: Path = ASSETS_DIR):
    """A fresh URL fetcher for one rendering (see fetch_resource)."""
    _weasyprint()
    return _fetcher_class()(assets)


def _base_url(assets: Path = ASSETS_DIR) -> str:
    """Relative URLs resolve inside overrides/assets/, never at the repository root.

    So a relative 'casebiblioteket.yml' or '.git/config' names a file that is
    not there, and '../..' leaves overrides/assets/, which the fetcher refuses.
    """
    return assets.resolve().as_uri() + "/"


def _drop_attachments(rendered) -> list[str]:
    """Take every attachment out of a rendered document; what was taken out.

    WeasyPrint 70 has no option that turns attachments off. When it writes
    the PDF it embeds the files named by <link rel="attachment">
    (Document.metadata.attachments) and by <a rel="attachment"> (links of
    type 'attachment' in Page.links). Emptying both means it never asks for
    them; the sealed fetcher refuses them should a later version ask anyway.
    """
    dropped = ['<link rel="attachment">'] * len(rendered.metadata.attachments)
    rendered.metadata.attachments = []
    for page in rendered.pages:
        dropped += [target for link_type, target, _, _ in page.links if link_type == "attachment"]
        page.links = [link for link in page.links if link[0] != "attachment"]
    return dropped


def _render(weasyprint, html: str):
    """Lay `html` out offline: the document, and the list of what it had to leave out.

    The list keeps growing while the document is written to PDF.
    """
    fetcher = offline_fetcher()
    rendered = weasyprint.HTML(string=html, base_url=_base_url(), url_fetcher=fetcher).render()
    fetcher.seal()
    fetcher.refused.extend(_drop_attachments(rendered))
    return rendered, fetcher.refused


def _report_left_out(document: PrintDocument, left_out: list[str]) -> None:
    """Tell the editor what the PDF lacks: the web page may still show it."""
    if left_out:
        shown = list(dict.fromkeys(url if len(url) <= 80 else url[:77] + "..." for url in left_out))
        log.warning("%s: PDF'en er lavet uden %s, fordi en PDF kun må bruge indlejrede data:-adresser og filer i "
                    "overrides/assets/ og ikke kan have vedhæftede filer: %s",
                    document.title, count(len(shown), "ressource", "ressourcer"), ", ".join(shown))


# --- rendering --------------------------------------------------------------------

@dataclass(frozen=True)
class BuiltPdf:
    """A PDF of the site: the file (in the cache) and how many pages it has."""

    file: Path
    pages: int


def render_pdf(document: PrintDocument) -> bytes:
    return render_pdf_pages(document)[0]


def render_pdf_pages(document: PrintDocument) -> tuple[bytes, int]:
    """The PDF of `document` and its number of pages, as WeasyPrint laid it out."""
    weasyprint = _weasyprint()
    html = with_qr_codes(document.html)
    rendered, left_out = _render(weasyprint, html)
    if document.max_pages is not None and len(rendered.pages) > document.max_pages:
        # The tighter layout wins a few lines, not pages: far over the limit, a second layout is wasted work.
        if len(rendered.pages) <= document.max_pages + 1:
            rendered, left_out = _render(weasyprint, html.replace(*_COMPACT))
        if len(rendered.pages) > document.max_pages:
            raise PdfError(f"{document.title}: dokumentet fylder {len(rendered.pages)} sider, men må højst fylde "
                           f"{document.max_pages}. Forkort teksten (fx 'Kort fortalt' eller nøgletallene).")
    data = rendered.write_pdf(pdf_variant="pdf/ua-1")
    _report_left_out(document, left_out)
    return data, len(rendered.pages)


def cache_key(document: PrintDocument) -> str:
    weasyprint = _weasyprint()
    digest = hashlib.sha256()
    for part in (_FORMAT, weasyprint.__version__, document.html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def build_pdfs(documents: list[PrintDocument], cache_dir: Path = CACHE_DIR) -> dict[str, BuiltPdf]:
    """Site path -> the PDF of every document, rendering only what the cache lacks.

    A cached file is named '<hash>-<pages>.pdf': the page count the download
    buttons show is read from the name, never guessed, and never needs a PDF
    reader at build time. Collects every document that fails and reports them
    together.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = {}
    for path in cache_dir.glob("*.pdf"):  # listed once: a glob per document would be quadratic
        key, _, pages = path.stem.rpartition("-")
        if key and pages.isdigit():
            cached[key] = BuiltPdf(path, int(pages))
    built, problems = {}, []
    for document in documents:
        key = cache_key(document)
        if key not in cached:
            try:
                data, pages = render_pdf_pages(document)
            except PdfError as error:
                problems.append(str(error))
                continue
            target = cache_dir / f"{key}-{pages}.pdf"
            # Write beside the target and rename, so a stopped build never
            # leaves half a PDF in the cache.
            with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".part", delete=False) as handle:
                handle.write(data)
            Path(handle.name).replace(target)
            cached[key] = BuiltPdf(target, pages)
        built[document.path] = cached[key]
    if problems:
        raise PdfError("\n".join(problems))
    _prune(cache_dir, {pdf.file for pdf in built.values()})
    return built


def _prune(cache_dir: Path, keep: set[Path]) -> None:
    """Forget PDFs no document uses any more, so the cache does not grow forever."""
    for path in cache_dir.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)
