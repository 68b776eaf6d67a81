"""Questions over the graph: one module per question, plus named SPARQL."""
