"""Claims as code: each claim of a paper, quoted, with the criterion that judges it.

A claim is registered once, in the experiment module of its chapter, with the paper's
sentence, the paper's own figure and a **criterion at the paper's own strength**: the
paper's success criterion (budget aside), or, where the paper gives no number, the
plainest reading of its sentence. A criterion reads a result's metrics and returns a
:class:`Check` built from the helpers below, so that it reads like the claim::

    def adding_is_solved(metrics, profile):
        return at_least(metrics["solved_fraction"], 1.0, "fraction of seeds that solve it")

Optionally a claim has one **weaker form**, named as such with the reason it exists
(a smaller budget, synthetic data), and an **opposite**: what we would have to measure,
consistently over seeds, to say that the paper is contradicted.

Judging a result gives one of five :data:`VERDICTS`, and each is a legitimate outcome:

- ``reproduced``: the criterion at the paper's strength holds;
- ``weaker form``: only the stated weaker form holds;
- ``not reproduced``: neither holds, and the measurement does not contradict the paper;
- ``contradicted``: the opposite holds, consistently over seeds;
- ``not tested``: the experiment could not show the effect either way, for a named and
  measured reason: the claim's ``testable`` check failed (an arm that did not train at
  enough seeds, say), or the smoke profile cannot judge the claim at all.

The rules of evidence are the same for every claim, and the helpers below carry them:
:func:`at_every_seed` and :func:`consistent` say "at k of n seeds" and pass only where a
difference holds at every judged seed or by a paired test over seeds; :func:`beyond_spread`
refuses a difference smaller than the seeds' spread; :func:`holm` corrects several tests
of one claim; :func:`judged_seeds` drops the seeds where an arm did not train;
:func:`none_of` holds a paper's 0% to 0 of N; :func:`chosen_on_validation` picks a best
model or setting on validation data only. An ``opposite`` comes with ``opposite_power``,
the argument that this setup could have shown the paper's effect, so that a
contradiction means something; without such an argument a claim has no opposite and at
worst is *not reproduced*.

:func:`check` shows the verdict in a chapter; it raises only for a broken result (a
metric the criterion reads is missing), never because of a verdict. Every claim carries
``examples``, metrics that give each verdict it can give, and ``tests/test_claims.py``
judges them, so that every criterion is shown to be able to fail.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import numbers
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import scipy.stats

from lstm.reproduce import profiles, registry
from lstm.reproduce.profiles import Profile

REPRODUCED = "reproduced"
WEAKER_FORM = "weaker form"
NOT_REPRODUCED = "not reproduced"
CONTRADICTED = "contradicted"
NOT_TESTED = "not tested"
VERDICTS = (REPRODUCED, WEAKER_FORM, NOT_REPRODUCED, CONTRADICTED, NOT_TESTED)

_BADGES = {
    REPRODUCED: "✔",
    WEAKER_FORM: "◐",
    NOT_REPRODUCED: "✘",
    CONTRADICTED: "✘✘",
    NOT_TESTED: "○",
}

# A difference between arms counts only where a paired test over the judged seeds
# gives p below this, or where it holds at every judged seed.
SIGNIFICANCE = 0.05
# Fewer judged seeds than this and a comparison is not tested.
MINIMUM_SEEDS = 2

Criterion = Callable[[Mapping[str, float], Profile], "Check"]


@dataclass(frozen=True)
class Check:
    """The outcome of a claim's test: whether it passed, what was measured and what
    was required, both as short texts for people."""

    passed: bool
    measured: str
    required: str


def format_number(value: float) -> str:
    """``value`` as people read it: ints exact with thousands separators, other
    numbers rounded to three significant digits (``8,440``, ``0.0123``, ``1.5e-05``),
    booleans as ``True`` / ``False``."""
    if not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if value == 0 or not math.isfinite(value):
        return f"{float(value):g}"
    rounded = float(f"{value:.3g}")
    magnitude = math.floor(math.log10(abs(rounded)))
    if not -3 <= magnitude < 6:
        return f"{rounded:.3g}"
    text = f"{rounded:,.{max(0, 2 - magnitude)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def at_least(value: float, bound: float, what: str) -> Check:
    """``what`` (measured ``value``) must be at least ``bound``."""
    _check_inputs(what, value=value, bound=bound)
    return Check(
        passed=value >= bound,
        measured=_measured(what, value),
        required=f"{what} ≥ {format_number(bound)}",
    )


def at_most(value: float, bound: float, what: str) -> Check:
    """``what`` (measured ``value``) must be at most ``bound``."""
    _check_inputs(what, value=value, bound=bound)
    return Check(
        passed=value <= bound,
        measured=_measured(what, value),
        required=f"{what} ≤ {format_number(bound)}",
    )


def between(value: float, low: float, high: float, what: str) -> Check:
    """``what`` (measured ``value``) must lie between ``low`` and ``high``, inclusive."""
    _check_inputs(what, value=value, low=low, high=high)
    if not low <= high:
        raise ValueError(f"expected low ≤ high, got low {low!r} and high {high!r}")
    return Check(
        passed=low <= value <= high,
        measured=_measured(what, value),
        required=f"{format_number(low)} ≤ {what} ≤ {format_number(high)}",
    )


def all_of(*checks: Check) -> Check:
    """Every one of ``checks`` must pass; their texts are joined with ``"; "``."""
    if not checks:
        raise ValueError("expected at least one check, got none")
    for part in checks:
        if not isinstance(part, Check):
            raise TypeError(f"expected Check objects, got {type(part).__name__}")
    measured = dict.fromkeys(part.measured for part in checks)  # in order, once each
    return Check(
        passed=all(part.passed for part in checks),
        measured="; ".join(measured),
        required="; ".join(part.required for part in checks),
    )


def none_of(count: int, n: int, what: str, *, paper: str = "the paper's 0%") -> Check:
    """Where the paper reports 0% (no run succeeded, no error), ``what`` must happen at 0 of
    our ``n`` seeds (runs, networks): one in a hundred is not the paper's figure. A
    tolerance belongs to the weaker form."""
    _check_inputs(what, count=count, n=n)
    if not 0 <= count <= n or n < 1:
        raise ValueError(f"{what}: expected 0 ≤ count ≤ n and n ≥ 1, got {count} of {n}")
    return Check(
        passed=count == 0,
        measured=f"{what} {seeds_phrase(int(count), int(n))}",
        required=f"{what} at none of the seeds ({paper})",
    )


def chosen_on_validation(validation: Mapping[str, float], *, higher_is_better: bool = True) -> str:
    """The name of the candidate (a model, a learning rate, a target delay) with the best
    score on validation data, the first in ``validation``'s order on a tie. Test data
    never chooses: it only judges what validation data chose."""
    if not validation:
        raise ValueError("expected at least one candidate's validation score, got none")
    for name, value in validation.items():
        _check_inputs(f"validation score of {name}", value=value)
    sign = 1 if higher_is_better else -1
    return max(validation, key=lambda name: sign * validation[name])


def seeds_phrase(k: int, n: int) -> str:
    """``"at k of n seeds"``, the words every per-seed verdict uses."""
    return f"at {k} of {n} seed{'s' * (n != 1)}"


def judged_seeds(trained: Mapping[str, Sequence[bool]]) -> list[int]:
    """The positions of the seeds at which every arm trained. ``trained`` maps each arm of
    a comparison to one flag per seed, from that arm's own check (left the plateau, beat
    chance by a stated margin, did not collapse)."""
    lengths = {len(flags) for flags in trained.values()}
    if len(lengths) != 1:
        raise ValueError(f"expected one flag per seed for every arm, got lengths {lengths}")
    return [i for i, flags in enumerate(zip(*trained.values(), strict=True)) if all(flags)]


def enough_seeds(judged: Sequence[int], n: int, untrained: str) -> Check:
    """Whether a comparison can be judged: at least :data:`MINIMUM_SEEDS` of its ``n``
    seeds left after the seeds where an arm did not train (``untrained`` names what
    failed there). A claim's ``testable`` check, so that too few is *not tested*."""
    left = n - len(judged)
    reason = f"; {left} left out: {untrained}" if left else ""
    return Check(
        passed=len(judged) >= MINIMUM_SEEDS,
        measured=f"{len(judged)} of {n} seeds judged{reason}",
        required=f"at least {MINIMUM_SEEDS} seeds at which every arm trained",
    )


def at_every_seed(
    values: Sequence[float], bound: float, what: str, *, below: bool = False
) -> Check:
    """``what``, measured once per judged seed, must be at least ``bound`` (at most, with
    ``below``) at every one of them: a mean never stands in for the seeds."""
    _check_series(what, values)
    _check_inputs(what, bound=bound)
    holds = [value <= bound if below else value >= bound for value in values]
    sign = "≤" if below else "≥"
    return Check(
        passed=all(holds),
        measured=(
            f"{what} {_span(values)}, {sign} {format_number(bound)} "
            f"{seeds_phrase(sum(holds), len(values))}"
        ),
        required=f"{what} {sign} {format_number(bound)} at every judged seed",
    )


def consistent(better: Sequence[float], worse: Sequence[float], what: str) -> Check:
    """Arm ``better`` beats arm ``worse`` on ``what`` (higher is better; pass negated
    values where lower is): the paired difference is positive at every judged seed, or a
    one-sided paired t-test over the seeds (scipy) gives p < :data:`SIGNIFICANCE`; and the
    mean difference exceeds the seed-to-seed spread of both arms (:func:`beyond_spread`)."""
    _check_series(what, better)
    _check_series(what, worse)
    if len(better) != len(worse):
        raise ValueError(
            f"{what}: expected one value per seed for both arms, got {len(better)} and {len(worse)}"
        )
    differences = [a - b for a, b in zip(better, worse, strict=True)]
    wins = sum(difference > 0 for difference in differences)
    n = len(differences)
    p = paired_p(differences)
    spread = beyond_spread(better, worse, what)
    by_test = f", paired t-test p = {format_number(p)} (n = {n})" if wins < n else ""
    return Check(
        passed=(wins == n or p < SIGNIFICANCE) and spread.passed,
        measured=f"{what}: better {seeds_phrase(wins, n)}{by_test}; {spread.measured}",
        required=(
            f"better at every judged seed or by a paired t-test at p < {SIGNIFICANCE}, "
            "by more than the seeds' spread"
        ),
    )


def consistent_over(comparisons: Mapping[str, tuple[Sequence[float], Sequence[float]]]) -> Check:
    """Several comparisons that one claim rests on, each ``what -> (better, worse)`` per
    judged seed: each must hold at every judged seed or by its one-sided paired t-test
    after Holm's correction over all of them, and by more than the seeds' spread
    (:func:`consistent`, corrected)."""
    if not comparisons:
        raise ValueError("expected at least one comparison, got none")
    differences = {}
    for what, (better, worse) in comparisons.items():
        _check_series(what, better)
        _check_series(what, worse)
        if len(better) != len(worse):
            raise ValueError(
                f"{what}: expected one value per seed for both arms, got {len(better)} and "
                f"{len(worse)}"
            )
        differences[what] = [a - b for a, b in zip(better, worse, strict=True)]
    p_values = {what: paired_p(values) for what, values in differences.items()}
    significant = holm(p_values)
    checks = []
    for what, (better, worse) in comparisons.items():
        values = differences[what]
        wins, n = sum(value > 0 for value in values), len(values)
        spread = beyond_spread(better, worse, what)
        corrected = f", Holm-corrected over {len(comparisons)}" if len(comparisons) > 1 else ""
        checks.append(
            Check(
                passed=(wins == n or significant[what]) and spread.passed,
                measured=(
                    f"{what}: better {seeds_phrase(wins, n)}, paired t-test "
                    f"p = {format_number(p_values[what])} (n = {n}{corrected}); "
                    f"{spread.measured}"
                ),
                required=(
                    f"{what}: better at every judged seed or by a paired t-test at p < "
                    f"{SIGNIFICANCE}{corrected}, by more than the seeds' spread"
                ),
            )
        )
    return all_of(*checks)


def beyond_spread(first: Sequence[float], second: Sequence[float], what: str) -> Check:
    """The difference of the two arms' means must exceed the larger of their seed-to-seed
    standard deviations: a difference smaller than the noise is no difference."""
    _check_series(what, first)
    _check_series(what, second)
    difference = statistics.fmean(first) - statistics.fmean(second)
    spread = max(_sd(first), _sd(second))
    return Check(
        passed=difference > spread,
        measured=(
            f"mean difference {format_number(difference)} against a spread of "
            f"{format_number(spread)}"
        ),
        required=f"{what}: a mean difference larger than the seeds' spread",
    )


def holm(p_values: Mapping[str, float], alpha: float = SIGNIFICANCE) -> dict[str, bool]:
    """Holm's step-down correction of several tests that one claim rests on: test name ->
    whether it is significant at family-wise level ``alpha``."""
    order = sorted(p_values, key=lambda name: p_values[name])
    significant = {name: False for name in p_values}
    for rank, name in enumerate(order):
        _check_inputs(name, p=p_values[name])
        if p_values[name] > alpha / (len(order) - rank):
            break
        significant[name] = True
    return significant


def paired_p(differences: Sequence[float]) -> float:
    """One-sided p-value of a paired t-test (scipy) that the mean difference is positive;
    with fewer than two seeds, or no spread, 0 where every difference is positive, else 1."""
    if len(differences) < 2 or _sd(differences) == 0:
        return 0.0 if min(differences) > 0 else 1.0
    return float(scipy.stats.ttest_1samp(differences, 0.0, alternative="greater").pvalue)


def _sd(values: Sequence[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


def _span(values: Sequence[float]) -> str:
    low, high = min(values), max(values)
    if low == high:
        return format_number(low)
    return f"{format_number(low)} to {format_number(high)}"


def _check_series(what: str, values: Sequence[float]) -> None:
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{what}: expected one value per judged seed, got {values!r}")
    for value in values:
        _check_inputs(what, value=value)


def _check_inputs(what: str, **quantities: float) -> None:
    if not isinstance(what, str) or not what:
        raise ValueError(f"expected a non-empty description of the quantity, got {what!r}")
    for name, value in quantities.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{what}: expected {name} to be a number, got {value!r}")


def _measured(what: str, value: float) -> str:
    return f"{what} = {format_number(value)}"


@dataclass(frozen=True)
class Claim:
    """One claim of a paper and the criteria that judge it.

    ``id`` is ``"<paper>.<slug>"`` by convention (``"hochreiter1997.long_lags_bridged"``);
    ``paper`` is the BibTeX key in ``book/references.bib``; ``quote`` is one or two
    sentences of the paper, verbatim or marked as a paraphrase; ``paper_figure`` is the
    paper's own figure as text; ``experiment`` names the experiment whose metrics the
    claim reads.

    ``criterion(metrics, profile)`` states the claim at the paper's own strength and
    returns a :class:`Check`. ``weaker`` (with ``weaker_reason``, why it exists) is the
    one weaker form, and ``opposite`` what contradicting the paper would take; both
    optional. An ``opposite`` needs ``opposite_power``: why this setup, with its
    independent seeds or searches, could have shown the paper's effect, so that measuring
    the opposite contradicts the paper rather than the setup's limits; the verdict shows
    it. ``examples`` maps each verdict the claim can give to metrics that give it:
    always ``reproduced`` and ``not reproduced``, plus ``weaker form`` and
    ``contradicted`` when the claim has those criteria.

    ``not_judged_in_smoke`` says why the smoke profile cannot judge the paper's strength
    (a one-seed run whose noise is larger than the effect the paper reports, say); when
    given, a smoke run judges only the weaker form, never the paper's strength or the
    opposite: it says ``weaker form`` or ``not tested``.

    ``testable(metrics, profile)`` says whether the experiment could show the effect
    either way (every arm trained at enough seeds, say; :func:`enough_seeds`); where it
    fails, the verdict is ``not tested`` whatever the other criteria say, and its
    ``examples`` include one. ``evidence(data)`` computes per-seed series from the
    result's ``data`` (tuples of numbers by name) for the criteria to read beside the
    metrics; the examples give such series directly.

    ``summary(metrics, profile)`` says what was measured as one plain sentence in the
    chapter's units, for readers ("At all three seeds the bidirectional network named
    2.8 points more frames correctly ..."); the verdict shows it first and the criteria's
    detailed measurements below it. It is words, not evidence: it takes no part in the
    verdict, the criteria hash or the registration record.
    """

    id: str
    paper: str
    quote: str
    paper_figure: str
    experiment: str
    criterion: Criterion
    examples: Mapping[str, Mapping[str, float]]
    weaker: Criterion | None = None
    weaker_reason: str = ""
    opposite: Criterion | None = None
    opposite_power: str = ""
    not_judged_in_smoke: str = ""
    testable: Criterion | None = None
    evidence: Callable[[Mapping[str, Any]], Mapping[str, tuple]] | None = None
    summary: Callable[[Mapping[str, Any], Profile], str] | None = None

    def __post_init__(self) -> None:
        for field in ("id", "paper", "quote", "paper_figure", "experiment"):
            value = getattr(self, field)
            if not isinstance(value, str) or not value:
                raise ValueError(f"claim {self.id!r}: expected a non-empty {field}, got {value!r}")
        for field in ("criterion", "weaker", "opposite", "testable", "evidence", "summary"):
            value = getattr(self, field)
            if not (callable(value) or (value is None and field != "criterion")):
                raise TypeError(
                    f"claim {self.id!r}: expected a callable {field}, got {type(value).__name__}"
                )
        if (self.weaker is None) != (not self.weaker_reason):
            raise ValueError(
                f"claim {self.id!r}: expected a weaker form together with the reason it "
                f"exists, got weaker={self.weaker!r} and weaker_reason={self.weaker_reason!r}"
            )
        if (self.opposite is None) != (not self.opposite_power):
            raise ValueError(
                f"claim {self.id!r}: expected an opposite together with the argument that "
                "this setup could have shown the paper's effect (opposite_power), got "
                f"opposite={self.opposite!r} and opposite_power={self.opposite_power!r}"
            )
        if self.not_judged_in_smoke and self.weaker is None:
            raise ValueError(
                f"claim {self.id!r}: a claim whose paper's strength is not judged in smoke "
                "needs a weaker form for the smoke profile to judge"
            )
        expected = set(self.possible_verdicts())
        if not isinstance(self.examples, Mapping) or set(self.examples) != expected:
            found = sorted(self.examples) if isinstance(self.examples, Mapping) else self.examples
            raise ValueError(
                f"claim {self.id!r}: expected examples for the verdicts {sorted(expected)}, "
                f"got {found!r}"
            )

    def possible_verdicts(self) -> tuple[str, ...]:
        """The verdicts this claim can give, in the order of :data:`VERDICTS`."""
        return tuple(
            verdict
            for verdict in VERDICTS
            if (verdict != WEAKER_FORM or self.weaker is not None)
            and (verdict != CONTRADICTED or self.opposite is not None)
            and (verdict != NOT_TESTED or self.testable is not None)
        )

    def judge(
        self,
        metrics: Mapping[str, float],
        profile: str | Profile,
        data: Mapping[str, Any] | None = None,
    ) -> Verdict:
        """The verdict on ``metrics`` (and the per-seed ``evidence`` of ``data``) under
        ``profile``: ``not tested`` where the claim's ``testable`` check fails; otherwise
        the paper's criterion first, then the weaker form, then the opposite, and ``not
        reproduced`` when none holds. In smoke, a claim not judged there has only its
        weaker form judged, and is ``not tested`` where that fails."""
        profile = profiles.get(profile)
        if self.evidence is not None and data is not None:
            metrics = {**metrics, **self.evidence(data)}
        summary = self._summarise(metrics, profile)
        if self.testable is not None:
            testable = self._evaluate(self.testable, metrics, profile)
            if not testable.passed:
                return Verdict(
                    self.id,
                    profile.name,
                    NOT_TESTED,
                    testable.measured,
                    testable.required,
                    summary=summary,
                )
        unjudged = profile.is_smoke and bool(self.not_judged_in_smoke)
        paper = self._evaluate(self.criterion, metrics, profile)
        if unjudged:
            paper = Check(
                passed=False,
                measured=paper.measured,
                required=f"not judged at smoke scale ({self.not_judged_in_smoke})",
            )
        checks = [paper]
        outcome = REPRODUCED if paper.passed else NOT_REPRODUCED
        weaker = None
        if outcome == NOT_REPRODUCED and self.weaker is not None:
            weaker = self._evaluate(self.weaker, metrics, profile)
            checks.append(weaker)
            outcome = WEAKER_FORM if weaker.passed else outcome
        if outcome == NOT_REPRODUCED and unjudged:
            outcome = NOT_TESTED
        elif outcome == NOT_REPRODUCED and self.opposite is not None:
            opposite = self._evaluate(self.opposite, metrics, profile)
            checks.append(opposite)
            outcome = CONTRADICTED if opposite.passed else outcome
        measured = dict.fromkeys(part for check in checks for part in check.measured.split("; "))
        return Verdict(
            claim_id=self.id,
            profile=profile.name,
            outcome=outcome,
            measured="; ".join(measured),
            required=paper.required,
            weaker_required=None if weaker is None else weaker.required,
            opposite_power=self.opposite_power or None,
            summary=summary,
        )

    def _summarise(self, metrics: Mapping[str, Any], profile: Profile) -> str | None:
        if self.summary is None:
            return None
        try:
            text = self.summary(metrics, profile)
        except KeyError as error:
            raise ValueError(
                f"claim {self.id!r}: its summary reads the metric {error} but the result "
                f"has only {sorted(metrics)}"
            ) from None
        if not isinstance(text, str) or not text or "\n" in text:
            raise TypeError(f"claim {self.id!r}: expected its summary as one line, got {text!r}")
        return text

    def _evaluate(self, criterion: Criterion, metrics: Mapping[str, float], profile: Profile):
        try:
            outcome = criterion(metrics, profile)
        except KeyError as error:
            raise ValueError(
                f"claim {self.id!r}: its criterion {criterion.__name__} reads the metric "
                f"{error} but the result has only {sorted(metrics)}"
            ) from None
        if not isinstance(outcome, Check):
            raise TypeError(
                f"claim {self.id!r}: expected {criterion.__name__} to return a Check, "
                f"got {type(outcome).__name__}"
            )
        return outcome

    def criteria_text(self) -> str:
        """What the verdict depends on besides the metrics: the claim's words and the
        source of its criteria. A change to any of it makes committed results stale."""
        parts = [self.id, self.paper, self.quote, self.paper_figure, self.weaker_reason]
        for text in (self.not_judged_in_smoke, self.opposite_power):
            if text:  # only where given: other claims' hashes stay as they were
                parts.append(text)
        for criterion in (self.criterion, self.weaker, self.opposite):
            parts.append("" if criterion is None else _source_and_values(criterion))
        for extra in (self.testable, self.evidence):  # only where given, as above
            if extra is not None:
                parts.append(_source_and_values(extra))
        return "\n".join(parts)


def _source_and_values(function: Callable) -> str:
    """The source of ``function`` and the plain values it reads from outside it (the
    variables it closes over, its defaults, the module constants it names), so that a
    threshold kept in a constant counts as part of the criterion."""
    code = function.__code__
    closed = [cell.cell_contents for cell in function.__closure__ or ()]
    constants = {
        name: function.__globals__[name]
        for name in code.co_names
        if isinstance(function.__globals__.get(name), str | int | float | tuple | frozenset)
    }
    return f"{inspect.getsource(function)}{closed!r}{function.__defaults__!r}{constants!r}"


@dataclass(frozen=True)
class Verdict:
    """A claim judged on one result; shown in a notebook as a one-line verdict with a
    coloured badge, the measured figure and what the paper's strength requires."""

    claim_id: str
    profile: str
    outcome: str
    measured: str
    required: str
    weaker_required: str | None = None
    opposite_power: str | None = None
    summary: str | None = None

    def __post_init__(self) -> None:
        if self.outcome not in VERDICTS:
            raise ValueError(f"expected a verdict in {VERDICTS}, got {self.outcome!r}")

    def _repr_markdown_(self) -> str:
        """The badge, the claim and what we measured on one line, and what the verdict
        needed in a collapsed block below it (a scaled-down run says so)."""
        needed = f"at the paper's strength, {self.required}"
        if self.outcome == NOT_TESTED:
            needed = f"to test the claim at all, {self.required}"
        if self.weaker_required is not None:
            needed += f"; for the weaker form, {self.weaker_required}"
        if self.opposite_power is not None:
            needed += f". A contradiction would count here: {self.opposite_power}"
        scale = " (scaled-down run)" if profiles.get(self.profile).is_smoke else ""
        if self.summary is None:
            line, details = self.measured, needed
        else:
            line, details = self.summary, f"Measured: {self.measured}. Needed: {needed}"
        return (
            f"{badge_html(self.outcome)} **`{self.claim_id}`**{scale}: {line}\n\n"
            f"<details><summary>What this verdict needed</summary>{details}</details>"
        )


def badge_html(outcome: str) -> str:
    """The verdict as a coloured badge (the book's stylesheet colours ``verdict-*``)."""
    if outcome not in VERDICTS:
        raise ValueError(f"expected a verdict in {VERDICTS}, got {outcome!r}")
    css = outcome.replace(" ", "-")
    return f'<span class="verdict verdict-{css}">{_BADGES[outcome]} {outcome}</span>'


def all_claims() -> list[Claim]:
    """Every registered claim: the ``CLAIMS`` of each experiment module."""
    claims = registry.declared_claims()
    known_experiments = registry.names()
    seen: set[str] = set()
    for claim in claims:
        if not isinstance(claim, Claim):
            raise TypeError(f"expected Claim objects, got {type(claim).__name__}")
        if claim.id in seen:
            raise ValueError(f"two claims have the id {claim.id!r}")
        if claim.experiment not in known_experiments:
            raise ValueError(
                f"claim {claim.id!r}: expected one of the experiments {known_experiments}, "
                f"got {claim.experiment!r}"
            )
        seen.add(claim.id)
    return claims


def claims_of(experiment: str) -> list[Claim]:
    """The claims that read the metrics of ``experiment``."""
    return [claim for claim in all_claims() if claim.experiment == experiment]


def get(claim_id: str) -> Claim:
    """The claim with id ``claim_id``."""
    claims = all_claims()
    for claim in claims:
        if claim.id == claim_id:
            return claim
    raise ValueError(f"expected one of the claims {[c.id for c in claims]}, got {claim_id!r}")


def judge_all(
    experiment: str,
    metrics: Mapping[str, float],
    profile: str | Profile,
    data: Mapping[str, Any] | None = None,
) -> dict:
    """Claim id -> verdict for every claim of ``experiment`` on ``metrics`` and ``data``."""
    return {
        claim.id: claim.judge(metrics, profile, data).outcome for claim in claims_of(experiment)
    }


def claim_hash(claim: Claim) -> str:
    """The first 16 hex digits of the SHA-256 of one claim's :meth:`Claim.criteria_text`."""
    return hashlib.sha256(claim.criteria_text().encode()).hexdigest()[:16]


def criteria_hash(experiment: str) -> str:
    """The first 16 hex digits of the SHA-256 of the claims of ``experiment``: their
    words and the source of their criteria (see :meth:`Claim.criteria_text`)."""
    text = "\n\n".join(claim.criteria_text() for claim in claims_of(experiment))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check(claim_id: str, result: Any) -> Verdict:
    """The verdict of claim ``claim_id`` on ``result`` (under the result's profile).

    Never raises because of a verdict: ``not reproduced`` and ``contradicted`` are
    results. Raises ``ValueError`` for a broken result: one of another experiment, or
    one that lacks a metric the claim reads.
    """
    claim = get(claim_id)
    # Any lstm.reproduce.results.Result (results imports this module, not the reverse).
    if not all(hasattr(result, name) for name in ("experiment", "metrics", "profile")):
        raise TypeError(f"expected a lstm.reproduce.results.Result, got {type(result).__name__}")
    if result.experiment != claim.experiment:
        raise ValueError(
            f"claim {claim.id!r}: expected a result of experiment {claim.experiment!r}, "
            f"got one of {result.experiment!r}"
        )
    return claim.judge(result.metrics, result.profile, getattr(result, "data", None))
