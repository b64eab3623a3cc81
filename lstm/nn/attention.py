r"""Additive attention: a soft, learned alignment of one query with a set of keys.

Bahdanau, Cho & Bengio (2015), "Neural Machine Translation by Jointly Learning to Align
and Translate" (ICLR; arXiv:1409.0473), section 3.1 and appendix A.1.2. Before emitting
target word i, the decoder, in its previous state :math:`s_{i-1}`, scores every annotation
:math:`h_j` of the source sentence with a one-hidden-layer "alignment model"

.. math::

    e_{ij} = v_a^\top \tanh(W_a s_{i-1} + U_a h_j),

turns the scores into weights over the source positions,

.. math::

    \alpha_{ij} = \frac{\exp(e_{ij})}{\sum_k \exp(e_{ik})},

and reads their expectation, the context vector :math:`c_i = \sum_j \alpha_{ij} h_j`.
:math:`W_a` and :math:`U_a` map the decoder state and the annotation into the alignment
model's hidden layer (``attention_size`` here), :math:`v_a` maps that to a score; the
equation has no biases, and neither has the layer (a bias on :math:`v_a` would cancel in
the softmax). Because :math:`U_a h_j` does not depend on :math:`i`, it can be computed
once per source sentence, as appendix A.1.2 notes:
:meth:`AdditiveAttention.project_keys` computes it, and ``forward(...,
projected_keys=...)`` reuses it at every decoder step.

Xu et al. (2015), "Show, Attend and Tell: Neural Image Caption Generation with Visual
Attention" (ICML; arXiv:1502.03044), attend the same way over the cells of a convolutional
feature grid: :math:`e_{ti} = f_{att}(a_i, h_{t-1})`, a multilayer perceptron, softmax
weights :math:`\alpha_{ti}`, and, for their deterministic "soft" attention (section 4.2),
the context :math:`\sum_i \alpha_{ti} a_i`. So the layer takes any set of keys of shape
(batch, positions, key_size): a sentence's annotations or an image's grid cells. (Their
gating scalar :math:`\beta` and the doubly stochastic penalty belong to the captioner, not
to this layer.)
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn

from lstm.checks import check_float_tensor, check_lengths, check_positive_int, check_shape


class AdditiveAttention(nn.Module):
    r"""Bahdanau (2015) attention: ``context, alpha = attention(query, keys, lengths)``.

    ``AdditiveAttention(query_size, key_size, attention_size)`` holds the paper's three
    weights, without biases: ``W_a`` (query_size -> attention_size), ``U_a`` (key_size ->
    attention_size) and ``v_a`` (attention_size -> 1), each a bias-free ``nn.Linear`` with
    PyTorch's initialisation. For a query :math:`s` (the decoder's previous state) and keys
    :math:`h_j` (annotations or grid cells):

    .. math::

        e_j = v_a^\top \tanh(W_a s + U_a h_j), \quad
        \alpha_j = \mathrm{softmax}_j(e_j), \quad
        c = \sum_j \alpha_j h_j.

    ``forward(query, keys, lengths=None, *, projected_keys=None)`` takes ``query`` of shape
    (batch, query_size) and ``keys`` of shape (batch, positions, key_size), and returns
    ``(context, alpha)`` of shapes (batch, key_size) and (batch, positions). With
    ``lengths`` (one per batch entry, in [1, positions]), positions at or past a length
    are padding: their weight is exactly 0, so neither the context nor any gradient depends
    on the (finite) values the padded keys hold. ``projected_keys``, from
    :meth:`project_keys` on the same keys, saves recomputing :math:`U_a h_j` at every
    decoder step.
    """

    def __init__(self, query_size: int, key_size: int, attention_size: int) -> None:
        super().__init__()
        self.query_size = check_positive_int(query_size, "query_size")
        self.key_size = check_positive_int(key_size, "key_size")
        self.attention_size = check_positive_int(attention_size, "attention_size")
        self.W_a = nn.Linear(query_size, attention_size, bias=False)
        self.U_a = nn.Linear(key_size, attention_size, bias=False)
        self.v_a = nn.Linear(attention_size, 1, bias=False)

    def _check_keys(self, keys: object) -> Tensor:
        check_float_tensor(keys, "keys")
        check_shape(keys, ("batch", "positions", self.key_size), "keys")
        if keys.shape[1] == 0:
            raise ValueError(
                f"expected keys with at least one position, got shape {tuple(keys.shape)}"
            )
        return keys

    def project_keys(self, keys: Tensor) -> Tensor:
        """:math:`U_a h_j` for every key: (batch, positions, attention_size).

        It does not depend on the query, so compute it once per source sentence (or image)
        and pass it to every decoder step's ``forward(..., projected_keys=...)``.
        """
        return self.U_a(self._check_keys(keys))

    def forward(
        self,
        query: Tensor,
        keys: Tensor,
        lengths: Sequence[int] | Tensor | None = None,
        *,
        projected_keys: Tensor | None = None,
    ) -> tuple[Tensor, Tensor]:
        """The context (batch, key_size) and the weights alpha (batch, positions)."""
        batch, positions, _ = self._check_keys(keys).shape
        check_float_tensor(query, "query")
        check_shape(query, ("batch", self.query_size), "query")
        if query.shape[0] != batch:
            raise ValueError(
                f"expected one query per batch entry of keys ({batch}), "
                f"got query of shape {tuple(query.shape)}"
            )
        if lengths is not None:
            lengths = check_lengths(lengths, batch=batch, time=positions).to(keys.device)
        if projected_keys is None:
            projected_keys = self.U_a(keys)
        else:
            check_float_tensor(projected_keys, "projected_keys")
            check_shape(projected_keys, (batch, positions, self.attention_size), "projected_keys")
        # e_j = v_a^T tanh(W_a s + U_a h_j): (batch, positions)
        scores = self.v_a(torch.tanh(self.W_a(query).unsqueeze(1) + projected_keys)).squeeze(2)
        if lengths is not None:
            padding = torch.arange(positions, device=keys.device) >= lengths.unsqueeze(1)
            scores = scores.masked_fill(padding, float("-inf"))  # exp(-inf) = 0 exactly
        alpha = torch.softmax(scores, dim=1)
        context = torch.bmm(alpha.unsqueeze(1), keys).squeeze(1)  # sum_j alpha_j h_j
        return context, alpha
