r"""How far back and ahead a network looks: the sequential Jacobian.

Graves, Liwicki, Fernández, Bertolami, Bunke & Schmidhuber (2009, "A novel connectionist
system for unconstrained handwriting recognition", IEEE TPAMI 31(5)) measure the context a
trained network uses by the derivatives of one output, at one frame :math:`t_0`, with
respect to the inputs at every frame :math:`t` of the sequence,

.. math::

    J_t = \sum_f \left| \frac{\partial y^{t_0}_k}{\partial x^t_f} \right|,

the *sequential Jacobian*: where :math:`J_t` is not 0, the input at frame :math:`t`
changes the output at :math:`t_0`. A unidirectional recurrent net has :math:`J_t = 0` for
every :math:`t > t_0`; a bidirectional one can reach both ways, as far as it learned to;
a network that reads a window of :math:`w` frames on each side cannot reach past it.
:func:`context_extent` turns the profile into one number, the distance from
:math:`t_0` within which a given share of the total sensitivity lies.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor

from lstm.checks import check_float_tensor


def sequential_jacobian(
    network: Callable[[Tensor], Tensor], x: Tensor, frame: int, unit: int
) -> Tensor:
    """:math:`J_t` for every frame ``t`` of ``x`` (time, features): the summed absolute
    derivatives of output ``unit`` at ``frame`` with respect to the inputs at ``t``.

    ``network`` maps a batch (1, time, features) to outputs (1, time, units), batch first
    (wrap a network of another layout in a lambda); it runs once, with gradients, on a
    copy of ``x``. Returns a tensor of shape (time,).
    """
    check_float_tensor(x, "x")
    if x.dim() != 2:
        raise ValueError(f"expected x of shape (time, features), got {tuple(x.shape)}")
    time = x.shape[0]
    if isinstance(frame, bool) or not isinstance(frame, int) or not 0 <= frame < time:
        raise ValueError(f"expected frame as an int in [0, {time}), got {frame!r}")
    inputs = x.detach().clone().unsqueeze(0).requires_grad_(True)
    outputs = network(inputs)
    if not isinstance(outputs, Tensor) or outputs.shape[:2] != (1, time):
        shape = tuple(outputs.shape) if isinstance(outputs, Tensor) else type(outputs).__name__
        raise ValueError(f"expected the network's outputs of shape (1, {time}, units), got {shape}")
    units = outputs.shape[2]
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < units:
        raise ValueError(f"expected unit as an int in [0, {units}), got {unit!r}")
    (gradient,) = torch.autograd.grad(outputs[0, frame, unit], inputs)
    return gradient[0].abs().sum(dim=1).detach()


def context_extent(jacobian: Tensor, frame: int, share: float = 0.9) -> int:
    """The smallest distance ``d`` such that frames ``frame - d .. frame + d`` hold at
    least ``share`` of the total of ``jacobian`` (from :func:`sequential_jacobian`): how
    far from ``frame`` the network looks for that share of what moves its output."""
    check_float_tensor(jacobian, "jacobian")
    if jacobian.dim() != 1:
        raise ValueError(f"expected jacobian of shape (time,), got {tuple(jacobian.shape)}")
    time = jacobian.shape[0]
    if isinstance(frame, bool) or not isinstance(frame, int) or not 0 <= frame < time:
        raise ValueError(f"expected frame as an int in [0, {time}), got {frame!r}")
    if not 0.0 < share <= 1.0:
        raise ValueError(f"expected share in (0, 1], got {share!r}")
    total = float(jacobian.sum())
    if total <= 0.0:
        raise ValueError("expected a jacobian with some sensitivity, got all zeros")
    for distance in range(time - 1):
        inside = float(jacobian[max(0, frame - distance) : frame + distance + 1].sum())
        if inside >= share * total:
            return distance
    return time - 1  # the whole sequence holds every share
