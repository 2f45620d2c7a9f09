"""Step 3, render: a validated Library becomes pages, printed documents, PDFs and the search index.

All escaping and sanitizing happens in escape.py and body.py. Imports only
scripts.load (a library that reaches this step has been checked), never
scripts.check, and knows no site engine.
"""
