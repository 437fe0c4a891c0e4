"""Read: takes an article file, gives an `Article` (decoded text, title, publication date, body paragraphs).

`article` decodes the bytes and turns HTML into text, `clean` drops page furniture, `dates` finds
absolute and relative dates, `text` splits sentences with their offsets (and holds the small text
helpers the extractors share).

May import: the base modules only (kg.errors, kg.model, kg.normalize, ...).
"""
