import pytest

from paths import SEEDS


@pytest.fixture(scope="session")
def corpus_docs():
    from llmrace import Corpus

    return {d.seed: d for d in Corpus(SEEDS)}


_REPORTS: list[tuple[str, str]] = []


@pytest.fixture
def report():
    """report(title, text): show text in pytest's terminal summary (e.g. measured accuracy), even with -q."""
    return lambda title, text: _REPORTS.append((title, text))


def pytest_terminal_summary(terminalreporter):
    for title, text in _REPORTS:
        terminalreporter.write_sep("-", title)
        terminalreporter.write_line(text)
