"""Small models the experiments share: a recurrent layer with a linear read-out."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn

from lstm.checks import check_lengths


class Readout(nn.Module):
    """A recurrent layer followed by a linear read-out at every step (or the last one).

    ``recurrent`` is any layer of :mod:`lstm.nn.layers` (``LSTM``, ``GRU``, ``RNN``); the
    read-out maps its output at each step to ``output_size`` numbers. With
    ``last_step_only=True`` only the output at each sequence's last valid step is read,
    as in the papers' classification tasks whose target comes at the end.

    A unidirectional layer read at the last step runs on the padded batch, ``lengths``
    ignored, and the output is gathered at each sequence's last valid step: its output at
    step t depends on steps up to t only, so padding after it changes nothing, and the
    padded batch runs many times faster than a packed one on torch's fused kernels.
    """

    def __init__(
        self, recurrent: nn.Module, output_size: int, *, last_step_only: bool = False
    ) -> None:
        super().__init__()
        self.recurrent = recurrent
        width = getattr(recurrent, "output_size", recurrent.hidden_size)
        width *= 2 if recurrent.bidirectional else 1
        self.read = nn.Linear(width, output_size)
        self.last_step_only = last_step_only

    def forward(self, x: Tensor, lengths: Sequence[int] | Tensor | None = None) -> Tensor:
        """(batch, time, input) -> (batch, time, output), or (batch, output) at the last step."""
        padded_is_exact = self.last_step_only and not self.recurrent.bidirectional
        if padded_is_exact and lengths is not None:
            lengths = check_lengths(lengths, batch=x.shape[0], time=x.shape[1])
        output, _ = self.recurrent(x, lengths=None if padded_is_exact else lengths)
        if self.last_step_only:
            if lengths is None:
                output = output[:, -1]
            else:
                last = torch.as_tensor(lengths, device=output.device) - 1
                output = output[torch.arange(output.shape[0], device=output.device), last]
        return self.read(output)
