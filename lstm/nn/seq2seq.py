"""The encoder-decoder: one recurrent net reads a sentence into a vector, another writes.

Two designs, on the package's own layers:

* **Sutskever et al. (2014)**: a multi-layer :class:`lstm.LSTM` encoder; its final (h, c)
  of every layer is the initial state of a multi-layer LSTM decoder, which sees the source
  only through that state ("a vector of a fixed dimensionality").
* **Cho et al. (2014)**: a :class:`lstm.GRU` encoder whose last hidden state ``c`` (the
  top layer's) is the context; the decoder starts from ``tanh(W c)`` and reads ``c`` again
  at every step, both in its recurrence (``s_t = f(s_{t-1}, y_{t-1}, c)``) and in its
  output layer (``p(y_t | s_t, y_{t-1}, c)``). Select it with ``context_every_step=True``
  (``Seq2Seq.cho2014(...)``); it works with either cell.

Training uses teacher forcing: the decoder reads ``BOS y_1 ... y_n`` and predicts
``y_1 ... y_n EOS``; padding (id 0) is masked out of the loss, and the encoder skips it
through ``lengths=``. Source reversal is a choice of the data pipeline
(:func:`lstm.data.parallel.batch`), not of the model. For decoding, :class:`Seq2Seq`
implements the step interface of :mod:`lstm.nn.decoding` (``start``, ``step``, ``select``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import torch
from torch import Tensor, nn

from lstm.checks import check_positive_int
from lstm.nn import decoding
from lstm.nn.layers import GRU, LSTM

PAD_ID, BOS_ID, EOS_ID = 0, 1, 2  # the ids of lstm.data.parallel.Vocabulary
CELLS = {"lstm": LSTM, "gru": GRU}


def _check_tokens(tokens: object, name: str) -> Tensor:
    if not isinstance(tokens, Tensor) or tokens.dtype != torch.int64 or tokens.dim() != 2:
        got = (
            f"dtype {tokens.dtype}, shape {tuple(tokens.shape)}"
            if isinstance(tokens, Tensor)
            else type(tokens).__name__
        )
        raise ValueError(f"expected {name} as an int64 tensor of shape (batch, time), got {got}")
    return tokens


def _recurrent(cell: str, input_size: int, hidden_size: int, num_layers: int, dropout: float):
    if cell not in CELLS:
        raise ValueError(f"expected cell to be one of {sorted(CELLS)}, got {cell!r}")
    return CELLS[cell](input_size, hidden_size, num_layers, batch_first=True, dropout=dropout)


class Encoder(nn.Module):
    """Embedding and a multi-layer recurrent net; returns its outputs and final state."""

    def __init__(
        self,
        vocabulary_size: int,
        embedding_size: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        cell: str = "lstm",
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        check_positive_int(vocabulary_size, "vocabulary_size")
        self.embedding = nn.Embedding(vocabulary_size, embedding_size, padding_idx=PAD_ID)
        self.recurrent = _recurrent(cell, embedding_size, hidden_size, num_layers, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(
        self, source: Tensor, lengths: Sequence[int] | Tensor | None = None
    ) -> tuple[Tensor, Any]:
        """(batch, time) ids -> outputs (batch, time, hidden), final state (the layer's)."""
        _check_tokens(source, "source")
        return self.recurrent(self.dropout(self.embedding(source)), lengths=lengths)


class Decoder(nn.Module):
    """Embedding, a multi-layer recurrent net and a linear read-out to the vocabulary.

    With ``context_size > 0`` a context vector (batch, context_size) is appended to the
    input of every step and to the read-out's input (Cho et al. 2014).
    """

    def __init__(
        self,
        vocabulary_size: int,
        embedding_size: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        cell: str = "lstm",
        context_size: int = 0,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        check_positive_int(vocabulary_size, "vocabulary_size")
        self.context_size = context_size
        self.embedding = nn.Embedding(vocabulary_size, embedding_size, padding_idx=PAD_ID)
        self.recurrent = _recurrent(
            cell, embedding_size + context_size, hidden_size, num_layers, dropout
        )
        self.dropout = nn.Dropout(dropout)
        self.readout = nn.Linear(hidden_size + context_size, vocabulary_size)

    def forward(
        self, tokens: Tensor, state: Any, context: Tensor | None = None
    ) -> tuple[Tensor, Any]:
        """(batch, time) input ids -> logits (batch, time, vocabulary), the new state."""
        _check_tokens(tokens, "target tokens")
        if (context is None) != (self.context_size == 0):
            raise ValueError(
                f"this decoder expects {'a' if self.context_size else 'no'} context vector"
            )
        inputs = self.dropout(self.embedding(tokens))
        if context is not None:
            context = context.unsqueeze(1).expand(-1, tokens.shape[1], -1)
            inputs = torch.cat([inputs, context], dim=2)
        output, state = self.recurrent(inputs, state)
        output = self.dropout(output)
        if context is not None:
            output = torch.cat([output, context], dim=2)
        return self.readout(output), state


class Seq2Seq(nn.Module):
    """An encoder, a decoder and the bridge between them; decodes through lstm.nn.decoding.

    ``Seq2Seq(source_vocabulary_size, target_vocabulary_size, *, embedding_size=128,
    hidden_size=128, num_layers=1, cell="lstm", context_every_step=False, dropout=0.0)``.
    Without ``context_every_step`` the decoder starts from the encoder's final state
    (Sutskever et al.); with it, from ``tanh(W c)`` and it reads ``c`` at every step (Cho et
    al.), where ``c`` is the encoder's top-layer final hidden state.
    """

    def __init__(
        self,
        source_vocabulary_size: int,
        target_vocabulary_size: int,
        *,
        embedding_size: int = 128,
        hidden_size: int = 128,
        num_layers: int = 1,
        cell: str = "lstm",
        context_every_step: bool = False,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        for name, value in (
            ("embedding_size", embedding_size),
            ("hidden_size", hidden_size),
            ("num_layers", num_layers),
        ):
            check_positive_int(value, name)
        self.cell = cell
        self.num_layers = num_layers
        self.context_every_step = context_every_step
        self.encoder = Encoder(
            source_vocabulary_size,
            embedding_size,
            hidden_size,
            num_layers,
            cell=cell,
            dropout=dropout,
        )
        self.decoder = Decoder(
            target_vocabulary_size,
            embedding_size,
            hidden_size,
            num_layers,
            cell=cell,
            context_size=hidden_size if context_every_step else 0,
            dropout=dropout,
        )
        self.bridge = nn.Linear(hidden_size, hidden_size) if context_every_step else None

    @classmethod
    def sutskever2014(
        cls, source_vocabulary_size: int, target_vocabulary_size: int, **options: Any
    ) -> Seq2Seq:
        """A multi-layer LSTM encoder-decoder (the paper: 4 layers of 1000 cells)."""
        return cls(
            source_vocabulary_size,
            target_vocabulary_size,
            cell="lstm",
            context_every_step=False,
            **options,
        )

    @classmethod
    def cho2014(
        cls, source_vocabulary_size: int, target_vocabulary_size: int, **options: Any
    ) -> Seq2Seq:
        """The GRU encoder-decoder whose context feeds every decoder step."""
        return cls(
            source_vocabulary_size,
            target_vocabulary_size,
            cell="gru",
            context_every_step=True,
            **options,
        )

    # -- the decoder-step interface of lstm.nn.decoding ------------------------------------

    def start(self, source: Tensor, lengths: Sequence[int] | Tensor | None = None) -> Any:
        """Encode ``source``; the decoder's initial state (and context, if it reads one)."""
        _, final = self.encoder(source, lengths)
        if not self.context_every_step:
            return (final, None)
        top = final[0] if isinstance(final, tuple) else final
        context = top[-1]  # the top layer's last hidden state: (batch, hidden)
        hidden = torch.tanh(self.bridge(context)).unsqueeze(0).repeat(self.num_layers, 1, 1)
        initial = (hidden, torch.zeros_like(hidden)) if self.cell == "lstm" else hidden
        return (initial, context)

    def step(self, tokens: Tensor, state: Any) -> tuple[Tensor, Any]:
        """One decoder step for (n,) previous tokens: logits (n, vocabulary), new state."""
        recurrent_state, context = state
        logits, recurrent_state = self.decoder(tokens.unsqueeze(1), recurrent_state, context)
        return logits[:, 0], (recurrent_state, context)

    def select(self, state: Any, index: Tensor) -> Any:
        """The decoder state of hypotheses ``index`` (recurrent states: (layers, batch, size))."""
        recurrent_state, context = state
        if isinstance(recurrent_state, tuple):
            recurrent_state = tuple(s.index_select(1, index) for s in recurrent_state)
        else:
            recurrent_state = recurrent_state.index_select(1, index)
        return (recurrent_state, None if context is None else context.index_select(0, index))

    # -- training --------------------------------------------------------------------------

    def forward(
        self, source: Tensor, source_lengths: Sequence[int] | Tensor | None, target_in: Tensor
    ) -> Tensor:
        """Teacher forcing: logits (batch, time, vocabulary) for every next target token."""
        recurrent_state, context = self.start(source, source_lengths)
        logits, _ = self.decoder(target_in, recurrent_state, context)
        return logits

    def token_losses(
        self, source: Tensor, source_lengths: Sequence[int] | Tensor | None, target: Tensor
    ) -> tuple[Tensor, int]:
        """The summed negative log-likelihood (nats) of ``target[:, 1:]`` and its token count.

        ``target`` is BOS w_1 ... w_n EOS, PAD-padded; PAD positions do not count.
        """
        _check_tokens(target, "target")
        logits = self(source, source_lengths, target[:, :-1])
        gold = target[:, 1:]
        total = nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]),
            gold.reshape(-1),
            ignore_index=PAD_ID,
            reduction="sum",
        )
        return total, int((gold != PAD_ID).sum())

    def loss(
        self, source: Tensor, source_lengths: Sequence[int] | Tensor | None, target: Tensor
    ) -> Tensor:
        """Mean negative log-likelihood per target token (EOS included), for training."""
        total, count = self.token_losses(source, source_lengths, target)
        return total / count

    # -- translating -----------------------------------------------------------------------

    @torch.no_grad()
    def translate(
        self,
        source: Tensor,
        lengths: Sequence[int] | Tensor | None = None,
        *,
        max_length: int = 100,
        beam_size: int = 1,
        length_penalty: float = 0.0,
    ) -> decoding.Decoded:
        """Greedy (``beam_size=1``) or beam-search translations of a padded batch."""
        _check_tokens(source, "source")
        was_training = self.training
        self.eval()
        try:
            state = self.start(source, lengths)
            common = dict(
                batch_size=source.shape[0],
                bos=BOS_ID,
                eos=EOS_ID,
                max_length=max_length,
                device=source.device,
            )
            if beam_size == 1 and not length_penalty:
                return decoding.greedy(self, state, **common)
            return decoding.beam_search(
                self, state, beam_size=beam_size, length_penalty=length_penalty, **common
            )
        finally:
            self.train(was_training)


@torch.no_grad()
def perplexity(model: Seq2Seq, batches: Iterable[Any]) -> float:
    """exp(mean negative log-likelihood per target token) over batches of
    (source, source_lengths, target, ...) — the paper's test perplexity, EOS counted."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        for batch in batches:
            nll, tokens = model.token_losses(batch[0], batch[1], batch[2])
            total, count = total + float(nll), count + tokens
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("expected at least one target token to compute a perplexity")
    return math.exp(total / count)
