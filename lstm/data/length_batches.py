"""Sentence pairs in batches whose sources all have one length, for training and translating.

A batch of one source length needs no encoder padding (and no packed sequences, which are
many times slower on the CPU), so an encoder's final state is exactly its state after each
sentence's last word; targets of one batch are padded at their end, which the losses mask
and which cannot change earlier steps. The encoder-decoders of :mod:`lstm.nn.seq2seq` and
:mod:`lstm.nn.rnnsearch` both train and translate this way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import torch

from lstm.data.parallel import Batch, Vocabulary, batch


def length_batches(
    pairs: Sequence,
    source_vocabulary: Vocabulary,
    target_vocabulary: Vocabulary,
    *,
    batch_size: int,
    reverse_source: bool,
    seed: int | None = None,
) -> list[Batch]:
    """The pairs in batches whose sources all have one length (no encoder padding).

    With ``seed`` the pairs of each length and then the batches are shuffled by a
    ``torch.Generator`` seeded with it; without, the order is by length, then as given.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"expected batch_size to be a positive int, got {batch_size!r}")
    if not pairs:
        raise ValueError("expected at least one sentence pair")
    by_length: dict[int, list] = defaultdict(list)
    for pair in pairs:
        by_length[len(pair[0])].append(pair)
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    groups = []
    for length in sorted(by_length):
        members = by_length[length]
        if generator is not None:
            members = [members[i] for i in torch.randperm(len(members), generator=generator)]
        groups += [members[i : i + batch_size] for i in range(0, len(members), batch_size)]
    if generator is not None:
        groups = [groups[i] for i in torch.randperm(len(groups), generator=generator)]
    return [
        batch(group, source_vocabulary, target_vocabulary, reverse_source=reverse_source)
        for group in groups
    ]


def epoch_batches(
    pairs: Sequence,
    source_vocabulary: Vocabulary,
    target_vocabulary: Vocabulary,
    *,
    batch_size: int,
    reverse_source: bool,
    seed: int,
) -> Callable[[int], Batch]:
    """``batch_fn`` for :func:`lstm.nn.train.fit`: the pairs in one-length batches,
    shuffled afresh each epoch (epoch ``e`` by ``seed * 1000 + e``), one batch a step."""

    def epoch(number: int) -> list[Batch]:
        return length_batches(
            pairs,
            source_vocabulary,
            target_vocabulary,
            batch_size=batch_size,
            reverse_source=reverse_source,
            seed=seed * 1000 + number,
        )

    current = {0: epoch(0)}
    per_epoch = len(current[0])

    def batch_at(step: int) -> Batch:
        number, index = divmod(step, per_epoch)
        if number not in current:
            current.clear()
            current[number] = epoch(number)
        return current[number][index]

    return batch_at


def translate_pairs(
    model: torch.nn.Module,
    pairs: Sequence,
    source_vocabulary: Vocabulary,
    target_vocabulary: Vocabulary,
    *,
    reverse_source: bool,
    max_extra_words: int = 10,
    beam_size: int = 1,
    batch_size: int = 64,
) -> list[str]:
    """``model``'s translations of the sources of ``pairs``, in their order, as strings.

    ``model.translate(source, None, max_length=..., beam_size=...)`` decodes each batch of
    one source length, up to ``max_extra_words`` words longer than its source.
    """
    index = {id(pair): i for i, pair in enumerate(pairs)}
    hypotheses: list[str] = [""] * len(pairs)
    by_length: dict[int, list] = defaultdict(list)
    for pair in pairs:
        by_length[len(pair[0])].append(pair)
    for length in sorted(by_length):
        members = by_length[length]
        for start in range(0, len(members), batch_size):
            group = members[start : start + batch_size]
            b = batch(group, source_vocabulary, target_vocabulary, reverse_source=reverse_source)
            out = model.translate(
                b.source, None, max_length=length + max_extra_words, beam_size=beam_size
            )
            for pair, tokens in zip(group, out.tokens, strict=True):
                hypotheses[index[id(pair)]] = " ".join(target_vocabulary.decode(tokens))
    return hypotheses
