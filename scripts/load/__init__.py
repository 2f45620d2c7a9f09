"""Step 1, load: content files and settings become frozen records.

Reads files (never following links, at most 1 MB each), splits front matter
from the body, parses YAML keeping the line of every key, and holds what the
later steps share: the records (model.py), the address of every page
(paths.py), text helpers, the review interval's arithmetic and the reflection
box's marker. Nothing here judges the content, and nothing here imports the
other steps.
"""
