"""The only place MkDocs meets the pipeline: validate, then hand over files.

Kept thin on purpose (MkDocs 1.x is unmaintained and Material is in
maintenance mode): all logic lives in `scripts.*`, so another engine only
needs a new adaptor of this size.

Pages, PDFs, short-address pages, the open data and the feed are added as generated files (in memory,
or for the preview server's dirty rebuilds in build/serve/, which nothing
watches), so a serve build cannot trigger itself again.
"""

from __future__ import annotations

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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # MkDocs loads hooks by path, not as a package

from scripts.check.library import load_library  # noqa: E402
from scripts.check.report import format_report  # noqa: E402
from scripts.engine.build import content_folder_key, data_and_feed, preview_pages_dir, unsafe_project_files  # noqa: E402
from scripts.load.paths import ACCESSIBILITY_PAGE, CASE_INDEX_SCRIPT  # noqa: E402
from scripts.load.settings import SettingsError, load_settings  # noqa: E402
from scripts.render.compact import compact_html, headerlinks_out_of_tab_order  # noqa: E402
from scripts.render.csp import policy_for_markup, preview_nonce, with_nonce  # noqa: E402
from scripts.render.pages import (  # noqa: E402
    IncrementalRenderer,
    case_index_script,
    redirect_pages,
    render_site,
    tag_names,
    with_error_notices,
    write_pages,
)
from scripts.render.pdf import CACHE_DIR, PdfError, build_pdfs, engine_problem, pdfs_enabled  # noqa: E402
from scripts.render.print_docs import print_documents  # noqa: E402
from scripts.render.search_index import finish_index_file, trim_message  # noqa: E402
from scripts.render.site_search import WORKER, SearchIndexError, pagefind_enabled, stub_lunr_index, write_search_bundle  # noqa: E402
from scripts.render.wayfinding import mark_section, nav_current_announced  # noqa: E402

CONTENT_ENV = "CASEBIBLIOTEK_CONTENT"  # lets tests build a fixture library
SITE_SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
LUNR_DA = "assets/javascripts/lunr/min/lunr.da.min.js"
_state: dict = {"command": "build"}
log = logging.getLogger("mkdocs")


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    _state["dirty"] = dirty  # `kb serve` rebuilds only what changed (mkdocs serve --dirty)
    if dirty:
        # MkDocs warns that a dirty build may leave stale navigation and links, and
        # strict mode would stop the preview on that warning. Neither applies here:
        # the navigation is fixed, and every generated page whose text changes is
        # rewritten (see _add_generated), so MkDocs rebuilds it.
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def _content_dir() -> Path:
    return Path(os.environ.get(CONTENT_ENV, ROOT / "content"))


@event_priority(100)  # before Material's tags plugin reads tags_allowed
def on_config(config: MkDocsConfig) -> None:
    if unsafe := unsafe_project_files(ROOT):  # before MkDocs copies a single file from static/ or overrides/
        raise PluginError("Siden blev ikke bygget, fordi nogle filer ikke må udgives:\n" + "\n".join(unsafe))
    # The preview server rebuilds on every save: it remembers what it checked
    # and rendered, so an edit costs only the files and pages it changed.
    memo = _state.setdefault("validated", {}) if _state.get("dirty") else None
    library, problems = load_library(_content_dir(), memo=memo)
    broken = None
    if library is None and _state["command"] == "serve" and _state.get("library") is not None:
        # The preview keeps serving the last version without errors (a failed build would leave every
        # request hanging), and puts the errors on the pages of the files that have them.
        # Printed, not logged: strict mode would count a logged warning as a failed build.
        print("Indholdet har fejl; forhåndsvisningen viser den seneste udgave uden fejl, til de er rettet:\n"
              + format_report(problems), file=sys.stderr, flush=True)
        library, broken = _state["library"], problems
    elif library is None:
        raise PluginError("Indholdet har fejl, så siden blev ikke bygget:\n" + format_report(problems))
    try:
        settings = load_settings()
    except SettingsError as error:
        raise PluginError(str(error)) from None
    config.site_url = settings.site_url
    config.extra["accessibility_statement"] = settings.accessibility_statement_url
    config.extra["contact_email"] = settings.contact_email
    config.extra["owner"] = settings.owner
    offline = config.plugins.get("material/offline")
    config.extra["offline"] = offline is not None and offline.config.enabled  # overrides/main.html: no feed link
    if offline is not None and offline.config.enabled:
        # Ship the iframe-worker shim with the site; Material would load it from a CDN.
        config.extra["polyfills"] = ["assets/javascripts/vendor/iframe-worker-shim.js"]
    # The hosted site searches with Pagefind (scripts/render/site_search.py); the offline copy with Material's lunr,
    # and so does the editors' preview: it rebuilds only the pages a save changed, while a Pagefind index is
    # made from all of them (seconds at a thousand cases, on every save).
    pagefind = pagefind_enabled() and not (offline and offline.config.enabled) and not _state.get("dirty")
    config.extra["search_worker"] = WORKER if pagefind else None
    tags = config.plugins.get("material/tags")
    if tags is not None:
        from material.plugins.tags.structure.tag import Tag

        tags.config.tags_allowed = {Tag(name) for name in tag_names(library)}
    pdfs = pdfs_enabled()
    problem = engine_problem() if pdfs else None
    if problem and _state["command"] == "serve":
        # A preview without PDFs is still useful; a build without them is not done.
        log.info("Forhåndsvisningen er uden PDF'er: %s", problem)
        pdfs = False
    elif problem:
        raise PluginError(problem)
    _state.update(library=library, settings=settings, pdfs=pdfs)
    # PDFs before pages: a PDF is made from the library alone, and a page's download button names the
    # built file's page count ("Hent hele pakken (PDF, 18 sider)"), so the data flows one way.
    _state["pdf_files"] = _build_pdfs(library, settings) if pdfs else {}
    _state.setdefault("keywords", {})  # kept across dirty rebuilds, which see only the changed pages
    renderer = _state.setdefault("renderer", IncrementalRenderer()) if _state.get("dirty") else None
    _state["pages"] = (renderer.render if renderer else render_site)(
        library, settings, downloads=_state["pdfs"], directory_urls=config.use_directory_urls,
        pdf_pages={path: built.pages for path, built in _state["pdf_files"].items()})
    if broken:
        _state["pages"] = with_error_notices(_state["pages"], broken)


def _build_pdfs(library, settings) -> dict:
    # One cache per content folder, so a fixture build does not evict the real library's PDFs.
    cache = CACHE_DIR / content_folder_key(_content_dir())
    try:
        return build_pdfs(print_documents(library, settings), cache)
    except PdfError as error:
        raise PluginError(f"PDF'erne kunne ikke laves:\n{error}") from None


def on_env(env, config: MkDocsConfig, files: Files):
    # overrides/main.html writes the page's Content-Security-Policy with this.
    offline = config.plugins.get("material/offline")
    offline = offline is not None and offline.config.enabled
    nonce = _state.setdefault("nonce", preview_nonce()) if _state["command"] == "serve" else None
    env.globals["content_security_policy"] = lambda markup: policy_for_markup(str(markup), offline, nonce)
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(_content_dir()))  # rebuild when an editor saves a content file
    # MkDocs writes its live-reload script into each page it serves; give it the preview's nonce,
    # so the pages' policy can allow that one script and no other inline code.
    inject = server._inject_js_into_html
    server._inject_js_into_html = lambda content, epoch: with_nonce(inject(content, epoch), _state["nonce"])
    return server


def _add_generated(files: Files, config: MkDocsConfig, generated: dict[str, str]) -> None:
    if not _state.get("dirty"):
        for path, text in generated.items():
            files.append(File.generated(config, path, content=text))
        return
    # A dirty rebuild compares file times, and in-memory files always count as
    # changed; written to disk (only where the text changed), the untouched
    # thousands are skipped and a save shows in the preview within seconds.
    folder = preview_pages_dir(_content_dir())
    write_pages(generated, folder, remove_others=True)
    for path in generated:
        files.append(File.generated(config, path, abs_src_path=str(folder / path)))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    generated = dict(_state["pages"])
    generated.update(redirect_pages(_state["library"], config.use_directory_urls))
    generated[CASE_INDEX_SCRIPT] = case_index_script(_state["library"], config.use_directory_urls)
    generated.update(data_and_feed(_state["library"], _state["settings"], _state["pdfs"]))
    _add_generated(files, config, generated)
    config.extra["accessibility_page"] = files.get_file_from_path(ACCESSIBILITY_PAGE).url
    for path, built in _state["pdf_files"].items():
        files.append(File.generated(config, path, abs_src_path=str(built.file)))
    # Danish search: the worker loads lunr.da.min.js; append the query stemming to it.
    lunr_da = files.get_file_from_path(LUNR_DA)
    if lunr_da is not None:
        files.remove(lunr_da)
        files.append(File.generated(config, LUNR_DA, content=Path(lunr_da.abs_src_path).read_text(encoding="utf-8")
                                    + "\n" + (SITE_SCRIPTS / "lunr-da-stem-queries.js").read_text(encoding="utf-8")))
    return files


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    if (section := _state.pop("section", None)) is not None:
        section.active = False  # the nav is shared by every page
    return compact_html(nav_current_announced(headerlinks_out_of_tab_order(output)))


def on_page_context(context, page, config, nav):
    _state["keywords"][page.url] = page.meta.get("keywords") or []
    # A case (or kommune, øvelse, ...) is not in the nav: its section is shown as the current one.
    _state["section"] = mark_section(nav, page.file.src_uri)
    return context


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if config.extra.get("search_worker"):
        # The hosted site searches with Pagefind: Material's index keeps only its settings, so there is
        # nothing to add keywords to or fit to a budget.
        try:
            write_search_bundle(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        if index.exists():
            stub_lunr_index(index)
    elif index.exists():
        fit = finish_index_file(index, _state["keywords"])
        if fit.words_per_section is not None:
            log.info(trim_message(fit))
