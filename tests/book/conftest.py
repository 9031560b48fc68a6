import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make html` (make test builds it before these tests)")
    return HTML


@pytest.fixture(scope="session")
def search_index(built):
    text = (built / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])
