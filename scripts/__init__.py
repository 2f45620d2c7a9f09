"""Casebiblioteket's build pipeline, one folder per step: load → check → render → engine.

`kb.py` is the command line in front of it; tools/ holds what editors and
developers run beside it. The steps are plain Python with no MkDocs imports
(except the thin adaptor in `engine/mkdocs_hooks.py`), so the site engine can
be swapped without touching them. Imports run one way only (tests/test_layout.py).
"""
