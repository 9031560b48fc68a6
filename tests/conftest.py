from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def corpus_docs():
    from llmrace import Corpus

    return {d.seed: d for d in Corpus(SEEDS)}
