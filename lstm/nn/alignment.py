r"""Alignment error rate: how well a soft attention matrix agrees with a true word alignment.

Och & Ney (2003), "A Systematic Comparison of Various Statistical Alignment Models"
(Computational Linguistics 29(1)), score a predicted alignment :math:`A` (a set of links
between target and source positions) against a reference with *sure* links :math:`S`
and *possible* links :math:`P \supseteq S`:

.. math::

    \mathrm{AER}(A; S, P) = 1 - \frac{|A \cap S| + |A \cap P|}{|A| + |S|}.

With sure links only (:math:`S = P`, as for the synthetic language pair of
:mod:`lstm.tasks.translation`, whose alignment is exact) this is one minus the F1
score of :math:`A` against :math:`S`: 0 for :math:`A = S`, 1 when they share no link.
Over a corpus the counts are summed over the sentences before dividing (the sets are
unions over the corpus), so long sentences weigh more than short ones.

**Hard alignments from attention.** An attention matrix (target words x source words,
row :math:`i` the weights :math:`\alpha_{ij}` with which target word :math:`i` was
written; see :meth:`lstm.nn.rnnsearch.RNNsearch.translate_with_attention`) gives one link
per target word, to its most attended source word, :math:`\arg\max_j \alpha_{ij}` (ties
to the first such word). That is one common choice (Bahdanau et al. 2015 show such
matrices without scoring them); it cannot leave a target word unaligned, nor link one
target word to two source words.

**Words without a partner.** In :class:`lstm.tasks.translation.Pair`, ``alignment`` holds
(source, target) position pairs, each word in at most one link: the source's indefinite
determiners (``a``, ``some``) have no target word, and the target's object marker
(``na``) has no source word. Unaligned source words simply appear in no link. An
unaligned target word still gets its argmax link in :math:`A`, which is not in
:math:`P`: by default it counts against the prediction, as the formula counts any link
outside :math:`P`, so a sentence with :math:`k` such words among :math:`T`, every other
word in one link, cannot score below :math:`k / (2T - k)`. With ``skip_unaligned_targets=True``
their rows are left out of :math:`A`, which scores only where the reference says
something (and uses the reference to choose the rows, so say which one a figure shows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import torch
from torch import Tensor

from lstm.checks import check_float_tensor

#: A link between target position ``t`` and source position ``s`` (0-based): ``(t, s)``.
Link = tuple[int, int]


def _check_links(links: object, name: str) -> frozenset[Link]:
    try:
        links = frozenset(links)
    except TypeError:
        raise TypeError(
            f"expected {name} as a set of (target, source) links, got {type(links).__name__}"
        ) from None
    for link in links:
        if not (
            isinstance(link, tuple)
            and len(link) == 2
            and all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in link)
        ):
            raise ValueError(
                f"expected {name} as (target, source) pairs of positions (ints >= 0), got {link!r}"
            )
    return links


def pair_links(pair: Any) -> frozenset[Link]:
    """The true alignment of a :class:`lstm.tasks.translation.Pair` as (target, source) links.

    ``Pair.alignment`` lists (source, target) positions; this turns each round and checks
    that it points inside the sentences. Words in no link (``a``/``some`` on the source
    side, ``na`` on the target side) are in no link here either.
    """
    try:
        source, target, alignment = pair.source, pair.target, pair.alignment
    except AttributeError:
        raise TypeError(
            "expected a translation Pair (with source, target and alignment), "
            f"got {type(pair).__name__}"
        ) from None
    links = _check_links(((t, s) for s, t in alignment), "the pair's alignment")
    for t, s in links:
        if t >= len(target) or s >= len(source):
            raise ValueError(
                f"expected the pair's alignment inside its {len(source)} source and "
                f"{len(target)} target words, got the link (source {s}, target {t})"
            )
    return links


def hard_alignment(attention: Tensor) -> frozenset[Link]:
    """One link per target word (row) to its most attended source word (column).

    ``attention`` has shape (target words, source words); ties go to the first column.
    """
    check_float_tensor(attention, "attention")
    if attention.dim() != 2 or attention.shape[1] == 0:
        raise ValueError(
            "expected attention of shape (target words, source words) with at least one "
            f"source word, got {tuple(attention.shape)}"
        )
    return frozenset(enumerate(attention.argmax(dim=1).tolist()))


def diagonal_alignment(target_length: int, source_length: int) -> Tensor:
    r"""The attention matrix (target words x source words) of a reader who knows only the
    two lengths: target word :math:`i` looks wholly at source word
    :math:`\operatorname{round}(i (S - 1) / (T - 1))`, the diagonal. The baseline an
    attention model's alignment must beat to show that it found where words go."""
    for name, value in (("target_length", target_length), ("source_length", source_length)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"expected {name} to be a positive int, got {value!r}")
    matrix = torch.zeros(target_length, source_length)
    scale = (source_length - 1) / max(target_length - 1, 1)
    for i in range(target_length):
        matrix[i, round(i * scale)] = 1.0
    return matrix


def _counts(
    predicted: frozenset[Link], sure: frozenset[Link], possible: frozenset[Link]
) -> tuple[int, int, int, int]:
    """|A ∩ S|, |A ∩ P|, |A|, |S|."""
    return len(predicted & sure), len(predicted & possible), len(predicted), len(sure)


def _rate(counts: Iterable[tuple[int, int, int, int]]) -> float:
    counts = list(counts)
    a_s, a_p, a, s = (sum(c[k] for c in counts) for k in range(4))
    if a + s == 0:
        raise ValueError("expected at least one link, predicted or sure, to compute an AER")
    return 1.0 - (a_s + a_p) / (a + s)


def alignment_error_rate(
    predicted: Iterable[Link], sure: Iterable[Link], possible: Iterable[Link] | None = None
) -> float:
    """Och & Ney's AER of the ``predicted`` links against ``sure`` (and ``possible``) ones.

    Links are (target, source) pairs; ``possible`` defaults to ``sure`` (sure links only)
    and must contain every sure link.
    """
    predicted = _check_links(predicted, "predicted")
    sure = _check_links(sure, "sure")
    possible = sure if possible is None else _check_links(possible, "possible")
    if not sure <= possible:
        raise ValueError(
            f"expected every sure link to be possible too, got {sorted(sure - possible)} "
            "sure but not possible"
        )
    return _rate([_counts(predicted, sure, possible)])


def attention_aer(
    attentions: Sequence[Tensor], pairs: Sequence[Any], *, skip_unaligned_targets: bool = False
) -> float:
    """The corpus AER of the argmax alignments of ``attentions`` against ``pairs``.

    ``attentions[k]`` is the attention matrix with which the model wrote ``pairs[k]``'s
    target given its source (teacher-forced, or its own translation when that equals the
    reference), of shape (len(target), len(source)), the source in its own order. Counts
    are summed over the pairs; see the module docstring for ``skip_unaligned_targets``.
    """
    if len(attentions) != len(pairs):
        raise ValueError(
            f"expected one attention matrix per pair, got {len(attentions)} matrices "
            f"for {len(pairs)} pairs"
        )
    counts = []
    for k, (attention, pair) in enumerate(zip(attentions, pairs, strict=True)):
        sure = pair_links(pair)
        predicted = hard_alignment(attention)
        expected = (len(pair.target), len(pair.source))
        if tuple(attention.shape) != expected:
            raise ValueError(
                f"expected attention {k} of shape (target words, source words) = {expected} "
                f"to match its pair, got {tuple(attention.shape)}"
            )
        if skip_unaligned_targets:
            aligned = {t for t, _ in sure}
            predicted = frozenset(link for link in predicted if link[0] in aligned)
        counts.append(_counts(predicted, sure, sure))
    return _rate(counts)
