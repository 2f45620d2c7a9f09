"""Content bodies (the Markdown under the front matter) as safe HTML.

A body is written by an editor and built before review, so it is rendered
here, not by the site engine, and in two walls:

1. Python-Markdown without any way to write HTML: raw HTML blocks and inline
   tags are not recognised (they show as the text they are), and neither are
   attribute lists (`{: ...}`) or `markdown` attributes. Links between pages
   are rewritten by a function the caller gives (relative for the site,
   absolute for paper).
2. The HTML then goes through an allow-list sanitizer (nh3, the Python
   binding of Rust's ammonia, which parses as browsers do): only the tags and
   attributes that Markdown itself produces for prose survive, links only
   http(s), mailto, relative and in-page.

`make check` tells editors about HTML, attribute lists and odd links before
this runs (scripts/check/markup.py); this module is what holds if it did not.

A body is split at its heading lines first (`text.split_sections`), and each
section's text is rendered on its own: the page templates write the headings
themselves as Markdown headings, so the table of contents and the anchors
stay the site engine's, while everything under a heading arrives as finished
HTML that the engine passes through untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from scripts.load.paths import ALLOWED_SCHEMES, browser_address, scheme_of
from scripts.load.text import split_sections
from scripts.load.voice import BOX_CLASS, LABEL, LABEL_CLASS, LABEL_NOTE, is_marker_line, marker_on_its_own
from scripts.render.escape import Markup, html_text, trusted

# The tags Python-Markdown produces for prose with the extensions below, and
# nothing else. No images: the site shows none from content.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
    "a", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div",
})
# No title attribute: Material turns titles into tooltips as HTML (content.tooltips), so a link title
# in content could put markup on the page when a reader points at the link.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
# Removed with everything inside (other disallowed tags keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "textarea",
                                  "select", "svg", "math"})


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    # "*": no attribute on every tag (ammonia's default would allow lang and title everywhere).
    attributes={"*": set(), **{tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}},
    url_schemes=set(ALLOWED_SCHEMES),
    # The reflection box (scripts/load/voice.py) is the one element with a class: made by _OwnVoice below,
    # never by an editor, who cannot write attributes.
    allowed_classes={"div": {BOX_CLASS}, "p": {LABEL_CLASS}},
    tag_attribute_values={"div": {"role": {"note"}}},
    strip_comments=True,
    link_rel=None,  # no rel on every link; none opens a new window
)


def sanitize(html: str) -> str:
    """HTML with everything outside the allow-list removed."""
    return _CLEANER.clean(html)


LinkRewrite = Callable[[str], "str | None"]
"""Maps a link as written in a body to the address to publish (None: drop the link, keep its text)."""


@dataclass(frozen=True)
class Section:
    """A rendered section of a body: its heading (None before the first) and the HTML under it."""

    level: int
    title: str | None
    html: Markup


class _RewriteLinks(Treeprocessor):
    def run(self, root) -> None:
        rewrite = self.md.kb_rewrite
        for element in root.iter("a"):
            href = element.get("href")
            if href is None:
                continue
            # An e-mail autolink's address is written as entities whose '&' Python-Markdown keeps as a
            # placeholder until it serializes; the address is needed as the browser will read it.
            new = rewrite(href.replace(markdown.util.AMP_SUBSTITUTE, "&"))
            if new is None:
                del element.attrib["href"]
            else:
                element.set("href", new)


class _MarkerOnItsOwn(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return marker_on_its_own(lines)


class _OwnVoice(Treeprocessor):
    """A quote that starts with the marker line becomes the labelled box for the library's own voice.

    Python-Markdown joins quotes that only a blank line separates, so one quote
    may hold several boxes (or a plain quote, then a box): it is split at each
    marker paragraph.
    """

    def run(self, root) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for quote in [element for element in root.iter("blockquote")]:
            if not any(_is_marker(child) for child in quote):
                continue
            parent = parents[quote]
            groups: list[list] = [[]]
            for child in list(quote):
                if _is_marker(child) and groups[-1]:
                    groups.append([])
                groups[-1].append(child)
            position = list(parent).index(quote)
            parent.remove(quote)
            for offset, group in enumerate(groups):
                element = _box(quote, group) if _is_marker(group[0]) else _quote(quote, group)
                element.text = "\n"
                parent.insert(position + offset, element)
            element.tail = quote.tail


def _is_marker(element) -> bool:
    return element.tag == "p" and is_marker_line(element.text or "")


def _quote(template, children):
    quote = template.makeelement("blockquote", {})
    quote.extend(children)
    return quote


def _box(template, children):
    box = template.makeelement("div", {"class": BOX_CLASS, "role": "note"})
    label = box.makeelement("p", {"class": LABEL_CLASS})
    label.text = f"{LABEL} – {LABEL_NOTE}"
    box.append(label)
    first = children[0]
    first.text = first.text.split("\n", 1)[1].lstrip() if "\n" in first.text else ""
    box.extend(children if first.text or len(first) else children[1:])
    return box


class _NoMarkup(Extension):
    """Python-Markdown with no HTML of its own: raw HTML shows as text, and only split_sections makes headings."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Headings come from split_sections, so the page's table of contents
        # lists every heading; a heading-looking line inside a section
        # (e.g. '#hashtag') stays a line of text.
        md.parser.blockprocessors.deregister("hashheader")
        md.parser.blockprocessors.deregister("setextheader")
        md.treeprocessors.register(_RewriteLinks(md), "kb_rewrite_links", 1)
        md.treeprocessors.register(_OwnVoice(md), "kb_own_voice", 2)
        md.preprocessors.register(_MarkerOnItsOwn(md), "kb_marker_on_its_own", 5)


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One Markdown converter per thread (building one costs more than converting a section)."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=[_NoMarkup(), "def_list", "tables"],
                                      extension_configs={"tables": {"use_align_attribute": True}})
        _local.markdown = converter
    return converter


def markdown_to_safe_html(text: str, rewrite: LinkRewrite) -> Markup:
    """One piece of body Markdown as sanitized HTML."""
    if not text.strip():
        return trusted("")
    converter = _markdown()
    converter.reset()
    converter.kb_rewrite = lambda href: _safe_rewrite(href, rewrite)
    return trusted(sanitize(converter.convert(text)).strip())


def _safe_rewrite(href: str, rewrite: LinkRewrite) -> str | None:
    # Decide on what the browser would see ('java&#x73;cript:' is 'javascript:').
    href = browser_address(href)
    scheme = scheme_of(href)
    if scheme is not None and scheme not in ALLOWED_SCHEMES:
        return None  # the sanitizer would drop it too; drop it here, before the caller sees it
    return rewrite(href)


def render_body(body: str, rewrite: LinkRewrite) -> list[Section]:
    """A body as its sections, each as sanitized HTML (comments are gone)."""
    return [Section(section.level, section.title, markdown_to_safe_html(section.text, rewrite))
            for section in split_sections(body)]


def sections_html(sections: list[Section]) -> Markup:
    """Sections as one HTML fragment with their headings, for documents that are not Markdown pages."""
    parts = []
    for section in sections:
        if section.title is not None:
            level = min(max(section.level, 2), 6)
            parts.append(f"<h{level}>{html_text(section.title)}</h{level}>")
        if section.html:
            parts.append(str(section.html))
    return trusted("\n".join(parts))
