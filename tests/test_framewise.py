"""Framewise classifiers: every kind maps frames to class scores, the MLP's window sees
exactly its neighbours, unidirectional nets are causal, and networks of equal size."""

import pytest
import torch

from lstm.nn.framewise import (
    KINDS,
    FramewiseMLP,
    count_parameters,
    framewise_network,
    hidden_size_for,
)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_maps_frames_to_class_scores(kind):
    torch.manual_seed(0)
    model = framewise_network(kind, 26, 8, 39, window=2 if kind == "mlp" else 0)
    out = model(torch.randn(3, 11, 26))
    assert out.shape == (3, 11, 39)


def test_unknown_kinds_windows_on_recurrent_nets_and_bad_sizes_are_clear_errors():
    with pytest.raises(ValueError, match="expected a network kind"):
        framewise_network("gru", 26, 8, 39)
    with pytest.raises(ValueError, match="expected window 0 for a recurrent net"):
        framewise_network("lstm", 26, 8, 39, window=3)
    with pytest.raises(ValueError, match="expected window as an int >= 0"):
        FramewiseMLP(26, 8, 39, window=-1)
    with pytest.raises(ValueError, match="expected hidden_size to be a positive int"):
        FramewiseMLP(26, 0, 39)


def test_the_mlp_rejects_input_of_the_wrong_shape():
    model = FramewiseMLP(26, 5, 39, window=1)
    with pytest.raises(
        ValueError, match=r"expected input of shape \(batch, time, 26\), got \(4, 26\)"
    ):
        model(torch.randn(4, 26))


def test_the_mlp_window_sees_exactly_its_neighbours():
    torch.manual_seed(0)
    model = FramewiseMLP(26, 5, 39, window=2)
    x = torch.randn(1, 12, 26)
    changed = x.clone()
    changed[0, 6] += 1.0
    moved = (model(x) - model(changed)).abs().sum(-1)[0] > 0
    assert moved.nonzero().flatten().tolist() == [4, 5, 6, 7, 8]


def test_unidirectional_nets_are_causal_bidirectional_ones_are_not():
    torch.manual_seed(0)
    x = torch.randn(1, 10, 26)
    changed = x.clone()
    changed[0, 7] += 1.0
    for kind, causal in (("lstm", True), ("rnn", True), ("blstm", False), ("brnn", False)):
        model = framewise_network(kind, 26, 6, 39)
        moved = (model(x) - model(changed)).abs().sum(-1)[0] > 0
        assert bool(moved[:7].any()) is not causal, kind


def test_count_parameters_counts_trainable_weights_only():
    model = torch.nn.Linear(3, 2)
    assert count_parameters(model) == 8
    model.bias.requires_grad_(False)
    assert count_parameters(model) == 6
    with pytest.raises(TypeError, match="expected a torch.nn.Module, got list"):
        count_parameters([model])


@pytest.mark.parametrize("kind", KINDS)
def test_hidden_size_for_matches_the_parameter_budget(kind):
    def build(hidden):
        return framewise_network(kind, 26, hidden, 39)

    hidden = hidden_size_for(20_000, build)
    size = count_parameters(build(hidden))
    neighbours = [count_parameters(build(h)) for h in (hidden - 1, hidden + 1)]
    assert all(abs(size - 20_000) <= abs(n - 20_000) for n in neighbours)
    assert abs(size - 20_000) / 20_000 < 0.05


def test_hidden_size_for_rejects_a_tiny_budget_and_a_builder_that_is_not_callable():
    with pytest.raises(ValueError, match="expected parameters as an int >= 100"):
        hidden_size_for(10, lambda hidden: torch.nn.Linear(hidden, 1))
    with pytest.raises(TypeError, match="expected build to be callable"):
        hidden_size_for(1_000, "lstm")
