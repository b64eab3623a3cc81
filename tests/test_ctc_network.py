"""The CTC network (lstm.nn.ctc_network): its log-softmax outputs, that running a padded
batch gives every utterance exactly what it gets alone, which frames each direction
reads, its weights against the formulas, its names, and its checks."""

import pytest
import torch

from lstm.nn.ctc_network import CELLS, CTCNetwork, FactorisedLSTMP
from lstm.nn.layers import LSTM

INPUT, CLASSES = 5, 4
NETWORKS = {
    "blstm": {"cell": "lstm"},
    "brnn": {"cell": "tanh"},
    "lstm": {"cell": "lstm", "bidirectional": False},
    "blstmp": {"cell": "lstm", "proj_size": 3},
}


def network(hidden_size=6, num_layers=2, **options):
    torch.manual_seed(0)
    return CTCNetwork(INPUT, CLASSES, hidden_size, num_layers, **options)


def features(batch, time, seed=0):
    return torch.randn(batch, time, INPUT, generator=torch.Generator().manual_seed(seed))


def padded_pair(pad=None):
    """Two utterances of 7 and 4 frames, the second padded with zeros (or ``pad``)."""
    long, short = features(1, 7, seed=1)[0], features(1, 4, seed=2)[0]
    tail = torch.zeros(3, INPUT) if pad is None else pad
    return torch.stack([long, torch.cat([short, tail])]), [long, short]


def test_the_output_is_time_major_log_softmax_over_the_classes_and_the_blank():
    out = network()(features(3, 9), [9, 5, 2])
    assert out.shape == (9, 3, CLASSES + 1)
    assert torch.allclose(out.exp().sum(-1), torch.ones(9, 3), atol=1e-6)
    assert (out <= 0).all()


def test_the_cells_are_lstm_and_tanh_and_each_builds_a_network():
    assert CELLS == ("lstm", "tanh")
    assert [network(cell=cell).cell for cell in CELLS] == ["lstm", "tanh"]


def test_the_factorised_lstmp_layer_computes_the_projected_lstm_and_its_gradients():
    torch.manual_seed(0)
    layer = FactorisedLSTMP(INPUT, 8, 3).double()
    x = features(4, 9).double().requires_grad_()
    r, (r_n, c_n) = layer(x)
    reference, (h_ref, c_ref) = layer.lstmp(x)  # PyTorch's own LSTM with projections
    assert r.shape == (4, 9, 3) and r_n.shape == (1, 4, 3) and c_n.shape == (1, 4, 8)
    assert torch.allclose(r, reference, atol=1e-12)
    assert torch.allclose(r_n, h_ref, atol=1e-12) and torch.allclose(c_n, c_ref, atol=1e-12)
    inputs = [x, *layer.parameters()]
    ours = torch.autograd.grad((r * torch.linspace(-1, 1, 3)).sum(), inputs)
    theirs = torch.autograd.grad((reference * torch.linspace(-1, 1, 3)).sum(), inputs)
    for a, b in zip(ours, theirs, strict=True):
        assert torch.allclose(a, b, atol=1e-12)


def test_the_factorised_lstmp_layer_has_exactly_the_parameters_of_lstm_with_projections():
    layer = FactorisedLSTMP(INPUT, 8, 3)
    expected = LSTM(INPUT, 8, proj_size=3, batch_first=True)
    # every parameter of the layer is LSTMP's: the kernel's template adds none
    assert [(name, p.shape) for name, p in layer.named_parameters()] == [
        (f"lstmp.{name}", p.shape) for name, p in expected.named_parameters()
    ]


def test_a_factorised_lstmp_layer_refuses_a_projection_as_wide_as_its_cells():
    with pytest.raises(ValueError, match=r"proj_size < hidden_size \(8\), got proj_size=8"):
        FactorisedLSTMP(INPUT, 8, 8)


@pytest.mark.parametrize("options", NETWORKS.values(), ids=NETWORKS.keys())
def test_each_utterance_of_a_padded_batch_gets_what_it_gets_alone(options):
    model = network(**options)
    batch, utterances = padded_pair()
    out = model(batch, [7, 4])
    for column, utterance in enumerate(utterances):
        alone = model(utterance.unsqueeze(0), [len(utterance)])[:, 0]
        assert torch.allclose(out[: len(utterance), column], alone, atol=1e-6)


@pytest.mark.parametrize("options", NETWORKS.values(), ids=NETWORKS.keys())
def test_the_values_in_the_padding_change_no_valid_output(options):
    model = network(**options)
    zeros, _ = padded_pair()
    noise, _ = padded_pair(pad=10 * features(1, 3, seed=3)[0])
    assert torch.allclose(model(zeros, [7, 4])[:4, 1], model(noise, [7, 4])[:4, 1], atol=1e-6)


def test_a_unidirectional_network_reads_no_later_frame_and_a_bidirectional_one_does():
    x = features(1, 8)
    changed = x.clone()
    changed[0, 5] += 1.0
    uni = network(bidirectional=False)
    before, after = uni(x, [8]), uni(changed, [8])
    assert torch.equal(before[:5], after[:5])
    assert not torch.allclose(before[5], after[5])
    bi = network(bidirectional=True)
    before, after = bi(x, [8]), bi(changed, [8])
    assert (before[:5] - after[:5]).abs().amax(dim=(1, 2)).min() > 0


def count(model):
    return sum(p.numel() for p in model.parameters())


def test_a_bidirectional_lstm_layer_has_the_weights_of_the_formula():
    n, d, k = 7, 3, 4
    model = CTCNetwork(d, k, n, 1)
    # two directions of 4 gates: input and recurrent weights, and PyTorch's two biases
    expected = 2 * 4 * n * (d + n) + 2 * 2 * 4 * n + (2 * n) * (k + 1) + (k + 1)
    assert count(model) == expected


def test_a_second_bidirectional_layer_reads_both_directions_of_the_first():
    n, d, k = 7, 3, 4
    model = CTCNetwork(d, k, n, 2)
    first = 2 * (4 * n * (d + n) + 2 * 4 * n)
    second = 2 * (4 * n * (2 * n + n) + 2 * 4 * n)
    assert count(model) == first + second + (2 * n) * (k + 1) + (k + 1)


def test_a_projected_lstm_has_the_weights_of_the_formula():
    n, r, d, k = 8, 3, 5, 4

    def direction(inputs):
        return 4 * n * (inputs + r) + 2 * 4 * n + r * n

    model = CTCNetwork(d, k, n, 2, proj_size=r)
    expected = 2 * direction(d) + 2 * direction(2 * r) + (2 * r) * (k + 1) + (k + 1)
    assert count(model) == expected


def test_unidirectional_and_tanh_networks_have_the_weights_of_the_formula():
    n, d, k = 6, 3, 4
    uni = CTCNetwork(d, k, n, 2, bidirectional=False)
    lstm = 4 * n * (d + n) + 2 * 4 * n + 4 * n * (n + n) + 2 * 4 * n
    assert count(uni) == lstm + n * (k + 1) + (k + 1)
    tanh = CTCNetwork(d, k, n, 1, cell="tanh")
    assert count(tanh) == 2 * (n * (d + n) + 2 * n) + (2 * n) * (k + 1) + (k + 1)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((80, 3), "3 × 80 BLSTM"),
        ((80, 3, {"proj_size": 40}), "3 × 80/40 BLSTMP"),
        ((10, 1, {"cell": "tanh", "bidirectional": False}), "1 × 10 RNN"),
        ((500, 3, {"cell": "tanh"}), "3 × 500 BRNN"),
        ((421, 3, {"bidirectional": False}), "3 × 421 LSTM"),
        ((80, 2, {"bidirectional": False, "proj_size": 26}), "2 × 80/26 LSTMP"),
    ],
)
def test_describe_names_the_network_as_the_paper_does(arguments, name):
    hidden_size, num_layers, *options = arguments
    model = CTCNetwork(26, 39, hidden_size, num_layers, **(options[0] if options else {}))
    assert model.describe() == name


@pytest.mark.parametrize(
    ("arguments", "options", "error", "message"),
    [
        ((5, 4, 6), {"cell": "gru"}, ValueError, r"expected cell to be one of \('lstm', 'tanh'\)"),
        ((5, 4, 6), {"cell": "tanh", "proj_size": 2}, ValueError, "proj_size 0 for a tanh"),
        ((5, 4, 6), {"proj_size": 6}, ValueError, r"proj_size below hidden_size \(6\), got 6"),
        ((5, 4, 6), {"proj_size": 9}, ValueError, r"proj_size below hidden_size \(6\), got 9"),
        ((5, 4, 6), {"proj_size": -1}, ValueError, "proj_size as an int >= 0, got -1"),
        ((5, 4, 6), {"proj_size": True}, ValueError, "proj_size as an int >= 0, got True"),
        ((5, 4, 6), {"proj_size": 2.0}, ValueError, "proj_size as an int >= 0, got 2.0"),
        ((0, 4, 6), {}, ValueError, "input_size to be a positive int, got 0"),
        ((5, 0, 6), {}, ValueError, "classes to be a positive int, got 0"),
        ((5, 4, -2), {}, ValueError, "hidden_size to be a positive int, got -2"),
        ((5, 4, 6, 0), {}, ValueError, "num_layers to be a positive int, got 0"),
        ((5, 4, 6.0), {}, TypeError, "hidden_size to be a positive int, got float"),
        ((5, 4, 6, True), {}, TypeError, "num_layers to be a positive int, got bool"),
    ],
)
def test_bad_arguments_are_refused_with_what_was_expected(arguments, options, error, message):
    with pytest.raises(error, match=message):
        CTCNetwork(*arguments, **options)


@pytest.mark.parametrize(
    "x",
    [torch.zeros(2, 3), torch.zeros(2, 3, INPUT + 1), torch.zeros(1, 2, 3, INPUT)],
    ids=["2d", "wrong-features", "4d"],
)
def test_features_of_the_wrong_shape_are_refused(x):
    with pytest.raises(ValueError, match=rf"features of shape \(batch, time, {INPUT}\), got"):
        network()(x, [1, 1])


def test_features_that_are_not_a_tensor_are_refused():
    with pytest.raises(ValueError, match="features of shape .* got list"):
        network()([[[0.0] * INPUT]], [1])


@pytest.mark.parametrize(
    ("lengths", "error", "message"),
    [
        ([3], ValueError, r"one length per sequence, shape \(2,\), got \(1,\)"),
        ([3, 0], ValueError, r"every length in \[1, 3\].*from 0 to 3"),
        ([3, 4], ValueError, r"every length in \[1, 3\].*from 3 to 4"),
        (torch.tensor([3.0, 2.0]), TypeError, "lengths of an integer dtype"),
        (3, TypeError, "lengths as a sequence of ints, got int"),
    ],
)
def test_bad_lengths_are_refused(lengths, error, message):
    with pytest.raises(error, match=message):
        network()(features(2, 3), lengths)


def test_two_networks_built_from_the_same_seed_give_the_same_outputs():
    x = features(2, 6)
    torch.manual_seed(0)
    first = CTCNetwork(INPUT, CLASSES, 6, 2)
    torch.manual_seed(0)
    second = CTCNetwork(INPUT, CLASSES, 6, 2)
    assert torch.equal(first(x, [6, 3]), second(x, [6, 3]))
    torch.manual_seed(1)
    other = CTCNetwork(INPUT, CLASSES, 6, 2)
    assert not torch.allclose(first(x, [6, 3]), other(x, [6, 3]))
