"""The only place MkDocs meets the pipeline: validate, then hand over files.

Kept thin on purpose (MkDocs 1.x is unmaintained and Material is in
maintenance mode): all logic lives in `scripts.*`, so another engine only
needs a new adaptor of this size.

Pages, PDFs and short-address pages are added as generated files, so a serve
build never writes into a watched folder and cannot trigger itself again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # MkDocs loads hooks by path, not as a package

from scripts.paths import ACCESSIBILITY_PAGE, CASE_INDEX_SCRIPT  # noqa: E402
from scripts.pdf import CACHE_DIR, PdfError, build_pdfs, engine_problem, pdfs_enabled  # noqa: E402
from scripts.print_docs import print_documents  # noqa: E402
from scripts.render import case_index_script, redirect_pages, render_site, tag_names, tag_pages  # noqa: E402
from scripts.schema import format_report, load_library  # noqa: E402
from scripts.search_index import add_keywords_to_file  # noqa: E402
from scripts.settings import SettingsError, load_settings  # noqa: E402

CONTENT_ENV = "CASEBIBLIOTEK_CONTENT"  # lets tests build a fixture library
STATIC = ROOT / "static" / "assets" / "javascripts"
LUNR_DA = "assets/javascripts/lunr/min/lunr.da.min.js"
_state: dict = {"command": "build"}
log = logging.getLogger("mkdocs")


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def _content_dir() -> Path:
    return Path(os.environ.get(CONTENT_ENV, ROOT / "content"))


@event_priority(100)  # before Material's tags plugin reads tags_allowed
def on_config(config: MkDocsConfig) -> None:
    library, problems = load_library(_content_dir())
    if library is None:
        raise PluginError("Indholdet har fejl, så siden blev ikke bygget:\n" + format_report(problems))
    try:
        settings = load_settings()
    except SettingsError as error:
        raise PluginError(str(error)) from None
    config.site_url = settings.site_url
    config.extra["accessibility_statement"] = settings.accessibility_statement_url
    offline = config.plugins.get("material/offline")
    if offline is not None and offline.config.enabled:
        # Ship the iframe-worker shim with the site; Material would load it from a CDN.
        config.extra["polyfills"] = ["assets/javascripts/vendor/iframe-worker-shim.js"]
    tags = config.plugins.get("material/tags")
    if tags is not None:
        from material.plugins.tags.structure.tag import Tag

        tags.config.tags_allowed = {Tag(name) for name in tag_names(library)}
    config.extra["tag_pages"] = tag_pages(library)
    pdfs = pdfs_enabled()
    problem = engine_problem() if pdfs else None
    if problem and _state["command"] == "serve":
        # A preview without PDFs is still useful; a build without them is not done.
        log.info("Forhåndsvisningen er uden PDF'er: %s", problem)
        pdfs = False
    elif problem:
        raise PluginError(problem)
    _state.update(library=library, settings=settings, pdfs=pdfs, keywords={})
    _state["pages"] = render_site(library, settings, downloads=_state["pdfs"])


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(_content_dir()))  # rebuild when an editor saves a content file
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, markdown in _state["pages"].items():
        files.append(File.generated(config, path, content=markdown))
    config.extra["accessibility_page"] = files.get_file_from_path(ACCESSIBILITY_PAGE).url
    for path, html in redirect_pages(_state["library"], config.use_directory_urls).items():
        files.append(File.generated(config, path, content=html))
    files.append(File.generated(config, CASE_INDEX_SCRIPT,
                                content=case_index_script(_state["library"], config.use_directory_urls)))
    if _state["pdfs"]:
        # One cache per content folder, so a fixture build does not evict the real library's PDFs.
        cache = CACHE_DIR / hashlib.sha256(str(_content_dir().resolve()).encode()).hexdigest()[:12]
        try:
            pdfs = build_pdfs(print_documents(_state["library"], _state["settings"]), cache)
        except PdfError as error:
            raise PluginError(f"PDF'erne kunne ikke laves:\n{error}") from None
        for path, source in pdfs.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
    # Danish search: the worker loads lunr.da.min.js; append the query stemming to it.
    lunr_da = files.get_file_from_path(LUNR_DA)
    if lunr_da is not None:
        files.remove(lunr_da)
        files.append(File.generated(config, LUNR_DA, content=Path(lunr_da.abs_src_path).read_text(encoding="utf-8")
                                    + "\n" + (STATIC / "lunr-da-stem-queries.js").read_text(encoding="utf-8")))
    return files


def on_page_context(context, page, config, nav):
    if page.meta.get("keywords"):
        _state["keywords"][page.url] = page.meta["keywords"]
    return context


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        add_keywords_to_file(index, _state["keywords"])
