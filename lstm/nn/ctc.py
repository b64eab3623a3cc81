"""Connectionist temporal classification (CTC): the collapse map, decoding, scoring.

CTC (Graves, Fernández, Gomez & Schmidhuber 2006, "Connectionist temporal
classification: labelling unsegmented sequence data with recurrent neural networks",
ICML) lets a recurrent net label a sequence without a frame-by-frame alignment. At each
frame t the net outputs a distribution y^t over the labels and one extra class, the
*blank*; a *path* pi is one class per frame, with probability
p(pi | x) = prod_t y^t_{pi_t}. The many-to-one map B collapses a path to a *labelling* by
merging repeated labels and then dropping the blanks, and the probability of a labelling
is the sum over the paths that collapse to it: p(l | x) = sum_{pi in B^-1(l)} p(pi | x).
Graves, Mohamed & Hinton (2013) train their deep bidirectional LSTM speech recogniser
with this loss.

Conventions of this module: the blank is label 0 (:data:`BLANK`), and ``log_probs`` is a
float tensor of shape (time, classes) for one utterance, classes including the blank,
normalised per frame (the output of ``log_softmax``). Labels are 1 .. classes - 1.

Decoding looks for the most probable labelling, argmax_l p(l | x). :func:`best_path`
collapses the most probable path, which is fast but can miss it; :func:`prefix_beam_search`
sums over paths as it goes; :func:`exhaustive_search` is the exact answer on inputs tiny
enough to list every path, to test the other two against. Both searches can be held to a
:class:`Lexicon`, a word list: then only labellings made of its words count (Graves et al.
2009). :func:`labelling_log_prob` and :func:`targets` use PyTorch's ``ctc_loss`` (the
forward-backward algorithm of the paper).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from lstm.checks import check_float_tensor, check_positive_int, check_shape

BLANK = 0
MAX_PATHS = 2_000_000  # the most paths exhaustive_search lists
TOLERANCE = 1e-4  # how far from 1 a frame's probabilities may sum


def _check_log_probs(log_probs: object) -> Tensor:
    """Validate one utterance's log-probabilities; return them detached, float64, on the CPU."""
    log_probs = check_float_tensor(log_probs, "log_probs")
    check_shape(log_probs, ("time", "classes"), "log_probs")
    time, classes = log_probs.shape
    if time == 0:
        raise ValueError(f"expected log_probs with at least one frame, got shape {(time, classes)}")
    if classes < 2:
        raise ValueError(
            f"expected log_probs with at least 2 classes (the blank and a label), got {classes}"
        )
    log_probs = log_probs.detach().to("cpu", torch.float64)
    sums = log_probs.exp().sum(dim=1)
    if not (sums - 1).abs().max() <= TOLERANCE:  # also catches NaN
        raise ValueError(
            f"expected log_probs normalised per frame (log_softmax: the probabilities of each "
            f"frame sum to 1 within {TOLERANCE}), got sums from {sums.min().item():.6g} "
            f"to {sums.max().item():.6g}"
        )
    return log_probs


def _check_labels(labels: object, name: str, classes: int | None = None) -> list[int]:
    """A labelling as a list of ints, each a label (not the blank) and below ``classes``."""
    if not isinstance(labels, list | tuple):
        raise TypeError(f"expected {name} as a list or tuple of ints, got {type(labels).__name__}")
    for label in labels:
        if isinstance(label, bool) or not isinstance(label, int):
            raise TypeError(f"expected {name} to hold ints, got {label!r}")
        if label < 1:
            raise ValueError(
                f"expected {name} to hold labels >= 1 (0 is the blank, which is no label), "
                f"got {label}"
            )
        if classes is not None and label >= classes:
            raise ValueError(
                f"expected {name} to hold labels below {classes} (the number of classes), "
                f"got {label}"
            )
    return list(labels)


def _log_add(a: float, b: float) -> float:
    """log(exp(a) + exp(b)), without leaving log space."""
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = max(a, b), min(a, b)
    return high + math.log1p(math.exp(low - high))


def _add(
    beams: dict[tuple[int, ...], tuple[float, float]],
    prefix: tuple[int, ...],
    blank: float = -math.inf,
    label: float = -math.inf,
) -> None:
    """Add log-probabilities of ending in a blank and in a label to ``beams[prefix]``."""
    old_blank, old_label = beams.get(prefix, (-math.inf, -math.inf))
    beams[prefix] = (_log_add(old_blank, blank), _log_add(old_label, label))


def _most_probable(log_prob_by_labelling: dict[tuple[int, ...], float]) -> list[int]:
    """The labelling of highest log-probability; a tie goes to the smaller tuple."""
    best = min(log_prob_by_labelling.items(), key=lambda item: (-item[1], item[0]))
    return list(best[0])


def collapse(path: Sequence[int]) -> list[int]:
    """The many-to-one map B of CTC: merge repeated labels, then drop the blanks.

    B(pi) for a path pi of one class per frame (Graves et al. 2006, "Connectionist
    temporal classification", ICML, section 3.1): B(a-ab-) = B(-aa--abb) = aab, with - the
    blank (0 here). A blank between two equal labels keeps them apart; without one they
    merge. ``collapse([0, 1, 1, 0, 1, 2, 2, 0]) == [1, 1, 2]``.
    """
    if not isinstance(path, list | tuple):
        raise TypeError(f"expected path as a list or tuple of ints, got {type(path).__name__}")
    labelling = []
    previous = None
    for k in path:
        if isinstance(k, bool) or not isinstance(k, int):
            raise TypeError(f"expected path to hold class indices (ints), got {k!r}")
        if k < 0:
            raise ValueError(f"expected path to hold class indices (ints >= 0), got {k}")
        if k != previous and k != BLANK:
            labelling.append(k)
        previous = k
    return labelling


class Lexicon:
    """A word list that decoding may be held to: labellings of its words, one separator
    label between two words.

    Graves, Liwicki, Fernández, Bertolami, Bunke & Schmidhuber (2009, "A novel
    connectionist system for unconstrained handwriting recognition", IEEE TPAMI 31(5),
    section 4.2) decode with a dictionary, so that every word of the transcription is a
    dictionary word. Here the words (label sequences, without the separator) are held in a
    trie; a search walks it label by label (:meth:`step`), and a labelling counts only when
    it ends at a word's end (:meth:`complete`).
    """

    ROOT = 0  # the trie node at the start of a word

    def __init__(self, words: Iterable[Sequence[int]], separator: int) -> None:
        check_positive_int(separator, "separator")
        self.separator = separator
        self._children: list[dict[int, int]] = [{}]
        self._ends: list[bool] = [False]
        for word in words:
            labels = _check_labels(list(word), "a word of the lexicon")
            if not labels or separator in labels:
                raise ValueError(
                    "expected every word of the lexicon to be at least one label and no "
                    f"separator ({separator}), got {labels}"
                )
            node = self.ROOT
            for label in labels:
                if label not in self._children[node]:
                    self._children[node][label] = len(self._children)
                    self._children.append({})
                    self._ends.append(False)
                node = self._children[node][label]
            self._ends[node] = True
        self.size = sum(self._ends)
        if self.size == 0:
            raise ValueError("expected at least one word in the lexicon, got none")

    def step(self, node: int, label: int) -> int | None:
        """The trie node after ``label`` from ``node``, or None where no word goes on that
        way. The separator is allowed only at the end of a word, and leads to the root."""
        if label == self.separator:
            return self.ROOT if self._ends[node] else None
        return self._children[node].get(label)

    def walk(self, labels: Sequence[int]) -> int | None:
        """The node reached by ``labels`` from the root, or None if they leave the trie."""
        node: int | None = self.ROOT
        for label in labels:
            node = self.step(node, label)
            if node is None:
                return None
        return node

    def complete(self, labels: Sequence[int]) -> bool:
        """Whether ``labels`` is nothing, or words of the lexicon with one separator between
        two words and none at either end."""
        node = self.walk(labels)
        return not labels or (node is not None and self._ends[node])


def best_path(log_probs: Tensor) -> list[int]:
    """Best-path decoding: collapse the most probable class of every frame.

    h(x) = B(pi*) with pi*_t = argmax_k y^t_k (Graves et al. 2006, "Connectionist temporal
    classification", ICML, section 3.2, eq. 4). pi* is the most probable *path*, but its
    labelling need not be the most probable *labelling*: many less probable paths may
    collapse to another one whose probabilities add up to more. Ties between classes go to
    the lowest index.
    """
    log_probs = _check_log_probs(log_probs)
    return collapse(log_probs.argmax(dim=1).tolist())


def prefix_beam_search(
    log_probs: Tensor,
    beam_width: int,
    *,
    min_log_prob: float = -math.inf,
    lexicon: Lexicon | None = None,
) -> list[int]:
    """CTC prefix beam search: the most probable labelling among the surviving prefixes.

    The prefix search decoding of Graves et al. (2006, "Connectionist temporal
    classification", ICML, section 3.2), run frame by frame with a beam. After each frame,
    every prefix l holds two probabilities, of the paths so far that collapse to l and end
    in a blank, b(l), or in a label, n(l); p(l) = b(l) + n(l). With y_k the next frame's
    probability of class k, the next frame adds

    * the blank:                         b'(l) += p(l) y_blank
    * the last label k of l, repeated:   n'(l) += n(l) y_k        (B merges it)
    * the last label k after a blank:    n'(l + k) += b(l) y_k
    * any other label k:                 n'(l + k) += p(l) y_k

    so the paths that collapse to the same prefix are summed, each once (in log space
    here). Only the ``beam_width`` most probable prefixes are kept after each frame (a tie
    goes to the smaller prefix tuple), and the most probable survivor is returned. A beam
    as wide as the number of prefixes (classes**time is always enough) makes it exact.

    ``min_log_prob`` prunes as speech decoders do: a label whose log-probability at a
    frame is below it is not tried at that frame (the blank always is). A trained CTC
    network puts nearly all of each frame's probability on one or two classes, so a
    cut-off such as log(0.001) changes the result rarely and saves most of the work.

    With a ``lexicon`` a prefix is extended only along its words (:meth:`Lexicon.step`),
    and the answer is the most probable surviving labelling that :meth:`Lexicon.complete`
    accepts (the empty labelling if none survives), so that every word is a word of the
    list. A beam as wide as the number of prefixes makes this exact, too.
    """
    log_probs = _check_log_probs(log_probs)
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise TypeError(f"expected lexicon as a Lexicon or None, got {type(lexicon).__name__}")
    check_positive_int(beam_width, "beam_width")
    if not isinstance(min_log_prob, int | float) or isinstance(min_log_prob, bool):
        raise TypeError(f"expected min_log_prob as a number, got {type(min_log_prob).__name__}")
    if min_log_prob > 0:
        raise ValueError(f"expected min_log_prob <= 0 (a log-probability), got {min_log_prob}")
    classes = log_probs.shape[1]
    beams = {(): (0.0, -math.inf)}  # prefix -> (log b, log n): the empty prefix, surely
    nodes = {(): Lexicon.ROOT}  # prefix -> its node in the lexicon's trie
    for frame in log_probs.tolist():
        extended: dict[tuple[int, ...], tuple[float, float]] = {}
        for prefix, (blank, label) in beams.items():
            total = _log_add(blank, label)
            _add(extended, prefix, blank=total + frame[BLANK])
            for k in range(1, classes):
                if frame[k] < min_log_prob:
                    continue
                if lexicon is not None:
                    node = lexicon.step(nodes[prefix], k)
                    if node is None:
                        if prefix and prefix[-1] == k:  # the repeat still merges into l
                            _add(extended, prefix, label=label + frame[k])
                        continue
                    nodes[prefix + (k,)] = node
                if prefix and prefix[-1] == k:
                    _add(extended, prefix, label=label + frame[k])
                    _add(extended, prefix + (k,), label=blank + frame[k])
                else:
                    _add(extended, prefix + (k,), label=total + frame[k])
        ranked = sorted(extended.items(), key=lambda item: (-_log_add(*item[1]), item[0]))
        beams = dict(ranked[:beam_width])
        if lexicon is not None:
            nodes = {prefix: nodes[prefix] for prefix in beams}
    survivors = {prefix: _log_add(*ends) for prefix, ends in beams.items()}
    if lexicon is not None:
        survivors = {p: v for p, v in survivors.items() if lexicon.complete(p)} or {(): 0.0}
    return _most_probable(survivors)


def exhaustive_search(log_probs: Tensor, *, lexicon: Lexicon | None = None) -> list[int]:
    """The exact most probable labelling, by summing over every path.

    argmax_l p(l | x) with p(l | x) = sum over paths pi with B(pi) = l of prod_t y^t_{pi_t}
    (Graves et al. 2006, "Connectionist temporal classification", ICML, eqs. 1 to 3). It
    lists all classes**time paths, so it is for tests on tiny inputs only and refuses more
    than 2,000,000 paths. A tie goes to the smaller labelling tuple. With a ``lexicon``,
    only the labellings it accepts (:meth:`Lexicon.complete`) compete.
    """
    log_probs = _check_log_probs(log_probs)
    time, classes = log_probs.shape
    if classes**time > MAX_PATHS:
        raise ValueError(
            f"expected at most {MAX_PATHS:,} paths (classes**time), got {classes}**{time} = "
            f"{classes**time:,} for log_probs of shape {(time, classes)}"
        )
    frames = log_probs.tolist()
    log_prob_by_labelling: dict[tuple[int, ...], float] = {}
    for path in itertools.product(range(classes), repeat=time):
        log_prob = sum(frames[t][k] for t, k in enumerate(path))
        labelling = tuple(collapse(path))
        if lexicon is not None and not lexicon.complete(labelling):
            continue
        old = log_prob_by_labelling.get(labelling, -math.inf)
        log_prob_by_labelling[labelling] = _log_add(old, log_prob)
    return _most_probable(log_prob_by_labelling)


def labelling_log_prob(log_probs: Tensor, labels: Sequence[int]) -> float:
    """log p(l | x), summed over every path that collapses to the labelling l.

    p(l | x) = sum over paths pi with B(pi) = l of prod_t y^t_{pi_t} (Graves et al. 2006,
    "Connectionist temporal classification", ICML, eqs. 1 and 2), computed by
    ``torch.nn.functional.ctc_loss`` (the forward-backward recursion of section 4.1), which
    returns -log p(l | x). A labelling that no path of this length reaches, e.g. one longer
    than the input, has log-probability -inf.
    """
    log_probs = _check_log_probs(log_probs)
    time, classes = log_probs.shape
    labels = _check_labels(labels, "labels", classes)
    flat, lengths = targets([labels])
    loss = F.ctc_loss(
        log_probs.unsqueeze(1),  # (time, batch of 1, classes)
        flat,
        input_lengths=torch.tensor([time]),
        target_lengths=lengths,
        blank=BLANK,
        reduction="sum",
    )
    return -loss.item()


def targets(sequences: Sequence[Sequence[int]]) -> tuple[Tensor, Tensor]:
    """Labellings as ``torch.nn.functional.ctc_loss`` takes them: concatenated, and lengths.

    Returns (targets, target_lengths), both int64: targets is every labelling one after
    the other, of shape (sum of lengths,), and target_lengths holds each one's length.
    Labels are >= 1; the blank, 0, is no label (Graves et al. 2006, "Connectionist temporal
    classification", ICML, section 3: the output alphabet is the labels plus the blank).
    """
    if not isinstance(sequences, list | tuple):
        raise TypeError(
            f"expected sequences as a list or tuple of labellings, got {type(sequences).__name__}"
        )
    if not sequences:
        raise ValueError("expected at least one labelling, got none")
    flat: list[int] = []
    lengths = []
    for i, sequence in enumerate(sequences):
        labels = _check_labels(sequence, f"sequences[{i}]")
        flat.extend(labels)
        lengths.append(len(labels))
    return torch.tensor(flat, dtype=torch.int64), torch.tensor(lengths, dtype=torch.int64)
