"""The extraction pipeline for one article: clean, sentences, language, mentions."""
from __future__ import annotations

from functools import lru_cache

from graph.kb import KnowledgeBase, load_knowledge_base
from graph.model import Article, Extraction
from graph.nlp.clean import clean
from graph.nlp.gazetteer import Gazetteer
from graph.nlp.language import detect_language
from graph.nlp.mentions import find_mentions
from graph.nlp.sentences import split_sentences
from graph.resources import languages, lexicon_path, read_lexicon_lines


@lru_cache(maxsize=4)
def gazetteer_for(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb.entities.values(), blockers=not_entity_phrases())


@lru_cache(maxsize=1)
def not_entity_phrases() -> tuple[str, ...]:
    """Phrases of every language that contain a label but name no entity ("bahasa Inggris")."""
    return tuple(phrase for lang in languages()
                 for phrase in read_lexicon_lines(lexicon_path(lang, "not_entities.txt")))


def extract_article(article: Article, kb: KnowledgeBase | None = None) -> Extraction:
    """Everything poros reads from one article. Pure: no I/O."""
    kb = kb or load_knowledge_base()
    spans = clean(article.text)
    sentences = split_sentences(article.text, spans)
    lang = article.lang or detect_language(" ".join(s.text for s in sentences))
    mentions = find_mentions(article.text, sentences, gazetteer_for(kb), kb)
    entities = tuple(kb.entities[iri] for iri in sorted({m.entity for m in mentions}))
    return Extraction(article=article, lang=lang, sentences=tuple(sentences),
                      mentions=tuple(mentions), entities=entities)
