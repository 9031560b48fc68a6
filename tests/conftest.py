import pytest

from paths import SEEDS


@pytest.fixture(scope="session")
def corpus_docs():
    from llmrace import Corpus

    return {d.seed: d for d in Corpus(SEEDS)}
