"""Greedy and beam-search decoding against a small decoder-step interface.

Any autoregressive model decodes here if it offers two methods (:class:`StepDecoder`):

* ``step(tokens, state) -> (logits, state)``: ``tokens`` of shape (n,) are the previous
  output of each of ``n`` hypotheses; ``logits`` of shape (n, vocabulary) score the next;
* ``select(state, index) -> state``: the state of hypotheses ``index`` (an int64 tensor of
  row numbers), used to expand a batch into beams and to follow the surviving beams.

The state is whatever the model needs (an LSTM's (h, c), a context vector, image
features); this module never looks inside. The encoder-decoder of :mod:`lstm.nn.seq2seq` and
the captioning model both implement the interface.

Beam search (Sutskever et al. 2014, section 3.2) keeps the ``beam_size`` most probable
partial hypotheses; one that emits EOS is complete and set aside. Scores are sums of
log-probabilities; with ``length_penalty`` alpha > 0 a finished hypothesis of n tokens
(EOS included) is ranked by score / n ** alpha (alpha = 1: mean log-probability per token).
A hypothesis that reaches ``max_length`` tokens without EOS is returned as it is.

The model may live on any device: ``device`` is where the tokens and row indices given to
``step`` and ``select`` are put; the search itself (scores, histories) runs on the CPU.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol

import torch
from torch import Tensor

from lstm.checks import check_positive_int


class StepDecoder(Protocol):
    def step(self, tokens: Tensor, state: Any) -> tuple[Tensor, Any]: ...

    def select(self, state: Any, index: Tensor) -> Any: ...


class Decoded(NamedTuple):
    """Per batch element: the output tokens (no BOS, no EOS) and their score.

    ``scores`` are sums of log-probabilities of the tokens and of EOS if it was emitted;
    ``ranked`` are the scores beam search ranked by (``scores`` with length normalisation;
    the same as ``scores`` without). ``nbest``: every finished hypothesis of each batch
    element as (tokens, ranked score), best first (greedy: the one).
    """

    tokens: list[list[int]]
    scores: Tensor
    ranked: Tensor
    nbest: list[list[tuple[list[int], float]]]


def _check_common(batch_size: object, bos: object, eos: object, max_length: object) -> None:
    check_positive_int(batch_size, "batch_size")
    check_positive_int(max_length, "max_length")
    for name, value in (("bos", bos), ("eos", eos)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"expected {name} to be a token id (int >= 0), got {value!r}")


def _log_probabilities(logits: Tensor, rows: int) -> Tensor:
    if not isinstance(logits, Tensor) or logits.dim() != 2 or logits.shape[0] != rows:
        shape = tuple(logits.shape) if isinstance(logits, Tensor) else type(logits).__name__
        raise ValueError(
            f"expected step() to return logits of shape ({rows}, vocabulary), got {shape}"
        )
    return torch.log_softmax(logits.float(), dim=-1).cpu()  # the search runs on the CPU


@torch.no_grad()
def greedy(
    decoder: StepDecoder,
    state: Any,
    *,
    batch_size: int,
    bos: int,
    eos: int,
    max_length: int,
    device: torch.device | str = "cpu",
) -> Decoded:
    """The most probable next token at every step, until EOS or ``max_length`` tokens."""
    _check_common(batch_size, bos, eos, max_length)
    tokens = torch.full((batch_size,), bos, dtype=torch.int64)
    scores = torch.zeros(batch_size)
    finished = torch.zeros(batch_size, dtype=torch.bool)
    outputs: list[list[int]] = [[] for _ in range(batch_size)]
    for _ in range(max_length):
        logits, state = decoder.step(tokens.to(device), state)
        log_probabilities = _log_probabilities(logits, batch_size)
        if not eos < log_probabilities.shape[1]:
            raise ValueError(f"eos={eos} is outside the vocabulary of {logits.shape[1]}")
        best, tokens = log_probabilities.max(dim=-1)
        scores += torch.where(finished, 0.0, best)
        for row in (~finished).nonzero().flatten().tolist():
            if tokens[row] != eos:
                outputs[row].append(int(tokens[row]))
        finished |= tokens == eos
        if finished.all():
            break
    nbest = [[(out, float(score))] for out, score in zip(outputs, scores, strict=True)]
    return Decoded(outputs, scores, scores.clone(), nbest)


@torch.no_grad()
def beam_search(
    decoder: StepDecoder,
    state: Any,
    *,
    batch_size: int,
    bos: int,
    eos: int,
    max_length: int,
    beam_size: int,
    length_penalty: float = 0.0,
    device: torch.device | str = "cpu",
) -> Decoded:
    """Beam search over a batch at once (``batch_size * beam_size`` hypotheses per step).

    At each step every live hypothesis is extended by every token; of the best
    ``2 * beam_size`` extensions of each batch element, those ending in EOS among the best
    ``beam_size`` are finished, and the best ``beam_size`` others live on. A batch element
    is done when it has ``beam_size`` finished hypotheses and its best live one, ranked as
    if it ended now, does not beat the worst of them (exact without length penalty, since
    scores only fall as hypotheses grow). ``beam_size=1`` is greedy decoding.
    """
    _check_common(batch_size, bos, eos, max_length)
    check_positive_int(beam_size, "beam_size")
    if (
        isinstance(length_penalty, bool)
        or not isinstance(length_penalty, int | float)
        or (length_penalty < 0)
    ):
        raise ValueError(f"expected length_penalty to be a number >= 0, got {length_penalty!r}")
    k = beam_size

    def rank(score: float, length: int) -> float:
        return score / length**length_penalty if length_penalty else score

    state = decoder.select(state, torch.arange(batch_size, device=device).repeat_interleave(k))
    tokens = torch.full((batch_size * k,), bos, dtype=torch.int64)
    scores = torch.full((batch_size, k), float("-inf"))
    scores[:, 0] = 0.0  # one live hypothesis at first: the k copies of BOS would tie
    history = torch.zeros(batch_size, k, 0, dtype=torch.int64)
    finished: list[list[tuple[float, float, list[int]]]] = [[] for _ in range(batch_size)]
    done = [False] * batch_size
    for length in range(1, max_length + 1):
        logits, state = decoder.step(tokens.to(device), state)
        log_probabilities = _log_probabilities(logits, batch_size * k)
        vocabulary = log_probabilities.shape[1]
        if not eos < vocabulary:
            raise ValueError(f"eos={eos} is outside the vocabulary of {vocabulary}")
        candidates = scores.unsqueeze(2) + log_probabilities.view(batch_size, k, vocabulary)
        candidates = candidates.view(batch_size, k * vocabulary)
        width = min(2 * k, k * vocabulary)
        top_scores, top_index = candidates.topk(width, dim=1)
        top_beam, top_token = top_index // vocabulary, top_index % vocabulary
        is_eos = top_token == eos
        # Set aside finished hypotheses: EOS among the best k extensions.
        ending = is_eos[:, :k] & torch.isfinite(top_scores[:, :k])
        for b, r in ending.nonzero().tolist():
            if not done[b]:
                raw = float(top_scores[b, r])
                tokens_so_far = history[b, top_beam[b, r]].tolist()
                finished[b].append((rank(raw, length), raw, tokens_so_far))
        # The best k extensions that do not end in EOS live on (stable: ranks kept).
        order = (is_eos.long() * width + torch.arange(width)).argsort(dim=1)[:, :k]
        live_scores = top_scores.gather(1, order)
        live_beam = top_beam.gather(1, order)
        live_token = top_token.gather(1, order)
        live_scores = torch.where(is_eos.gather(1, order), float("-inf"), live_scores)
        if live_scores.shape[1] < k:  # a vocabulary too small to fill the beam
            pad = k - live_scores.shape[1]
            live_scores = torch.cat([live_scores, torch.full((batch_size, pad), -torch.inf)], 1)
            live_beam = torch.cat([live_beam, live_beam[:, :1].expand(-1, pad)], 1)
            live_token = torch.cat([live_token, live_token[:, :1].expand(-1, pad)], 1)
        rows = (torch.arange(batch_size).unsqueeze(1) * k + live_beam).flatten()
        state = decoder.select(state, rows.to(device))
        history = torch.cat(
            [
                history.gather(1, live_beam.unsqueeze(2).expand(-1, -1, history.shape[2])),
                live_token.unsqueeze(2),
            ],
            dim=2,
        )
        scores, tokens = live_scores, live_token.flatten()
        for b in range(batch_size):
            if done[b] or len(finished[b]) < k:
                continue
            worst_kept = sorted((f[0] for f in finished[b]), reverse=True)[k - 1]
            best_live = float(scores[b].max())
            if best_live == float("-inf") or rank(best_live, length) <= worst_kept:
                done[b] = True
        if all(done):
            break
    for b in range(batch_size):  # hypotheses still alive at max_length end without EOS
        if not done[b]:
            for j in range(k):
                if torch.isfinite(scores[b, j]):
                    raw = float(scores[b, j])
                    finished[b].append((rank(raw, max_length), raw, history[b, j].tolist()))
    outputs, raws, ranked, nbest = [], [], [], []
    for b in range(batch_size):
        hypotheses = sorted(finished[b], key=lambda f: f[0], reverse=True)
        outputs.append(hypotheses[0][2])
        ranked.append(hypotheses[0][0])
        raws.append(hypotheses[0][1])
        nbest.append([(tokens_, score) for score, _, tokens_ in hypotheses])
    return Decoded(outputs, torch.tensor(raws), torch.tensor(ranked), nbest)
