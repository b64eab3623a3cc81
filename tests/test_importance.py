"""Functional ANOVA of a random search: exact shares on grids, and a forest on trials."""

import itertools

import numpy as np
import pytest
from optuna.distributions import FloatDistribution

from lstm.sweep.importance import (
    Importance,
    functional_anova,
    marginal,
    marginal_pair,
    optuna_first_order,
    variance_shares,
)

# Greff et al.'s search space: learning rate and hidden size on a log scale.
BOUNDS = {"lr": (1e-6, 1e-2), "hidden": (16.0, 256.0), "momentum": (0.0, 1.0), "noise": (0.0, 1.0)}
LOG = {"lr", "hidden"}


def cells(n):
    return (np.arange(n) + 0.5) / n


def unit(params):
    """Each hyperparameter mapped to [0, 1] as the search sampled it."""
    out = {}
    for name, x in params.items():
        low, high = BOUNDS[name]
        out[name] = (
            np.log(x / low) / np.log(high / low) if name in LOG else (x - low) / (high - low)
        )
    return out


def metric(u):
    """The learning rate matters most; hidden size and momentum interact."""
    return 3 * u["lr"] + 8 * (u["hidden"] - 0.25) * (u["momentum"] - 0.25) + 0.2 * u["noise"]


def random_search(n, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for name, (low, high) in BOUNDS.items():
        if name in LOG:
            params[name] = np.exp(rng.uniform(np.log(low), np.log(high), n))
        else:
            params[name] = rng.uniform(low, high, n)
    return params, metric(unit(params))


@pytest.fixture(scope="module")
def trials():
    return random_search(400)


# variance_shares: exact decompositions ------------------------------------------------


def test_shares_of_a_linear_function_with_one_interaction_are_the_analytic_variances():
    n, a, b, c = 20, 2.0, 1.0, 3.0
    x1, x2, x3 = np.meshgrid(cells(n), cells(n), cells(n), indexing="ij")
    shares = variance_shares(a * x1 + b * x2 + c * (x1 - 0.5) * (x3 - 0.5))
    # On n cell centres Var(x) = (n^2 - 1) / (12 n^2), which tends to 1/12.
    s = (n**2 - 1) / (12 * n**2)
    v = {(0,): a**2 * s, (1,): b**2 * s, (2,): 0.0, (0, 2): c**2 * s**2}
    total = sum(v.values())
    assert set(shares) == {(0,), (1,), (2,), (0, 1), (0, 2), (1, 2)}
    for key, share in shares.items():
        assert share == pytest.approx(v.get(key, 0.0) / total, abs=1e-12)


def test_an_additive_function_has_no_pair_shares_and_first_order_sums_to_one():
    x1, x2, x3 = np.meshgrid(cells(7), cells(5), cells(9), indexing="ij")
    shares = variance_shares(np.sin(3 * x1) + x2**2 - np.exp(x3))
    assert [shares[p] for p in itertools.combinations(range(3), 2)] == pytest.approx([0, 0, 0])
    assert sum(shares[(i,)] for i in range(3)) == pytest.approx(1)


def test_a_pure_interaction_has_no_first_order_shares():
    x1, x2 = np.meshgrid(cells(10), cells(10), indexing="ij")
    shares = variance_shares((x1 - 0.5) * (x2 - 0.5))
    assert shares[(0,)] == pytest.approx(0, abs=1e-12)
    assert shares[(1,)] == pytest.approx(0, abs=1e-12)
    assert shares[(0, 1)] == pytest.approx(1)


def test_a_function_of_one_input_explains_all_its_variance():
    assert variance_shares(np.random.default_rng(0).normal(size=30)) == {(0,): pytest.approx(1)}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (np.full((4, 3), 0.1), "the metric does not vary"),
        (np.array(2.0), "got shape ()"),
        (np.array([1.0, np.nan, 2.0]), "got 1 NaN or infinite of 3"),
    ],
)
def test_variance_shares_rejects_what_has_no_variance_to_share(values, message):
    with pytest.raises(ValueError, match="expected") as error:
        variance_shares(values)
    assert message in str(error.value)


# functional_anova: a forest on trials ---------------------------------------------------


def test_functional_anova_finds_the_dominant_hyperparameter_and_the_interacting_pair(trials):
    params, values = trials
    importance = functional_anova(params, values, log=LOG, bounds=BOUNDS)
    assert isinstance(importance, Importance) and importance.trials == 400
    first, pairwise = importance.first_order, importance.pairwise
    assert list(first) == list(BOUNDS)
    assert list(pairwise) == list(itertools.combinations(BOUNDS, 2))
    assert first["lr"] > max(first["hidden"], first["momentum"]) > first["noise"]
    assert pairwise[("hidden", "momentum")] > 0.1
    others = [share for pair, share in pairwise.items() if pair != ("hidden", "momentum")]
    assert max(others) < 0.05
    assert importance.unexplained == pytest.approx(1 - sum(first.values()) - sum(pairwise.values()))
    # Close to the exact shares of the function the trials sample.
    u = dict(zip(BOUNDS, np.meshgrid(*[cells(20)] * 4, indexing="ij"), strict=True))
    exact = variance_shares(metric(u))
    for i, name in enumerate(BOUNDS):
        assert first[name] == pytest.approx(exact[(i,)], abs=0.1)
    assert pairwise[("hidden", "momentum")] == pytest.approx(exact[(1, 2)], abs=0.1)


def test_functional_anova_is_the_same_bit_for_bit_for_a_seed(trials):
    params, values = trials
    again = functional_anova(params, values, log=dict.fromkeys(LOG, True), bounds=BOUNDS, seed=3)
    assert again == functional_anova(params, values, log=LOG, bounds=BOUNDS, seed=3)
    assert again != functional_anova(params, values, log=LOG, bounds=BOUNDS, seed=4)


SEARCH, SCORES = random_search(12)


def bad(params=SEARCH, values=SCORES, log=LOG, bounds=BOUNDS, grid=12):
    """The arguments of a small valid search, one of them replaced."""
    return {"params": params, "values": values, "log": log, "bounds": bounds, "grid": grid}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (bad(params={k: v[:9] for k, v in SEARCH.items()}, values=SCORES[:9]), "at least 10"),
        (bad(values=SCORES[:11]), "11 values of 'lr', one per trial as in values, got shape (12,)"),
        (bad(values=np.where(np.arange(12) == 5, np.nan, SCORES)), "got nan at trial 5"),
        (bad(values=np.where(np.arange(12) == 2, np.inf, SCORES)), "got inf at trial 2"),
        (bad(params={**SEARCH, "noise": SEARCH["noise"] + 0.5}), "'noise' within its bounds"),
        (bad(params={**SEARCH, "lr": SEARCH["lr"] * 0 + np.inf}), "finite numbers in lr"),
        (bad(log={"lr", "depth"}), "log to name only"),
        (bad(log="lr"), "the str 'lr'"),
        (bad(bounds={**BOUNDS, "depth": (1, 2)}), "bounds to name only"),
        (bad(bounds={k: v for k, v in BOUNDS.items() if k != "noise"}), "none for ['noise']"),
        (bad(bounds={**BOUNDS, "momentum": (1.0, 0.0)}), "finite low < high, got (1.0, 0.0)"),
        (bad(bounds={**BOUNDS, "lr": (0.0, 1e-2)}), "positive lower bound for 'lr'"),
        (bad(params={}), "a mapping from each hyperparameter's name"),
        (bad(values=np.full(12, 0.3)), "the metric does not vary"),
        (bad(grid=1), "grid >= 2"),
    ],
)
def test_functional_anova_says_what_it_expected_and_what_arrived(arguments, message):
    with pytest.raises(ValueError, match="expected") as error:
        functional_anova(**arguments)
    assert "got" in str(error.value)
    assert message in str(error.value)


# marginals ------------------------------------------------------------------------------


def test_marginal_of_the_learning_rate_rises_as_the_metric_does(trials):
    params, values = trials
    x, mean, std = marginal(params, values, "lr", log=LOG, bounds=BOUNDS, points=20)
    assert x.shape == mean.shape == std.shape == (20,)
    # evenly spaced on the log scale, inside the bounds, in the learning rate's own units
    assert np.diff(np.log(x)) == pytest.approx(np.full(19, np.log(1e4) / 20))
    assert 1e-6 < x[0] < x[-1] < 1e-2
    assert np.corrcoef(np.log(x), mean)[0, 1] > 0.98
    assert mean[-1] - mean[0] == pytest.approx(3, abs=0.6)
    assert (std >= 0).all() and std.max() > 0


def test_marginal_pair_is_a_surface_that_shows_the_interaction(trials):
    params, values = trials
    h, m, mean, std = marginal_pair(
        params, values, "hidden", "momentum", log=LOG, bounds=BOUNDS, points=9, grid=6
    )
    assert h.shape == m.shape == (9,) and mean.shape == std.shape == (9, 9)
    assert h[0] > 16 and h[-1] < 256 and m[0] > 0 and m[-1] < 1
    # the metric rises with momentum more at a large hidden size than at a small one
    assert mean[-1, -1] - mean[-1, 0] > mean[0, -1] - mean[0, 0] + 1
    # asked the other way round, the same surface transposed
    swapped = marginal_pair(
        params, values, "momentum", "hidden", log=LOG, bounds=BOUNDS, points=9, grid=6
    )
    assert np.array_equal(swapped[0], m) and np.array_equal(swapped[1], h)
    assert np.allclose(swapped[2], mean.T) and np.allclose(swapped[3], std.T)


@pytest.mark.parametrize(
    ("names", "message"),
    [(("depth",), "got 'depth'"), (("lr", "lr"), "got 'lr' twice")],
)
def test_marginals_reject_names_that_are_not_one_hyperparameter_each(names, message):
    function = marginal if len(names) == 1 else marginal_pair
    with pytest.raises(ValueError, match="expected") as error:
        function(SEARCH, SCORES, *names, log=LOG, bounds=BOUNDS)
    assert message in str(error.value)


# Optuna's first-order shares ------------------------------------------------------------

DISTRIBUTIONS = {
    name: FloatDistribution(low, high, log=name in LOG) for name, (low, high) in BOUNDS.items()
}


def test_optuna_first_order_ranks_the_dominant_hyperparameter_first_as_we_do():
    params, _ = random_search(120)
    u = unit(params)
    values = 3 * u["momentum"] + u["lr"] + 0.2 * u["noise"]
    shares = optuna_first_order(params, values, DISTRIBUTIONS)
    assert list(shares) == list(BOUNDS)
    assert all(isinstance(s, float) and 0 <= s <= 1 for s in shares.values())
    assert max(shares, key=shares.get) == "momentum"
    ours = functional_anova(params, values, log=LOG, bounds=BOUNDS).first_order
    assert max(ours, key=ours.get) == "momentum"


def test_optuna_weights_a_log_scale_hyperparameter_on_its_linear_scale():
    # The metric rises with log(lr); Optuna integrates over lr itself, where the top decade
    # of [1e-6, 1e-2] fills 90% of the range, so it sees much less of the learning rate.
    params, values = random_search(120)
    theirs = optuna_first_order(params, values, DISTRIBUTIONS)
    ours = functional_anova(params, values, log=LOG, bounds=BOUNDS).first_order
    assert max(ours, key=ours.get) == "lr"
    assert theirs["lr"] < ours["lr"] / 4


@pytest.mark.parametrize(
    ("distributions", "message"),
    [
        ({**DISTRIBUTIONS, "depth": FloatDistribution(1, 2)}, "to name only .* got \\['depth'\\]"),
        ({"lr": DISTRIBUTIONS["lr"]}, "for every hyperparameter, got none for \\['hidden'"),
    ],
)
def test_optuna_first_order_wants_one_distribution_per_hyperparameter(distributions, message):
    with pytest.raises(ValueError, match=f"expected distributions {message}"):
        optuna_first_order(SEARCH, SCORES, distributions)
