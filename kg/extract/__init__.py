"""Extract: takes an `Article` (from kg.read), gives its `ArticleFacts` (people, meetings, statements, with spans).

`facts.extract` runs the steps in order over a `document.Document`: `people` (with `names`,
`mentions`, `gazetteer`, `lexicon`), then `meetings`, then `quotes` (with `quotemarks`, `speakers`).
Facts stay per article; merging across articles is kg.resolve's job.

May import: the base modules (kg.errors, kg.model, kg.normalize, kg.ids, ...) and kg.read.
"""
