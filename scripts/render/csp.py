"""The Content-Security-Policy every page carries, as data.

Defence in depth: content comes from pull requests, so if markup from it ever
slips through unescaped, the browser still runs no script and loads nothing
that the site itself did not ship. Scripts and styles come only from the site;
the few inline scripts Material writes into each page are allowed by their
hash, computed here from the exact text the page carries (one of them names
the page's depth, "../..", so the hashes differ between pages).

The offline copy is opened from the disk. Chromium matches `'self'` against
every file: URL when the page itself is a file, but what `'self'` means for a
file is not settled between browsers (a file's origin is opaque and left to
each browser), so the offline policy names `file:` beside it: in Chromium
that allows nothing more. The offline copy runs search without a worker (the
iframe-worker shim loads the worker's script into a hidden frame) and fetches
nothing, so it allows neither.

The editors' preview (`kb serve`) adds one script of its own: MkDocs' live
reload writes it into each page as it serves it, with a fresh timestamp in
it, so no hash can name it. The preview gives it a nonce instead (one per
server process, `preview_nonce`; the hook adds it to the served script), so
the preview holds the same policy as the site, plus that one script.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterable

# <script> elements the browser runs: no src, and no type or a JavaScript one.
# (Material's <script id="__config" type="application/json"> is data, which CSP does not govern.)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(markup: str) -> list[str]:
    """The text of every inline script the browser would run in `markup`, in order."""
    scripts = []
    for match in _SCRIPT.finditer(markup):
        attributes, text = match.groups()
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _JAVASCRIPT_TYPES:
            scripts.append(text)
    return scripts


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def preview_nonce() -> str:
    """A fresh nonce for one preview server: unguessable, so content cannot name it."""
    return secrets.token_urlsafe(18)


def content_security_policy(scripts: Iterable[str], offline: bool = False, nonce: str | None = None) -> str:
    """The policy for a page whose inline scripts are `scripts` (their exact texts)."""
    hashes = list(dict.fromkeys(script_hash(text) for text in scripts))
    site = ["'self'", "file:"] if offline else ["'self'"]
    directives = {
        "default-src": site,
        # 'report-sample': a refusal names the start of what was refused (the tests show it).
        "script-src": [*site, *hashes, *([f"'nonce-{nonce}'"] if nonce else []), "'report-sample'"],
        # Material sets styles through the CSSOM only, which CSP allows; no style attribute is needed.
        "style-src": [*site, "'report-sample'"],
        "img-src": [*site, "data:"],  # Material's icons are data: SVGs in its stylesheet
        "font-src": site,
        # Online, the search worker is a same-origin file, and the page fetches the index.
        # Offline there is neither: the shim replaces the worker, and the index is a script.
        "connect-src": ["'none'"] if offline else ["'self'"],
        "worker-src": ["'none'"] if offline else ["'self'"],
        # The shim's frame is an about:blank document, which frame-src does not govern.
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],  # no page submits a form; the home page's search is a link (kb.js)
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def policy_for_markup(markup: str, offline: bool = False, nonce: str | None = None) -> str:
    """The policy for a page whose inline scripts are those in `markup` (what the theme renders)."""
    return content_security_policy(inline_scripts(markup), offline, nonce)


def with_nonce(html: bytes, nonce: str) -> bytes:
    """A page as the preview serves it: the last bare <script> (MkDocs' live reload) carries the nonce."""
    at = html.rfind(b"<script>")
    return html if at == -1 else html[:at] + f'<script nonce="{nonce}">'.encode() + html[at + len(b"<script>"):]
