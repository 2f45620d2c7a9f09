"""Smaller HTML pages: the indentation Material's templates leave behind, removed.

About an eighth of a case page is spaces at the start of lines. A browser
shows a line break followed by spaces exactly as it shows a line break, so
removing them changes nothing on screen, except inside <pre> and <textarea>
(where spaces are content) and <script> (left alone to be safe).
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def _squeeze(html: str) -> str:
    return _BLANK_LINES.sub("\n", _INDENT.sub("\n", html))


def compact_html(html: str) -> str:
    """The page without indentation and blank lines, outside <pre>, <textarea> and <script>."""
    parts, done = [], 0
    for match in _KEEP.finditer(html):
        parts.append(_squeeze(html[done:match.start()]))
        parts.append(match.group(0))
        done = match.end()
    parts.append(_squeeze(html[done:]))
    return "".join(parts)


_HEADERLINK = re.compile(r'<a class="headerlink" href=')


def headerlinks_out_of_tab_order(html: str) -> str:
    """The "¶" link after each heading, reachable by mouse but not a tab stop: a case page has a dozen,
    each announced "Link til dette afsnit", which doubled the stops in the text for keyboard users."""
    return _HEADERLINK.sub('<a class="headerlink" tabindex="-1" href=', html)
