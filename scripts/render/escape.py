"""The one place where content becomes page text.

Everything in `content/` comes from pull requests and is built before anyone
has reviewed it, so no field value may become markup. Every template
environment of the project comes from `template_environment`, which passes
each `{{ value }}` through the escaping of its output:

- Markdown pages (`output="markdown"`): `markdown_text`, which makes a value
  literal for Python-Markdown *and* for the HTML it produces: `&`, `<` and
  `>` become entities, and every character Markdown or its extensions read
  as syntax (emphasis, links, code, attribute lists `{: ...}`, table bars,
  heading marks, a list marker at the start) gets a backslash.
- HTML documents (`output="html"`): `html_text`.

What the pipeline builds itself (links between pages, rendered macros, the
sanitised HTML of a body) is `Markup` and passes unchanged, so a template
cannot forget to escape a new field: forgetting is the safe default.

Values also lose what no reader should see: control characters, bidi
overrides and zero-width characters, and (for Markdown) line breaks, which a
field never needs and which would let a value start a new block.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

__all__ = ["Markup", "html_text", "markdown_text", "plain_text", "template_environment", "trusted"]

# C0 and C1 controls (but tab and line feed), bidi embeddings and overrides,
# zero-width characters and the BOM: invisible, and able to disguise text.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_WHITESPACE = re.compile(r"\s+")

# Characters Python-Markdown (and the extensions in mkdocs.yml: tables,
# attr_list, def_list, admonition, md_in_html) treat as syntax anywhere in a
# line. A backslash makes each literal; '&', '<', '>' and brackets become entities
# instead, because Python-Markdown keeps a backslash before '<' (it is not in
# its escapable set) and shows it.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}|#!])")
# Brackets become entities too: a line starting '[\]:' would still be read as
# a reference definition, whose block rule runs before escapes are seen.
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"}
# At the start of a block, these open a list ('- ', '+ ', '1. '), draw a rule
# ('---') or, after a paragraph, a definition (': '); ':' is not escapable,
# so it becomes an entity.
_LIST_START = re.compile(r"^([-+]|\d+\.(?=\s|$))")


def trusted(text: str) -> Markup:
    """Text the pipeline built itself from escaped or sanitized parts, to be output as it is.

    Every such place calls this, so they can be found (and reviewed) by name.
    """
    return Markup(text)  # noqa: S704 - the named entry for trusted output


def plain_text(value: object) -> str:
    """A value as one line of visible text: no invisible characters, whitespace runs as one space."""
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", str(value))).strip()


def markdown_text(value: object) -> Markup:
    """`value` as literal text in a Markdown page, safe anywhere in a line, also at its start."""
    if hasattr(value, "__html__"):
        return trusted(value.__html__())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", plain_text(value))
    text = "".join(_HTML_SPECIAL.get(char, char) for char in text)  # after: entities carry '#'
    text = _LIST_START.sub(lambda match: match.group(1)[:-1] + "\\" + match.group(1)[-1], text)
    if text.startswith(":"):
        text = "&#58;" + text[1:]
    return trusted(text)


def html_text(value: object) -> Markup:
    """`value` as text in HTML (elements and quoted attributes)."""
    if hasattr(value, "__html__"):
        return trusted(value.__html__())
    return escape(plain_text(value))


_FINALIZE = {"markdown": markdown_text, "html": html_text}


def template_environment(folder: Path, output: str) -> jinja2.Environment:
    """A Jinja environment whose every `{{ value }}` is escaped for `output` ("markdown" or "html").

    Autoescaping stays on in both, so macros return `Markup` and compose
    without being escaped twice; `finalize` does the escaping that fits the
    output before Jinja's own HTML escaping sees the (by then safe) value.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_FINALIZE[output],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
