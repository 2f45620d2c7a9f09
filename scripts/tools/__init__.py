"""Tools for editors and developers, outside the pipeline: the case scaffold, the generated docs,
the benchmark, the worst-input measurement, Lighthouse, a local server and the system check.

They may import any step; no step imports them.
"""
