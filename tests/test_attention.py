"""Additive attention: shapes, weights as a distribution, padding, the equations by hand,
gradcheck, precomputed keys, seeding, bad input."""

import math

import pytest
import torch

from lstm.nn.attention import AdditiveAttention

pytestmark = pytest.mark.timeout(60)

QUERY_SIZE, KEY_SIZE, ATTENTION_SIZE = 5, 6, 4


def make(seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    return AdditiveAttention(QUERY_SIZE, KEY_SIZE, ATTENTION_SIZE).to(dtype)


def inputs(batch=4, positions=7, seed=1, dtype=torch.float32):
    generator = torch.Generator().manual_seed(seed)
    query = torch.randn(batch, QUERY_SIZE, generator=generator, dtype=dtype)
    keys = torch.randn(batch, positions, KEY_SIZE, generator=generator, dtype=dtype)
    return query, keys


LENGTHS = torch.tensor([7, 3, 1, 5])


def padding_mask(lengths, positions):
    return torch.arange(positions) >= lengths.unsqueeze(1)


def test_shapes_for_a_batch():
    attention = make()
    query, keys = inputs()
    context, alpha = attention(query, keys)
    assert context.shape == (4, KEY_SIZE)
    assert alpha.shape == (4, 7)
    assert attention.project_keys(keys).shape == (4, 7, ATTENTION_SIZE)
    assert {name: tuple(p.shape) for name, p in attention.named_parameters()} == {
        "W_a.weight": (ATTENTION_SIZE, QUERY_SIZE),
        "U_a.weight": (ATTENTION_SIZE, KEY_SIZE),
        "v_a.weight": (1, ATTENTION_SIZE),
    }


@pytest.mark.parametrize("lengths", [None, LENGTHS], ids=["full", "padded"])
def test_weights_are_a_distribution_over_positions(lengths):
    context, alpha = make()(*inputs(), lengths)
    assert (alpha >= 0).all()
    torch.testing.assert_close(alpha.sum(dim=1), torch.ones(4))
    if lengths is not None:  # a single valid position takes all the weight
        assert alpha[2].tolist() == [1.0] + [0.0] * 6


def test_the_context_is_the_weighted_sum_of_the_keys():
    query, keys = inputs()
    context, alpha = make()(query, keys, LENGTHS)
    torch.testing.assert_close(context, torch.einsum("bp,bpk->bk", alpha, keys))


def test_the_weights_depend_on_the_query():
    attention = make()
    query, keys = inputs()
    _, alpha = attention(query, keys)
    _, other = attention(query + 1.0, keys)
    assert not torch.allclose(alpha, other)


def test_the_keys_are_a_set_permuting_them_permutes_the_weights_only():
    attention = make()
    query, keys = inputs()
    order = torch.tensor([3, 0, 6, 1, 5, 2, 4])
    context, alpha = attention(query, keys)
    permuted_context, permuted_alpha = attention(query, keys[:, order])
    torch.testing.assert_close(permuted_alpha, alpha[:, order])
    torch.testing.assert_close(permuted_context, context)


def test_an_image_grid_is_a_set_of_positions():
    """Xu et al. (2015): a (batch, channels, height, width) feature map attends as
    height * width keys of size channels."""
    features = torch.randn(2, KEY_SIZE, 3, 4)
    keys = features.flatten(2).transpose(1, 2)  # (batch, 12, channels)
    context, alpha = make()(torch.randn(2, QUERY_SIZE), keys)
    assert context.shape == (2, KEY_SIZE) and alpha.shape == (2, 12)
    assert alpha.reshape(2, 3, 4).sum(dim=(1, 2)).allclose(torch.ones(2))


def test_padded_positions_get_weight_exactly_zero_and_their_values_do_not_matter():
    attention = make()
    query, keys = inputs()
    padding = padding_mask(LENGTHS, 7)
    context, alpha = attention(query, keys, LENGTHS)
    assert torch.equal(alpha[padding], torch.zeros(int(padding.sum())))
    assert (alpha[~padding] > 0).all()
    changed = keys.clone()
    changed[padding] = 100.0 * torch.randn(int(padding.sum()), KEY_SIZE)
    changed_context, changed_alpha = attention(query, changed, LENGTHS)
    assert torch.equal(changed_context, context)
    assert torch.equal(changed_alpha, alpha)


def test_lengths_as_a_list_and_as_a_tensor_agree():
    attention = make()
    query, keys = inputs()
    as_tensor = attention(query, keys, LENGTHS)
    as_list = attention(query, keys, LENGTHS.tolist())
    assert all(torch.equal(a, b) for a, b in zip(as_tensor, as_list, strict=True))


def test_full_lengths_change_nothing():
    attention = make()
    query, keys = inputs()
    plain = attention(query, keys)
    full = attention(query, keys, torch.full((4,), 7))
    assert all(torch.equal(a, b) for a, b in zip(plain, full, strict=True))


# Known weights and inputs for the computation by hand (batch 2, 3 positions, sizes 2).
W_A = [[0.5, -1.0], [0.25, 0.75]]
U_A = [[1.0, 0.5], [-0.5, 0.25]]
V_A = [1.5, -2.0]
QUERY = [[0.1, -0.2], [0.3, 0.4]]
KEYS = [
    [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]],
    [[0.2, 0.2], [-0.4, 1.0], [2.0, -1.0]],
]


def by_hand(lengths):
    """e_j = v_a . tanh(W_a s + U_a h_j), alpha = softmax over the valid j, c = sum alpha_j h_j."""
    contexts, weights = [], []
    for s, h, length in zip(QUERY, KEYS, lengths, strict=True):
        scores = []
        for h_j in h[:length]:
            hidden = [
                math.tanh(
                    sum(w * x for w, x in zip(W_A[k], s, strict=True))
                    + sum(u * x for u, x in zip(U_A[k], h_j, strict=True))
                )
                for k in range(2)
            ]
            scores.append(sum(v * x for v, x in zip(V_A, hidden, strict=True)))
        total = sum(math.exp(e) for e in scores)
        alpha = [math.exp(e) / total for e in scores] + [0.0] * (len(h) - length)
        weights.append(alpha)
        contexts.append(
            [sum(a * h_j[d] for a, h_j in zip(alpha, h, strict=True)) for d in range(2)]
        )
    return contexts, weights


@pytest.mark.parametrize("lengths", [None, [3, 2]], ids=["full", "padded"])
def test_against_the_equations_computed_by_hand(lengths):
    attention = AdditiveAttention(2, 2, 2).double()
    with torch.no_grad():
        attention.W_a.weight.copy_(torch.tensor(W_A))
        attention.U_a.weight.copy_(torch.tensor(U_A))
        attention.v_a.weight.copy_(torch.tensor([V_A]))
    query = torch.tensor(QUERY, dtype=torch.float64)
    keys = torch.tensor(KEYS, dtype=torch.float64)
    context, alpha = attention(query, keys, lengths)
    expected_context, expected_alpha = by_hand(lengths or [3, 3])
    torch.testing.assert_close(alpha, torch.tensor(expected_alpha, dtype=torch.float64))
    torch.testing.assert_close(context, torch.tensor(expected_context, dtype=torch.float64))
    if lengths:
        assert alpha[1, 2] == 0.0


@pytest.mark.parametrize("lengths", [None, [3, 1]], ids=["full", "padded"])
def test_gradcheck(lengths):
    attention = make(dtype=torch.float64)
    query, keys = inputs(batch=2, positions=3, dtype=torch.float64)
    query.requires_grad_()
    keys.requires_grad_()
    assert torch.autograd.gradcheck(lambda q, k: attention(q, k, lengths), (query, keys))


def test_gradcheck_through_the_projected_keys():
    attention = make(dtype=torch.float64)
    query, keys = inputs(batch=2, positions=3, dtype=torch.float64)
    projected = attention.project_keys(keys).detach().requires_grad_()
    assert torch.autograd.gradcheck(
        lambda p: attention(query, keys, [2, 3], projected_keys=p), (projected,)
    )


def test_gradients_do_not_reach_padded_keys():
    attention = make()
    query, keys = inputs()
    padding = padding_mask(LENGTHS, 7)

    def gradients(keys):
        attention.zero_grad()
        keys = keys.clone().requires_grad_()
        context, alpha = attention(query, keys, LENGTHS)
        generator = torch.Generator().manual_seed(2)
        weights = torch.randn(context.shape, generator=generator)
        ((context * weights).sum() + (alpha * torch.arange(7.0)).sum()).backward()
        return keys.grad, {n: p.grad.clone() for n, p in attention.named_parameters()}

    grad, parameter_grads = gradients(keys)
    assert torch.equal(grad[padding], torch.zeros(int(padding.sum()), KEY_SIZE))
    assert (grad[~padding].abs().sum(dim=1) > 0).all()
    changed = keys.clone()
    changed[padding] = torch.randn(int(padding.sum()), KEY_SIZE)
    _, changed_parameter_grads = gradients(changed)
    for name, value in parameter_grads.items():
        assert value.abs().sum() > 0, name
        assert torch.equal(changed_parameter_grads[name], value), name


@pytest.mark.parametrize("lengths", [None, LENGTHS], ids=["full", "padded"])
def test_precomputed_projected_keys_give_the_same_result(lengths):
    attention = make()
    query, keys = inputs()
    projected = attention.project_keys(keys)
    torch.testing.assert_close(projected, keys @ attention.U_a.weight.T)
    plain = attention(query, keys, lengths)
    reused = attention(query, keys, lengths, projected_keys=projected)
    assert all(torch.equal(a, b) for a, b in zip(plain, reused, strict=True))
    # One projection serves every decoder step: a second query reuses it.
    second = attention(query.flip(0), keys, lengths, projected_keys=projected)
    assert all(
        torch.equal(a, b)
        for a, b in zip(second, attention(query.flip(0), keys, lengths), strict=True)
    )


def test_deterministic_under_a_fixed_seed():
    query, keys = inputs()
    first, second, other = make(seed=3), make(seed=3), make(seed=4)
    for name, value in first.state_dict().items():
        assert torch.equal(second.state_dict()[name], value), name
    assert not torch.equal(other.W_a.weight, first.W_a.weight)
    results = [first(query, keys, LENGTHS), second(query, keys, LENGTHS)]
    assert all(torch.equal(a, b) for a, b in zip(*results, strict=True))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((0, 2, 4), ValueError, "query_size to be a positive int, got 0"),
        ((2, -1, 4), ValueError, "key_size to be a positive int, got -1"),
        ((2, 3, 4.0), TypeError, "attention_size to be a positive int, got float"),
        ((True, 3, 4), TypeError, "query_size to be a positive int, got bool"),
    ],
)
def test_bad_sizes(arguments, error, message):
    with pytest.raises(error, match=message):
        AdditiveAttention(*arguments)


Q, K = torch.randn(2, 2), torch.randn(2, 3, 3)  # for AdditiveAttention(2, 3, 4)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda a: a(Q, K.tolist()), TypeError, "expected keys to be a torch.Tensor, got list"),
        (lambda a: a(Q, K.long()), TypeError, "keys to be a floating-point tensor, got dtype"),
        (
            lambda a: a(Q, K[:, 0]),
            ValueError,
            r"^expected keys of shape \(batch, positions, 3\), got \(2, 3\)$",
        ),
        (
            lambda a: a(Q, torch.randn(2, 3, 5)),
            ValueError,
            r"^expected keys of shape \(batch, positions, 3\), got \(2, 3, 5\)$",
        ),
        (
            lambda a: a(Q, torch.randn(2, 0, 3)),
            ValueError,
            r"^expected keys with at least one position, got shape \(2, 0, 3\)$",
        ),
        (lambda a: a(Q.tolist(), K), TypeError, "expected query to be a torch.Tensor, got list"),
        (lambda a: a(Q.int(), K), TypeError, "query to be a floating-point tensor, got dtype"),
        (
            lambda a: a(Q[0], K),
            ValueError,
            r"^expected query of shape \(batch, 2\), got \(2,\)$",
        ),
        (
            lambda a: a(torch.randn(2, 3), K),
            ValueError,
            r"^expected query of shape \(batch, 2\), got \(2, 3\)$",
        ),
        (
            lambda a: a(torch.randn(3, 2), K),
            ValueError,
            r"^expected one query per batch entry of keys \(2\), got query of shape \(3, 2\)$",
        ),
        (
            lambda a: a(Q, K, [3]),
            ValueError,
            r"one length per sequence, shape \(2,\), got \(1,\)",
        ),
        (
            lambda a: a(Q, K, torch.tensor([[3, 3]])),
            ValueError,
            r"one length per sequence, shape \(2,\), got \(1, 2\)",
        ),
        (lambda a: a(Q, K, [3, 0]), ValueError, r"every length in \[1, 3\].*from 0 to 3"),
        (lambda a: a(Q, K, [4, 1]), ValueError, r"every length in \[1, 3\].*from 1 to 4"),
        (
            lambda a: a(Q, K, torch.tensor([3.0, 2.0])),
            TypeError,
            "lengths of an integer dtype, got dtype torch.float32",
        ),
        (lambda a: a(Q, K, 3), TypeError, "lengths as a sequence of ints, got int"),
        (
            lambda a: a(Q, K, projected_keys=torch.randn(2, 3, 3)),
            ValueError,
            r"^expected projected_keys of shape \(2, 3, 4\), got \(2, 3, 3\)$",
        ),
        (
            lambda a: a(Q, K, projected_keys=torch.randn(2, 4, 4)),
            ValueError,
            r"^expected projected_keys of shape \(2, 3, 4\), got \(2, 4, 4\)$",
        ),
        (
            lambda a: a(Q, K, projected_keys=torch.ones(2, 3, 4, dtype=torch.int64)),
            TypeError,
            "projected_keys to be a floating-point tensor",
        ),
        (
            lambda a: a.project_keys(torch.randn(2, 3)),
            ValueError,
            r"^expected keys of shape \(batch, positions, 3\), got \(2, 3\)$",
        ),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call(AdditiveAttention(2, 3, 4))
    assert "\n" not in str(raised.value)
