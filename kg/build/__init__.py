"""Build: takes article files and folders, gives a `BuildResult` (the resolution and its quads, streamed).

`pipeline` reads, extracts and resolves; `emission` makes the article graphs in worker processes;
`cache` keeps extracted facts and emitted graphs between builds; `parallel` maps over forked workers.

May import: the base modules, kg.read, kg.extract, kg.resolve, kg.rdf (never kg.validate or kg.store).
"""
