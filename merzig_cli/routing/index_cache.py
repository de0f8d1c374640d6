"""The routing index kept between runs: which words each Steckbrief holds, and their stems.

Cutting 40 Steckbriefe into weighted words and finding every word's stems is
most of the work of ``merzig route`` after the start of Python (about 20 ms);
it changes only when a Steckbrief, the taxonomy or the word rules change. So
the result is kept in ``.merzig-cache/route-index-v2.json``, keyed by a hash
of exactly what it is made from: every text that goes in with its weight, the
taxonomy's keywords and labels, and the source of the modules that cut words
(:func:`_rules`: this module, the word rules and word lists, the Python
and Unicode versions). Anyone can compute that hash from a Steckbrief, so
the index also counts only for the files as they are on this machine, by
the one rule of every cache (:func:`merzig_cli.workspace.cache.unchanged`):
an index shipped with a copy of the workspace is never believed. A cache
that does not parse as written, or holds a weight no field has, is ignored
and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from .index import Vocabulary, tokens_of, words

CACHE_NAME = "route-index-v2.json"
Texts = list[tuple[str | None, float]]


@cache
def _rules() -> str | None:
    """A hash of the code that decides the words, stems and weights; None if unreadable."""
    import sys
    import unicodedata

    from ..core import text
    from . import index, stopwords

    digest = hashlib.sha256(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode())
    try:
        for module in (text, index, stopwords, sys.modules[__name__]):
            digest.update(Path(str(module.__file__)).read_bytes())
    except OSError:  # run without its source files: no key can be trusted, so no cache
        return None
    return digest.hexdigest()


def word_weights(texts: Texts) -> dict[str, float]:
    """Every word of the texts with the highest weight it has in any of them."""
    weighted: dict[str, float] = {}
    for text, weight in texts:
        for w in tokens_of(text):
            weighted[w] = max(weighted.get(w, 0.0), weight)
    return weighted


def build(
    actors: dict[str, Texts], topic_texts: list[str]
) -> tuple[dict[str, dict[str, float]], Vocabulary]:
    """The word weights of every actor and the vocabulary of them all and the taxonomy."""
    fields = {actor: word_weights(texts) for actor, texts in actors.items()}
    vocab = Vocabulary()
    for weights in fields.values():
        vocab.add(weights)
    for text in topic_texts:
        vocab.add(words(text))
    return fields, vocab


def index_parts(
    root: Path | None, actors: dict[str, Texts], topic_texts: list[str]
) -> tuple[dict[str, dict[str, float]], Vocabulary]:
    """Like :func:`build`, from the workspace's cache when nothing it is made from changed."""
    rules = _rules()
    if root is None or rules is None:
        return build(actors, topic_texts)
    from ..workspace.cache import actor_sources, read_cache, sources, unchanged, write_cache

    source = json.dumps([rules, actors, topic_texts], ensure_ascii=False)
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    paths = actor_sources(root)
    found = read_cache(root, CACHE_NAME)
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        if found["key"] == key and unchanged(found["sources"], paths):
            weights = {weight for texts in actors.values() for _, weight in texts}
            fields = _fields(found["fields"], set(actors), weights)
            return fields, _vocabulary(found["vocabulary"])
    files = sources(paths)
    fields, vocab = build(actors, topic_texts)
    if files is not None:
        plain = {"by_initial": vocab._by_initial, "by_stem": vocab._by_stem}
        payload = {"key": key, "sources": files, "fields": fields, "vocabulary": plain}
        write_cache(root, CACHE_NAME, json.dumps(payload))
    return fields, vocab


def _fields(data: Any, actors: set[str], weights: set[float]) -> dict[str, dict[str, float]]:
    """The stored word weights, each one of the weights the texts came with."""
    if not isinstance(data, dict) or set(data) != actors:
        raise ValueError("not the actors of the key")
    for given in data.values():
        if not isinstance(given, dict):
            raise ValueError("weights")
        # Types first: an int equal to a weight (or too large for a float) is no weight.
        if not set(map(type, given)) <= {str} or not set(map(type, given.values())) <= {float}:
            raise ValueError("weight")
        if not set(given.values()) <= weights:
            raise ValueError("weight")
    return data


def _lists_of_words(data: Any) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not all(
        type(k) is str and k and type(v) is list for k, v in data.items()
    ):
        raise ValueError("not lists of words")
    every = list(chain.from_iterable(data.values()))
    if not set(map(type, every)) <= {str} or not all(every):
        raise ValueError("not lists of words")
    return data


def _vocabulary(data: Any) -> Vocabulary:
    """The vocabulary as stored, words by first letter and by stem: nothing is computed again."""
    by_initial = _lists_of_words(data["by_initial"])
    by_stem = _lists_of_words(data["by_stem"])
    known = set(chain.from_iterable(by_initial.values()))
    if any(group and (len(k) != 1 or not all(w[0] == k for w in group))
           for k, group in by_initial.items()):  # fmt: skip
        raise ValueError("a word under another letter")
    return Vocabulary(words=known, _by_initial=by_initial, _by_stem=by_stem)
