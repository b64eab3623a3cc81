"""Parallel text: reading sentence pairs, a vocabulary, and padded batches for an encoder-decoder.

Real parallel corpora come as tab-separated pairs (``source<TAB>target``, one pair per
line, UTF-8) or as two line-aligned files. :func:`read_tsv` and :func:`read_aligned` read
either into a list of (source words, target words) and name the file and line of anything
malformed. The sentence pairs most people download, Tatoeba's (also as the Anki files of
manythings.org), have a third column, the attribution that their licence asks to keep::

    Hi.<TAB>Salut !<TAB>CC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM) & ...

``read_tsv(path, columns=(0, 1))`` reads such a file, or any two columns of a wider one.

:class:`Vocabulary` maps words to ids with the special tokens PAD, BOS, EOS, UNK (ids 0
to 3 on every side), and :func:`batch` turns pairs into padded tensors — reversing
the source if asked: Sutskever et al. (2014) reverse the *source* words and keep the target
in order, which puts the first source words next to the first target words they predict.
Reversal lives here, in the data pipeline, not in the model.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import torch
from torch import Tensor

from lstm.data.textfiles import TextFileError, read_text

PAD, BOS, EOS, UNK = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = (PAD, BOS, EOS, UNK)
PAD_ID, BOS_ID, EOS_ID, UNK_ID = range(4)

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)

Words = tuple[str, ...]


class ParallelTextError(TextFileError):
    """A parallel corpus that cannot be read; the message names the file and line."""


def tokenize(text: str, *, lowercase: bool = False) -> Words:
    """Split a sentence into words and punctuation marks (NFC-normalised, Unicode-aware).

    Words keep inner hyphens and apostrophes (``don't``, ``state-of-the-art``); every other
    non-space, non-word character is a token of its own. Our synthetic corpus has only
    words separated by spaces, which this returns unchanged.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text to be a str, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text)
    if lowercase:
        text = text.lower()
    return tuple(_TOKEN.findall(text))


def _lines(path: Path, what: str) -> list[str]:
    """The lines of a UTF-8 text file, without their line endings; ``what`` says what the
    file should hold, for the error messages."""
    try:
        text = read_text(path, what)
    except TextFileError as error:
        raise ParallelTextError(str(error)) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_tsv(
    path: str | Path, *, lowercase: bool = False, columns: tuple[int, int] | None = None
) -> list[tuple[Words, Words]]:
    """Sentence pairs from a UTF-8 file of tab-separated columns.

    By default every line is ``source<TAB>target``: exactly two columns, so that a stray
    tab inside a sentence is an error rather than a silently shortened sentence. With
    ``columns=(s, t)`` the source is column ``s`` and the target column ``t`` (0-based),
    and further columns, such as Tatoeba's attribution, are ignored; ``columns=(1, 0)``
    reads the pairs the other way round.

    Blank lines are skipped, and counted in the one line on stderr that says what was
    read. A line with too few (or, by default, too many) columns, or
    with an empty sentence, is an error that names the file and line (1-based).
    """
    if columns is not None and not (
        isinstance(columns, tuple)
        and len(columns) == 2
        and all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in columns)
        and columns[0] != columns[1]
    ):
        raise ValueError(
            f"expected columns to be two different column numbers (0-based), got {columns!r}"
        )
    source_column, target_column = columns or (0, 1)
    path = Path(path)
    pairs, blank = [], 0
    for number, line in enumerate(_lines(path, "tab-separated sentence pairs"), start=1):
        if not line.strip():
            blank += 1
            continue
        fields = line.split("\t")
        if columns is None and len(fields) != 2:
            hint = (
                "; to read two columns of a wider file, such as Tatoeba's with its "
                "attribution, pass columns=(0, 1)"
                if len(fields) > 2
                else ""
            )
            raise ParallelTextError(
                f"{path}, line {number}: expected 'source<TAB>target' (one tab), "
                f"found {len(fields) - 1} tabs in {line[:60]!r}{hint}"
            )
        if len(fields) <= max(source_column, target_column):
            raise ParallelTextError(
                f"{path}, line {number}: expected at least "
                f"{max(source_column, target_column) + 1} tab-separated columns (the source "
                f"in column {source_column}, the target in column {target_column}), "
                f"found {len(fields)} in {line[:60]!r}"
            )
        source = tokenize(fields[source_column], lowercase=lowercase)
        target = tokenize(fields[target_column], lowercase=lowercase)
        for side, words in (("source", source), ("target", target)):
            if not words:
                raise ParallelTextError(f"{path}, line {number}: the {side} sentence is empty")
        pairs.append((source, target))
    if not pairs:
        raise ParallelTextError(f"{path}: no sentence pairs")
    _report(path, pairs, blank)
    return pairs


def read_aligned(
    source_path: str | Path, target_path: str | Path, *, lowercase: bool = False
) -> list[tuple[Words, Words]]:
    """Sentence pairs from two line-aligned UTF-8 files (line n of one translates line n of
    the other). Files of different lengths, or a blank line facing a sentence, are errors;
    so is a tab in a line, the mark of a tab-separated file, which :func:`read_tsv` reads."""
    source_path, target_path = Path(source_path), Path(target_path)
    sources = _lines(source_path, "source sentences, one per line")
    targets = _lines(target_path, "target sentences, one per line")
    for path, lines in ((source_path, sources), (target_path, targets)):
        for number, line in enumerate(lines, start=1):
            if "\t" in line:
                raise ParallelTextError(
                    f"{path}, line {number}: expected one sentence per line, found a tab in "
                    f"{line[:60]!r}; a file of tab-separated columns is read with "
                    "read_tsv(path, columns=(source, target))"
                )
    if len(sources) != len(targets):
        raise ParallelTextError(
            f"{source_path} has {len(sources)} lines but {target_path} has {len(targets)}: "
            "the files are not aligned"
        )
    pairs, blank = [], 0
    for number, (source_line, target_line) in enumerate(
        zip(sources, targets, strict=True), start=1
    ):
        source = tokenize(source_line, lowercase=lowercase)
        target = tokenize(target_line, lowercase=lowercase)
        if not source and not target:
            blank += 1
            continue
        for path, words in ((source_path, source), (target_path, target)):
            if not words:
                raise ParallelTextError(
                    f"{path}, line {number}: empty line facing a sentence in the other file"
                )
        pairs.append((source, target))
    if not pairs:
        raise ParallelTextError(f"{source_path}: no sentence pairs")
    _report(source_path, pairs, blank)
    return pairs


def _report(path: Path, pairs: list, blank: int) -> None:
    """Say on stderr, in one line, what a reader took from ``path``: the pairs read and
    the blank lines skipped, the only lines a reader leaves out without an error."""
    skipped = f", skipped {blank:,} blank line{'s' * (blank != 1)}" if blank else ""
    print(f"{path}: read {len(pairs):,} sentence pairs{skipped}", file=sys.stderr)


class Vocabulary:
    """Words to ids and back; ids 0-3 are PAD, BOS, EOS, UNK, then words by frequency.

    ``Vocabulary.build(sentences, min_count=1, max_size=None)`` keeps the words seen at
    least ``min_count`` times (the ``max_size`` most frequent, ties broken alphabetically,
    so the ids do not depend on the order of the corpus). Unknown words encode to UNK.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.itos: list[str] = list(SPECIALS)
        for word in words:
            if word in SPECIALS:
                raise ValueError(f"{word!r} is a special token and cannot be a word")
            self.itos.append(word)
        self.stoi = {word: i for i, word in enumerate(self.itos)}
        if len(self.stoi) != len(self.itos):
            raise ValueError("expected every word once in a vocabulary")

    @classmethod
    def build(
        cls, sentences: Iterable[Sequence[str]], *, min_count: int = 1, max_size: int | None = None
    ) -> Vocabulary:
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"expected min_count to be a positive int, got {min_count!r}")
        if max_size is not None and (not isinstance(max_size, int) or max_size < 0):
            raise ValueError(f"expected max_size to be None or an int >= 0, got {max_size!r}")
        counts = Counter(word for sentence in sentences for word in sentence)
        ranked = sorted(
            (w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w)
        )
        return cls(ranked[:max_size] if max_size is not None else ranked)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, word: object) -> bool:
        return word in self.stoi

    def encode(self, words: Sequence[str]) -> list[int]:
        """Ids of ``words``; a word outside the vocabulary becomes UNK."""
        if isinstance(words, str):
            raise TypeError("expected a sequence of words, got a str (tokenize it first)")
        return [self.stoi.get(word, UNK_ID) for word in words]

    def decode(self, ids: Iterable[int], *, strip: bool = True) -> list[str]:
        """Words of ``ids``; with ``strip``, stop at EOS and drop PAD and BOS."""
        words = []
        for i in ids:
            i = int(i)
            if not 0 <= i < len(self.itos):
                raise ValueError(f"id {i} is outside the vocabulary of {len(self.itos)} words")
            if strip and i == EOS_ID:
                break
            if strip and i in (PAD_ID, BOS_ID):
                continue
            words.append(self.itos[i])
        return words


class Batch(NamedTuple):
    """A padded batch. ``target`` is BOS w_1 ... w_n EOS, padded; the decoder reads
    ``target[:, :-1]`` and predicts ``target[:, 1:]`` (teacher forcing)."""

    source: Tensor  # (batch, source time) int64, PAD-padded
    source_lengths: Tensor  # (batch,) int64
    target: Tensor  # (batch, 2 + longest target) int64, PAD-padded
    target_lengths: Tensor  # (batch,) int64, counting BOS and EOS


def pad(sequences: Sequence[Sequence[int]]) -> tuple[Tensor, Tensor]:
    """Right-pad lists of ids with PAD into (batch, longest) and return it with the lengths."""
    if not sequences:
        raise ValueError("expected at least one sequence")
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.int64)
    if int(lengths.min()) < 1:
        raise ValueError("expected every sequence to have at least one token")
    out = torch.full((len(sequences), int(lengths.max())), PAD_ID, dtype=torch.int64)
    for row, sequence in enumerate(sequences):
        out[row, : len(sequence)] = torch.as_tensor(list(sequence), dtype=torch.int64)
    return out, lengths


def batch(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    source_vocabulary: Vocabulary,
    target_vocabulary: Vocabulary,
    *,
    reverse_source: bool = False,
) -> Batch:
    """Encode and pad sentence pairs; with ``reverse_source`` each source is read backwards
    (Sutskever et al. 2014, section 3.3); the target is never reversed."""
    sources, targets = [], []
    for pair in pairs:  # (source, target) or a Pair of the synthetic corpus
        source, target = pair[0], pair[1]
        ids = source_vocabulary.encode(source)
        sources.append(ids[::-1] if reverse_source else ids)
        targets.append([BOS_ID, *target_vocabulary.encode(target), EOS_ID])
    source, source_lengths = pad(sources)
    target, target_lengths = pad(targets)
    return Batch(source, source_lengths, target, target_lengths)


def batches(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    source_vocabulary: Vocabulary,
    target_vocabulary: Vocabulary,
    *,
    batch_size: int,
    reverse_source: bool = False,
    shuffle_seed: int | None = None,
    sort_by_length: bool = True,
) -> list[Batch]:
    """The pairs in padded batches of ``batch_size``.

    With ``sort_by_length`` the pairs are grouped by source length first (so a batch
    wastes little padding); with ``shuffle_seed`` the order of the batches is shuffled
    by a ``torch.Generator`` seeded with it (deterministic).
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"expected batch_size to be a positive int, got {batch_size!r}")
    order = list(range(len(pairs)))
    if sort_by_length:
        order.sort(key=lambda i: (len(pairs[i][0]), len(pairs[i][1])))
    groups = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle_seed is not None:
        generator = torch.Generator().manual_seed(shuffle_seed)
        groups = [groups[i] for i in torch.randperm(len(groups), generator=generator).tolist()]
    return [
        batch(
            [pairs[i] for i in group],
            source_vocabulary,
            target_vocabulary,
            reverse_source=reverse_source,
        )
        for group in groups
    ]
