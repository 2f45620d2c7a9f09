"""The only place MkDocs meets the pipeline: validate, then hand over pages.

Kept thin on purpose (MkDocs 1.x is unmaintained and Material is in
maintenance mode): all logic lives in `scripts.schema` and `scripts.render`,
so another engine only needs a new adaptor of this size.

Pages are added in memory with `File.generated`, so a serve build never
writes into a watched folder and cannot trigger itself again.
"""

from __future__ import annotations

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

from scripts.render import render_site, tag_names, tag_pages  # noqa: E402
from scripts.schema import format_report, load_library  # noqa: E402

CONTENT_ENV = "CASEBIBLIOTEK_CONTENT"  # lets tests build a fixture library
_pages: dict[str, str] = {}


def _content_dir() -> Path:
    return Path(os.environ.get(CONTENT_ENV, ROOT / "content"))


@event_priority(100)  # before Material's tags plugin reads tags_allowed
def on_config(config: MkDocsConfig) -> None:
    library, problems = load_library(_content_dir())
    if library is None:
        raise PluginError("Indholdet har fejl, så siden blev ikke bygget:\n" + format_report(problems))
    tags = config.plugins.get("material/tags")
    if tags is not None:
        from material.plugins.tags.structure.tag import Tag

        tags.config.tags_allowed = {Tag(name) for name in tag_names(library)}
    config.extra["tag_pages"] = tag_pages(library)
    _pages.clear()
    _pages.update(render_site(library))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(_content_dir()))  # rebuild when an editor saves a content file
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, markdown in _pages.items():
        files.append(File.generated(config, path, content=markdown))
    return files
