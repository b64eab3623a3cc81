r"""RNNsearch: an encoder-decoder that learns where to look in the source as it translates.

Bahdanau, Cho & Bengio (2015), "Neural Machine Translation by Jointly Learning to Align
and Translate" (ICLR; arXiv:1409.0473), section 3 and appendix A. The encoder-decoders of
:mod:`lstm.nn.seq2seq` squeeze the source into one fixed-length vector; RNNsearch keeps
one vector per source word and lets the decoder choose, at every target word, which to
read.

**Encoder** (section 3.2): a bidirectional recurrent net over the embedded source words
:math:`x_1 \dots x_{T_x}`. The forward net reads them in order, the backward net in
reverse, and the annotation of word :math:`j` joins their states there,

.. math::

    \overrightarrow{h}_j = f(\overrightarrow{h}_{j-1}, x_j), \quad
    \overleftarrow{h}_j = f(\overleftarrow{h}_{j+1}, x_j), \quad
    h_j = [\overrightarrow{h}_j ; \overleftarrow{h}_j],

so :math:`h_j` summarises the whole sentence with most weight on the words around
:math:`j`.

**Decoder** (section 3.1): before emitting target word :math:`y_i` the decoder, in its
previous state :math:`s_{i-1}`, weighs the annotations with the additive alignment model
of :class:`lstm.nn.attention.AdditiveAttention` (source padding masked out),

.. math::

    e_{ij} = v_a^\top \tanh(W_a s_{i-1} + U_a h_j), \quad
    \alpha_{ij} = \frac{\exp(e_{ij})}{\sum_k \exp(e_{ik})}, \quad
    c_i = \sum_j \alpha_{ij} h_j,

then updates its state from the previous word and this context,
:math:`s_i = f(s_{i-1}, y_{i-1}, c_i)` (the recurrent cell reads
:math:`[E y_{i-1}; c_i]`), and scores the next word with
:math:`p(y_i \mid y_{<i}, x) = g(y_{i-1}, s_i, c_i)` (equation 4). The decoder starts
from the backward encoder's state at the first source word,
:math:`s_0 = \tanh(W_s \overleftarrow{h}_1)` (appendix A.2.2); an LSTM decoder starts
with that as its hidden state and a zero cell state.

**Read-out** (appendix A.2.2): a maxout layer (Goodfellow et al. 2013) of ``readout_size``
units :math:`l`, each the larger of two linear pieces,

.. math::

    \tilde t_i = U_o s_i + V_o E y_{i-1} + C_o c_i \in \mathbb{R}^{2l}, \quad
    t_{i,k} = \max(\tilde t_{i,2k-1}, \tilde t_{i,2k}), \quad
    p(y_i \mid \dots) \propto \exp(y_i^\top W_o t_i),

with :math:`U_o, V_o, C_o` held as one linear layer on :math:`[s_i; E y_{i-1}; c_i]`.

**The recurrent unit.** The paper's :math:`f` is its gated hidden unit (the GRU of Cho et
al. 2014), on both sides. Here it is a choice, as in :class:`lstm.nn.seq2seq.Seq2Seq`:
``cell="lstm"`` (the default of this book; :math:`s_i` is then the LSTM's hidden output,
and the attention query) or ``cell="gru"`` (``RNNsearch.bahdanau2015``), the package's
:class:`lstm.GRU`, i.e. ``torch.nn.GRU``, whose reset gate multiplies the recurrent
product, :math:`r \odot (U s)`, where the paper's multiplies the state,
:math:`U (r \odot s)`.

**Departures and choices.** The paper writes its equations without bias terms; the
alignment model has none (see :mod:`lstm.nn.attention`), while every other linear map
here keeps PyTorch's default bias. ``dropout`` (not in the paper, default 0) acts on the
word embeddings and on the read-out's input, as in :class:`~lstm.nn.seq2seq.Seq2Seq`.
The paper's sizes are 620-dimensional embeddings, 1000 hidden units per direction and in
the decoder, 1000 alignment units and 500 maxout units; the defaults here are small.

**Interface.** Parallel to :class:`~lstm.nn.seq2seq.Seq2Seq`, so one training loop serves
both: ``loss(source, source_lengths, target)`` and ``token_losses`` for training and
:func:`lstm.nn.seq2seq.perplexity` (which calls ``token_losses`` only), ``translate`` for
greedy or beam-search decoding through :mod:`lstm.nn.decoding` (``start``, ``step``,
``select``). Two differences: ``forward`` returns the attention weights with the logits,
and :meth:`RNNsearch.translate_with_attention` returns each translation's alignment
matrix (target words x source words), which :mod:`lstm.nn.alignment` scores. The source
is read in its own order: reversing it (:func:`lstm.data.parallel.batch`) is never needed
and would reverse the columns of the alignment matrices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn

from lstm.checks import check_lengths, check_positive_int
from lstm.nn import decoding
from lstm.nn.attention import AdditiveAttention
from lstm.nn.seq2seq import BOS_ID, CELLS, EOS_ID, PAD_ID

#: The decoder-step state: the recurrent state, the annotations, their projection
#: :math:`U_a h_j` and the source lengths (or None for an unpadded batch).
State = tuple[Any, Tensor, Tensor, Tensor | None]


def _check_tokens(tokens: object, name: str, batch: int | None = None) -> Tensor:
    if not isinstance(tokens, Tensor) or tokens.dtype != torch.int64 or tokens.dim() != 2:
        got = (
            f"dtype {tokens.dtype}, shape {tuple(tokens.shape)}"
            if isinstance(tokens, Tensor)
            else type(tokens).__name__
        )
        raise ValueError(f"expected {name} as an int64 tensor of shape (batch, time), got {got}")
    if tokens.shape[1] == 0:
        raise ValueError(f"expected {name} with at least one time step, got shape (batch, 0)")
    if batch is not None and tokens.shape[0] != batch:
        raise ValueError(
            f"expected {name} for the {batch} source sentences, got {tokens.shape[0]} rows"
        )
    return tokens


class RNNsearch(nn.Module):
    """Bahdanau et al.'s attention-based encoder-decoder on the package's recurrent layers.

    ``RNNsearch(source_vocabulary_size, target_vocabulary_size, *, embedding_size=128,
    hidden_size=128, attention_size=128, readout_size=64, cell="lstm", dropout=0.0)``:
    ``hidden_size`` units in each encoder direction (annotations of ``2 * hidden_size``)
    and in the decoder, ``attention_size`` hidden units in the alignment model,
    ``readout_size`` maxout units. Token ids follow :class:`lstm.data.parallel.Vocabulary`
    (PAD 0, BOS 1, EOS 2); the source is right-padded with PAD, and ``source_lengths`` (or
    None for a batch without padding) tell the encoder and the attention where each
    sentence ends.
    """

    def __init__(
        self,
        source_vocabulary_size: int,
        target_vocabulary_size: int,
        *,
        embedding_size: int = 128,
        hidden_size: int = 128,
        attention_size: int = 128,
        readout_size: int = 64,
        cell: str = "lstm",
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        for name, value in (
            ("source_vocabulary_size", source_vocabulary_size),
            ("target_vocabulary_size", target_vocabulary_size),
            ("embedding_size", embedding_size),
            ("hidden_size", hidden_size),
            ("attention_size", attention_size),
            ("readout_size", readout_size),
        ):
            check_positive_int(value, name)
        if cell not in CELLS:
            raise ValueError(f"expected cell to be one of {sorted(CELLS)}, got {cell!r}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"expected dropout in [0, 1), got {dropout}")
        self.cell = cell
        self.hidden_size = hidden_size
        self.readout_size = readout_size
        annotation_size = 2 * hidden_size
        self.source_embedding = nn.Embedding(
            source_vocabulary_size, embedding_size, padding_idx=PAD_ID
        )
        self.encoder = CELLS[cell](
            embedding_size, hidden_size, batch_first=True, bidirectional=True
        )
        self.bridge = nn.Linear(hidden_size, hidden_size)  # W_s
        self.attention = AdditiveAttention(hidden_size, annotation_size, attention_size)
        self.target_embedding = nn.Embedding(
            target_vocabulary_size, embedding_size, padding_idx=PAD_ID
        )
        self.decoder = CELLS[cell](embedding_size + annotation_size, hidden_size, batch_first=True)
        # U_o, V_o and C_o as one map of [s_i; E y_{i-1}; c_i] to the 2l maxout pieces
        self.maxout = nn.Linear(hidden_size + embedding_size + annotation_size, 2 * readout_size)
        self.output = nn.Linear(readout_size, target_vocabulary_size)  # W_o
        self.dropout = nn.Dropout(dropout)

    @classmethod
    def bahdanau2015(
        cls, source_vocabulary_size: int, target_vocabulary_size: int, **options: Any
    ) -> RNNsearch:
        """The paper's choice of unit: gated recurrent units in the encoder and decoder."""
        return cls(source_vocabulary_size, target_vocabulary_size, cell="gru", **options)

    # -- the decoder-step interface of lstm.nn.decoding ------------------------------------

    def start(self, source: Tensor, lengths: Sequence[int] | Tensor | None = None) -> State:
        """Encode ``source``: the annotations, their projection and :math:`s_0`."""
        _check_tokens(source, "source")
        if lengths is not None:
            lengths = check_lengths(lengths, batch=source.shape[0], time=source.shape[1])
        annotations, _ = self.encoder(self.dropout(self.source_embedding(source)), lengths=lengths)
        # the backward net ends at the first word: its state there is its final state
        first_backward = annotations[:, 0, self.hidden_size :]
        hidden = torch.tanh(self.bridge(first_backward)).unsqueeze(0)  # s_0: (1, batch, n)
        initial = (hidden, torch.zeros_like(hidden)) if self.cell == "lstm" else hidden
        if lengths is not None:
            lengths = lengths.to(source.device)
        return (initial, annotations, self.attention.project_keys(annotations), lengths)

    def _decode(self, tokens: Tensor, state: State) -> tuple[Tensor, Tensor, State]:
        """One decoder step for (n,) previous words: logits, attention weights, new state."""
        recurrent_state, annotations, projected, lengths = state
        hidden = recurrent_state[0] if self.cell == "lstm" else recurrent_state
        context, alpha = self.attention(
            hidden[-1], annotations, lengths, projected_keys=projected
        )  # c_i from s_{i-1}
        embedded = self.dropout(self.target_embedding(tokens))  # E y_{i-1}
        output, recurrent_state = self.decoder(
            torch.cat([embedded, context], dim=1).unsqueeze(1), recurrent_state
        )  # s_i = f(s_{i-1}, y_{i-1}, c_i)
        pieces = self.maxout(self.dropout(torch.cat([output[:, 0], embedded, context], dim=1)))
        maxout = pieces.view(-1, self.readout_size, 2).amax(dim=2)  # t_i
        return self.output(maxout), alpha, (recurrent_state, annotations, projected, lengths)

    def step(self, tokens: Tensor, state: State) -> tuple[Tensor, State]:
        """One decoder step for (n,) previous tokens: logits (n, vocabulary), new state."""
        logits, _, state = self._decode(tokens, state)
        return logits, state

    def select(self, state: State, index: Tensor) -> State:
        """The decoder state of hypotheses ``index`` (rows of the batch)."""
        recurrent_state, annotations, projected, lengths = state
        if isinstance(recurrent_state, tuple):
            recurrent_state = tuple(s.index_select(1, index) for s in recurrent_state)
        else:
            recurrent_state = recurrent_state.index_select(1, index)
        return (
            recurrent_state,
            annotations.index_select(0, index),
            projected.index_select(0, index),
            None if lengths is None else lengths.index_select(0, index),
        )

    # -- training --------------------------------------------------------------------------

    def forward(
        self, source: Tensor, source_lengths: Sequence[int] | Tensor | None, target_in: Tensor
    ) -> tuple[Tensor, Tensor]:
        r"""Teacher forcing: logits (batch, target time, vocabulary) for every next target
        token, and the attention weights :math:`\alpha_{ij}` that produced them (batch,
        target time, source time), exactly 0 on padded source positions."""
        _check_tokens(source, "source")
        _check_tokens(target_in, "target tokens", batch=source.shape[0])
        state = self.start(source, source_lengths)
        logits, alphas = [], []
        for t in range(target_in.shape[1]):
            step_logits, alpha, state = self._decode(target_in[:, t], state)
            logits.append(step_logits)
            alphas.append(alpha)
        return torch.stack(logits, dim=1), torch.stack(alphas, dim=1)

    def token_losses(
        self, source: Tensor, source_lengths: Sequence[int] | Tensor | None, target: Tensor
    ) -> tuple[Tensor, int]:
        """The summed negative log-likelihood (nats) of ``target[:, 1:]`` and its token count.

        ``target`` is BOS w_1 ... w_n EOS, PAD-padded; PAD positions do not count.
        """
        _check_tokens(target, "target")
        if target.shape[1] < 2:
            raise ValueError(
                f"expected target as BOS w_1 ... w_n EOS (at least 2 columns), "
                f"got shape {tuple(target.shape)}"
            )
        logits, _ = self(source, source_lengths, target[:, :-1])
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
            return self._search(source, lengths, max_length, beam_size, length_penalty)
        finally:
            self.train(was_training)

    def _search(
        self,
        source: Tensor,
        lengths: Sequence[int] | Tensor | None,
        max_length: int,
        beam_size: int,
        length_penalty: float,
    ) -> decoding.Decoded:
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

    @torch.no_grad()
    def translate_with_attention(
        self,
        source: Tensor,
        lengths: Sequence[int] | Tensor | None = None,
        *,
        max_length: int = 100,
        beam_size: int = 1,
        length_penalty: float = 0.0,
    ) -> tuple[decoding.Decoded, list[Tensor]]:
        r""":meth:`translate`, and for each sentence the attention weights that wrote it.

        Sentence ``b``'s matrix has shape (output words, source words): row ``i`` holds
        :math:`\alpha_{ij}` over the sentence's own source words (its length, or the
        padded width without ``lengths``) for the step that emitted output word ``i``; the
        step that emitted EOS is left out, so the rows match ``decoded.tokens[b]``. The
        weights come from a teacher-forced pass over the decoded words, which repeats the
        decoder's computation along the chosen hypothesis (each step depends only on the
        words before it), so they are the weights of the search itself, beam or greedy
        (up to floating-point rounding).
        """
        _check_tokens(source, "source")
        was_training = self.training
        self.eval()
        try:
            decoded = self._search(source, lengths, max_length, beam_size, length_penalty)
            width = 1 + max(len(tokens) for tokens in decoded.tokens)
            target_in = torch.full((source.shape[0], width), PAD_ID, dtype=torch.int64)
            target_in[:, 0] = BOS_ID
            for row, tokens in enumerate(decoded.tokens):
                target_in[row, 1 : 1 + len(tokens)] = torch.tensor(tokens, dtype=torch.int64)
            _, alpha = self(source, lengths, target_in.to(source.device))
        finally:
            self.train(was_training)
        widths = [source.shape[1]] * source.shape[0] if lengths is None else lengths
        return decoded, [
            alpha[row, : len(tokens), : int(widths[row])].cpu()
            for row, tokens in enumerate(decoded.tokens)
        ]
