"""A framewise phoneme corpus as tensors: what the synthetic corpus and TIMIT both return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from lstm.data.features import N_FEATURES, Normaliser
from lstm.data.phonemes import PHONEMES

SPLITS = ("train", "validation", "test")
PAD_LABEL = -100  # torch.nn.functional.cross_entropy's default ignore_index


class Split(NamedTuple):
    """One split as padded tensors: what a training loop consumes."""

    features: Tensor  # (utterances, max_frames, 26) float32, normalised, zero-padded
    labels: Tensor  # (utterances, max_frames) int64 class indices, PAD_LABEL past the end
    lengths: Tensor  # (utterances,) int64 frames per utterance
    speakers: tuple[str, ...]  # the speaker of each utterance
    texts: tuple[str, ...]  # what each utterance says (a sentence, or TIMIT's file id)


@dataclass
class Corpus:
    """Three splits, the phoneme inventory and the training-set normaliser."""

    train: Split
    validation: Split
    test: Split
    normaliser: Normaliser
    phonemes: tuple[str, ...] = PHONEMES
    source: dict = field(default_factory=dict)  # where it came from: config, checksum, path

    def split(self, name: str) -> Split:
        if name not in SPLITS:
            raise ValueError(f"expected a split from {SPLITS}, got {name!r}")
        return getattr(self, name)

    def class_counts(self, name: str) -> np.ndarray:
        """Frames per phoneme class in split ``name`` (padding excluded)."""
        labels = self.split(name).labels
        return np.bincount(labels[labels != PAD_LABEL].numpy(), minlength=len(self.phonemes))


def _pad(pieces: Sequence[np.ndarray], fill: float, dtype: torch.dtype) -> Tensor:
    longest = max((len(piece) for piece in pieces), default=0)
    tail = pieces[0].shape[1:] if pieces else ()
    out = torch.full((len(pieces), longest, *tail), fill, dtype=dtype)
    for row, piece in enumerate(pieces):
        out[row, : len(piece)] = torch.as_tensor(piece, dtype=dtype)
    return out


def assemble(
    features: Sequence[np.ndarray],
    labels: Sequence[np.ndarray],
    splits: Sequence[str],
    speakers: Sequence[str],
    texts: Sequence[str],
    source: dict,
) -> Corpus:
    """Normalise with the training split's statistics and pad each split into tensors."""
    for name, values in (
        ("labels", labels),
        ("splits", splits),
        ("speakers", speakers),
        ("texts", texts),
    ):
        if len(values) != len(features):
            raise ValueError(
                f"expected one of {name} per utterance ({len(features)}), got {len(values)}"
            )
    unknown = sorted(set(splits) - set(SPLITS))
    if unknown:
        raise ValueError(f"expected splits from {SPLITS}, got {unknown}")
    training = [f for f, s in zip(features, splits, strict=True) if s == "train"]
    if not training:
        raise ValueError("expected at least one training utterance to normalise with")
    normaliser = Normaliser.fit(np.concatenate(training))
    built = {}
    for split in SPLITS:
        rows = [i for i, s in enumerate(splits) if s == split]
        built[split] = Split(
            _pad([normaliser(features[i]) for i in rows], 0.0, torch.float32),
            _pad([np.asarray(labels[i], np.int64) for i in rows], PAD_LABEL, torch.int64),
            torch.as_tensor([len(labels[i]) for i in rows], dtype=torch.int64),
            tuple(speakers[i] for i in rows),
            tuple(texts[i] for i in rows),
        )
        if rows and built[split].features.shape[2] != N_FEATURES:
            raise ValueError(
                f"expected {N_FEATURES} features per frame, got {built[split].features.shape[2]}"
            )
    return Corpus(**built, normaliser=normaliser, source=source)
