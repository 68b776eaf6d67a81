"""RDF: resolve mentions to concepts, build triples with provenance, own the store."""
