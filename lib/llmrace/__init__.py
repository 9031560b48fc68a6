"""llmrace: shared helpers for the research book on the 2023 large-model race in China."""
from .corpus import Corpus, Document, Sentence, anchor, build_document, load_document, read_catalog
from .load import SeedError, decode_bytes, read_seed

__all__ = ["Corpus", "Document", "Sentence", "SeedError", "anchor", "build_document", "decode_bytes",
           "load_document", "read_catalog", "read_seed"]
