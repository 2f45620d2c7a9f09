"""Casebiblioteket's command line: check the content and build the site.

Usage (from the project root, inside the virtual environment):

    python -m scripts.kb validate            check all content, report every problem
    python -m scripts.kb build               validate, then build the site into site/
    python -m scripts.kb serve               validate, then serve with live reload
    python -m scripts.kb render --out DIR    write the generated Markdown pages to DIR

Options: --content DIR reads another content folder (used by the tests);
build takes --site-dir DIR. Exit status is 0 when all is well, 1 when the
content has errors or the build failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scripts.build import SITE_DIR, build_site
from scripts.content import CONTENT_DIR, ROOT
from scripts.render import render_site, write_pages
from scripts.schema import format_report, load_library


def _validate(content_dir: Path, quiet: bool = False):
    library, problems = load_library(content_dir)
    if problems:
        print(format_report(problems), file=sys.stderr if library is None else sys.stdout)
    if library is not None and not quiet:
        print(f"Indholdet er i orden: {len(library.cases)} cases, {len(library.strategies)} strategier, "
              f"{len(library.exercises)} øvelser, {len(library.workshops)} workshoppakker, "
              f"{len(library.sources)} kilder.")
    return library


def cmd_validate(args) -> int:
    return 0 if _validate(args.content) else 1


def cmd_build(args) -> int:
    if not _validate(args.content):
        print("Siden blev ikke bygget; site/ er uændret.", file=sys.stderr)
        return 1
    ok, output = build_site(args.site_dir, args.content)
    if not ok:
        print(output, file=sys.stderr)
        print("MkDocs kunne ikke bygge siden (se ovenfor); site/ er uændret.", file=sys.stderr)
        return 1
    print(f"Siden er bygget i {_shown(args.site_dir)}/.")
    return 0


def cmd_serve(args) -> int:
    if not _validate(args.content):
        print("Ret fejlene, og start igen.", file=sys.stderr)
        return 1
    os.environ["CASEBIBLIOTEK_CONTENT"] = str(args.content)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # the notice is known; see README
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(ROOT / "mkdocs.yml"),
               "--dev-addr", args.dev_addr]
    print(f"Åbn http://{args.dev_addr}/ i browseren. Siden bygges igen, når du gemmer en fil i content/. "
          "Stop med Ctrl+C.")
    os.execv(sys.executable, command)  # noqa: S606 - hand the terminal over to MkDocs


def cmd_render(args) -> int:
    library = _validate(args.content, quiet=True)
    if library is None:
        return 1
    written = write_pages(render_site(library), args.out)
    print(f"Skrev {written} ændrede sider til {_shown(args.out)}/.")
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content folder (default: content/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check all content").set_defaults(func=cmd_validate)
    build = commands.add_parser("build", help="validate and build the site")
    build.add_argument("--site-dir", type=Path, default=SITE_DIR)
    build.set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", help="validate and serve with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    render = commands.add_parser("render", help="write the generated Markdown pages")
    render.add_argument("--out", type=Path, default=ROOT / "build" / "docs")
    render.set_defaults(func=cmd_render)
    args = parser.parse_args(argv)
    args.content = args.content.resolve()
    if hasattr(args, "site_dir"):
        args.site_dir = args.site_dir.resolve()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
