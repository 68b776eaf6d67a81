"""vazby: social-inclusion plans as a knowledge graph.

The public entry points are :func:`vazby.pipeline.build_corpus` (files to a graph),
:func:`vazby.loaders.load_path` (a document to records), the questions in
:mod:`vazby.query.queries` and :func:`vazby.query.measures.measure_rows`.
"""

__version__ = "0.1.0"
