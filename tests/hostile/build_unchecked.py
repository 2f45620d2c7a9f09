"""Build a site from content that `make check` would refuse, to test the walls behind it.

    python tests/hostile/build_unchecked.py CONTENT SITE [--offline ZIP]

`make check` refuses raw HTML, attribute lists, odd links and odd labels, so
hostile content never reaches the renderer in a real build. The security suite
must show that the renderer, the sanitizer, the escaping, the PDF fetcher and
the browser's Content-Security-Policy hold by themselves; this script switches
off exactly those rules of the validator, in its own process, and builds with
MkDocs as `make build` does (strict, with PDFs). Nothing in scripts/ offers
such a switch: only code run like this can turn the rules off.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def switch_off_markup_rules() -> None:
    from scripts.check import documents, library, registries

    documents._check_body = lambda document: iter(())
    registries._label_problems = lambda *args: iter(())
    library._check_link_targets = lambda *args: iter(())
    registries._WEB_ADDRESS = re.compile(r".*")


def main(argv: list[str]) -> int:
    content, site = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    offline_zip = Path(argv[3]).resolve() if len(argv) > 3 and argv[2] == "--offline" else None
    switch_off_markup_rules()
    os.environ["CASEBIBLIOTEK_CONTENT"] = str(content)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if offline_zip:
        os.environ["CASEBIBLIOTEK_OFFLINE"] = "true"
    os.chdir(ROOT)  # mkdocs.yml names the project's own anchor function by module
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    except MkDocsException as error:
        print(error, file=sys.stderr)
        return 1
    if offline_zip:
        from scripts.engine.build import write_zip

        write_zip(site, offline_zip)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
