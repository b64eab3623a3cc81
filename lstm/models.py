"""Small models the experiments share: a recurrent layer with a linear read-out."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor, nn


class Readout(nn.Module):
    """A recurrent layer followed by a linear read-out at every step (or the last one).

    ``recurrent`` is any layer of :mod:`lstm.layers` (``LSTM``, ``GRU``, ``RNN``); the
    read-out maps its output at each step to ``output_size`` numbers. With
    ``last_step_only=True`` only the output at each sequence's last valid step is read,
    as in the papers' classification tasks whose target comes at the end.
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
        output, _ = self.recurrent(x, lengths=lengths)
        if self.last_step_only:
            if lengths is None:
                output = output[:, -1]
            else:
                last = torch.as_tensor(lengths, device=output.device) - 1
                output = output[torch.arange(output.shape[0], device=output.device), last]
        return self.read(output)
