r"""Measured properties of a text, to set samples of a character model beside real text.

Karpathy, Johnson & Fei-Fei (2015, *Visualizing and Understanding Recurrent Networks*) and
Karpathy's char-rnn describe samples in words: at a low temperature the text loops on the
same phrases, at a high one it makes up words and breaks its lines anywhere. The
functions here turn those descriptions into numbers, computed the same way on samples at
any temperature and on held-out real text:

- :func:`known_word_share`: how many of the sample's words are real words, that is, in
  the vocabulary of the training text (:func:`vocabulary`);
- :func:`repeated_ngram_share`: how much the sample repeats itself;
- :func:`line_length_stats`: how its lines are shaped.

A *word* is a run of letters, possibly with apostrophes inside it, lower-cased: the
regular expression ``[^\W\d_]+(?:['’][^\W\d_]+)*``, where ``[^\W\d_]`` is one Unicode
letter. So ``"Thou'rt"`` is the word ``thou'rt``, while ``"'tis"`` is ``tis`` (an apostrophe
at either end is not part of a word), ``"o’er"`` (a typographic apostrophe) is ``o'er``,
and ``"well-a-day"`` is three words. Digits and underscores are not letters.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Collection

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected the text as a str, got {type(text).__name__} {text!r:.40}")
    return text


def words(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased, typographic apostrophes (’) written as
    ``'``; a word as the module docstring defines it."""
    return [word.lower().replace("’", "'") for word in WORD.findall(_check_text(text))]


def vocabulary(text: str) -> frozenset[str]:
    """The distinct words of ``text`` (:func:`words`)."""
    return frozenset(words(text))


def known_word_share(text: str, vocabulary: Collection[str]) -> float:
    r"""The share of the words of ``text`` that are in ``vocabulary``, counting every
    occurrence: :math:`|\{i : w_i \in V\}| / |w|` for the words :math:`w` of ``text``.
    ``vocabulary`` is a collection of words (typically :func:`vocabulary` of the training
    text), compared lower-cased. ``nan`` if ``text`` has no words."""
    text = _check_text(text)
    if isinstance(vocabulary, str) or not isinstance(vocabulary, Collection):
        raise TypeError(
            "expected the vocabulary as a collection of words (a set, a list), "
            f"got {type(vocabulary).__name__} {vocabulary!r:.40}"
        )
    strange = [entry for entry in vocabulary if not isinstance(entry, str)]
    if strange:
        raise TypeError(f"expected the vocabulary's words as str, got {strange[0]!r:.40}")
    known = {entry.lower().replace("’", "'") for entry in vocabulary}
    found = words(text)
    if not found:
        return math.nan
    return sum(word in known for word in found) / len(found)


def repeated_ngram_share(text: str, n: int) -> float:
    r"""How much ``text`` repeats itself: :math:`1 - D / T` over its :math:`T = L - n + 1`
    character n-grams at every position (overlapping), :math:`D` of them distinct, for a
    text of :math:`L` characters. 0 when no n-gram occurs twice; close to 1 for a text that
    loops (``"ab" * 50`` with ``n=2``: :math:`1 - 2/99`). ``nan`` for a text shorter than
    ``n``, which has no n-gram."""
    text = _check_text(text)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"expected n as an int of at least 1, got {n!r}")
    total = len(text) - n + 1
    if total < 1:
        return math.nan
    return 1 - len({text[i : i + n] for i in range(total)}) / total


def line_lengths(text: str) -> list[int]:
    """The length in characters of each line of ``text`` that has any (whitespace counts),
    in order; lines as :meth:`str.splitlines` splits them, without their line ends."""
    return [len(line) for line in _check_text(text).splitlines() if line]


def line_length_stats(text: str) -> dict[str, float]:
    """Of :func:`line_lengths`: ``{"lines": count, "mean": ..., "median": ..., "std": ...}``,
    ``std`` the population standard deviation (divided by the count, not the count less
    one). With no non-empty line, ``lines`` is 0 and the others are ``nan``."""
    lengths = line_lengths(text)
    if not lengths:
        return {"lines": 0, "mean": math.nan, "median": math.nan, "std": math.nan}
    return {
        "lines": len(lengths),
        "mean": statistics.fmean(lengths),
        "median": float(statistics.median(lengths)),
        "std": statistics.pstdev(lengths),
    }
