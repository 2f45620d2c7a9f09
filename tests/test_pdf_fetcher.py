"""The PDF renderer's own wall: hostile HTML cannot read the machine or reach the network.

A sanitizer in front of the renderer is meant to stop such HTML; these tests
hand it straight to render_pdf(), as if that sanitizer had missed everything.
"""

from __future__ import annotations

import base64
import io
import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from scripts.render import pdf
from scripts.render.print_docs import PrintDocument, qr_placeholder
from tests.conftest import ROOT, pdftotext

HANG_GUARD = 120  # seconds; a hang (say, reading /dev/zero) fails the test instead of the session
HTTPS = "https://casebiblioteket.example/https-canary.png"


def _document(head: str, body: str, title: str = "Prøve") -> PrintDocument:
    html = (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body class="kb-doc">{body}</body></html>')
    return PrintDocument(path="pdf/proeve.pdf", title=title, html=html, max_pages=None)


@pytest.fixture
def canary_server():
    """A local web server that records every request; the renderer must send it none."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's API name
            requests.append(self.path)
            body = b"served-by-the-canary-server"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the offline fetcher was asked for, with whether it was served."""
    calls: list[tuple[str, bool]] = []
    real = pdf.fetch_resource

    def recording(url, assets=pdf.ASSETS_DIR):
        try:
            resource = real(url, assets)
        except Exception:
            calls.append((url, False))
            raise
        calls.append((url, True))
        return resource

    monkeypatch.setattr(pdf, "fetch_resource", recording)
    return calls


def _render_guarded(document: PrintDocument) -> bytes:
    """render_pdf() in a worker thread, failing the test if it does not finish."""
    result: dict[str, object] = {}

    def work():
        try:
            result["pdf"] = pdf.render_pdf(document)
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            result["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(HANG_GUARD)
    assert not worker.is_alive(), f"rendering did not finish within {HANG_GUARD} s"
    assert time.monotonic() - started < HANG_GUARD
    if "error" in result:
        raise result["error"]
    return result["pdf"]


def _objects(reader: pypdf.PdfReader):
    """Every object in the PDF, including those packed in object streams."""
    numbers = {(number, generation) for generation, entries in reader.xref.items() for number in entries}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in sorted(numbers):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is not None:
            yield obj


def _contents(data: bytes) -> bytes:
    """The PDF's bytes and every stream in it decompressed: nothing can hide in a Flate stream."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    chunks = [data]
    for obj in _objects(reader):
        if isinstance(obj, StreamObject):
            try:
                chunks.append(obj.get_data())
            except Exception:  # noqa: BLE001 - an image filter pypdf cannot undo; the raw bytes are above
                chunks.append(obj._data)
    return b"\n".join(chunks)


def _assert_no_embedded_files(data: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    assert "/AF" not in root
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"
    for obj in _objects(reader):
        if isinstance(obj, DictionaryObject):
            assert obj.get("/Type") not in ("/Filespec", "/EmbeddedFile"), obj


def _initial_environment() -> list[bytes]:
    """This process's environment as /proc/self/environ shows it (it predates monkeypatch.setenv)."""
    entries = Path("/proc/self/environ").read_bytes().split(b"\0")
    return [entry for entry in entries if b"=" in entry and len(entry) >= 12]


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "rendered.pdf"
    path.write_bytes(data)
    return pdftotext(path)


def _hostile_document(server: str, canary: Path, canary_css: Path, marker: str) -> PrintDocument:
    file_canary, file_css = canary.as_uri(), canary_css.as_uri()
    data_marker = "data:text/plain;base64," + base64.b64encode(marker.encode()).decode()
    head = f"""
<link rel="attachment" href="{file_canary}" title="kanariefugl">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="file:///proc/self/environ">
<link rel="attachment" href="casebiblioteket.yml">
<link rel="attachment" href=".git/config">
<link rel="attachment" href="../../casebiblioteket.yml">
<link rel="attachment" href="file:///dev/zero">
<link rel="attachment" href="{server}/link-attachment.txt">
<link rel="attachment" href="{HTTPS}">
<link rel="attachment" href="{data_marker}">
<link rel="stylesheet" href="{server}/link.css">
<link rel="stylesheet" href="{file_css}">
<link rel="stylesheet" href="../../casebiblioteket.yml">
<style>
@import url("{server}/import.css");
@import url("{file_css}");
@font-face {{ font-family: Kanariefugl; src: url("{server}/font.woff"); }}
body {{ background: url("{server}/background.png"); font-family: Kanariefugl, sans-serif; }}
h1::before {{ content: url("{file_canary}"); }}
h2 {{ background-image: url("file:///etc/passwd"); }}
</style>"""
    body = f"""
<h1>Fjendtligt dokument</h1>
<h2>Afsnit</h2>
<p><a rel="attachment" href="{file_canary}">Bilag</a>,
<a rel="attachment" href="file:///etc/passwd">passwd</a>,
<a rel="attachment" href="file:///dev/zero">nul</a>,
<a rel="attachment" download="kanariefugl.txt" href="{data_marker}">data</a>,
<a rel="attachment" href="{server}/a-attachment.txt">server</a>,
<a rel="attachment" href="{HTTPS}">https</a>.</p>
<img src="{file_canary}" alt="">
<img src="file:///etc/passwd" alt="">
<img src="file:///proc/self/environ" alt="">
<img src="file://localhost/etc/passwd" alt="">
<img src="file:///dev/zero" alt="">
<img src="casebiblioteket.yml" alt="">
<img src=".git/config" alt="">
<img src="{server}/img.png" alt="">
<img src="{HTTPS}" alt="">
<object data="{server}/object.svg" type="image/svg+xml"></object>
<embed src="{server}/embed.svg" type="image/svg+xml">
<iframe src="{server}/iframe.html"></iframe>
<div style="background: url('{server}/inline-background.png')">Baggrund</div>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">
  <image href="{server}/svg-image.png" width="20" height="20"/>
  <image xlink:href="{file_canary}" x="20" width="20" height="20"/>
</svg>"""
    return _document(head, body, title="Fjendtlig")


def test_hostile_html_reads_nothing_from_the_machine_or_the_network(tmp_path, monkeypatch, canary_server, fetched):
    server, requests = canary_server
    marker = f"kanariefugl-{uuid.uuid4().hex}"
    env_marker = f"miljoekanariefugl-{uuid.uuid4().hex}"
    # /proc/self/environ shows the environment the process started with, so
    # this variable only proves the point for anything WeasyPrint might spawn;
    # _initial_environment() below covers the process itself.
    monkeypatch.setenv("KB_PDF_CANARY", env_marker)
    canary = tmp_path / "canary.txt"
    canary.write_text(f"{marker}\n", encoding="utf-8")
    canary_css = tmp_path / "canary.css"
    canary_css.write_text(f'h1::after {{ content: "{marker}"; }}\n', encoding="utf-8")

    data = _render_guarded(_hostile_document(server, canary, canary_css, marker))

    assert requests == []
    served = [url for url, ok in fetched if ok]
    assert all(url.startswith("data:") for url in served), served
    assert not any(url.startswith("https:") for url in served)
    refused = {url for url, ok in fetched if not ok}
    # The fetcher, not luck, kept these out: WeasyPrint did ask for them.
    base = pdf._base_url()
    for url in (f"{server}/img.png", f"{server}/link.css", f"{server}/import.css", f"{server}/background.png",
                canary.as_uri(), canary_css.as_uri(), "file:///etc/passwd", "file:///dev/zero",
                "file:///proc/self/environ", base + "casebiblioteket.yml", base + ".git/config",
                ROOT.as_uri() + "/casebiblioteket.yml"):
        assert url in refused, url
    assert base.startswith((ROOT / "overrides" / "assets").as_uri())

    _assert_no_embedded_files(data)
    contents = _contents(data)
    text = _pdf_text(data, tmp_path)
    secrets = [marker.encode(), env_marker.encode(), b"root:x:0:0", b"served-by-the-canary-server",
               b"Indstillinger for Casebiblioteket", *_initial_environment()]
    for secret in secrets:
        assert secret not in contents, secret
        assert secret.decode("utf-8", "replace") not in text, secret
    assert "Fjendtligt dokument" in text  # the document itself was still made


def test_a_base_element_cannot_point_relative_urls_at_the_file_system(tmp_path, fetched):
    document = _document('<base href="file:///"><link rel="attachment" href="etc/passwd">',
                         '<p>Tekst</p><img src="etc/passwd" alt=""><a rel="attachment" href="etc/hostname">x</a>')
    data = _render_guarded(document)
    assert ("file:///etc/passwd", False) in fetched
    assert not any(ok for url, ok in fetched)
    _assert_no_embedded_files(data)
    assert b"root:x:0:0" not in _contents(data)


def test_a_document_with_a_qr_code_still_renders_its_image(tmp_path, fetched, caplog):
    alt = "QR-kode, der fører til casebiblioteket.example/k/abc"
    document = _document("", f'<h1>Mødekort</h1><img class="kb-qr" src="{qr_placeholder("https://casebiblioteket.example/k/abc")}" '
                             f'alt="{alt}">')
    data = _render_guarded(document)
    assert [url[:26] for url, ok in fetched if ok] == ["data:image/svg+xml;base64,"]
    assert not any(record.name == "scripts.render.pdf" for record in caplog.records)
    # A failed image would leave its alt text on the page; a drawn one is a tagged figure.
    assert alt not in _pdf_text(data, tmp_path)
    reader = pypdf.PdfReader(io.BytesIO(data))
    figures = [node for node in _structure(reader.trailer["/Root"]["/StructTreeRoot"]) if node.get("/S") == "/Figure"]
    assert [figure["/Alt"] for figure in figures] == [alt]
    _assert_no_embedded_files(data)


def _structure(node):
    """Every element of a tagged PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        yield node
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            yield from _structure(kid)


def test_a_project_asset_can_still_be_used(tmp_path, fetched):
    document = _document('<link rel="stylesheet" href="stylesheets/print.css">', "<h1>Mødekort</h1>")
    data = _render_guarded(document)
    assert fetched == [((pdf.ASSETS_DIR / "stylesheets" / "print.css").resolve().as_uri(), True)]
    assert "Mødekort" in _pdf_text(data, tmp_path)


def test_a_refused_resource_is_named_in_danish(fetched, caplog):
    _render_guarded(_document("", '<img src="file:///etc/passwd" alt="">', title="Mødekort: Prøve"))
    [message] = [record.getMessage() for record in caplog.records if record.name == "scripts.render.pdf"]
    assert message.startswith("Mødekort: Prøve: PDF'en er lavet uden 1 ressource")
    assert message.endswith(": file:///etc/passwd")


def test_attachments_are_dropped_before_the_pdf_is_written_even_without_the_seal(fetched):
    """Either lock holds alone: here only the dropping, with a data: attachment the fetcher would serve."""
    import weasyprint

    data_url = "data:text/plain;base64," + base64.b64encode(b"vedhaeftet").decode()
    document = _document(f'<link rel="attachment" href="{data_url}">',
                         f'<p><a rel="attachment" href="{data_url}">bilag</a> og <a href="#x" id="x">et anker</a></p>')
    rendered = weasyprint.HTML(string=document.html, base_url=pdf._base_url(),
                               url_fetcher=pdf.offline_fetcher()).render()
    assert pdf._drop_attachments(rendered) == ['<link rel="attachment">', data_url]
    assert [link[0] for page in rendered.pages for link in page.links] == ["internal"]
    data = rendered.write_pdf(pdf_variant="pdf/ua-1")
    assert fetched == []
    _assert_no_embedded_files(data)
    assert b"vedhaeftet" not in _contents(data)


# --- the fetcher on its own -------------------------------------------------------

@pytest.fixture
def assets(tmp_path) -> Path:
    folder = tmp_path / "assets"
    (folder / "stylesheets").mkdir(parents=True)
    (folder / "stylesheets" / "a.css").write_text("p { color: red }", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("uden for", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.css").write_text("p { color: blue }", encoding="utf-8")
    return folder


def test_fetcher_serves_a_data_url():
    resource = pdf.fetch_resource("data:text/css;charset=utf-8;base64," + base64.b64encode(b"p{}").decode())
    assert (resource.body, resource.content_type) == (b"p{}", "text/css;charset=utf-8")


def test_fetcher_serves_a_file_inside_the_assets(assets):
    path = assets / "stylesheets" / "a.css"
    resource = pdf.fetch_resource(path.as_uri(), assets)
    assert (resource.body, resource.content_type, resource.url) == (b"p { color: red }", "text/css",
                                                                    path.resolve().as_uri())


def test_fetcher_serves_the_projects_own_assets_by_default():
    resource = pdf.fetch_resource((pdf.ASSETS_DIR / "stylesheets" / "print.css").as_uri())
    assert resource.content_type == "text/css" and resource.body


def _refused_urls(assets: Path) -> list[str]:
    tmp = assets.parent
    (assets / "link.txt").symlink_to(tmp / "outside.txt")
    (assets / "inner-link.css").symlink_to(assets / "stylesheets" / "a.css")
    (assets / "linked-folder").symlink_to(tmp / "outside", target_is_directory=True)
    os.mkfifo(assets / "fifo.css")
    return [
        (tmp / "outside.txt").as_uri(),                        # outside the assets
        (assets / "link.txt").as_uri(),                        # a symlink that leads out
        (assets / "inner-link.css").as_uri(),                  # any symlink, even to an asset
        (assets / "linked-folder" / "b.css").as_uri(),         # a symlinked folder that leads out
        assets.as_uri() + "/../outside.txt",                   # '..' traversal
        assets.as_uri() + "/%2e%2e/outside.txt",               # '..' traversal, percent-encoded
        assets.as_uri() + "/stylesheets/../stylesheets/a.css",  # '..' even when it stays inside
        assets.as_uri(),                                       # the folder itself
        assets.as_uri() + "/stylesheets/",                     # a folder inside
        assets.as_uri() + "/missing.css",                      # nothing there
        (assets / "fifo.css").as_uri(),                        # not a regular file (and must not block)
        "file:///dev/zero",
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "file://localhost" + (assets / "stylesheets" / "a.css").as_posix(),  # file: with a host
        "file://evil.example/etc/passwd",
        "file:etc/passwd",                                     # a relative file: path
        "file:///etc/passwd%00.css",
        "http://127.0.0.1:9/a.css",
        "https://casebiblioteket.example/a.css",
        "ftp://casebiblioteket.example/a.css",
        "javascript:alert(1)",
        "stylesheets/a.css",                                   # no scheme at all
    ]


def test_fetcher_refuses_everything_else(assets):
    for url in _refused_urls(assets):
        started = time.monotonic()
        with pytest.raises(pdf.RefusedResource, match=r"^PDF'en må ikke hente "):
            pdf.fetch_resource(url, assets)
        assert time.monotonic() - started < 5, url


def test_weasyprints_fetcher_goes_nowhere_and_is_sealed_after_layout(canary_server):
    server, requests = canary_server
    fetcher = pdf.offline_fetcher()
    from weasyprint.urls import URLFetcher

    assert isinstance(fetcher, URLFetcher)  # the hook WeasyPrint 70 documents for its url_fetcher
    for url in (f"{server}/direct.png", "file:///etc/passwd", HTTPS):
        with pytest.raises(pdf.RefusedResource):
            fetcher(url)
    assert fetcher("data:,hej").read() == b"hej"
    fetcher.seal()
    with pytest.raises(pdf.RefusedResource, match="vedhæftede filer"):
        fetcher("data:,hej")
    assert requests == []
    assert fetcher.refused == [f"{server}/direct.png", "file:///etc/passwd", HTTPS, "data:,hej"]
