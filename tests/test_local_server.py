"""The local server's host-like mode (what Lighthouse measures against) and its plain mode (what the tests use)."""

import gzip
import urllib.error
import urllib.request

import pytest

from scripts.tools.local_server import IMMUTABLE, OTHER, PAGE, cache_control, serve

PAGE_HTML = "<!doctype html><title>Forside</title><p>Æblegrød " + "og fløde " * 200
CSS = "body { color: black; }\n" * 100


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><title>Siden findes ikke</title>", encoding="utf-8")
    (tmp_path / "cases" / "odder").mkdir(parents=True)
    (tmp_path / "cases" / "odder" / "index.html").write_text("<!doctype html><title>Odder</title>", encoding="utf-8")
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "main.57a0d79d.min.css").write_text(CSS, encoding="utf-8")
    (assets / "kb.css").write_text(CSS, encoding="utf-8")
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return tmp_path


def _get(url: str, gzip_ok: bool = True, method: str = "GET"):
    """(status, headers, body as sent) for `url`; an error status is an answer too."""
    request = urllib.request.Request(url, method=method,  # noqa: S310 - the local test server
                                     headers={"Accept-Encoding": "gzip, br"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - the local test server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_text_is_gzipped_for_a_browser_that_accepts_it_and_decompresses_to_the_file(site):
    with serve(site, like_a_host=True) as base:
        status, headers, body = _get(base)
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Vary"] == "Accept-Encoding"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body) < len(PAGE_HTML.encode())
        assert gzip.decompress(body) == (site / "index.html").read_bytes()

        status, headers, body = _get(base + "assets/kb.css")
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "text/css; charset=utf-8"
        assert gzip.decompress(body) == CSS.encode()


def test_no_gzip_without_accept_encoding_and_none_for_images(site):
    with serve(site, like_a_host=True) as base:
        status, headers, body = _get(base, gzip_ok=False)
        assert status == 200 and headers["Content-Encoding"] is None
        assert body == (site / "index.html").read_bytes()

        status, headers, body = _get(base + "assets/logo.png")
        assert headers["Content-Type"] == "image/png" and headers["Content-Encoding"] is None
        assert body == (site / "assets" / "logo.png").read_bytes()


def test_cache_headers_keep_hashed_files_for_good_and_make_pages_ask_again(site):
    with serve(site, like_a_host=True) as base:
        assert _get(base + "assets/main.57a0d79d.min.css")[1]["Cache-Control"] == IMMUTABLE
        assert _get(base + "assets/kb.css")[1]["Cache-Control"] == OTHER
        assert _get(base)[1]["Cache-Control"] == PAGE
        assert _get(base + "cases/odder/")[1]["Cache-Control"] == PAGE


@pytest.mark.parametrize(("path", "expected"), [
    ("index.html", PAGE),
    ("assets/stylesheets/main.57a0d79d.min.css", IMMUTABLE),
    ("assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
    ("pagefind/fragment/da_4a2b7c9d1e.pf_fragment", IMMUTABLE),
    ("assets/stylesheets/kb.css", OTHER),
    ("assets/images/favicon.png", OTHER),
])
def test_cache_control_by_name(path, expected):
    assert cache_control(path) == expected


def test_an_unknown_path_gets_the_sites_404_page_with_status_404(site):
    with serve(site, like_a_host=True) as base:
        status, headers, body = _get(base + "findes/ikke/", gzip_ok=False)
        assert status == 404
        assert body == (site / "404.html").read_bytes()
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == PAGE


def test_a_folder_without_its_slash_is_redirected_and_head_sends_no_body(site):
    with serve(site, like_a_host=True) as base:
        status, headers, body = _get(base + "cases/odder")  # urllib follows the redirect
        assert status == 200 and gzip.decompress(body) == (site / "cases" / "odder" / "index.html").read_bytes()

        status, headers, body = _get(base, method="HEAD")
        assert status == 200 and body == b"" and headers["Content-Encoding"] == "gzip"
        assert int(headers["Content-Length"]) > 0


def test_the_plain_server_still_sends_the_bytes_as_they_are(site):
    with serve(site) as base:
        status, headers, body = _get(base)
        assert status == 200 and headers["Content-Encoding"] is None and headers["Cache-Control"] is None
        assert body == (site / "index.html").read_bytes()
        assert _get(base + "findes/ikke/")[0] == 404
