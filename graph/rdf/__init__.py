"""RDF: namespaces, IRI minting, and turning extractions into quads."""
