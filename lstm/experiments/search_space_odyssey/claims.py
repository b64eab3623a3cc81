"""Chapter 8's claims: what the paper says, and how the numbers judge it."""

from __future__ import annotations

from lstm.experiments.search_space_odyssey.experiment import ARCHITECTURES, PARAMS, TASKS, VANILLA
from lstm.reproduce.claims import Claim, all_of, at_least, at_most


def _best_trials(data):
    # The test values of each study's best trials, chosen on validation data: the trials
    # the comparison's means and tests read.
    return {
        f"{row['task']}_{row['arch']}_best": tuple(row["best_values"]) for row in data["comparison"]
    }


def _none_better(metrics, profile):
    # A variant is better than vanilla on a task where Welch's test of their best trials
    # stays significant after Holm's correction over all sixteen tests (eight variants,
    # two tasks) and the variant's best trials are lower by more than the larger spread
    # of the two arms' best trials. The paper's strength: none, on any task.
    from lstm.reproduce.claims import Check, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    variants = [arch for arch in ARCHITECTURES if arch != VANILLA]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t in TASKS for a in variants})
    better = {
        task: [
            arch
            for arch in variants
            if significant[f"{task} {arch}"]
            and metrics[f"{task}_{arch}_diff"] < 0
            and beyond_spread(best(task, VANILLA), best(task, arch), "x").passed
        ]
        for task in TASKS
    }
    return Check(
        passed=all(not better[task] for task in TASKS),
        measured="; ".join(
            f"{task}: {len(better[task])} variant(s) better than vanilla"
            + (f" ({', '.join(better[task])})" if better[task] else "")
            + f" after Holm's correction over {len(significant)} tests"
            for task in TASKS
        ),
        required="no variant better than vanilla on any task",
    )


def _at_most_one_better(metrics, profile):
    # The same tests as the paper's strength; at most one variant-task pair better.
    from lstm.reproduce.claims import Check, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    variants = [arch for arch in ARCHITECTURES if arch != VANILLA]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t in TASKS for a in variants})
    better = [
        f"{task} {arch}"
        for task in TASKS
        for arch in variants
        if significant[f"{task} {arch}"]
        and metrics[f"{task}_{arch}_diff"] < 0
        and beyond_spread(best(task, VANILLA), best(task, arch), "x").passed
    ]
    return Check(
        passed=len(better) <= 1,
        measured=(
            f"{len(better)} variant-task pair(s) better than vanilla after Holm's correction "
            f"over {len(significant)} tests" + (f" ({', '.join(better)})" if better else "")
        ),
        required="at most one variant-task pair better than vanilla",
    )


def _some_better_everywhere(metrics, profile):
    # The opposite: on every task (each its own search) some variant is better than
    # vanilla, by the same tests.
    from lstm.reproduce.claims import Check, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    variants = [arch for arch in ARCHITECTURES if arch != VANILLA]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t in TASKS for a in variants})
    better = {
        task: [
            arch
            for arch in variants
            if significant[f"{task} {arch}"]
            and metrics[f"{task}_{arch}_diff"] < 0
            and beyond_spread(best(task, VANILLA), best(task, arch), "x").passed
        ]
        for task in TASKS
    }
    return Check(
        passed=all(better[task] for task in TASKS),
        measured="; ".join(
            f"{task}: {len(better[task])} variant(s) better than vanilla" for task in TASKS
        ),
        required="some variant better than vanilla on every task",
    )


def _critical_parts(metrics, profile):
    # NFG and NOAF worse than vanilla on every task: Welch's test significant after Holm's
    # correction over these four tests, and the best trials higher by more than the
    # larger spread of the two arms' best trials.
    from lstm.reproduce.claims import Check, all_of, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    pairs = [(task, arch) for task in TASKS for arch in ("NFG", "NOAF")]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t, a in pairs})
    checks = []
    for task, arch in pairs:
        spread = beyond_spread(best(task, arch), best(task, VANILLA), f"{task}: {arch}")
        checks.append(
            Check(
                passed=significant[f"{task} {arch}"]
                and metrics[f"{task}_{arch}_diff"] > 0
                and spread.passed,
                measured=(
                    f"{task}: {arch} minus vanilla, best trials: {spread.measured}, p = "
                    f"{metrics[f'{task}_{arch}_p']:.2g}, "
                    f"{'' if significant[f'{task} {arch}'] else 'not '}significant after Holm's "
                    f"correction over {len(pairs)} tests"
                ),
                required=f"{task}: {arch} significantly worse than vanilla, beyond the spread",
            )
        )
    return all_of(*checks)


def _critical_parts_on_average(metrics, profile):
    # The weaker form: NFG's and NOAF's best trials worse than vanilla's on every task by
    # more than the larger spread of the two arms' best trials, significant or not.
    from lstm.reproduce.claims import all_of, beyond_spread

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    return all_of(
        *(
            beyond_spread(
                best(task, arch),
                best(task, VANILLA),
                f"{task}: {arch}'s best trials minus vanilla's",
            )
            for task in TASKS
            for arch in ("NFG", "NOAF")
        )
    )


def _critical_parts_better(metrics, profile, variants=("NFG", "NOAF"), worse=False):
    # The opposite: NFG and NOAF better than vanilla on every task, by the criterion's
    # tests (``worse``: the ``variants`` worse than vanilla, Holm-corrected over theirs).
    from lstm.reproduce.claims import Check, all_of, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    pairs = [(task, arch) for task in TASKS for arch in variants]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t, a in pairs})
    arms = (lambda arch: (arch, VANILLA)) if worse else (lambda arch: (VANILLA, arch))
    return all_of(
        *(
            Check(
                passed=significant[f"{task} {arch}"]
                and (
                    metrics[f"{task}_{arch}_diff"] > 0
                    if worse
                    else metrics[f"{task}_{arch}_diff"] < 0
                )
                and beyond_spread(*(best(task, a) for a in arms(arch)), "x").passed,
                measured=f"{task}: {arch} minus vanilla {metrics[f'{task}_{arch}_diff']:.3g}",
                required=(
                    f"{task}: {arch} significantly {'worse' if worse else 'better'} than vanilla, "
                    "beyond the spread"
                ),
            )
            for task, arch in pairs
        )
    )


def _simplifications_cost_little(metrics, profile):
    # CIFG and NP not worse than vanilla on any task: no Welch's test of the four stays
    # significant (and the variant worse beyond the spread of the best trials) after
    # Holm's correction over the four.
    from lstm.reproduce.claims import Check, all_of, beyond_spread, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    pairs = [(task, arch) for task in TASKS for arch in ("CIFG", "NP")]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t, a in pairs})
    return all_of(
        *(
            Check(
                passed=not (
                    significant[f"{task} {arch}"]
                    and metrics[f"{task}_{arch}_diff"] > 0
                    and beyond_spread(best(task, arch), best(task, VANILLA), "x").passed
                ),
                measured=(
                    f"{task}: {arch} minus vanilla {metrics[f'{task}_{arch}_diff']:.3g}, p = "
                    f"{metrics[f'{task}_{arch}_p']:.2g} (Holm over {len(pairs)} tests)"
                ),
                required=f"{task}: {arch} not significantly worse than vanilla",
            )
            for task, arch in pairs
        )
    )


def _simplifications_worse_everywhere(metrics, profile):
    # The opposite: CIFG and NP worse than vanilla on every task, by the same tests.
    return _critical_parts_better(metrics, profile, ("CIFG", "NP"), worse=True)


def _learning_rate_by_far(metrics, profile, ratio=2.0):
    return all_of(
        *(
            at_least(
                metrics[f"{task}_lr_share_over_next"],
                ratio,
                f"{task}: learning rate's share / the next one's",
            )
            for task in TASKS
        )
    )


def _learning_rate_first(metrics, profile):
    return _learning_rate_by_far(metrics, profile, ratio=1.0)


def _learning_rate_not_first(metrics, profile):
    return all_of(
        *(
            at_most(
                metrics[f"{task}_lr_share_over_next"],
                1.0,
                f"{task}: learning rate's share / the next one's",
            )
            for task in TASKS
        )
    )


def _independent(metrics, profile):
    return all_of(
        *(
            check
            for task in TASKS
            for check in (
                at_most(
                    metrics[f"{task}_interactions"],
                    0.1,
                    f"{task}: share of all pairwise interactions",
                ),
                at_most(
                    metrics[f"{task}_best_lr_decades_apart"],
                    1.0,
                    f"{task}: decades between the best learning rates, smallest and largest nets",
                ),
            )
        )
    )


def _interacting(metrics, profile):
    return all_of(
        *(
            at_least(
                metrics[f"{task}_interactions"] - metrics[f"{task}_first_order_total"],
                0.0,
                f"{task}: pairwise minus first-order shares",
            )
            for task in TASKS
        )
    )


def _no_variant_improves_in_words(metrics, profile):
    # How many variants beat vanilla on each task before Holm's correction (Welch's test
    # alone), and which after it and beyond the spread of the best trials, as the
    # criteria count them.
    from lstm.reproduce.claims import SIGNIFICANCE, beyond_spread, format_number, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    where = {"jsb": "the chorales", "speech": "speech"}
    units = {"jsb": "nats per step", "speech": "points of frame error"}
    variants = [arch for arch in ARCHITECTURES if arch != VANILLA]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t in TASKS for a in variants})
    before = {
        task: " and ".join(
            arch
            for arch in variants
            if metrics[f"{task}_{arch}_p"] < SIGNIFICANCE and metrics[f"{task}_{arch}_diff"] < 0
        )
        or "no variant"
        for task in TASKS
    }
    after = [
        (
            f"{arch} on {where[task]}",
            f"{format_number(-metrics[f'{task}_{arch}_diff'])} {units[task]}",
        )
        for task in TASKS
        for arch in variants
        if significant[f"{task} {arch}"]
        and metrics[f"{task}_{arch}_diff"] < 0
        and beyond_spread(best(task, VANILLA), best(task, arch), "x").passed
    ]
    if before["jsb"] == before["speech"] == "no variant":
        found = "no variant had best trials significantly better than vanilla's on either the "
        found += "Bach chorales or speech"
    elif before["jsb"] == before["speech"]:
        found = f"{before['jsb']} had best trials significantly better than vanilla's on both "
        found += "the Bach chorales and speech"
    else:
        found = f"{before['jsb']} had best trials significantly better than vanilla's on the "
        found += f"Bach chorales, and {before['speech']} on speech"
    if not after:
        kept = "none did"
    elif len(after) == 1:
        kept = f"only {after[0][0]} still did, by {after[0][1]}"
    else:
        kept = [f"{name} (by {size})" for name, size in after]
        kept = f"only {', '.join(kept[:-1])} and {kept[-1]} still did"
    return (
        f"Before correcting for the sixteen tests, {found}; after correcting, and beyond the "
        f"spread of the best trials, {kept} (the paper found none on any of its three tasks)."
    )


def _forget_gate_and_output_activation_critical_in_words(metrics, profile):
    # NFG's and NOAF's best trials against vanilla's on each task, and which of the four
    # differences stay significant after Holm's correction over the four.
    from lstm.reproduce.claims import format_number, holm

    where = {"jsb": "the chorales", "speech": "speech"}
    pairs = [(task, arch) for task in TASKS for arch in ("NFG", "NOAF")]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t, a in pairs})

    def change(task, arch, unit):
        diff = metrics[f"{task}_{arch}_diff"]
        word = "worse" if diff > 0 else "better" if diff < 0 else "different"
        return f"{format_number(abs(diff))} {unit} {word}"

    kept = [(t, a) for t, a in pairs if significant[f"{t} {a}"]]
    if not kept:
        tail = "none of the four differences is significant after correcting for the four tests"
    elif len(kept) == len(pairs):
        tail = "all four are significant after correcting for the four tests"
    else:
        named = [
            f"the two on {where[t]}"
            if all((t, a) in kept for a in ("NFG", "NOAF"))
            else f"{a} on {where[t]}"
            for t in TASKS
            for a in ("NFG", "NOAF")
            if (t, a) in kept and (a == "NFG" or (t, "NFG") not in kept)
        ]
        verb = "is" if len(kept) == 1 else "are"
        tail = f"after correcting for the four tests only {' and '.join(named)} {verb} significant"
    return (
        "Without the forget gate (NFG) the best trials scored "
        f"{change('jsb', 'NFG', 'nats per step')} than vanilla's on the Bach chorales and "
        f"{change('speech', 'NFG', 'points of frame error')} on speech, without the output "
        f"activation (NOAF) {change('jsb', 'NOAF', 'nats')} and "
        f"{change('speech', 'NOAF', 'points')}; {tail}."
    )


def _cifg_and_np_cost_little_in_words(metrics, profile):
    # CIFG's and NP's best trials against vanilla's on each task, and whether either is
    # worse by the criterion's tests (Holm over the four, beyond the spread).
    from lstm.reproduce.claims import beyond_spread, format_number, holm

    def best(task, arch):  # the test values of the trials the comparison read
        return list(metrics[f"{task}_{arch}_best"])

    where = {"jsb": "the chorales", "speech": "speech"}
    pairs = [(task, arch) for task in TASKS for arch in ("CIFG", "NP")]
    significant = holm({f"{t} {a}": metrics[f"{t}_{a}_p"] for t, a in pairs})

    def change(task, arch, unit):
        diff = metrics[f"{task}_{arch}_diff"]
        word = "worse" if diff > 0 else "better" if diff < 0 else "different"
        return f"{format_number(abs(diff))} {unit} {word}"

    worse = [(t, a) for t, a in pairs if significant[f"{t} {a}"] and metrics[f"{t}_{a}_diff"] > 0]
    if not worse:
        tail = "neither is significantly worse anywhere after correcting for the four tests"
    else:
        named = [
            f"{a} on {where[t]}"
            + (
                ""
                if beyond_spread(best(t, a), best(t, VANILLA), "x").passed
                else " (though within the spread of the best trials)"
            )
            for t, a in worse
        ]
        named = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
        verb = "is" if len(worse) == 1 else "are"
        tail = f"after correcting for the four tests {named} {verb} significantly worse"
    return (
        "With coupled input and forget gates (CIFG) the best trials scored "
        f"{change('jsb', 'CIFG', 'nats per step')} than vanilla's on the Bach chorales and "
        f"{change('speech', 'CIFG', 'points of frame error')} on speech, without peepholes "
        f"(NP) {change('jsb', 'NP', 'nats')} and {change('speech', 'NP', 'points')}; {tail}."
    )


def _learning_rate_most_important_in_words(metrics, profile):
    # The learning rate's share of each task's variance against the largest other one
    # (the shares themselves where the result has them).
    names = {
        "hidden_size": "the hidden size",
        "one_minus_momentum": "the momentum",
        "input_noise": "the input noise",
    }

    def percent(share):
        return f"{float(f'{100 * share:.2g}'):g}%"

    where = {"jsb": "on the Bach chorales", "speech": "on speech"}
    shares = {
        task: {name: metrics.get(f"{task}_share_{name}") for name in PARAMS} for task in TASKS
    }
    ratios = {task: metrics[f"{task}_lr_share_over_next"] for task in TASKS}
    ratios = {task: f"{float(f'{ratio:.2g}'):g} times" for task, ratio in ratios.items()}
    if all(share is not None for task in TASKS for share in shares[task].values()):
        parts = []
        for task in TASKS:
            runner = max(names, key=lambda name: shares[task][name])
            parts.append(f"{ratios[task]} {names[runner]}'s {percent(shares[task][runner])}")
        found = (
            f"The learning rate explained {percent(shares['jsb']['learning_rate'])} of the "
            f"test score's variance {where['jsb']}, {parts[0]} (the largest of the other "
            f"three), and {percent(shares['speech']['learning_rate'])} {where['speech']}, "
            f"{parts[1]}"
        )
    else:
        found = (
            "The learning rate's share of the test score's variance was "
            f"{ratios['jsb']} the largest of the other three {where['jsb']} and "
            f"{ratios['speech']} {where['speech']}"
        )
    return f"{found}; the paper reports over two thirds on every task."


def _hyperparameters_independent_in_words(metrics, profile):
    # The pairwise interactions' share of each task's variance beside the single
    # hyperparameters', and how far apart the best learning rates of the smallest and the
    # largest networks lie.
    def percent(share):
        return f"{float(f'{100 * share:.2g}'):g}%"

    def apart(task):
        factor = 10 ** metrics[f"{task}_best_lr_decades_apart"]
        return (
            "were the same"
            if factor < 1.05
            else f"differed by a factor of {float(f'{factor:.2g}'):g}"
        )

    jsb, speech = apart("jsb"), apart("speech")
    rates = (
        f"{jsb} on both tasks" if jsb == speech else f"{jsb} on the chorales and {speech} on speech"
    )
    return (
        f"Pairs of hyperparameters together explained {percent(metrics['jsb_interactions'])} "
        f"of the test score's variance on the Bach chorales and "
        f"{percent(metrics['speech_interactions'])} on speech (the four alone "
        f"{percent(metrics['jsb_first_order_total'])} and "
        f"{percent(metrics['speech_first_order_total'])}), and the best learning rates of the "
        f"smallest and the largest networks {rates}."
    )


def _example(**values):
    """Metrics for a claim's examples: every task gets the same values."""
    return {f"{task}_{key}": value for task in TASKS for key, value in values.items()}


_UNVERIFIED = "(the project's notes of the paper's figures, not checked here)"


CLAIMS = [
    Claim(
        id="greff2017.no_variant_improves",
        paper="greff2017",
        quote=(
            "Our results show that none of the variants can improve upon the standard LSTM "
            "architecture significantly, ... (Greff et al. 2017, abstract)."
        ),
        paper_figure=(
            "no variant significantly better than vanilla on any of 3 tasks (Welch's t-test, "
            "best 10% of 200 trials)"
        ),
        experiment="search_space_odyssey",
        summary=_no_variant_improves_in_words,
        criterion=_none_better,
        weaker=_at_most_one_better,
        weaker_reason=(
            "one search per task, of 30 trials per variant instead of the paper's 200: one "
            "variant-task pair that comes out better, even after Holm's correction over the "
            "sixteen tests, is a single search's finding, so the weaker form allows one"
        ),
        opposite=_some_better_everywhere,
        opposite_power=(
            "three independent searches, one per task, each variant's best trials "
            "against vanilla's by the paper's own Welch test, Holm-corrected; a variant "
            "better on all three tasks would be the paper's finding reversed on each of "
            "its kinds of data, not one search's luck."
        ),
        not_judged_in_smoke=(
            "after two epochs on a few chorales and utterances the architectures hardly "
            "differ, and which of them comes out 'significantly better' is chance"
        ),
        evidence=_best_trials,
        examples={
            "reproduced": (
                _neutral := {
                    f"{task}_{arch}_{key}": value
                    for task in TASKS
                    for arch in ARCHITECTURES
                    for key, value in (
                        ("p", 0.5),
                        ("diff", 0.0),
                        ("best_mean", 10.0),
                        ("best", (9.0, 10.0, 11.0)),
                    )
                }
            ),
            "weaker form": _neutral
            | {
                "jsb_NP_p": 0.0001,
                "jsb_NP_diff": -3.0,
                "jsb_NP_best_mean": 7.0,
                "jsb_NP_best": (6.0, 7.0, 8.0),
            },
            "not reproduced": _neutral
            | {
                "jsb_NP_p": 0.0001,
                "jsb_NP_diff": -3.0,
                "jsb_NP_best_mean": 7.0,
                "jsb_NP_best": (6.0, 7.0, 8.0),
                "jsb_CIFG_p": 0.0001,
                "jsb_CIFG_diff": -3.0,
                "jsb_CIFG_best_mean": 7.0,
                "jsb_CIFG_best": (6.0, 7.0, 8.0),
            },
            "contradicted": _neutral
            | {
                "jsb_NP_p": 0.0001,
                "jsb_NP_diff": -3.0,
                "jsb_NP_best_mean": 7.0,
                "jsb_NP_best": (6.0, 7.0, 8.0),
                "speech_NP_p": 0.0001,
                "speech_NP_diff": -3.0,
                "speech_NP_best_mean": 7.0,
                "speech_NP_best": (6.0, 7.0, 8.0),
            },
        },
    ),
    Claim(
        id="greff2017.forget_gate_and_output_activation_critical",
        paper="greff2017",
        quote=(
            "Our results show that none of the variants can improve upon the standard LSTM "
            "architecture significantly, and demonstrate the forget gate and the output "
            "activation function to be its most critical components (Greff et al. 2017, "
            "abstract)."
        ),
        paper_figure=f"NFG and NOAF significantly worse than vanilla on all 3 tasks {_UNVERIFIED}",
        experiment="search_space_odyssey",
        summary=_forget_gate_and_output_activation_critical_in_words,
        criterion=_critical_parts,
        weaker=_critical_parts_on_average,
        weaker_reason=(
            "30 trials per variant instead of 200, and the best 8 of them: a real but "
            "smaller harm may not reach significance, so the weaker form asks only that "
            "NFG's and NOAF's best trials be worse on average on every task"
        ),
        opposite=_critical_parts_better,
        opposite_power=(
            "three independent searches, one per task, by the paper's own Welch test; "
            "NFG and NOAF better than vanilla on all three would reverse the paper's "
            "largest effects, which short training is more likely to hide than to turn "
            "around."
        ),
        evidence=_best_trials,
        examples={
            "reproduced": _neutral
            | {
                "jsb_NFG_p": 0.0001,
                "jsb_NFG_diff": 3.0,
                "jsb_NFG_best_mean": 13.0,
                "jsb_NFG_best": (12.0, 13.0, 14.0),
                "jsb_NOAF_p": 0.0001,
                "jsb_NOAF_diff": 3.0,
                "jsb_NOAF_best_mean": 13.0,
                "jsb_NOAF_best": (12.0, 13.0, 14.0),
                "speech_NFG_p": 0.0001,
                "speech_NFG_diff": 3.0,
                "speech_NFG_best_mean": 13.0,
                "speech_NFG_best": (12.0, 13.0, 14.0),
                "speech_NOAF_p": 0.0001,
                "speech_NOAF_diff": 3.0,
                "speech_NOAF_best_mean": 13.0,
                "speech_NOAF_best": (12.0, 13.0, 14.0),
            },
            "weaker form": _neutral
            | {
                "jsb_NFG_p": 0.5,
                "jsb_NFG_diff": 3.0,
                "jsb_NFG_best_mean": 13.0,
                "jsb_NFG_best": (12.0, 13.0, 14.0),
                "jsb_NOAF_p": 0.5,
                "jsb_NOAF_diff": 3.0,
                "jsb_NOAF_best_mean": 13.0,
                "jsb_NOAF_best": (12.0, 13.0, 14.0),
                "speech_NFG_p": 0.5,
                "speech_NFG_diff": 3.0,
                "speech_NFG_best_mean": 13.0,
                "speech_NFG_best": (12.0, 13.0, 14.0),
                "speech_NOAF_p": 0.5,
                "speech_NOAF_diff": 3.0,
                "speech_NOAF_best_mean": 13.0,
                "speech_NOAF_best": (12.0, 13.0, 14.0),
            },
            "not reproduced": _neutral,
            "contradicted": _neutral
            | {
                "jsb_NFG_p": 0.0001,
                "jsb_NFG_diff": -3.0,
                "jsb_NFG_best_mean": 7.0,
                "jsb_NFG_best": (6.0, 7.0, 8.0),
                "jsb_NOAF_p": 0.0001,
                "jsb_NOAF_diff": -3.0,
                "jsb_NOAF_best_mean": 7.0,
                "jsb_NOAF_best": (6.0, 7.0, 8.0),
                "speech_NFG_p": 0.0001,
                "speech_NFG_diff": -3.0,
                "speech_NFG_best_mean": 7.0,
                "speech_NFG_best": (6.0, 7.0, 8.0),
                "speech_NOAF_p": 0.0001,
                "speech_NOAF_diff": -3.0,
                "speech_NOAF_best_mean": 7.0,
                "speech_NOAF_best": (6.0, 7.0, 8.0),
            },
        },
    ),
    Claim(
        id="greff2017.cifg_and_np_cost_little",
        paper="greff2017",
        quote=(
            "Certain modifications such as coupling the input and forget gates or removing "
            "peephole connections simplify LSTM without significantly hurting performance "
            "(Greff et al., conclusions of the 2015 preprint)."
        ),
        paper_figure=(
            f"CIFG and NP not significantly worse than vanilla on any of 3 tasks {_UNVERIFIED}"
        ),
        experiment="search_space_odyssey",
        summary=_cifg_and_np_cost_little_in_words,
        criterion=_simplifications_cost_little,
        opposite=_simplifications_worse_everywhere,
        opposite_power=(
            "three independent searches, one per task, by the paper's own Welch test, "
            "Holm-corrected; both simplifications worse than vanilla on every task "
            "would be a cost the paper says is not there, shown on each of its kinds of "
            "data."
        ),
        evidence=_best_trials,
        examples={
            "reproduced": _neutral,
            "not reproduced": _neutral
            | {
                "jsb_CIFG_p": 0.0001,
                "jsb_CIFG_diff": 3.0,
                "jsb_CIFG_best_mean": 13.0,
                "jsb_CIFG_best": (12.0, 13.0, 14.0),
            },
            "contradicted": _neutral
            | {
                "jsb_CIFG_p": 0.0001,
                "jsb_CIFG_diff": 3.0,
                "jsb_CIFG_best_mean": 13.0,
                "jsb_CIFG_best": (12.0, 13.0, 14.0),
                "jsb_NP_p": 0.0001,
                "jsb_NP_diff": 3.0,
                "jsb_NP_best_mean": 13.0,
                "jsb_NP_best": (12.0, 13.0, 14.0),
                "speech_CIFG_p": 0.0001,
                "speech_CIFG_diff": 3.0,
                "speech_CIFG_best_mean": 13.0,
                "speech_CIFG_best": (12.0, 13.0, 14.0),
                "speech_NP_p": 0.0001,
                "speech_NP_diff": 3.0,
                "speech_NP_best_mean": 13.0,
                "speech_NP_best": (12.0, 13.0, 14.0),
            },
        },
    ),
    Claim(
        id="greff2017.learning_rate_most_important",
        paper="greff2017",
        quote=(
            "Paraphrase: the learning rate is by far the most important hyperparameter "
            "(Greff et al. 2017, conclusions)."
        ),
        paper_figure=f"learning rate over 2/3 of the variance on every task {_UNVERIFIED}",
        experiment="search_space_odyssey",
        summary=_learning_rate_most_important_in_words,
        criterion=_learning_rate_by_far,
        weaker=_learning_rate_first,
        weaker_reason=(
            "'by far' has no number in the verified text: read as at least twice the next "
            "hyperparameter's share; the weaker form asks only that it be the largest"
        ),
        opposite=_learning_rate_not_first,
        opposite_power=(
            "three independent searches, one per task, with the learning rate drawn "
            "over the paper's own range (1e-6 to 1e-2), the setting whose effect is "
            "easiest to see; the learning rate ranked below another setting on every "
            "task would speak against the paper."
        ),
        not_judged_in_smoke=(
            "sixteen draws per task, trained for two epochs, are too few for the functional "
            "ANOVA to tell 'by far the largest' from 'the largest'"
        ),
        examples={
            "reproduced": _example(lr_share_over_next=5.0),
            "weaker form": _example(lr_share_over_next=1.5),
            "not reproduced": {"jsb_lr_share_over_next": 3.0, "speech_lr_share_over_next": 0.8},
            "contradicted": _example(lr_share_over_next=0.5),
        },
    ),
    Claim(
        id="greff2017.hyperparameters_independent",
        paper="greff2017",
        quote=(
            "We further observe that the studied hyperparameters are virtually independent "
            "and derive guidelines for their efficient adjustment (Greff et al. 2017, "
            "abstract)."
        ),
        paper_figure=(
            "interactions small; varying the hidden size does not change the region of "
            f"optimal learning rate {_UNVERIFIED}"
        ),
        experiment="search_space_odyssey",
        summary=_hyperparameters_independent_in_words,
        criterion=_independent,
        opposite=_interacting,
        opposite_power=(
            "three independent searches, one per task, and the same split of the "
            "variance into single settings and pairs as the paper's; pairs explaining "
            "more than single settings on every task is the reverse of its finding on "
            "each kind of data."
        ),
        examples={
            "reproduced": _example(
                interactions=0.05, best_lr_decades_apart=0.5, first_order_total=0.8
            ),
            "not reproduced": _example(
                interactions=0.2, best_lr_decades_apart=0.5, first_order_total=0.6
            ),
            "contradicted": _example(
                interactions=0.6, best_lr_decades_apart=2.0, first_order_total=0.3
            ),
        },
    ),
]
