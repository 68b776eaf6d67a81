"""vazby: social-inclusion plans as a knowledge graph.

The public entry points are :func:`vazby.loaders.load_path` (documents to records),
:func:`vazby.rdf.build.build_graph` (records to RDF) and the query functions in
:mod:`vazby.query.queries`.
"""

__version__ = "0.1.0"
