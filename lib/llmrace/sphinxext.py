"""Sphinx extension for the book: make the Chinese search index use the package's jieba user dictionary.

Sphinx's zh search loads `html_search_options['dict']` only if the path exists from the build's working
directory; this resolves it to the packaged file, so searching 文心一言 or 英伟达 finds the pages.
"""
from __future__ import annotations

from pathlib import Path

from .segment import userdict_path


def _resolve_dict(app, config) -> None:
    options = dict(config.html_search_options or {})
    given = options.get("dict")
    candidates = [Path(app.confdir) / given] if given else []
    candidates.append(userdict_path())
    for path in candidates:
        if path.is_file():
            options["dict"] = str(path.resolve())
            break
    config.html_search_options = options


def setup(app):
    app.connect("config-inited", _resolve_dict, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
