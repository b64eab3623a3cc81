"""Chapter 8's experiment (lstm.experiments.search_space_odyssey): its search, the
analysis of the trials, and the claims' inputs, on trials made up here."""

import math

import numpy as np
import pytest

from lstm.experiments.search_space_odyssey import claims as odyssey_claims
from lstm.experiments.search_space_odyssey import experiment as odyssey
from lstm.sweep import local
from lstm.sweep.study import Sweep, draw

SMOKE = odyssey.CONFIG["smoke"]


def made_up_trials(harm: dict[str, float], count=12, spread=0.1, seed=0):
    """Trials whose value is the architecture's harm plus noise, the same noise for every
    architecture (so that those without harm equal vanilla)."""
    trials = {}
    for task in odyssey.TASKS:
        for arch in odyssey.ARCHITECTURES:
            rng = np.random.default_rng(seed)
            trials[f"{task}/{arch}"] = [
                {
                    "index": k,
                    "value": value,
                    "validation": value,
                    "params": draw(odyssey.space(SMOKE), 0, k),
                }
                for k in range(count)
                for value in [float(10 + harm.get(arch, 0.0) + spread * rng.standard_normal())]
            ]
    return trials


def test_the_search_has_a_study_per_task_and_architecture_and_the_papers_space():
    search = odyssey.sweep(SMOKE)
    assert isinstance(search, Sweep)
    assert len(search.studies) == 2 * 9 and "speech/FGR" in search.studies
    assert search.trials == SMOKE["trials"] and search.seed == SMOKE["seeds"][0]
    space = odyssey.space(SMOKE)
    assert (space["learning_rate"].low, space["learning_rate"].high) == (1e-6, 1e-2)
    assert space["learning_rate"].log and space["hidden_size"].log
    assert not space["input_noise"].log


def test_the_searchs_name_changes_with_the_config_only_where_it_should():
    name = odyssey.sweep(SMOKE).name
    assert odyssey.sweep(dict(SMOKE)).name == name
    assert odyssey.sweep({**SMOKE, "trials": 4}).name != name
    assert odyssey.sweep(odyssey.CONFIG["full"]).name != name


def test_storage_and_workers_follow_the_environment(monkeypatch):
    search = odyssey.sweep(SMOKE)
    monkeypatch.delenv(local.STORAGE_ENV, raising=False)
    assert odyssey.storage(search).endswith(f"data/cache/sweeps/{search.name}.journal")
    monkeypatch.setenv(local.STORAGE_ENV, "postgresql://host/db")
    assert odyssey.storage(search) == "postgresql://host/db"
    monkeypatch.delenv(local.WORKERS_ENV, raising=False)
    assert odyssey.workers() == 2
    monkeypatch.setenv(local.WORKERS_ENV, "3")
    assert odyssey.workers() == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(local.WORKERS_ENV, bad)
        with pytest.raises(ValueError, match="expected LSTM_SWEEP_WORKERS to be an int >= 1"):
            odyssey.workers()


def test_an_unknown_task_is_an_error():
    with pytest.raises(ValueError, match="expected a task from"):
        odyssey.task_data("iam", SMOKE)


def test_the_best_trials_are_chosen_on_validation_and_give_their_test_values():
    rows = [
        {"value": test, "validation": validation}
        for test, validation in ((5.0, 1.0), (1.0, 4.0), (3.0, float("nan")), (2.0, 2.0))
    ]
    # The lowest test value (1.0) is not among them: its validation value was not.
    assert odyssey.best_values(rows, 2).tolist() == [5.0, 2.0]
    assert odyssey.best_values(rows, 4).tolist() == [5.0, 2.0, 1.0, 3.0]  # NaN ranks last


def test_compare_marks_only_clear_differences_as_significant():
    trials = made_up_trials({"NFG": 2.0, "NOAF": 2.0, "FGR": -2.0})
    rows = {(r["task"], r["arch"]): r for r in odyssey.compare(trials, best=6, significance=0.05)}
    for task in odyssey.TASKS:
        assert rows[(task, "NFG")]["significant"] == "worse" and rows[(task, "NFG")]["diff"] > 1.5
        assert rows[(task, "FGR")]["significant"] == "better"
        assert rows[(task, "CIFG")]["significant"] == "" and rows[(task, "CIFG")]["p"] > 0.05
        assert rows[(task, odyssey.VANILLA)]["p"] == 1.0


def test_the_metrics_count_significant_variants_and_read_the_shares():
    trials = made_up_trials({"NFG": 2.0, "NOAF": 2.0})
    comparison = odyssey.compare(trials, best=6, significance=0.05)
    lr = np.logspace(-6, -2, 5)
    found = {
        task: {
            "first_order": {
                "learning_rate": 0.6,
                "hidden_size": 0.2,
                "one_minus_momentum": 0.05,
                "input_noise": 0.05,
            },
            "pairwise": {"learning_rate x hidden_size": 0.04, "hidden_size x input_noise": 0.01},
            "surface": {
                "learning_rate": lr.tolist(),
                "hidden_size": [8, 64],
                "mean": [[5, 5], [4, 5], [3, 4], [2, 1], [9, 9]],
            },
        }
        for task in odyssey.TASKS
    }
    metrics = odyssey.summarise(comparison, found)
    assert metrics["jsb_NFG_worse"] == 1 and metrics["speech_NOAF_worse"] == 1
    assert metrics["jsb_variants_worse"] == 2 and metrics["jsb_variants_better"] == 0
    assert metrics["jsb_lr_share_over_next"] == pytest.approx(3.0)
    assert metrics["speech_interactions"] == pytest.approx(0.05)
    assert metrics["jsb_best_lr_small"] == metrics["jsb_best_lr_large"] == pytest.approx(1e-3)
    assert metrics["jsb_best_lr_decades_apart"] == 0


def test_best_learning_rates_read_the_smallest_and_largest_hidden_sizes():
    surface = {
        "learning_rate": [1e-5, 1e-4, 1e-3],
        "hidden_size": [8, 20, 64],
        "mean": [[1, 5, 9], [2, 1, 5], [3, 4, 1]],
    }
    small, large = odyssey.best_learning_rates(surface)
    assert (small, large) == (1e-5, 1e-3)


def test_log_axes_put_log_uniform_hyperparameters_on_their_decades():
    params = {
        "learning_rate": [1e-5, 1e-3],
        "hidden_size": [8, 64],
        "one_minus_momentum": [0.01, 1.0],
        "input_noise": [0.2, 0.4],
    }
    values, distributions = odyssey._log_axes(params, odyssey._bounds(SMOKE))
    assert values["learning_rate"] == pytest.approx([-5, -3])
    assert values["input_noise"] == [0.2, 0.4]
    assert (distributions["learning_rate"].low, distributions["learning_rate"].high) == (-6, -2)
    assert not distributions["learning_rate"].log
    assert distributions["hidden_size"].high == pytest.approx(math.log10(16))


# The speech task on a TIMIT-layout folder ------------------------------------------------

TINY_TIMIT = {
    **SMOKE,
    "corpus": "timit",
    "trials": 4,
    "best": 2,
    "hidden": [4, 6],
    "chorales": 6,
    "speech_utterances": [4, 1, 1],
    "epochs": 1,
}


@pytest.fixture
def timit_folder(tmp_path, monkeypatch):
    """A TIMIT-layout folder the test writes (two training speakers, a core-test and
    another test speaker), named by LSTM_TIMIT_DIR; the trials kept in the test's folder."""
    from test_data_timit import make_tree

    make_tree(tmp_path / "TIMIT")
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path / "TIMIT"))
    monkeypatch.setenv(local.STORAGE_ENV, str(tmp_path / "sweep.journal"))
    monkeypatch.setenv(local.WORKERS_ENV, "1")
    return tmp_path / "TIMIT"


def test_the_speech_task_reads_the_timit_folder(timit_folder):
    train, validation, test = odyssey.task_data("speech", TINY_TIMIT)
    # the SX and SI sentences of each speaker (SA is left out): 2 training speakers, and
    # one each for validation (the other test speaker) and test (the core-test speaker)
    assert [len(split.inputs) for split in (train, validation, test)] == [4, 1, 1]
    assert train.inputs[0].shape[1] == 26
    assert all(len(x) == len(y) for x, y in zip(train.inputs, train.targets, strict=True))


def test_a_timit_searchs_name_changes_with_the_folder(timit_folder, monkeypatch):
    name = odyssey.sweep(TINY_TIMIT).name
    assert name != odyssey.sweep({**TINY_TIMIT, "corpus": "espeak"}).name
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(timit_folder.parent / "another"))
    assert odyssey.sweep(TINY_TIMIT).name != name


def test_the_speech_task_is_read_again_from_another_folder(timit_folder, monkeypatch):
    from test_data_timit import make_tree

    assert len(odyssey.task_data("speech", TINY_TIMIT)[0].inputs) == 4
    other = timit_folder.parent / "other"
    make_tree(other, speakers=("FCJF0", "MDAB0", "FAKS0"))  # one training speaker
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(other))
    assert len(odyssey.task_data("speech", TINY_TIMIT)[0].inputs) == 2


# four trials of a few sentences: some studies' values nearly equal, which scipy warns of
@pytest.mark.filterwarnings("ignore:Precision loss occurred:RuntimeWarning")
def test_the_chapter_runs_its_search_on_a_timit_folder(timit_folder):
    """Every study's trials train (speech on the folder's sentences), and every claim's
    metrics are there."""
    output = odyssey.run(TINY_TIMIT)
    assert output["data"]["speech"] == [4, 1, 1]
    studies = {row["study"] for row in output["trials"]}
    assert studies == {f"{t}/{a}" for t in odyssey.TASKS for a in odyssey.ARCHITECTURES}
    assert len(output["trials"]) == 2 * 9 * TINY_TIMIT["trials"]
    speech = [row for row in output["trials"] if row["study"].startswith("speech/")]
    assert all(0.0 <= row["value"] <= 100.0 for row in speech)
    for claim in odyssey_claims.CLAIMS:
        claim.judge(output["metrics"], "smoke", output)


def test_a_timit_corpus_without_the_folder_is_named(monkeypatch):
    monkeypatch.delenv("LSTM_TIMIT_DIR", raising=False)
    with pytest.raises(ValueError, match="expected LSTM_TIMIT_DIR to name your TIMIT folder"):
        odyssey.task_data("speech", {**TINY_TIMIT, "speech_utterances": [3, 1, 1]})
