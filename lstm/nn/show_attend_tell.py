r"""Show, Attend and Tell: a captioner that looks at a different part of the image for
every word it writes.

Xu, Ba, Kiros, Cho, Courville, Salakhutdinov, Zemel & Bengio (2015), "Show, Attend and
Tell: Neural Image Caption Generation with Visual Attention" (ICML; arXiv:1502.03044),
section 3 and 4.2 (deterministic, "soft" attention). Show and Tell
(:class:`lstm.nn.captioning.Captioner`) gives the LSTM one vector for the whole image;
here the convolutional network's last feature map is kept as a grid of :math:`L`
*annotation vectors* :math:`a_1 \dots a_L`, one per cell (the feature map of
:class:`lstm.nn.captioning.ConvNet` before its flattening; 4 x 4 cells of 64 features by
default).

**Attention** (equations 4 to 6 and section 4.2.1): before writing word :math:`t` the
LSTM, in its previous state :math:`h_{t-1}`, scores every cell with an additive
alignment model (:class:`lstm.nn.attention.AdditiveAttention`), takes softmax weights
:math:`\alpha_{ti}` and reads the context

.. math::

    \hat z_t = \beta_t \sum_i \alpha_{ti} a_i, \qquad
    \beta_t = \sigma(f_\beta(h_{t-1})),

where the gating scalar :math:`\beta_t` lets the model say how much it is looking at the
image at all (in the paper it put more weight on the objects).

**The LSTM** (equation 1) reads the previous word's embedding :math:`E y_{t-1}` beside
:math:`\hat z_t`; its initial state is predicted from the mean annotation,
:math:`c_0 = f_{init,c}(\frac1L \sum_i a_i)` and :math:`h_0 = f_{init,h}(\cdot)`
(section 3.1.2).

**The deep output** (equation 7):
:math:`p(y_t) \propto \exp(L_o(E y_{t-1} + L_h h_t + L_z \hat z_t))`.

**Doubly stochastic attention** (equation 14): the loss adds
:math:`\lambda \sum_i (1 - \sum_t \alpha_{ti})^2`, which asks the model to look at every
cell about once over the caption; ``penalty`` is :math:`\lambda` (0 turns it off).

``freeze_convnet=True`` keeps the convolutional network's weights and batch-norm
statistics fixed, as :class:`~lstm.nn.captioning.ImageEncoder` does. The decoder-step
interface of :mod:`lstm.nn.decoding` (``start``, ``step``, ``select``) serves
:meth:`AttentionCaptioner.caption`; :meth:`AttentionCaptioner.caption_with_attention`
also returns, for each caption, its attention over the grid at every word.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from lstm.checks import check_float_tensor, check_positive_int, check_shape
from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID
from lstm.nn import decoding
from lstm.nn.attention import AdditiveAttention
from lstm.nn.captioning import ConvNet, _check_tokens
from lstm.nn.layers import LSTM

State = tuple[tuple[Tensor, Tensor], Tensor, Tensor]  # (h, c), annotations, U_a a_i


class AttentionCaptioner(nn.Module):
    """Xu et al.'s soft-attention captioner on a :class:`~lstm.nn.captioning.ConvNet`.

    ``AttentionCaptioner(convnet, vocabulary_size, *, embed_size=64, hidden_size=128,
    attention_size=64, penalty=1.0, freeze_convnet=False, dropout=0.0)``. Images are
    (batch, 3, size, size); tokens follow :class:`lstm.data.parallel.Vocabulary` (PAD 0,
    BOS 1, EOS 2).
    """

    def __init__(
        self,
        convnet: ConvNet,
        vocabulary_size: int,
        *,
        embed_size: int = 64,
        hidden_size: int = 128,
        attention_size: int = 64,
        penalty: float = 1.0,
        freeze_convnet: bool = False,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if not isinstance(convnet, ConvNet):
            raise TypeError(f"expected convnet to be a ConvNet, got {type(convnet).__name__}")
        for name, value in (
            ("vocabulary_size", vocabulary_size),
            ("embed_size", embed_size),
            ("hidden_size", hidden_size),
            ("attention_size", attention_size),
        ):
            check_positive_int(value, name)
        if isinstance(penalty, bool) or not isinstance(penalty, int | float) or penalty < 0:
            raise ValueError(f"expected penalty as a number >= 0, got {penalty!r}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"expected dropout in [0, 1), got {dropout!r}")
        self.convnet, self.penalty, self.freeze_convnet = convnet, float(penalty), freeze_convnet
        self.hidden_size = hidden_size
        convnet.requires_grad_(not freeze_convnet)
        annotation_size = convnet.blocks[-1].conv2.out_channels
        self.init_h = nn.Linear(annotation_size, hidden_size)  # f_init,h
        self.init_c = nn.Linear(annotation_size, hidden_size)  # f_init,c
        self.attention = AdditiveAttention(hidden_size, annotation_size, attention_size)
        self.gate = nn.Linear(hidden_size, 1)  # f_beta
        self.embedding = nn.Embedding(vocabulary_size, embed_size, padding_idx=PAD_ID)
        self.decoder = LSTM(embed_size + annotation_size, hidden_size, batch_first=True)
        self.L_h = nn.Linear(hidden_size, embed_size)
        self.L_z = nn.Linear(annotation_size, embed_size)
        self.L_o = nn.Linear(embed_size, vocabulary_size)
        self.dropout = nn.Dropout(dropout)

    def train(self, mode: bool = True) -> AttentionCaptioner:
        super().train(mode)
        if self.freeze_convnet:
            self.convnet.eval()
        return self

    def annotations(self, images: Tensor) -> Tensor:
        """The grid of annotation vectors :math:`a_i`: (batch, cells, features)."""
        check_float_tensor(images, "images")
        size = self.convnet.image_size
        check_shape(images, ("batch", 3, size, size), "images")
        maps = self.convnet.blocks(self.convnet.stem(images))
        return maps.flatten(2).transpose(1, 2)

    # -- the decoder-step interface of lstm.nn.decoding ------------------------------------

    def start(self, images: Tensor) -> State:
        """The initial state from the mean annotation, and the annotations to attend to."""
        annotations = self.annotations(images)
        mean = annotations.mean(dim=1)
        h, c = torch.tanh(self.init_h(mean)), torch.tanh(self.init_c(mean))
        state = (h.unsqueeze(0), c.unsqueeze(0))  # (layers, batch, hidden_size)
        return state, annotations, self.attention.project_keys(annotations)

    def _decode(self, tokens: Tensor, state: State) -> tuple[Tensor, Tensor, State]:
        """One word for (n,) previous words: logits, attention over the cells, new state."""
        recurrent_state, annotations, projected = state
        previous = recurrent_state[0][-1]  # h_{t-1}
        context, alpha = self.attention(previous, annotations, projected_keys=projected)
        z = torch.sigmoid(self.gate(previous)) * context  # z_t = beta_t sum_i alpha_ti a_i
        embedded = self.dropout(self.embedding(tokens))  # E y_{t-1}
        output, recurrent_state = self.decoder(
            torch.cat([embedded, z], dim=1).unsqueeze(1), recurrent_state
        )  # h_t
        logits = self.L_o(self.dropout(embedded + self.L_h(output[:, 0]) + self.L_z(z)))  # eq. 7
        return logits, alpha, (recurrent_state, annotations, projected)

    def step(self, tokens: Tensor, state: State) -> tuple[Tensor, State]:
        """One word for each of (n,) previous tokens: logits (n, vocabulary), new state."""
        logits, _, state = self._decode(tokens, state)
        return logits, state

    def select(self, state: State, index: Tensor) -> State:
        """The state of hypotheses ``index``."""
        (h, c), annotations, projected = state
        return (
            (h.index_select(1, index), c.index_select(1, index)),
            annotations.index_select(0, index),
            projected.index_select(0, index),
        )

    # -- training --------------------------------------------------------------------------

    def forward(self, images: Tensor, tokens_in: Tensor) -> tuple[Tensor, Tensor]:
        """Teacher forcing: logits (batch, time, vocabulary) of the word after each of
        ``tokens_in`` (BOS w_1 ... w_n, PAD-padded) and the attention (batch, time, cells)
        with which each was written."""
        _check_tokens(tokens_in, len(images))
        if tokens_in.shape[1] == 0:
            raise ValueError("expected tokens of at least one step (BOS), got none")
        state = self.start(images)
        logits, alphas = [], []
        for t in range(tokens_in.shape[1]):
            step_logits, alpha, state = self._decode(tokens_in[:, t], state)
            logits.append(step_logits)
            alphas.append(alpha)
        return torch.stack(logits, dim=1), torch.stack(alphas, dim=1)

    def loss(self, images: Tensor, tokens: Tensor) -> Tensor:
        """Mean negative log-likelihood per word of ``tokens`` (BOS w_1 ... w_n EOS,
        PAD-padded; the words and EOS count) plus ``penalty`` times the mean over captions
        of :math:`\\sum_i (1 - \\sum_t \\alpha_{ti})^2`, the sum over each caption's own
        words."""
        logits, alpha = self(images, tokens[:, :-1])
        gold = tokens[:, 1:]
        nll = F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), gold.reshape(-1), ignore_index=PAD_ID
        )
        words = (gold != PAD_ID).unsqueeze(2)  # (batch, time, 1)
        coverage = (alpha * words).sum(dim=1)  # sum_t alpha_ti: (batch, cells)
        return nll + self.penalty * ((1.0 - coverage) ** 2).sum(dim=1).mean()

    # -- captioning ------------------------------------------------------------------------

    @torch.no_grad()
    def caption(
        self, images: Tensor, *, beam_size: int = 1, max_length: int = 40
    ) -> decoding.Decoded:
        """Captions of ``images`` as token ids: greedy (``beam_size=1``) or beam search,
        both from :mod:`lstm.nn.decoding`, in eval mode."""
        check_positive_int(beam_size, "beam_size")
        was_training = self.training
        self.eval()
        try:
            common: dict[str, Any] = dict(
                batch_size=len(images), bos=BOS_ID, eos=EOS_ID, max_length=max_length
            )
            if beam_size == 1:
                return decoding.greedy(self, self.start(images), **common)
            return decoding.beam_search(self, self.start(images), beam_size=beam_size, **common)
        finally:
            self.train(was_training)

    @torch.no_grad()
    def caption_with_attention(
        self, images: Tensor, *, beam_size: int = 1, max_length: int = 40
    ) -> tuple[decoding.Decoded, list[Tensor]]:
        """:meth:`caption`, and for each caption its attention (words, cells): row ``t`` is
        the weight on every cell when word ``t`` was written (the EOS step left out),
        from a teacher-forced pass over the caption, which repeats the search's steps."""
        decoded = self.caption(images, beam_size=beam_size, max_length=max_length)
        width = 1 + max(len(tokens) for tokens in decoded.tokens)
        tokens_in = torch.full((len(images), width), PAD_ID, dtype=torch.int64)
        tokens_in[:, 0] = BOS_ID
        for row, tokens in enumerate(decoded.tokens):
            tokens_in[row, 1 : 1 + len(tokens)] = torch.tensor(tokens, dtype=torch.int64)
        was_training = self.training
        self.eval()
        try:
            _, alpha = self(images, tokens_in)
        finally:
            self.train(was_training)
        return decoded, [alpha[row, : len(tokens)] for row, tokens in enumerate(decoded.tokens)]
