"""Casebiblioteket's command line: check the content, scaffold a case, build the site.

Usage (from the project root, inside the virtual environment):

    python -m scripts.kb validate [FILE ...]  check all content; with files, report on those only
    python -m scripts.kb new-case [options]   create content/cases/<slug>.md, asking for what is missing
    python -m scripts.kb build                validate, then build the site (with PDFs) into site/
    python -m scripts.kb serve                validate, then serve with live reload
    python -m scripts.kb offline              build build/casebiblioteket-offline.zip, which works from the disk
    python -m scripts.kb render --out DIR     write the generated Markdown pages to DIR
    python -m scripts.kb docs                 regenerate CONTRIBUTING.md's field reference and the case template

Options: --content DIR reads another content folder (used by the tests);
build takes --site-dir DIR. Exit status is 0 when all is well, 1 when the
content has errors or the build failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from datetime import date
from pathlib import Path

# Commands import what they need when they run, so `validate` (the editor's
# quick check and the pre-commit hook) does not load Jinja, Markdown or MkDocs.
from scripts.check.library import load_library
from scripts.check.report import format_report
from scripts.load.content import CONTENT_DIR, ROOT, display_path
from scripts.load.settings import SettingsError, load_settings


def _load(content_dir: Path):
    settings = load_settings()
    return load_library(content_dir, review_months=settings.review_interval_months)


def _report(problems, failed: bool) -> None:
    if problems:
        print(format_report(problems), file=sys.stderr if failed else sys.stdout)


def _library(content_dir: Path, quiet: bool = False):
    """Validate, print the report, and return the library (None if it has errors)."""
    library, problems = _load(content_dir)
    _report(problems, library is None)
    if library is not None and not quiet:
        print(f"Indholdet er i orden: {len(library.cases)} cases, {len(library.strategies)} strategier, "
              f"{len(library.exercises)} øvelser, {len(library.workshops)} workshoppakker, "
              f"{len(library.sources)} kilder.")
    return library


def cmd_validate(args) -> int:
    if not args.files:
        return 0 if _library(args.content) else 1
    # Only the files asked about (the pre-commit hook passes the changed ones);
    # everything is still read, so links and duplicates are checked against all.
    only = {display_path(Path(file), args.content) for file in args.files}
    _, problems = _load(args.content)
    mine = [p for p in problems if p.path in only]
    failed = any(p.severity == "error" for p in mine)
    _report(mine, failed)
    others = sum(1 for p in problems if p.path not in only and p.severity == "error")
    if others:
        print(f"Der er også {others} fejl i andre filer.", file=sys.stderr)
    if not mine:
        print(f"{len(only)} {'fil er' if len(only) == 1 else 'filer er'} i orden.")
    return 1 if failed else 0


def cmd_new_case(args) -> int:
    from scripts.check.registries import load_registries
    from scripts.tools.new_case import ScaffoldError, ask_missing, scaffold_case, write_new_case

    vocabulary, sources, problems = load_registries(args.content)
    if vocabulary is None or any(p.severity == "error" for p in problems):
        print(format_report(problems), file=sys.stderr)
        return 1
    values = {"title": args.title, "municipality": args.municipality, "core_tasks": args.core_task,
              "themes": args.theme, "source": args.source}
    choices = {"municipality": [m.name for m in vocabulary.municipalities],
               "core_tasks": [t.label for t in vocabulary.core_tasks],
               "themes": [t.label for t in vocabulary.themes], "source": [s.id for s in sources]}
    missing = [name for name, value in values.items() if not value]
    if missing and not sys.stdin.isatty():
        options = {"title": "--title", "municipality": "--municipality", "core_tasks": "--core-task",
                   "themes": "--theme", "source": "--source"}
        print("Mangler: " + ", ".join(options[name] for name in missing) + ". Giv dem som tilvalg, eller kør "
              "kommandoen i en terminal, så spørger den.", file=sys.stderr)
        return 1
    if missing:
        titles = {s.id: f"{s.id} ({s.full_title}, {s.publisher})" for s in sources}
        values = ask_missing(values, choices, shown=titles)
    try:
        slug, text = scaffold_case(vocabulary, choices["source"], values["title"], values["municipality"],
                                   values["core_tasks"], values["themes"], values["source"], date.today())
        path = write_new_case(args.content, slug, text)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Oprettet: {display_path(path, args.content)}\n"
          "Udfyld felterne og afsnittene (vejledningen står i filen), tjek med 'make check', og se casen med "
          "'make serve'.")
    return 0


def cmd_build(args) -> int:
    from scripts.engine.build import build_site

    if not _library(args.content):
        print("Siden blev ikke bygget; site/ er uændret.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        return _build_with_zensical(args.site_dir, args.content)
    ok, output = build_site(args.site_dir, args.content)
    if not ok:
        print(output, file=sys.stderr)
        print("MkDocs kunne ikke bygge siden (se ovenfor); site/ er uændret.", file=sys.stderr)
        return 1
    print(f"Siden er bygget i {_shown(args.site_dir)}/.")
    _warn_placeholders()
    return 0


def _build_with_zensical(site_dir: Path, content: Path) -> int:
    from scripts.engine.zensical import ZensicalError, build_with_zensical

    try:
        build_with_zensical(site_dir, content)
    except ZensicalError as error:
        print(error, file=sys.stderr)
        print(f"Zensical kunne ikke bygge siden (se ovenfor); {_shown(site_dir)}/ er uændret.", file=sys.stderr)
        return 1
    print(f"Siden er bygget med Zensical i {_shown(site_dir)}/.")
    _warn_placeholders()
    return 0


def _warn_placeholders() -> None:
    """A site built with the template's example addresses prints QR codes and a contact nobody can reach."""
    from scripts.load.settings import load_settings

    names = load_settings().placeholders
    if names:
        print(f"Bemærk: {' og '.join(names)} i casebiblioteket.yml står stadig på eksempeladressen (.example). "
              "QR-koderne og kontaktadressen peger ingen steder hen, før I sætter jeres egne adresser ind.",
              file=sys.stderr)


def cmd_offline(args) -> int:
    from scripts.engine.build import OFFLINE_FOLDER, build_offline

    if not _library(args.content):
        print("Den offline kopi blev ikke lavet.", file=sys.stderr)
        return 1
    ok, output = build_offline(args.out, args.content)
    if not ok:
        print(output, file=sys.stderr)
        print("MkDocs kunne ikke bygge den offline kopi (se ovenfor).", file=sys.stderr)
        return 1
    print(f"Den offline kopi er lavet: {_shown(args.out)}\n"
          f"Pak den ud, og åbn {OFFLINE_FOLDER}/index.html i en browser; søgningen virker også uden internet.")
    _warn_placeholders()
    return 0


def cmd_serve(args) -> int:
    if not _library(args.content):
        print("Ret fejlene, og start igen.", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        return _serve_zensical_build(args)
    os.environ["CASEBIBLIOTEK_CONTENT"] = str(args.content)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # the notice is known; see README
    # --dirty: after the first build, rebuild only the pages a save changed (see mkdocs_hooks.py).
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file", str(ROOT / "mkdocs.yml"),
               "--dev-addr", args.dev_addr]
    print(f"Åbn http://{args.dev_addr}/ i browseren. Siden bygges igen, når du gemmer en fil i content/. "
          "Stop med Ctrl+C.")
    os.execv(sys.executable, command)  # noqa: S606 - hand the terminal over to MkDocs


def _serve_zensical_build(args) -> int:
    """Zensical runs no hooks, so its own server could not re-render content/: build once, serve the result."""
    from scripts.tools.local_server import serve

    host, _, port = args.dev_addr.rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port.isdigit():
        print(f"--dev-addr skal være 127.0.0.1:<port>, fx 127.0.0.1:8000 (fik {args.dev_addr!r}); med Zensical "
              "serveres siden kun på 127.0.0.1.", file=sys.stderr)
        return 1
    site = ROOT / "build" / "zensical-site"
    if _build_with_zensical(site, args.content):
        return 1
    try:
        with serve(site, like_a_host=True, port=int(port)) as address:
            print(f"Åbn {address} i browseren. Med Zensical bygges siden ikke igen, når du gemmer: stop med "
                  "Ctrl+C, og start igen.", flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    except OSError as error:  # the port is taken (the server is made before anything is served)
        print(f"Port {port} kan ikke bruges ({error.strerror}). Stop det, der bruger den, eller vælg en anden: "
              "python -m scripts.kb serve --engine zensical --dev-addr 127.0.0.1:8001", file=sys.stderr)
        return 1
    return 0


def cmd_render(args) -> int:
    from scripts.render.pages import render_site, write_pages

    library = _library(args.content, quiet=True)
    if library is None:
        return 1
    written = write_pages(render_site(library, load_settings()), args.out)
    print(f"Skrev {written} ændrede sider til {_shown(args.out)}/.")
    return 0


def cmd_docs(args) -> int:
    from scripts.tools.docs import write_generated_docs

    changed = write_generated_docs(args.content)
    print("Opdateret: " + ", ".join(changed) if changed else "CONTRIBUTING.md og skabelonen er allerede opdateret.")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    from scripts.engine.build import SITE_DIR

    parser = argparse.ArgumentParser(prog="kb", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content folder (default: content/)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check all content")
    validate.add_argument("files", nargs="*", help="report only on these files (all content is still read)")
    validate.set_defaults(func=cmd_validate)
    new = commands.add_parser("new-case", help="create a new case file, asking for what is missing")
    new.add_argument("--title")
    new.add_argument("--municipality")
    new.add_argument("--core-task", action="append", default=[], help="may be given more than once")
    new.add_argument("--theme", action="append", default=[], help="may be given more than once")
    new.add_argument("--source", help="a source id from content/sources.yml")
    new.set_defaults(func=cmd_new_case)
    engines = ("mkdocs", "zensical")
    build = commands.add_parser("build", help="validate and build the site")
    build.add_argument("--site-dir", type=Path, default=SITE_DIR)
    build.add_argument("--engine", choices=engines, default="mkdocs", help="the site engine (default: mkdocs)")
    build.set_defaults(func=cmd_build)
    offline = commands.add_parser("offline", help="build a zip of the site that works opened from the disk")
    offline.add_argument("--out", type=Path, default=ROOT / "build" / "casebiblioteket-offline.zip")
    offline.set_defaults(func=cmd_offline)
    serve = commands.add_parser("serve", help="validate and serve with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--engine", choices=engines, default="mkdocs",
                       help="mkdocs rebuilds on every save; zensical builds once and serves the result")
    serve.set_defaults(func=cmd_serve)
    render = commands.add_parser("render", help="write the generated Markdown pages")
    render.add_argument("--out", type=Path, default=ROOT / "build" / "docs")
    render.set_defaults(func=cmd_render)
    commands.add_parser("docs", help="regenerate CONTRIBUTING.md's field reference and the case template"
                        ).set_defaults(func=cmd_docs)
    args = parser.parse_args(argv)
    if args.content.is_symlink():  # resolving would follow it; the check refuses a linked content folder
        print(f"{args.content}: fejl: Mappen er et symbolsk link. Links følges ikke: læg indholdet i en almindelig "
              "mappe.", file=sys.stderr)
        return 1
    args.content = args.content.resolve()
    for name in ("site_dir", "out"):
        if hasattr(args, name):
            setattr(args, name, getattr(args, name).resolve())
    try:
        return args.func(args)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
