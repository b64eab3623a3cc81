"""The sequential Jacobian: what a unidirectional, a bidirectional and a windowed network
can see, and the context extent read from it."""

import pytest
import torch

from lstm.nn.ctc_network import CTCNetwork
from lstm.nn.framewise import FramewiseMLP
from lstm.nn.sensitivity import context_extent, sequential_jacobian

TIME, FEATURES, FRAME = 12, 3, 5


def ctc_network(bidirectional):
    torch.manual_seed(0)
    network = CTCNetwork(FEATURES, 4, 6, bidirectional=bidirectional)
    return lambda x: network(x, [x.shape[1]]).transpose(0, 1)


def inputs():
    return torch.randn(TIME, FEATURES, generator=torch.Generator().manual_seed(1))


def test_a_unidirectional_network_is_blind_to_the_future_and_a_bidirectional_one_is_not():
    forward = sequential_jacobian(ctc_network(False), inputs(), FRAME, unit=1)
    both = sequential_jacobian(ctc_network(True), inputs(), FRAME, unit=1)
    assert forward.shape == both.shape == (TIME,)
    assert torch.all(forward[FRAME + 1 :] == 0) and torch.all(forward[: FRAME + 1] > 0)
    assert torch.all(both > 0)


def test_a_windowed_network_sees_its_window_and_the_extent_is_the_window():
    torch.manual_seed(0)
    mlp = FramewiseMLP(FEATURES, 8, 5, window=2)
    jacobian = sequential_jacobian(mlp, inputs(), FRAME, unit=0)
    seen = torch.nonzero(jacobian).flatten().tolist()
    assert seen == [FRAME - 2, FRAME - 1, FRAME, FRAME + 1, FRAME + 2]
    assert context_extent(jacobian, FRAME, share=1.0) == 2
    assert context_extent(jacobian, FRAME, share=0.01) <= 2


def test_the_jacobian_is_the_gradient_of_the_one_output():
    weights = torch.randn(FEATURES, 2, generator=torch.Generator().manual_seed(2))

    def network(x):  # output t reads input t and t - 1
        return x @ weights + torch.roll(x, 1, dims=1) @ weights

    jacobian = sequential_jacobian(network, inputs(), FRAME, unit=1)
    expected = torch.zeros(TIME)
    expected[FRAME] = expected[FRAME - 1] = weights[:, 1].abs().sum()
    assert torch.allclose(jacobian, expected)


def test_the_extent_grows_with_the_share_it_must_hold():
    jacobian = torch.tensor([1.0, 1.0, 4.0, 1.0, 0.0, 3.0])
    assert context_extent(jacobian, 2, share=0.4) == 0
    assert context_extent(jacobian, 2, share=0.6) == 1
    assert context_extent(jacobian, 2, share=1.0) == 3


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: sequential_jacobian(lambda x: x, torch.randn(3), 0, 0),
            "shape \\(time, features\\)",
        ),
        (
            lambda: sequential_jacobian(lambda x: x, torch.randn(3, 2), 3, 0),
            "frame as an int in \\[0, 3\\)",
        ),
        (
            lambda: sequential_jacobian(lambda x: x, torch.randn(3, 2), 0, 2),
            "unit as an int in \\[0, 2\\)",
        ),
        (
            lambda: sequential_jacobian(lambda x: x[0], torch.randn(3, 2), 0, 0),
            "outputs of shape \\(1, 3, units\\)",
        ),
        (lambda: context_extent(torch.zeros(4), 1), "some sensitivity, got all zeros"),
        (lambda: context_extent(torch.ones(4), 1, share=0.0), "share in \\(0, 1\\]"),
        (lambda: context_extent(torch.ones(2, 2), 1), "shape \\(time,\\)"),
        (lambda: context_extent(torch.ones(4), 4), "frame as an int in \\[0, 4\\)"),
    ],
)
def test_bad_inputs_are_named_in_one_line(call, message):
    with pytest.raises(ValueError, match=message):
        call()
