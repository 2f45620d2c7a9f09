"""Casebiblioteket's build pipeline: load → validate → render.

The modules are plain Python with no MkDocs imports (except the thin hook in
`mkdocs_hooks.py`), so the site engine can be swapped without touching them.
"""
