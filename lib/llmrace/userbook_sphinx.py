"""Sphinx extension for large user books: make the Chinese search indexer linear in the number of pages.

sphinx.search.zh.SearchChinese keeps every Latin word of every page in a class-level *list*
(`latin_terms`) and tests `word in latin_terms` for every word it stems, so indexing grows with the square
of the book's size (half of a 50-article build's time). This swaps the list for one whose membership test
uses a set: the same answers, the same search index, in linear time.
"""
from __future__ import annotations


class TermList(list):
    """A list with O(1) `in` (kept in step on append/extend; other mutations are not used by Sphinx)."""

    def __init__(self, items=()):
        super().__init__(items)
        self._members = set(self)

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)

    def extend(self, items) -> None:
        items = list(items)
        super().extend(items)
        self._members.update(items)

    def __contains__(self, item) -> bool:
        return item in self._members


def _patch(app) -> None:
    try:
        from sphinx.search.zh import SearchChinese
    except ImportError:
        return
    if not isinstance(SearchChinese.latin_terms, TermList):
        SearchChinese.latin_terms = TermList(SearchChinese.latin_terms)


def setup(app):
    app.connect("builder-inited", _patch)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
