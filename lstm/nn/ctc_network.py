"""Deep recurrent networks that emit phoneme probabilities for connectionist temporal
classification (CTC), as in Graves, Mohamed & Hinton (2013).

The network stacks ``num_layers`` recurrent layers. In the bidirectional form each layer
has a forward and a backward sub-layer, and the next layer reads both (their outputs side
by side): for layer n and frame t,

    →h^n_t = H(W →h^{n-1}_t + W →h^n_{t-1} + b),
    ←h^n_t = H(W ←h^{n-1}_t + W ←h^n_{t+1} + b),

and the top layer feeds a softmax over the K phoneme classes and the CTC blank (index 0,
:data:`lstm.nn.ctc.BLANK`). H is the LSTM (``cell="lstm"``) or a tanh unit
(``cell="tanh"``). ``proj_size`` gives every LSTM a recurrent projection layer (LSTMP,
Sak, Senior & Beaufays 2014): the cell output m_t is projected to r_t = W_rm m_t, and r_t
is what recurs and what the next layer reads, so a layer of n cells costs
4n(n_in + r + 1) + r n weights rather than 4n(n_in + n + 1).

How it runs: each direction of each layer is a unidirectional :class:`lstm.LSTM` or
:class:`lstm.RNN` on PyTorch's fused kernels (an LSTMP layer as
:class:`FactorisedLSTMP`), run on the zero-padded batch. The forward
direction's output at frame t depends on frames up to t only, so the padding after an
utterance cannot change it; the backward direction reads each utterance reversed within
its own length (:func:`lstm.nn.layers.reverse_padded`), so that its padding also comes
last. Both are exact for every valid frame, and many times faster on the CPU than a packed
batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn

from lstm.checks import check_lengths, check_positive_int
from lstm.nn.layers import LSTM, RNN, reverse_padded

CELLS = ("lstm", "tanh")


class FactorisedLSTMP(nn.Module):
    r"""One unidirectional LSTMP layer (Sak, Senior & Beaufays 2014) on PyTorch's fused
    kernel for the plain LSTM.

    LSTMP feeds back the projection :math:`r_{t-1} = W_{rm} m_{t-1}` of the cell output,
    and the recurrent term of every gate factorises:

    .. math:: W_r r_{t-1} = W_r (W_{rm} m_{t-1}) = (W_r W_{rm})\, m_{t-1}.

    So the layer is a plain LSTM of the same cells whose recurrent matrix is the product
    :math:`W_r W_{rm}`, followed by one product :math:`r_t = W_{rm} m_t` over all frames.
    The parameters are those of ``lstm.LSTM(input_size, hidden_size, proj_size=proj_size)``
    (held as :attr:`lstmp`) and gradients reach them through the product. The outputs equal
    LSTMP's up to rounding, and the layer runs on the plain LSTM's fused kernel: PyTorch's
    own LSTM with projections has no such kernel on the CPU and runs several times slower.
    The initial state is zero, as in :class:`CTCNetwork`.

    ``forward(x)`` maps (batch, time, input_size) to ``(r, (r_n, c_n))`` as
    :class:`lstm.LSTM` does: r of shape (batch, time, proj_size), r_n and c_n of shape
    (1, batch, size).
    """

    def __init__(self, input_size: int, hidden_size: int, proj_size: int) -> None:
        super().__init__()
        self.lstmp = LSTM(input_size, hidden_size, proj_size=proj_size, batch_first=True)
        # A parameter-free template that the fused kernel runs with the factorised weights.
        self._kernel = (nn.LSTM(input_size, hidden_size, batch_first=True, device="meta"),)

    def forward(self, x: Tensor) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        parameters = dict(self.lstmp.named_parameters())
        projection = parameters.pop("weight_hr_l0")
        parameters["weight_hh_l0"] = parameters["weight_hh_l0"] @ projection
        m, (m_n, c_n) = torch.func.functional_call(self._kernel[0], parameters, (x,))
        return m @ projection.t(), (m_n @ projection.t(), c_n)


class CTCNetwork(nn.Module):
    """A deep (bidirectional) LSTM or tanh RNN with a softmax over ``classes`` + blank.

    ``forward(x, lengths)`` maps features (batch, time, input_size) and the frames of
    each utterance (batch,) to log-probabilities (time, batch, classes + 1), the layout of
    :func:`torch.nn.functional.ctc_loss`; index 0 is the blank. Frames past an
    utterance's length carry values that the loss and the decoders must ignore.
    """

    def __init__(
        self,
        input_size: int,
        classes: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        cell: str = "lstm",
        bidirectional: bool = True,
        proj_size: int = 0,
    ) -> None:
        super().__init__()
        self.input_size = check_positive_int(input_size, "input_size")
        self.classes = check_positive_int(classes, "classes")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        self.num_layers = check_positive_int(num_layers, "num_layers")
        if cell not in CELLS:
            raise ValueError(f"expected cell to be one of {CELLS}, got {cell!r}")
        if isinstance(proj_size, bool) or not isinstance(proj_size, int) or proj_size < 0:
            raise ValueError(f"expected proj_size as an int >= 0, got {proj_size!r}")
        if proj_size and cell != "lstm":
            raise ValueError(f"expected proj_size 0 for a {cell} network, got {proj_size}")
        if proj_size >= hidden_size:
            raise ValueError(
                f"expected proj_size below hidden_size ({hidden_size}), got {proj_size}"
            )
        self.cell, self.bidirectional, self.proj_size = cell, bidirectional, proj_size
        directions = 2 if bidirectional else 1
        width = proj_size or hidden_size
        self.layers = nn.ModuleList()
        for layer in range(num_layers):
            size = input_size if layer == 0 else width * directions
            self.layers.append(nn.ModuleList(self._sublayer(size) for _ in range(directions)))
        self.read = nn.Linear(width * directions, classes + 1)

    def _sublayer(self, input_size: int) -> nn.Module:
        if self.cell == "tanh":
            return RNN(input_size, self.hidden_size, batch_first=True)
        if self.proj_size:
            return FactorisedLSTMP(input_size, self.hidden_size, self.proj_size)
        return LSTM(input_size, self.hidden_size, batch_first=True)

    def forward(self, x: Tensor, lengths: Sequence[int] | Tensor) -> Tensor:
        if not isinstance(x, Tensor) or x.dim() != 3 or x.shape[2] != self.input_size:
            shape = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
            raise ValueError(
                f"expected features of shape (batch, time, {self.input_size}), got {shape}"
            )
        lengths = check_lengths(lengths, x.shape[0], x.shape[1])
        for forward, *backward in self.layers:
            outputs = [forward(x)[0]]
            for sublayer in backward:
                reversed_output = sublayer(reverse_padded(x, lengths))[0]
                outputs.append(reverse_padded(reversed_output, lengths))
            x = torch.cat(outputs, dim=2)
        return self.read(x).log_softmax(-1).transpose(0, 1)

    def describe(self) -> str:
        """A short name in the paper's style: ``"3 × 80 BLSTM"``, ``"3 × 80/26 BLSTMP"``."""
        kind = {"lstm": "LSTM", "tanh": "RNN"}[self.cell]
        kind = ("B" if self.bidirectional else "") + kind + ("P" if self.proj_size else "")
        cells = f"{self.hidden_size}/{self.proj_size}" if self.proj_size else str(self.hidden_size)
        return f"{self.num_layers} × {cells} {kind}"
