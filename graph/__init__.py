"""poros: a bilateral-relations knowledge graph from news articles.

For notebooks and scripts, `Poros` mirrors the CLI (see graph/api.py)::

    from graph import Poros

    with Poros("poros-data") as db:
        db.ingest("articles/")
        rows = db.query("SELECT ?t (COUNT(*) AS ?n) WHERE { ?e poros:ploverType ?t } GROUP BY ?t")

The pipeline's parts, for finer use::

    from graph import open_store, read_paths, extract_article, load_knowledge_base

    kb = load_knowledge_base()
    with open_store("poros-data") as store:
        for item in read_paths(["articles/"]):
            ...
"""
from __future__ import annotations

__version__ = "0.1.0"

from graph.api import Poros, ViewPage
from graph.errors import PorosError
from graph.kb import KnowledgeBase, load_knowledge_base
from graph.model import Article, Extraction, Mention, Problem, Sentence
from graph.pipeline import extract_article
from graph.read import read_paths
from graph.store import Store, open_store

__all__ = [
    "Article", "Extraction", "KnowledgeBase", "Mention", "Poros", "PorosError", "Problem", "Sentence", "ViewPage",
    "Store", "extract_article", "load_knowledge_base", "open_store", "read_paths", "__version__",
]
