"""Step 4, engine: the adaptor that hands the rendered files to a site engine, and the safe build around it.

One adaptor per engine (mkdocs_hooks.py for MkDocs, zensical.py for Zensical), each thin: the work is done by
scripts.check and scripts.render. build.py builds into a staging folder and
swaps it in only when the build succeeded.
"""
