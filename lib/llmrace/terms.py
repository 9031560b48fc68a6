"""Term statistics over the cleaned seeds: word counts, TF-IDF top terms, term overlap between seeds."""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from .segment import words

_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# Function words and article furniture that carry no topic; kept short and explicit.
STOPWORDS = frozenset(
    "我们 他们 你们 它们 自己 这个 那个 这些 那些 一个 一种 以及 因为 所以 但是 而且 如果 虽然 已经 可以 可能 "
    "进行 没有 什么 还是 就是 不是 这样 这种 之后 之前 目前 今天 现在 其中 以上 通过 对于 由于 成为 需要 表示 "
    "认为 同时 还有 更多 非常 方面 方式 这是 也是 都是 来说 来看 一些 只有 甚至 其实 不过 或者 以及 之间 过去 "
    "未来 当时 此外 除了 一样 一直 一场 一次 开始 这一 并且 如何 为了 包括".split()
)


def is_term(w: str, min_len: int = 2) -> bool:
    """A token worth counting as a term: at least `min_len` characters, has a letter or Han, not a stop word."""
    return len(w) >= min_len and bool(_WORDLIKE.search(w)) and w not in STOPWORDS and not w.isdigit()


def word_count(text: str) -> int:
    """Number of word tokens (letters or Han) in text, by the domain-aware segmentation."""
    return sum(1 for w in words(text) if _WORDLIKE.search(w))


def doc_terms(text: str, min_len: int = 2) -> list[str]:
    """Terms of a text in order (see is_term)."""
    return [w for w in words(text) if is_term(w, min_len)]


def tfidf_top_terms(texts: dict[str, str], n: int = 12, min_len: int = 2) -> pd.DataFrame:
    """Top-n TF-IDF terms per seed: columns seed, rank, term, count, tfidf (ties broken by term)."""
    ids = list(texts)
    tokens = {i: doc_terms(texts[i], min_len) for i in ids}
    vec = TfidfVectorizer(analyzer=lambda i: tokens[i], sublinear_tf=True)
    m = vec.fit_transform(ids)
    vocab = vec.get_feature_names_out()
    rows = []
    for r, i in enumerate(ids):
        counts = Counter(tokens[i])
        row = m.getrow(r).toarray().ravel()
        order = sorted(range(len(vocab)), key=lambda k: (-round(row[k], 12), vocab[k]))[:n]
        for rank, k in enumerate(order, start=1):
            rows.append(dict(seed=i, rank=rank, term=vocab[k], count=counts[vocab[k]], tfidf=round(float(row[k]), 4)))
    return pd.DataFrame(rows)


def term_overlap(texts: dict[str, str], top: int = 100, min_len: int = 2) -> pd.DataFrame:
    """Jaccard overlap of each pair of seeds' `top` most frequent terms (a square DataFrame, 1.0 on the diagonal)."""
    sets = {i: {w for w, _ in sorted(Counter(doc_terms(t, min_len)).items(), key=lambda x: (-x[1], x[0]))[:top]}
            for i, t in texts.items()}
    ids = list(texts)
    data = [[len(sets[a] & sets[b]) / len(sets[a] | sets[b]) if sets[a] | sets[b] else 0.0 for b in ids] for a in ids]
    return pd.DataFrame(data, index=ids, columns=ids).round(3)


def tfidf_similarity(texts: dict[str, str], min_len: int = 2) -> pd.DataFrame:
    """Cosine similarity of the seeds' TF-IDF vectors (square DataFrame)."""
    ids = list(texts)
    tokens = {i: doc_terms(texts[i], min_len) for i in ids}
    m = TfidfVectorizer(analyzer=lambda i: tokens[i], sublinear_tf=True).fit_transform(ids)
    return pd.DataFrame(cosine_similarity(m), index=ids, columns=ids).round(3)
