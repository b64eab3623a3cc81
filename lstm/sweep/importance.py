r"""How much of a metric's variance each hyperparameter, and each pair, explains.

Greff et al. (2017, "LSTM: A Search Space Odyssey") ran random searches and asked which
hyperparameters matter with functional ANOVA (fANOVA; Hutter, Hoos & Leyton-Brown 2014,
"An Efficient Approach for Assessing Hyperparameter Importance"). A function of
independent inputs splits into orthogonal parts, a constant, one part per input, one per
pair, and so on (Hoeffding 1948; Sobol 1993):

.. math::

    f(x) = f_0 + \sum_i f_i(x_i) + \sum_{i<j} f_{ij}(x_i, x_j) + \dots,
    \qquad V = \sum_i V_i + \sum_{i<j} V_{ij} + \dots,

where :math:`V_S = \mathrm{Var}(f_S)`. The share :math:`V_i / V` is what hyperparameter
:math:`i` explains alone, :math:`V_{ij} / V` what the pair explains together beyond
that.

The metric is only known at the trials, so, as Hutter et al. do, we fit a random forest
to the trials (the *surrogate*) and decompose the forest's prediction instead. Here:

- :func:`variance_shares`: the exact decomposition of a function tabulated on a grid;
- :func:`functional_anova`: first-order and pairwise shares of the trials' surrogate;
- :func:`marginal` and :func:`marginal_pair`: the surrogate as a function of one or two
  hyperparameters, averaged over the others (Greff et al.'s marginal plots);
- :func:`optuna_first_order`: Optuna's own fANOVA first-order shares, for comparison.

Every hyperparameter is mapped to the unit interval within its search bounds, on a log
scale where it was sampled on one, so the decomposition weights each hyperparameter as
the search sampled it.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.exceptions import ExperimentalWarning
from optuna.importance import FanovaImportanceEvaluator
from sklearn.ensemble import RandomForestRegressor

from lstm.checks import check_positive_int


@dataclass(frozen=True)
class Importance:
    """Shares of a metric's variance, from :func:`functional_anova`.

    ``first_order[name]`` is :math:`V_i / V`, ``pairwise[(a, b)]`` is :math:`V_{ab} / V`
    (names in the order of the trials' ``params``), ``unexplained`` is what is left for
    interactions of three or more hyperparameters, and ``trials`` is how many trials
    the surrogate was fitted to.
    """

    first_order: dict[str, float]
    pairwise: dict[tuple[str, str], float]
    unexplained: float
    trials: int


@dataclass(frozen=True)
class _Space:
    """The search space: hyperparameter names, which are on a log scale, their bounds."""

    names: tuple[str, ...]
    log: frozenset[str]
    bounds: dict[str, tuple[float, float]]

    def to_unit(self, name: str, x: np.ndarray) -> np.ndarray:
        """Map ``x`` from ``name``'s own units to [0, 1] (linearly in log x if log-scaled)."""
        low, high = self.bounds[name]
        if name in self.log:
            return (np.log(x) - math.log(low)) / (math.log(high) - math.log(low))
        return (x - low) / (high - low)

    def from_unit(self, name: str, u: np.ndarray) -> np.ndarray:
        """The inverse of :meth:`to_unit`."""
        low, high = self.bounds[name]
        if name in self.log:
            return np.exp(math.log(low) + u * (math.log(high) - math.log(low)))
        return low + u * (high - low)


def variance_shares(values: np.ndarray) -> dict[tuple[int, ...], float]:
    r"""Functional ANOVA shares of a function tabulated on a product grid.

    ``values`` has shape :math:`(n_1, \dots, n_d)`: :math:`f` at every combination of
    :math:`n_i` points of input :math:`i`, each input independent and uniformly
    weighted. With :math:`E` the mean over the grid,

    .. math::

        f_0 = E[f], \quad
        f_i(x_i) = E[f \mid x_i] - f_0, \quad
        f_{ij}(x_i, x_j) = E[f \mid x_i, x_j] - f_i(x_i) - f_j(x_j) - f_0,

    and the share of a set :math:`S` of inputs is :math:`V_S / V` with
    :math:`V_S = E[f_S^2]` and :math:`V = \mathrm{Var}(f)` (Hutter, Hoos & Leyton-Brown
    2014). On a grid the means are exact sums, so the shares are exact.

    Returns the share of every input ``(i,)`` and every pair ``(i, j)``, ``i < j``. What
    they leave of 1 belongs to interactions of three or more inputs. A function that
    does not vary has no variance to share: that raises ``ValueError``.
    """
    f = np.asarray(values, dtype=float)
    if f.ndim == 0 or f.size == 0:
        raise ValueError(
            f"expected values on a grid, an array of shape (n_1, ..., n_d) with d >= 1 and "
            f"every n_i >= 1, got shape {f.shape}"
        )
    if not np.isfinite(f).all():
        raise ValueError(
            f"expected finite values, got {np.count_nonzero(~np.isfinite(f))} "
            f"NaN or infinite of {f.size}"
        )
    f0 = f.mean()
    total = np.mean((f - f0) ** 2)
    # Below this, the differences between values are rounding errors of their size.
    if total <= (64 * np.finfo(float).eps * np.abs(f).max()) ** 2:
        raise ValueError(
            f"expected a function that varies, got values that are all {f0:.6g}: "
            f"the metric does not vary, so there is no variance to share"
        )
    d = f.ndim
    main = [_mean_over_others(f, (i,)) - f0 for i in range(d)]
    shares: dict[tuple[int, ...], float] = {
        (i,): float(np.mean(main[i] ** 2) / total) for i in range(d)
    }
    for i, j in itertools.combinations(range(d), 2):
        pair = _mean_over_others(f, (i, j)) - main[i][:, None] - main[j][None, :] - f0
        shares[(i, j)] = float(np.mean(pair**2) / total)
    return shares


def _mean_over_others(f: np.ndarray, keep: tuple[int, ...]) -> np.ndarray:
    r"""Average ``f`` over every axis not in ``keep``: :math:`E[f \mid x_{keep}]`.

    The axes left are in the order of ``keep``.
    """
    kept_first = np.moveaxis(f, keep, tuple(range(len(keep))))
    return kept_first.mean(axis=tuple(range(len(keep), f.ndim)))


def functional_anova(
    params: Mapping[str, Sequence[float]],
    values: Sequence[float],
    *,
    log: Mapping[str, bool] | Collection[str],
    bounds: Mapping[str, tuple[float, float]],
    grid: int = 12,
    trees: int = 64,
    seed: int = 0,
) -> Importance:
    r"""First-order and pairwise variance shares of the trials' metric, by fANOVA.

    ``params[name][t]`` is hyperparameter ``name`` of trial ``t`` and ``values[t]`` its
    metric. ``log`` names the hyperparameters sampled on a log scale (a set of names,
    or a mapping name -> bool); ``bounds[name]`` is ``(low, high)`` of the search. A
    seeded random forest of ``trees`` trees is fitted to the trials with every
    hyperparameter mapped to [0, 1] (:math:`u = (\log x - \log low) / (\log high -
    \log low)` on a log scale), evaluated at the centres of a ``grid``:sup:`d` grid of
    cells of the unit cube, and decomposed by :func:`variance_shares` (Hutter, Hoos &
    Leyton-Brown 2014; Greff et al. 2017 analysed their searches so).

    The grid has ``grid ** d`` points: 12 per axis is 20,736 points for Greff et al.'s
    four hyperparameters. The same inputs and seed give the same shares, bit for bit.
    """
    space, unit, metric = _trials(params, values, log, bounds)
    grid = _grid_size(grid, "grid")
    d = len(space.names)
    surface = _surrogate(unit, metric, trees, seed).predict(_product([_cells(grid)] * d))
    shares = variance_shares(surface.reshape((grid,) * d))
    first = {name: shares[(i,)] for i, name in enumerate(space.names)}
    pairwise = {
        (space.names[i], space.names[j]): shares[(i, j)]
        for i, j in itertools.combinations(range(d), 2)
    }
    unexplained = 1.0 - sum(first.values()) - sum(pairwise.values())
    return Importance(first, pairwise, unexplained, trials=len(metric))


def marginal(
    params: Mapping[str, Sequence[float]],
    values: Sequence[float],
    name: str,
    *,
    log: Mapping[str, bool] | Collection[str],
    bounds: Mapping[str, tuple[float, float]],
    points: int = 25,
    grid: int = 12,
    trees: int = 64,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The surrogate's metric as a function of one hyperparameter: :math:`E[f \mid x]`.

    The forest of :func:`functional_anova` is evaluated at ``points`` values of ``name``
    (cell centres of its range, evenly spaced on its own scale) and averaged over a
    ``grid``-point axis for every other hyperparameter. Returns the values of ``name``
    in its own units, the mean over the forest's trees of each tree's marginal, and
    their standard deviation across the trees: Greff et al.'s (2017) marginal plots.
    """
    space, unit, metric = _trials(params, values, log, bounds)
    x, mean, std = _marginals(space, unit, metric, (name,), points, grid, trees, seed)
    return x[0], mean, std


def marginal_pair(
    params: Mapping[str, Sequence[float]],
    values: Sequence[float],
    first: str,
    second: str,
    *,
    log: Mapping[str, bool] | Collection[str],
    bounds: Mapping[str, tuple[float, float]],
    points: int = 25,
    grid: int = 12,
    trees: int = 64,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The surrogate's metric as a function of two hyperparameters: :math:`E[f \mid x, y]`.

    As :func:`marginal`, for the pair (e.g. learning rate x hidden size). Returns the
    ``points`` values of ``first`` and of ``second`` in their own units, and the mean
    and standard deviation across trees, both of shape ``(points, points)``, row ``i``
    for ``first``'s ``i``-th value and column ``j`` for ``second``'s ``j``-th (transpose
    for ``imshow``, which draws rows along the vertical axis).
    """
    if first == second:
        raise ValueError(f"expected two different hyperparameters, got {first!r} twice")
    space, unit, metric = _trials(params, values, log, bounds)
    x, mean, std = _marginals(space, unit, metric, (first, second), points, grid, trees, seed)
    return x[0], x[1], mean, std


def optuna_first_order(
    params: Mapping[str, Sequence[float]],
    values: Sequence[float],
    distributions: Mapping[str, BaseDistribution],
    seed: int = 0,
) -> dict[str, float]:
    """Optuna's fANOVA first-order shares of the same trials, in the order of ``params``.

    The trials go into an in-memory study, and Optuna's ``FanovaImportanceEvaluator``
    (its own forest, ``seed`` for its randomness) returns :math:`V_i / V` unnormalised.
    The numbers differ from :func:`functional_anova`'s: Optuna averages each tree's
    shares instead of decomposing the mean of the trees, and integrates over the trees'
    cells instead of a grid. And Optuna 5.0.0 weights a log-scaled hyperparameter
    uniformly on its *linear* scale, where the top decade of a range such as
    [1e-6, 1e-2] fills 90% of it: a metric that follows log(learning rate) gets a much
    smaller share there than here, where it is weighted as the search sampled it.
    """
    names = _names(params)
    _every(distributions, names, "distributions")
    columns, metric = _columns(params, values, names)
    trials = [
        optuna.trial.create_trial(
            params={name: float(columns[t, k]) for k, name in enumerate(names)},
            distributions=dict(distributions),
            value=float(metric[t]),
        )
        for t in range(len(metric))
    ]
    verbosity = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        with warnings.catch_warnings():
            # normalize=False is marked experimental in Optuna 5.0.0; we know, and pin it.
            warnings.simplefilter("ignore", ExperimentalWarning)
            study = optuna.create_study()
            study.add_trials(trials)
            shares = optuna.importance.get_param_importances(
                study, evaluator=FanovaImportanceEvaluator(seed=seed), normalize=False
            )
    finally:
        optuna.logging.set_verbosity(verbosity)
    return {name: float(shares[name]) for name in names}


def _marginals(
    space: _Space,
    unit: np.ndarray,
    metric: np.ndarray,
    keep: tuple[str, ...],
    points: int,
    grid: int,
    trees: int,
    seed: int,
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Each tree's mean over the grid of the axes not in ``keep``; their mean and std."""
    for name in keep:
        if name not in space.names:
            raise ValueError(f"expected one of the hyperparameters {space.names}, got {name!r}")
    points = _grid_size(points, "points")
    grid = _grid_size(grid, "grid")
    axes = [_cells(points if name in keep else grid) for name in space.names]
    shape = tuple(len(axis) for axis in axes)
    kept = tuple(space.names.index(name) for name in keep)
    forest = _surrogate(unit, metric, trees, seed)
    grid_points = _product(axes)
    per_tree = np.stack(
        [
            _mean_over_others(tree.predict(grid_points).reshape(shape), kept)
            for tree in forest.estimators_
        ]
    )
    x = [space.from_unit(name, _cells(points)) for name in keep]
    return x, per_tree.mean(axis=0), per_tree.std(axis=0)


def _surrogate(
    unit: np.ndarray, metric: np.ndarray, trees: int, seed: int
) -> RandomForestRegressor:
    """A random forest fitted to the trials, the same for the same inputs and ``seed``."""
    trees = check_positive_int(trees, "trees")
    forest = RandomForestRegressor(n_estimators=trees, random_state=seed, n_jobs=1)
    return forest.fit(unit, metric)


def _cells(n: int) -> np.ndarray:
    """The centres of ``n`` equal cells of [0, 1]: (k + 1/2) / n for k = 0 .. n - 1."""
    return (np.arange(n) + 0.5) / n


def _product(axes: Sequence[np.ndarray]) -> np.ndarray:
    """Every combination of one value per axis, the last axis fastest: shape (N, d)."""
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def _grid_size(n: object, name: str) -> int:
    n = check_positive_int(n, name)
    if n < 2:
        raise ValueError(
            f"expected {name} >= 2 points per axis (one point has no variance), got {n}"
        )
    return n


def _names(params: Mapping[str, Sequence[float]]) -> tuple[str, ...]:
    if not isinstance(params, Mapping) or not params:
        got = "an empty mapping" if isinstance(params, Mapping) else type(params).__name__
        raise ValueError(
            f"expected params as a mapping from each hyperparameter's name to its values "
            f"in the trials, got {got}"
        )
    return tuple(params)


def _unknown(given: Collection[str], names: tuple[str, ...], what: str) -> None:
    """Reject names in ``given`` that are not hyperparameters of the trials."""
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise ValueError(f"expected {what} to name only the hyperparameters {names}, got {unknown}")


def _every(given: Collection[str], names: tuple[str, ...], what: str) -> None:
    """Require ``given`` to name every hyperparameter of the trials, and no other."""
    _unknown(given, names, what)
    missing = [name for name in names if name not in given]
    if missing:
        raise ValueError(f"expected {what} for every hyperparameter, got none for {missing}")


def _columns(
    params: Mapping[str, Sequence[float]], values: Sequence[float], names: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """The trials as a (trials, d) array of hyperparameters and a vector of metrics."""
    metric = np.asarray(values, dtype=float)
    if metric.ndim != 1:
        raise ValueError(f"expected values as one number per trial, got shape {metric.shape}")
    need = 2 * len(names) + 2
    if len(metric) < need:
        raise ValueError(
            f"expected at least {need} trials for {len(names)} hyperparameters (2 d + 2: a "
            f"forest needs several trials per hyperparameter to split on), got {len(metric)}"
        )
    columns = []
    for name in names:
        column = np.asarray(params[name], dtype=float)
        if column.shape != metric.shape:
            raise ValueError(
                f"expected {len(metric)} values of {name!r}, one per trial as in values, "
                f"got shape {column.shape}"
            )
        columns.append(column)
    for what, array in [("values", metric), *zip(names, columns, strict=True)]:
        bad = np.flatnonzero(~np.isfinite(array))
        if len(bad):
            raise ValueError(
                f"expected finite numbers in {what}, got {array[bad[0]]} at trial {bad[0]}"
            )
    return np.stack(columns, axis=1), metric


def _space(
    names: tuple[str, ...],
    log: Mapping[str, bool] | Collection[str],
    bounds: Mapping[str, tuple[float, float]],
) -> _Space:
    """Check ``log`` and ``bounds`` against the hyperparameters' names and each other."""
    if isinstance(log, str):
        raise ValueError(
            f"expected log as a collection of names, got the str {log!r} (write [{log!r}])"
        )
    logged = {name for name, on in log.items() if on} if isinstance(log, Mapping) else set(log)
    _unknown(log, names, "log")
    _every(bounds, names, "bounds")
    checked = {}
    for name in names:
        low, high = (float(b) for b in bounds[name])
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(
                f"expected bounds of {name!r} as finite low < high, got ({low}, {high})"
            )
        if name in logged and low <= 0:
            raise ValueError(
                f"expected a positive lower bound for {name!r}, on a log scale, got {low}"
            )
        checked[name] = (low, high)
    return _Space(names, frozenset(logged), checked)


def _trials(
    params: Mapping[str, Sequence[float]],
    values: Sequence[float],
    log: Mapping[str, bool] | Collection[str],
    bounds: Mapping[str, tuple[float, float]],
) -> tuple[_Space, np.ndarray, np.ndarray]:
    """Check the trials; return the space, the hyperparameters in [0, 1], the metrics."""
    names = _names(params)
    space = _space(names, log, bounds)
    columns, metric = _columns(params, values, names)
    for k, name in enumerate(names):
        low, high = space.bounds[name]
        outside = np.flatnonzero((columns[:, k] < low) | (columns[:, k] > high))
        if len(outside):
            t = outside[0]
            raise ValueError(
                f"expected {name!r} within its bounds [{low}, {high}], got {columns[t, k]} "
                f"at trial {t}"
            )
    unit = np.stack([space.to_unit(name, columns[:, k]) for k, name in enumerate(names)], axis=1)
    return space, unit, metric
