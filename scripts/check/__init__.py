"""Step 2, check: the content model as data, and the rules that apply it.

fields.py says what every content type has (fields, sections, aliases,
limits); registries.py, documents.py and library.py check the vocabulary and
sources, each file, and the library as a whole, and library.load_library
assembles the records a clean run produces; report.py prints the problems.
Imports only scripts.load.
"""
