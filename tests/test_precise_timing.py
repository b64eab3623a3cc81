"""Chapter 10's experiment (lstm.experiments.precise_timing): its tasks and test runs, one
trial, its two sweeps, and the analysis the claims read, on runs made up here."""

import copy
import math

import pytest
import torch

from lstm.experiments.precise_timing import claims as pt_claims
from lstm.experiments.precise_timing import experiment as pt
from lstm.experiments.precise_timing import show as pt_show
from lstm.tasks import timing

SMOKE = pt.CONFIG["smoke"]


# The tasks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "F", "bound"),
    [("MSD-49", 49, 0.49), ("GTS-25", 25, 0.49), ("cos-10", 10, 0.3), ("rectangle-25", 25, 0.3)],
)
def test_a_tasks_name_gives_its_period_and_the_papers_tolerance(task, F, bound):
    assert pt.period(task) == F and pt.tolerance(task) == bound


def test_an_unknown_task_and_split_are_named():
    with pytest.raises(ValueError, match="task from"):
        pt.period("MSD-50")
    with pytest.raises(ValueError, match="split 'train', 'validation' or 'test', got 'dev'"):
        pt.sequences("cos-10", "dev", SMOKE)


def test_msd_trains_on_fresh_seeded_batches_and_tests_on_one_fixed_set():
    a = pt.sequences("MSD-10", "train", SMOKE, step=3, seed=1)
    assert torch.equal(a.inputs, pt.sequences("MSD-10", "train", SMOKE, step=3, seed=1).inputs)
    assert not torch.equal(a.inputs, pt.sequences("MSD-10", "train", SMOKE, step=4, seed=1).inputs)
    assert a.inputs.shape[0] == SMOKE["msd"]["batch"]
    test = pt.sequences("MSD-49", "test", SMOKE)
    assert test.inputs.shape[0] == SMOKE["msd"]["test_sequences"]
    assert int(test.inputs[0].sum()) == SMOKE["msd"]["test_spikes"]
    validation = pt.sequences("MSD-49", "validation", SMOKE)
    assert validation.inputs.shape[0] == test.inputs.shape[0]
    assert validation.inputs.shape != test.inputs.shape or not torch.equal(
        validation.inputs, test.inputs
    )  # other random sequences: held out from each other


def test_generation_tasks_train_on_a_few_periods_and_test_on_a_long_free_run():
    train = pt.sequences("triangle-25", "train", SMOKE, step=7, seed=2)
    test = pt.sequences("triangle-25", "test", SMOKE)
    assert train.targets.shape[1] == SMOKE["train_periods"] * 25
    assert test.targets.shape[1] == SMOKE["test_steps"]
    assert torch.equal(test.targets[0, : train.targets.shape[1]], train.targets[0])
    assert pt.sequences("GTS-10", "test", SMOKE).inputs.sum() == 1
    validation = pt.sequences("triangle-25", "validation", SMOKE)
    assert validation.targets.shape[1] == SMOKE["validation_steps"] < SMOKE["test_steps"]
    assert torch.equal(validation.targets[0], test.targets[0, : SMOKE["validation_steps"]])


# One trial ----------------------------------------------------------------------------


@pytest.mark.parametrize("task", ["MSD-10", "GTS-10"])
def test_a_trial_trains_one_network_and_reports_its_success_and_free_run(task):
    config = copy.deepcopy(SMOKE)
    config["steps"], config["eval_every"], config["test_steps"] = 4, 2, 60
    config["validation_steps"] = 30
    found = pt.trial(f"{task}/peephole/0.01", 0, {}, config)
    assert found["seed"] == config["seeds"][0]
    assert found["solved"] is (found["sequences"] is not None)
    assert found["value"] >= (found["sequences"] or 0) / config["msd"]["batch"]
    assert pt.trial(f"{task}/peephole/0.01", 0, {}, config) == found
    if task == "GTS-10":
        assert 0 <= found["periods"] <= 6 and len(found["output_tail"]) == 60  # < TAIL_STEPS
    else:
        assert "periods" not in found and "output_tail" not in found


@pytest.mark.timeout(60)
def test_a_diverged_network_is_unsolved_and_ranks_after_every_other(monkeypatch):
    """A network whose outputs are not numbers (it diverged) must not stop the search:
    Optuna refuses a NaN value, so the trial's value is infinite."""
    config = copy.deepcopy(SMOKE)
    config["steps"], config["eval_every"], config["test_steps"] = 2, 2, 60
    monkeypatch.setattr(pt.timing, "errors", lambda outputs, batch: torch.full((1, 60), math.nan))
    found = pt.trial("MSD-10/peephole/0.01", 0, {}, config)
    assert not found["solved"] and math.isnan(found["worst"])
    assert found["value"] == math.inf


def test_a_solved_gts_run_with_peepholes_keeps_its_cells_first_four_periods(monkeypatch):
    config = copy.deepcopy(SMOKE)
    config["steps"], config["eval_every"], config["test_steps"] = 2, 2, 60
    monkeypatch.setattr(pt.timing, "errors", lambda outputs, batch: torch.zeros(1, 60))
    found = pt.trial("GTS-10/peephole/0.01", 0, {}, config)
    assert found["solved"] and found["sequences"] == 2
    assert len(found["cells"]["cell_state"]) == 41 and len(found["cells"]["forget_gate"][0]) == 4
    values = [v for row in found["cells"]["cell_state"] for v in row] + found["output_tail"]
    assert all(v == round(v, 3) for v in values)  # rounded in float64, short in the result
    assert "cells" not in pt.trial("GTS-10/forget/0.01", 0, {}, config)
    assert "cells" not in pt.trial("cos-10/peephole/0.01", 0, {}, config)


def test_an_unsolved_run_ranks_after_every_solved_one():
    config = copy.deepcopy(SMOKE)
    config["steps"], config["eval_every"], config["test_steps"] = 2, 2, 40
    found = pt.trial("rectangle-10/1997/0.003", 0, {}, config)
    assert not found["solved"] and found["value"] == pytest.approx(2 + found["validation_worst"])


def test_a_run_stops_and_ranks_on_its_validation_run_and_is_judged_on_its_test_run(monkeypatch):
    """The test run never chooses: a network that solves the validation run stops there and
    ranks by the sequences it took, and still fails if it does not solve the test run."""
    config = copy.deepcopy(SMOKE)
    config["steps"], config["eval_every"] = 6, 2
    config["validation_steps"], config["test_steps"] = 30, 60

    def errors(outputs, batch):  # perfect on the validation run, far off on the test run
        return torch.zeros(1, 30) if batch.targets.shape[1] == 30 else torch.ones(1, 60)

    monkeypatch.setattr(pt.timing, "errors", errors)
    found = pt.trial("cos-10/peephole/0.01", 0, {}, config)
    assert found["validated"] and found["value"] == 2  # stopped at the first check
    assert not found["solved"] and found["sequences"] is None and found["worst"] == 1.0


# The sweeps ---------------------------------------------------------------------------


def test_selection_trains_every_network_at_every_rate_with_the_first_seed_only():
    search = pt.selection(SMOKE)
    assert len(search.studies) == len(pt.TASKS) * len(pt.NETWORKS) * len(SMOKE["learning_rates"])
    assert search.trials == 1 and search.config["seeds"] == SMOKE["seeds"][:1]


def test_the_judged_runs_use_the_chosen_rate_and_the_other_seeds():
    rates = {task: {n: 0.01 for n in pt.NETWORKS} for task in pt.TASKS}
    rates["cos-25"]["forget"] = 0.03
    search = pt.judged(SMOKE, rates)
    assert "cos-25/forget/0.03" in search.studies
    assert len(search.studies) == len(pt.TASKS) * len(pt.NETWORKS)
    assert search.config["seeds"] == SMOKE["seeds"][1:]
    assert pt.judged({**SMOKE, "cells": 2}, rates).name != search.name


def test_choose_rates_takes_the_soonest_success_and_the_smaller_rate_among_equals():
    found = {
        f"{task}/{network}/{lr}": [{"value": {0.003: 600.4, 0.01: 200.0, 0.03: 200.0}[lr]}]
        for task in pt.TASKS
        for network in pt.NETWORKS
        for lr in SMOKE["learning_rates"]
    }
    found["GTS-10/1997/0.03"] = [{"value": 100.0}]
    rates = pt.choose_rates(found, SMOKE)
    assert rates["GTS-10"]["1997"] == 0.03 and rates["cos-10"]["peephole"] == 0.01


# The analysis -------------------------------------------------------------------------


def made_up_runs(successes: dict[str, int], periods_1997: int = 1, seeds: int = 10):
    """Runs in which each network solves ``successes[network]`` of ``seeds`` seeds on
    every task, after 100 sequences; unsolved 1997 runs sustain ``periods_1997``."""
    runs = {}
    for task in pt.TASKS:
        for network in pt.NETWORKS:
            rows = []
            for seed in range(seeds):
                solved = seed < successes.get(network, 0)
                row = {"solved": solved, "sequences": 100 if solved else None}
                if task in pt.GENERATING:
                    row["periods"] = 100 if solved else (periods_1997 if network == "1997" else 0)
                rows.append(row)
            runs[f"{task}/{network}/0.01"] = rows
    rates = {task: {n: 0.01 for n in pt.NETWORKS} for task in pt.TASKS}
    return runs, rates


def test_summarise_counts_successes_and_their_median_sequences():
    metrics = pt.summarise(*made_up_runs({"peephole": 7, "forget": 2}))
    assert metrics["seeds"] == 10
    assert metrics["GTS-10_peephole_successes"] == 7 and metrics["GTS-10_1997_successes"] == 0
    assert metrics["cos-10_peephole_sequences"] == 100
    assert metrics["GTS-25_1997_periods_max"] == 1 and metrics["MSD-49_peephole_lr"] == 0.01
    assert metrics["generating_peephole_success_rate"] == pytest.approx(0.7)


def test_fisher_p_is_small_only_for_a_clear_difference_in_the_right_direction():
    assert pt.fisher_p(5, 0, 10) == pytest.approx(0.0163, abs=1e-4)
    assert pt.fisher_p(0, 5, 10) == 1.0
    assert pt.fisher_p(3, 3, 10) > 0.5


def test_the_papers_picture_reads_as_reproduced_on_every_claim():
    metrics = pt.summarise(*made_up_runs({"peephole": 8, "forget": 0}, periods_1997=2))
    for claim in pt_claims.CLAIMS:
        assert claim.judge(metrics, "full").outcome == "reproduced", claim.id


def test_equal_networks_reproduce_neither_comparison():
    metrics = pt.summarise(*made_up_runs({"peephole": 4, "forget": 4, "1997": 4}))
    for claim_id in ("peepholes_generate_timing", "no_forget_gate_few_periods"):
        claim = next(c for c in pt_claims.CLAIMS if c.id.endswith(claim_id))
        assert claim.judge(metrics, "full").outcome == "not reproduced", claim.id


def test_networks_without_peepholes_that_win_contradict_the_paper():
    metrics = pt.summarise(*made_up_runs({"peephole": 1, "forget": 8, "1997": 8}))
    outcomes = {claim.id: claim.judge(metrics, "full").outcome for claim in pt_claims.CLAIMS}
    assert outcomes["gers2002.peepholes_generate_timing"] == "contradicted"
    # four cells against the paper's one: the 1997 claim is never contradicted here
    assert outcomes["gers2002.no_forget_gate_few_periods"] == "not reproduced"
    assert outcomes["gers2002.distinguishes_49_from_50"] == "weaker form"


def test_the_free_run_shows_the_last_periods_of_the_test_run():
    assert timing.WAVE_TOLERANCE == pt.tolerance("cos-25")
    assert all(
        periods * pt.period(task) <= SMOKE["test_steps"] for task, periods in pt_show.TRACED.items()
    )
