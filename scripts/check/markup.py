"""What `make check` says about the Markdown of a body before anything is built.

A body may use Markdown only: no HTML, no attribute lists, links only to the
web (http, https), to e-mail (mailto) or to the library's own pages and files.
The renderer would show HTML as text and drop a bad link anyway
(scripts/render/body.py is the wall that holds); these rules tell the editor first,
in Danish, with the line and what to write instead.

The rules also bound the work a body can cause: its size, how deeply it
nests, and how many '[' one paragraph has (Python-Markdown's link parsing
takes time that grows with the square of that number).

Links to other pages are collected here and checked against the whole
library in scripts/check/library.py, where every page and every heading is known.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scripts.load import paths
from scripts.load.text import split_sections, without_comments

MAX_BODY_BYTES = 30_000  # 4.5 times the longest case today (6.7 KB, 1,000 words)
MAX_BRACKETS_PER_PARAGRAPH = 100
MAX_INDENT = 40  # columns: ten levels of a nested list
MAX_QUOTE_DEPTH = 10
MAX_TABLE_ROWS = 60  # a long table is the slowest thing to lay out on paper


@dataclass(frozen=True)
class LinkRef:
    """A link in a body, resolved to where it points in the site."""

    line: int
    written: str
    """As the editor wrote it, for messages."""
    target: str | None
    """The site path ('cases/x.md', 'pdf/y.pdf'); None for a link within the page."""
    fragment: str
    """The part after '#', or ''."""


# Inline code shows its text literally, so HTML or braces inside it are fine.
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# What browsers and Markdown read as the start of a tag: '<' and a letter, '</',
# '<!' (but comments), '<?'. An address in <...> (an autolink) is not a tag.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|<![^-]|<\?")
_ATTRIBUTE_LIST = re.compile(r"\{:[^}\n]*\}|\{\s*(?:[.#][\w-]+|[\w-]+\s*=)[^}\n]*\}")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")
# [text](target) and [text](<target> "title"); the address's start, closed or not.
# An address may hold balanced parentheses ('x(1).md'), as in Markdown.
_ADDRESS = r"(?:[^()\s]|\([^()\s]*\))+"
_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|" + _ADDRESS + r")(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)")
_LINK_START = re.compile(r"\]\(\s*<?(" + _ADDRESS + r")")
# A reference definition; Python-Markdown allows its address on the next line.
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)>?", re.MULTILINE)
# A link's title: [text](address "title") or a reference definition with one.
_LINK_TITLE = re.compile(r"\]\(\s*(?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))+)\s+[\"'(]")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>")

_TAG_ADVICE = {
    "b": "Skriv **fed** i stedet.", "strong": "Skriv **fed** i stedet.", "i": "Skriv *kursiv* i stedet.",
    "em": "Skriv *kursiv* i stedet.", "a": "Skriv et link som [linktekst](adresse).",
    "br": "Lav et nyt afsnit med en tom linje i stedet.", "p": "Lav et nyt afsnit med en tom linje i stedet.",
    "img": "Billeder kan ikke vises fra indholdet; beskriv det, billedet viser, med ord.",
    "ul": "Skriv en punktliste med '- ' foran hvert punkt.", "ol": "Skriv en nummereret liste med '1. ' foran.",
    "li": "Skriv en punktliste med '- ' foran hvert punkt.", "h2": "Skriv en overskrift med '## ' foran.",
    "h3": "Skriv en underoverskrift med '### ' foran.", "table": "Skriv en tabel med | mellem kolonnerne.",
}


def body_problems(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, Danish message) for everything in a body that the site cannot show as written."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        yield first_line, (f"Teksten fylder {size // 1000} KB, men må højst fylde {MAX_BODY_BYTES // 1000} KB. "
                           "Forkort den, eller del den op i flere cases.")
        return  # the other rules would only spend time on text that must be cut anyway
    uncommented = without_comments(body)
    # One scan of the whole body first (in C); lines are looked at one by one only where it found something.
    if _LINE_HINT.search(uncommented) or _DEEP_LINE.search(uncommented):
        for number, line in enumerate(uncommented.split("\n")):
            yield from ((first_line + number, message) for message in _line_problems(line))
    if uncommented.count("[") > MAX_BRACKETS_PER_PARAGRAPH or uncommented.count("\n|") > MAX_TABLE_ROWS:
        yield from _paragraph_problems(uncommented, first_line)
    if "<!--" in body or "-->" in body:
        yield from _comment_problems(body, first_line)
    if "<!--" in uncommented:
        number = uncommented.count("\n", 0, uncommented.index("<!--"))
        yield first_line + number, ("En kommentar ('<!--') lukkes aldrig. Skriv '-->', hvor kommentaren slutter, "
                                    "ellers forsvinder resten af teksten.")
    for section in split_sections(body):
        if section.level == 1:
            yield first_line + section.line - 1, (f"Overskriften '# {section.title}' har kun ét '#'. Skriv '## "
                                                  f"{section.title}': sidens titel ('# ') laves af feltet 'title'.")


# Anything one of _line_problems' rules could find: a tag, a brace, an image, a link with a title; and
# lines indented far (or with tabs) or quoted deep.
_LINE_HINT = re.compile(r"<[A-Za-z/!?]|\{|!\[|\]\([^)\n]*\s[\"'(]")
_DEEP_LINE = re.compile(rf"^(?:[ \t]*\t| {{{MAX_INDENT + 1},}})|^[ >]*(?:>[ ]*){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)


def _comment_problems(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    for comment in re.finditer(r"<!--.*?-->", body, re.DOTALL):
        if "`" in comment.group(0):
            yield first_line + body.count("\n", 0, comment.start()), (
                "En kommentar indeholder '`'. Kommentarer fjernes, før teksten bliver til en side, også midt i "
                "`kode`, så tekst ville forsvinde. Skriv kommentaren uden '`', eller flyt den.")
    for number, line in enumerate(body.split("\n")):
        if "`" in line and any("<!--" in span.group(0) or "-->" in span.group(0) for span in _CODE_SPAN.finditer(line)):
            yield first_line + number, ("Linjen har '<!--' eller '-->' i `kode`. Kommentarer fjernes, også i kode, "
                                        "så teksten ville ændre sig; skriv tegnene som &lt;!-- i stedet.")


def _line_problems(line: str) -> Iterator[str]:
    text = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)
    tag = _TAG.search(text)
    if tag:
        shown = text[tag.start():tag.start() + 40].split(">")[0] + (">" if ">" in text[tag.start():] else "")
        advice = _TAG_ADVICE.get((tag.group(2) or "").lower(), "Skriv med Markdown i stedet, fx **fed**, *kursiv* "
                                 "og [linktekst](adresse).")
        yield f"Linjen indeholder HTML ('{shown}'). HTML virker ikke i indholdet og ville blive vist som tekst. {advice}"
    attributes = _ATTRIBUTE_LIST.search(text)
    if attributes:
        yield (f"Linjen har en attributliste ('{attributes.group(0)[:40]}'). Indholdet kan ikke give tekst klasser "
               "eller attributter; den ville blive vist som tekst. Slet den: udseendet kommer fra sidens skabeloner.")
    if _LINK_TITLE.search(text):
        yield ("Linjen har et link med en titel ('[tekst](adresse \"titel\")'). Titler på links vises ikke; slet "
               "titlen, så linket er '[tekst](adresse)'.")
    if _IMAGE.search(text):
        yield ("Linjen har et billede ('![...](...)'). Billeder kan ikke vises fra indholdet; beskriv det, billedet "
               "viser, med ord, eller link til det med [linktekst](adresse).")
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
    if indent > MAX_INDENT:
        yield (f"Linjen er rykket {indent} tegn ind; højst {MAX_INDENT} (ti niveauer i en liste). Ryk den mindre "
               "ind.")
    quotes = len(re.match(r"^[ >]*", line).group(0).replace(" ", ""))
    if quotes > MAX_QUOTE_DEPTH:
        yield f"Linjen har {quotes} '>' i træk; et citat kan højst have {MAX_QUOTE_DEPTH} niveauer."


def _paragraph_problems(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    line = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", body):
        if not paragraph.strip("\n \t"):
            line += paragraph.count("\n")
            continue
        rows = sum(1 for row in paragraph.split("\n") if row.lstrip().startswith("|"))
        if rows > MAX_TABLE_ROWS + 2:  # the header and its line under it
            yield first_line + line + (paragraph[:1] == "\n"), (
                f"Tabellen har {rows - 2} rækker; højst {MAX_TABLE_ROWS}. Del den op, eller skriv det som tekst.")
        brackets = paragraph.count("[")
        if brackets > MAX_BRACKETS_PER_PARAGRAPH:
            yield first_line + line, (f"Afsnittet har {brackets} '['; højst {MAX_BRACKETS_PER_PARAGRAPH} i ét afsnit. "
                                      "Del det op med tomme linjer, eller skriv færre links.")
        line += paragraph.count("\n")


@functools.lru_cache(maxsize=64)  # asked twice per file: for the cross-file check and for the file's own
def body_links(body: str, page: str, first_line: int) -> tuple[tuple[LinkRef, ...], tuple[tuple[int, str], ...]]:
    """Every link in a body (inline, reference and <autolink>), and what is wrong with their form.

    `page` is the body's own page in the site ('cases/x.md'); relative links
    resolve from it. Whether a target exists is for the caller, who knows
    every page.
    """
    text = without_comments(body)

    def line_of(position: int) -> int:
        return first_line + text.count("\n", 0, position)

    refs: list[LinkRef] = []
    problems: list[tuple[int, str]] = []
    found = []
    for start in _LINK_START.finditer(text):
        match = _LINK.match(text, start.start())
        if match is None:
            # Markdown would read the words after the address as part of it.
            problems.append((line_of(start.start()), f"Linket til '{start.group(1)}' er ikke lukket: skriv ')' lige "
                                                     "efter adressen, fx '[titel](anden-case.md)'."))
        else:
            found.append((match.start(), match.group(1).strip("<>")))
    found += [(match.start(), match.group(1)) for match in _REFERENCE.finditer(text)]
    found += [(match.start(), match.group(1)) for match in _AUTOLINK.finditer(text)]
    for position, written in sorted(found):
        ref, message = _link(written, page, line_of(position))
        if message:
            problems.append((line_of(position), message))
        elif ref is not None:
            refs.append(ref)
    return tuple(refs), tuple(problems)


def _link(written: str, page: str, line: int) -> tuple[LinkRef | None, str | None]:
    """The link as a reference to check, or the Danish message about its form."""
    # Judge what the browser sees: entities decoded, tabs and line breaks dropped.
    address = paths.browser_address(written)
    scheme = paths.scheme_of(address)
    if scheme:
        if scheme in paths.ALLOWED_SCHEMES:
            return None, None
        return None, (f"Linket '{written}' begynder med '{address.split(':', 1)[0]}:', som ikke er tilladt. Link til en "
                      "adresse, der begynder med https:// (eller mailto: for en e-mailadresse), eller til en side i "
                      "biblioteket, fx '[titel](anden-case.md)'.")
    if address.startswith("//"):
        return None, f"Linket '{written}' mangler 'https:' foran. Skriv hele adressen, fx 'https:{address}'."
    if address.startswith(("/", "\\")):
        return None, (f"Linket '{written}' begynder med '/'. Skriv links til bibliotekets sider ud fra filen, fx "
                      "'anden-case.md' eller '../kommuner/odder.md'.")
    if address.startswith("#"):
        return LinkRef(line, written, None, address[1:]), None
    resolved = paths.resolve_body_link(page, address)
    if resolved is None:
        return None, f"Linket '{written}' peger uden for biblioteket. Link til en side i biblioteket eller på nettet."
    target, fragment = resolved
    return LinkRef(line, written, target, fragment.removeprefix("#")), None


# Characters that look like markup in a field, which is always shown as plain text.
_FIELD_MARKUP = re.compile(r"<[A-Za-z/!?]|\{:|\]\(|\*\*|`")


def field_markup(value: str) -> str | None:
    """The first piece of a field value that looks like HTML or Markdown, or None."""
    match = _FIELD_MARKUP.search(value)
    return value[match.start():match.start() + 20] if match else None
