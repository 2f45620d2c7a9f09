"""Bar charts drawn at build time: inline SVG with a text alternative, and the same numbers as a table.

The page "Biblioteket i tal" (scripts/render/templates/stats.md.j2) shows how
the library is spread over kommuner, kerneopgaver and temaer. No chart script
is shipped to the reader: each chart is a few dozen SVG elements written here,
and only aggregates are drawn, so the page stays the same size however many
cases the library has.

The rules every chart follows:

- Labels come from content/vocabulary.yml and the content, so every label and
  number is escaped (`html_text`); nothing from content becomes markup.
- `<svg role="img">` named by its `<title>` and described by its `<desc>`,
  which says every number ("Hedensted 7 cases, Odder 1 case"); the table
  beside it (`chart_table`) is the way to read the numbers, and to follow a
  label to its page.
- Text is SVG `<text>`, in the page's own colour (`currentColor`), so it
  follows the theme, forced colours and print.
- No `style` attribute (the Content-Security-Policy refuses them): colours are
  presentation attributes, and kb.css overrides them through the classes
  (forced colours, print).
- The chart has no viewBox: it is as wide as the page and its text keeps the
  page's size on a phone. Bars and their numbers are placed in percent of the
  width, rows in pixels.
- Only g, title, desc, rect and text: no links, images, scripts or styles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scripts.load.text import danish_number
from scripts.render.escape import html_text

# Indigo as Material's primary colour, a little darker: 8.1:1 against white (bars need 3:1, WCAG 1.4.11),
# and a dark grey when printed in black and white.
BAR_COLOUR = "#303f9f"
ROW_HEIGHT = 44  # px: a label line above its bar
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 14
VALUE_BASELINE = 34
BAR_MAX_PERCENT = 80  # the longest bar; the rest of the width holds its number
LABEL_MAX_CHARS = 40  # longer labels are shortened in the chart (the table and the description have them whole)

_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str | None = None
    """The page of the label, linked from the table (an address the pipeline built, not content)."""


def amount(count: int, unit: tuple[str, str]) -> str:
    """'1 case', '7 cases' (unit: the singular and the plural)."""
    return f"{danish_number(count)} {unit[0] if count == 1 else unit[1]}"


def text_alternative(bars: Sequence[Bar], unit: tuple[str, str]) -> str:
    """Every bar in words, in the chart's order: 'Hedensted 7 cases, Odder 1 case.'"""
    if not bars:
        return "Ingen data."
    return ", ".join(f"{bar.label} {amount(bar.count, unit)}" for bar in bars) + "."


def bar_width(count: int, largest: int) -> float:
    """A bar's width in percent of the chart: proportional to its count, the largest at BAR_MAX_PERCENT."""
    return round(BAR_MAX_PERCENT * count / largest, 2) if largest > 0 else 0.0


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart_svg(chart_id: str, title: str, bars: Sequence[Bar], unit: tuple[str, str]) -> str:
    """A horizontal bar chart as inline SVG: each bar's label above it, its number at its end.

    `chart_id` names the chart's title and description (letters, digits and '-'; unique on the page).
    Zero counts get their row, label and number, but no bar.
    """
    if not _ID.match(chart_id):
        raise ValueError(f"a chart id is lower-case letters, digits and '-': {chart_id!r}")
    largest = max((bar.count for bar in bars), default=0)
    height = max(len(bars), 1) * ROW_HEIGHT
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart__svg" width="100%" height="{height}" '
             f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
             f'<title id="{chart_id}-title">{html_text(title)}</title>',
             f'<desc id="{chart_id}-desc">{html_text(text_alternative(bars, unit))}</desc>']
    for row, bar in enumerate(bars):
        top = row * ROW_HEIGHT
        width = bar_width(bar.count, largest)
        lines.append('<g class="kb-chart__row">')
        lines.append(f'<text class="kb-chart__label" x="0" y="{top + LABEL_BASELINE}" fill="currentColor">'
                     f"{html_text(_short(bar.label))}</text>")
        if bar.count > 0:
            lines.append(f'<rect class="kb-chart__bar" x="0" y="{top + BAR_TOP}" width="{_number(width)}%" '
                         f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>')
        lines.append(f'<text class="kb-chart__value" x="{_number(width)}%" dx="{6 if bar.count else 0}" '
                     f'y="{top + VALUE_BASELINE}" fill="currentColor">{danish_number(int(bar.count))}</text>')
        lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


def chart_table(caption: str, label_heading: str, count_heading: str, bars: Sequence[Bar]) -> str:
    """The chart's numbers as a table: a caption, column headings, and a row heading (linked where it has a page)."""
    rows = []
    for bar in bars:
        label = html_text(bar.label)
        if bar.href:
            label = f'<a href="{html_text(bar.href)}">{label}</a>'
        rows.append(f'<tr><th scope="row">{label}</th><td>{danish_number(int(bar.count))}</td></tr>')
    return "\n".join([
        "<table>",
        f"<caption>{html_text(caption)}</caption>",
        f'<thead><tr><th scope="col">{html_text(label_heading)}</th>'
        f'<th scope="col">{html_text(count_heading)}</th></tr></thead>',
        "<tbody>", *rows, "</tbody>",
        "</table>"])


def chart_with_table(chart_id: str, title: str, bars: Sequence[Bar], unit: tuple[str, str],
                     label_heading: str, count_heading: str) -> str:
    """The chart and its table side by side (one above the other on a narrow screen), as one HTML block.

    Written without blank lines, so Markdown keeps the block as it is (raw HTML, md_in_html off for it).
    """
    return "\n".join([
        '<div class="kb-chart">',
        '<div class="kb-chart__figure">',
        bar_chart_svg(chart_id, title, bars, unit),
        "</div>",
        '<div class="kb-chart__table">',
        chart_table(title, label_heading, count_heading, bars),
        "</div>",
        "</div>"])
