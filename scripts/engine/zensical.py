"""The site built with Zensical instead of MkDocs: the second engine's adaptor (issue 15).

MkDocs stays the default (scripts/engine/mkdocs_hooks.py). This does what the hook
does, but around the engine instead of inside it, since Zensical runs no
MkDocs hooks and renders its templates in Rust (MiniJinja), where the
project's Python cannot be called:

1. before the build, on files: validate, make the PDFs, render the pages
   (`render_site`, exactly as the hook does), and write them, the case index
   for the filters, the open data and the feed, the static files and the PDFs
   into a docs folder;
2. a generated configuration: mkdocs.yml without the hook, with what the hook
   sets at run time (site_url, the footer's contact, tags_allowed, the search
   worker, ...) written in as values, and Material's classic look;
3. `zensical build --strict`, in its own process;
4. after the build, on the finished site: the Content-Security-Policy (see
   `finish_policy`), the heading links out of the tab order, the compacting,
   the nav's current section, the short addresses (/k/<code>/), and the
   Pagefind search with its word list.

The steps of 1 and 4 are not tied to Zensical; only 2 and 3 are.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from scripts.check.library import load_library
from scripts.check.report import format_report
from scripts.engine.build import (
    BUILD_DIR,
    CONFIG,
    content_folder_key,
    data_and_feed,
    locked,
    ordinary_permissions,
    replace_dir,
    staging_slot,
    unsafe_project_files,
)
from scripts.load.content import CONTENT_DIR, ROOT
from scripts.load.paths import ACCESSIBILITY_PAGE, CASE_INDEX_SCRIPT, has_scheme, site_address
from scripts.load.settings import SettingsError, load_settings
from scripts.render.compact import compact_html, headerlinks_out_of_tab_order
from scripts.render.csp import policy_for_markup, script_hash
from scripts.render.pages import case_index_script, redirect_pages, render_site, tag_names, write_pages
from scripts.render.pdf import CACHE_DIR, PdfError, build_pdfs, engine_problem, pdfs_enabled
from scripts.render.print_docs import print_documents
from scripts.render.site_search import WORKER, SearchIndexError, pagefind_enabled, write_search_bundle
from scripts.render.wayfinding import nav_current_announced, section_page

ZENSICAL_ENV = "CASEBIBLIOTEK_ZENSICAL"  # the zensical command, where it is not installed beside this Python
ZENSICAL_VERSION = "0.0.73"  # the version this adaptor was written and tested against
# Zensical's search dialog talks to its worker in messages of its own (a query object in, {items, pagination}
# out); the site's Pagefind worker (workers/kb-search.js) answers both its and Material's, and
# search-on-demand.js gives it the dialog, so Zensical's own index (search.json) is not needed (only a build
# without Pagefind, CASEBIBLIOTEK_SEARCH=lunr, searches with it).
# The dialog's words, which its script bundle holds in English whatever the theme's language: each must be
# found exactly once.
DIALOG_DANISH = [
    ('placeholder:"Search"', 'placeholder:"Søg"'),
    ('"aria-label":"Search","aria-autocomplete"', '"aria-label":"Søg","aria-autocomplete"'),
    ('"aria-label":"Search","aria-modal"', '"aria-label":"Søg","aria-modal"'),
    ('"aria-label":"Search results"', '"aria-label":"Søgeresultater"'),
    ('"aria-label":"Close search"', '"aria-label":"Luk søgningen"'),
    ('"aria-label":"Filters"', '"aria-label":"Filtre"'),
    ('children:"Filters"', 'children:"Filtre"'),
    ("Use Up and Down arrow keys to move between tags. Press Space or Enter to toggle a tag.",
     "Gå mellem tags med pil op og pil ned. Vælg eller fravælg et tag med mellemrum eller Enter."),
    ("Search is unavailable. Reload the page to try again.", "Søgningen virker ikke lige nu. Genindlæs siden, og prøv igen."),
    ("Loading search\\u2026", "Henter søgningen\\u2026"),
    ('new Intl.NumberFormat("en-US").format(i)} ${i===1?"result":"results"}',
     'new Intl.NumberFormat("da-DK").format(i)} ${i===1?"resultat":"resultater"}'),
]
# With the site's worker: it answers a search that found nothing with where to look instead (results that
# are no matches: "Ingen resultater", not "0 resultater"), so a list still empty is a search under way, which
# the dialog would call "No results" until the first answer comes (Pagefind loading).
DIALOG_DANISH_OURS = [("Kt.value?r.length>0?a=", 'Kt.value?r.length>0?a=i<1?"Ingen resultater":'),
                      ('a="No results"', 'a="Søger\\u2026"')]
DIALOG_DANISH_OWN = [('a="No results"', 'a="Ingen resultater"')]
# The dialog's status line ("Ingen resultater", "3 resultater") is 12px type at 54 % of the text colour on a
# translucent panel: about 4.4:1 to 4.6:1 depending on what shows through, under the 4.5:1 that WCAG 1.4.3 asks.
# The result list beside it uses 70 %; so does the status line here.
_STATUS_RULE = ".f{margin-top:var(--space-2);margin-bottom:var(--space-1);color:rgb(var(--color-foreground)/"
DIALOG_LEGIBLE = [(_STATUS_RULE + "var(--alpha-lighter))", _STATUS_RULE + "var(--alpha-light))")]
STATIC_DIR = ROOT / "static"
OVERRIDES_DIR = ROOT / "overrides"

# overrides/main.html, where the template has no content_security_policy function (scripts/csp.py).
_PENDING_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" data-kb-csp-pending content="[^"]*">')
_THEME_SCRIPTS = re.compile(r"<template data-kb-csp-scripts>(.*?)</template>\s*", re.DOTALL)
# Zensical takes `data-search-exclude` (Material's mark for "not in the search index") out of the page once its own
# index has read it; Pagefind and the word list (scripts/site_search.py) read it from the finished page, so it
# crosses the engine under another name and gets its own back afterwards.
SEARCH_EXCLUDE = "data-search-exclude"
_CARRIED = "data-kb-search-exclude"
_CARRIED_IN_PAGE = re.compile(r'\sdata-kb-search-exclude(="(?:data-kb-search-exclude)?")?(?=[\s/>])')


class ZensicalError(RuntimeError):
    """The site could not be built with Zensical (a Danish message for the site owner)."""


def zensical_command() -> list[str]:
    """How to run Zensical: $CASEBIBLIOTEK_ZENSICAL, or the package installed beside this Python."""
    if command := os.environ.get(ZENSICAL_ENV):
        return [command]
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    raise ZensicalError(
        f"Zensical er ikke installeret. Installér det i det virtuelle miljø (pip install zensical=={ZENSICAL_VERSION}), "
        f"eller sæt {ZENSICAL_ENV} til stien til en zensical-kommando.")


# --- the policy, filled in after the build (engine-independent) ---

_STYLE_ELEMENT = re.compile(r'\("style",\{\},(\w+)\.toString\(\)\)')


def bundle_style_hashes(site: Path) -> list[str]:
    """The CSP sources for the stylesheets Zensical's script bundle writes into the page itself.

    Its search dialog lives in a shadow root with a <style> element made from
    a string in the bundle; style-src 'self' refuses it (the dialog shows
    unstyled) unless the policy names that exact text's hash. The text is
    read from the built bundle, so a newer Zensical is hashed as it is.
    """
    hashes = []
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        code = bundle.read_text(encoding="utf-8")
        for name in dict.fromkeys(_STYLE_ELEMENT.findall(code)):
            literal = re.search(rf"\b{name}='([^'\\]*)'", code)
            if literal is None:
                raise ZensicalError(f"{bundle.name}: stylesheetet '{name}' kunne ikke findes, så sidens "
                                    "Content-Security-Policy kan ikke tillade det. Tjek Zensical-versionen.")
            hashes.append(script_hash(literal.group(1)))
    return hashes


def dialog_in_danish(site: Path, ours: bool) -> None:
    """The search dialog's words in Danish and its status line legible, in the built script bundle (theme
    language 'da' does not reach the words; the page's stylesheets do not reach into its shadow root)."""
    for bundle in sorted((site / "assets" / "javascripts").glob("bundle.*.min.js")):
        code = bundle.read_text(encoding="utf-8")
        for english, danish in DIALOG_DANISH + (DIALOG_DANISH_OURS if ours else DIALOG_DANISH_OWN):
            if code.count(english) != 1:
                raise ZensicalError(f"{bundle.name}: søgefeltets tekst '{english}' findes ikke præcis én gang, så den "
                                    "kan ikke oversættes til dansk. Tjek Zensical-versionen.")
            code = code.replace(english, danish)
        for faint, legible in DIALOG_LEGIBLE:
            if code.count(faint) != 1:
                raise ZensicalError(f"{bundle.name}: søgefeltets stil '{faint[:40]}…' findes ikke præcis én gang, så "
                                    "dens statuslinje kan ikke gøres tydelig nok. Tjek Zensical-versionen.")
            code = code.replace(faint, legible)
        bundle.write_text(code, encoding="utf-8")


def with_style_hashes(policy: str, hashes: list[str]) -> str:
    return policy.replace("style-src 'self'", " ".join(["style-src 'self'", *hashes]), 1) if hashes else policy


def finish_policy(html: str, offline: bool = False, style_hashes: list[str] = ()) -> str:
    """The page with its Content-Security-Policy, made from the theme's scripts that the template held aside.

    The template (overrides/main.html) writes a policy that allows nothing,
    followed by a <template> holding the theme's inline scripts, rendered
    there a second time only to be hashed (a <template>'s scripts never run).
    The policy hashes exactly those, as scripts/csp.py does in the MkDocs
    build, so a script that content smuggled into the page is still refused:
    the policy is never made from the page's own scripts. Both stand first in
    <head>, before anything a page's text reaches. A page without them is
    returned unchanged.
    """
    pending = _PENDING_POLICY.search(html)
    scripts = _THEME_SCRIPTS.search(html, pending.end()) if pending else None
    if not scripts or scripts.start() - pending.end() > 16:  # the <template> must follow the policy directly
        return html
    policy = with_style_hashes(policy_for_markup(scripts.group(1), offline), list(style_hashes))
    return (html[:pending.start()] + f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            + html[scripts.end():])


# --- the nav's current section (what mark_section does in the MkDocs build) ---

def page_url(md_path: str) -> str:
    """'cases/x.md' -> 'cases/x/', 'index.md' -> '' (directory URLs)."""
    return site_address(md_path, True)


def html_file(md_path: str) -> str:
    url = page_url(md_path)
    return f"{url}index.html"


def mark_current_section(html: str, md_path: str) -> str:
    """Mark the nav entry of the page's section current, for a page the nav does not list (a case, a kommune)."""
    section = section_page(md_path)
    if section is None or section == md_path:
        return html
    here = page_url(md_path)
    href = posixpath.relpath(page_url(section) or ".", here or ".") + "/"
    return html.replace(f'<li class="md-nav__item">\n<a href="{href}" class="md-nav__link">',
                        f'<li class="md-nav__item md-nav__item--active">\n<a href="{href}" class="md-nav__link">', 1)


# A link the page's own HTML carries (not a Markdown link, which names a .md file and both engines resolve).
_RAW_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')


def links_from_the_source_file(markdown: str, md_path: str) -> str:
    """A generated page with its HTML links written from its Markdown file's folder, as Zensical reads them.

    The pipeline writes a link in a body as the address it has on the published page
    ('../anden-case/' on 'cases/x/'), which MkDocs leaves as it is. Zensical reads a relative
    address in a page's HTML as relative to the Markdown file ('cases/x.md', one folder up from its
    page) and rewrites it for the page, so the same link came out one level too high. Written from
    the file's folder ('anden-case/'), Zensical's rewrite gives the published address back. An index
    page's file lies in its page's folder, and a web address, anchor or .md link needs nothing.
    """
    if md_path == "index.md" or md_path.endswith("/index.md"):
        return markdown
    here, folder = page_url(md_path), posixpath.dirname(md_path)

    def from_the_file(match: re.Match) -> str:
        href = match.group(2)
        path, hash_, fragment = href.partition("#")
        if not path or has_scheme(path) or path.startswith("/") or path.endswith(".md"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(here, path))
        relative = posixpath.relpath(target, folder or ".")
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return match.group(1) + relative + hash_ + fragment + match.group(3)

    return _RAW_HREF.sub(from_the_file, markdown)


def carry_search_marks(markdown: str) -> str:
    """A generated page with its search exclusions under a name Zensical leaves alone."""
    return re.sub(r"(?<=[\s{])data-search-exclude(?=[\s}>])", _CARRIED, markdown)


def restore_search_marks(html: str) -> str:
    """The marks back under their own name, where the MkDocs build has them.

    That build keeps the mark on plain HTML and headings but not on a block
    rendered as Markdown (`<div markdown data-search-exclude>`: the facts box,
    which scripts/site_search.py means to index), which Zensical writes as
    `data-…="data-…"`: those are dropped, so both engines index the same text.
    """
    return _CARRIED_IN_PAGE.sub(lambda match: "" if match.group(1) else " " + SEARCH_EXCLUDE, html)


def finish_page(html: str, md_path: str | None, style_hashes: list[str] = ()) -> str:
    """What the hook's on_post_page does, and the policy, for one finished page."""
    html = compact_html(headerlinks_out_of_tab_order(restore_search_marks(finish_policy(html, False, style_hashes))))
    return nav_current_announced(mark_current_section(html, md_path) if md_path else html)


# --- the generated configuration (Zensical-specific) ---

class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping its Python names (the heading anchors' rule), and !ENV values as their defaults."""


class _PythonName(str):
    """`!!python/name:…`, written back as it was read (Zensical resolves it in its own Python)."""


_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
_Loader.add_multi_constructor(_PYTHON_NAME, lambda loader, suffix, node: _PythonName(suffix))
_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                        if isinstance(node, yaml.SequenceNode) else None)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_PythonName, lambda dumper, value: dumper.represent_scalar(_PYTHON_NAME + value, ""))


def zensical_config(docs_dir: Path, site_dir: Path, library, settings, pagefind: bool) -> dict:
    """mkdocs.yml as Zensical should read it: no hook, and the values the hook sets written in."""
    config = yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["docs_dir"] = docs_dir.name  # relative: Zensical wants both under the configuration's folder
    config["site_dir"] = site_dir.name
    config["site_url"] = settings.site_url
    theme = config["theme"]
    theme["custom_dir"] = str(OVERRIDES_DIR)
    theme["variant"] = "classic"  # Material's look, which kb.css and print.css are written for
    plugins = []
    for entry in config.get("plugins", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        options = dict(options or {})
        if name == "search":
            options = {}  # Zensical's own search has no language pipeline; the site searches with Pagefind
        elif name == "offline":
            options = {"enabled": False}  # the offline copy is not built with Zensical yet
        elif name == "tags":
            options["tags_allowed"] = tag_names(library)
        plugins.append({name: options})
    config["plugins"] = plugins
    config["extra"] = {**config.get("extra", {}),
                       "accessibility_statement": settings.accessibility_statement_url,
                       "contact_email": settings.contact_email,
                       "owner": settings.owner,
                       "search_worker": WORKER if pagefind else None,
                       "accessibility_page": page_url(ACCESSIBILITY_PAGE)}
    return config


def write_config(config: dict, path: Path) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the build ---

def run_zensical(config_file: Path, project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([*zensical_command(), "build", "--strict", "--config-file", str(config_file)],
                          cwd=project, env=env, capture_output=True, text=True, check=False,
                          stdin=subprocess.DEVNULL)


def _fail_on(problems: list[str], intro: str) -> None:
    if problems:
        raise ZensicalError(intro + "\n" + "\n".join(problems))


def build_into(project: Path, content_dir: Path) -> tuple[Path, str]:
    """Build the site under `project` (a fresh folder); (the finished site folder, Zensical's output)."""
    _fail_on(unsafe_project_files(ROOT), "Siden blev ikke bygget, fordi nogle filer ikke må udgives:")
    try:
        settings = load_settings()
    except SettingsError as error:
        raise ZensicalError(str(error)) from None
    library, problems = load_library(content_dir, review_months=settings.review_interval_months)
    if library is None:
        raise ZensicalError("Indholdet har fejl, så siden blev ikke bygget:\n" + format_report(problems))
    pdfs = pdfs_enabled()
    if pdfs and (problem := engine_problem()):
        raise ZensicalError(problem)
    try:
        built = build_pdfs(print_documents(library, settings), CACHE_DIR / content_folder_key(content_dir)) if pdfs else {}
    except PdfError as error:
        raise ZensicalError(f"PDF'erne kunne ikke laves:\n{error}") from None
    pages = render_site(library, settings, downloads=pdfs, directory_urls=True,
                        pdf_pages={path: pdf.pages for path, pdf in built.items()})
    docs, site = project / "docs", project / "site"
    if STATIC_DIR.is_dir():
        shutil.copytree(STATIC_DIR, docs)
    handed_in = {path: links_from_the_source_file(carry_search_marks(text), path) for path, text in pages.items()}
    # The open data and the feed go in with the pages, so the engine's link check sees the home page's links to them.
    write_pages({**handed_in, CASE_INDEX_SCRIPT: case_index_script(library, True),
                 **data_and_feed(library, settings, pdfs)}, docs)
    for path, pdf in built.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf.file, docs / path)
    pagefind = pagefind_enabled()
    config_file = project / "mkdocs.yml"  # Zensical reads MkDocs' format; site_dir must lie under its folder
    write_config(zensical_config(docs, site, library, settings, pagefind), config_file)
    result = run_zensical(config_file, project)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or not (site / "index.html").is_file():
        raise ZensicalError("Zensical kunne ikke bygge siden:\n" + output[-4000:])
    finish_site(site, list(pages), library, pagefind)
    return site, output


def finish_site(site: Path, md_pages: list[str], library, pagefind: bool) -> None:
    """After the engine: every page finished, the short addresses, and the search (all on files)."""
    sources = {html_file(path): path for path in md_pages if path.endswith(".md")}
    dialog_in_danish(site, pagefind)
    style_hashes = bundle_style_hashes(site)
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        finished = finish_page(html, sources.get(relative), style_hashes)
        if finished != html:
            page.write_text(finished, encoding="utf-8")
    write_pages(redirect_pages(library, True), site)
    index = site / "search.json"  # Zensical's own search index (MkDocs: search/search_index.json)
    if pagefind:
        try:
            write_search_bundle(site)
        except SearchIndexError as error:
            raise ZensicalError(str(error)) from None
        if index.exists():
            index.unlink()  # the site searches with Pagefind; nobody should download every page's text


def build_with_zensical(site_dir: Path, content_dir: Path | None = None) -> str:
    """Build the whole site with Zensical into `site_dir`, swapped in only when it succeeded; Zensical's output.

    Raises ZensicalError (a Danish message) when it cannot.
    """
    content_dir = (content_dir or CONTENT_DIR).resolve()
    site_dir = Path(site_dir).resolve()
    build_dir = BUILD_DIR if site_dir == ROOT / "site" else site_dir.parent / "build"
    slot = staging_slot(site_dir, build_dir)
    with locked(slot, site_dir):
        (build_dir / "zensical").mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=build_dir / "zensical") as project:
            site, output = build_into(Path(project), content_dir)
            ordinary_permissions(site)
            replace_dir(site, site_dir, build_dir)
    return output


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Byg siden med Zensical (forsøg, issue 15).")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR)
    args = parser.parse_args(argv)
    try:
        output = build_with_zensical(args.site_dir, args.content)
    except ZensicalError as error:
        print(error, file=sys.stderr)
        return 1
    if output:
        print(output)
    print(f"Siden er bygget med Zensical i {args.site_dir}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
