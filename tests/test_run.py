import dataclasses
import json
import os
import subprocess
import sys

import pytest
from conftest import score_claim

from lstm.reproduce import cli, registry, results, robustness
from lstm.reproduce.cli import main
from lstm.reproduce.registry import Experiment, registered

SCORE_CLAIM = score_claim(1.02)


@pytest.fixture
def only_fakes(monkeypatch, results_dir):
    """A registry with no experiment modules, so --all runs the fakes only."""
    monkeypatch.setattr(registry, "MODULES", {})
    monkeypatch.delenv("LSTM_PROFILE", raising=False)
    return results_dir


def test_run_writes_the_result_and_prints_path_and_metrics(fake, only_fakes, capsys):
    assert main(["fake"]) == 0
    path = only_fakes / "fake.json"
    assert results.load(path).metrics == {"score": 1.01, "solved": True}
    out = capsys.readouterr().out
    assert "running fake (full profile, seed offset 0)" in out
    assert f"wrote {path}" in out
    assert "  score: 1.01\n  solved: True\n" in out


def test_run_prints_each_claims_verdict_at_the_seed_offset(fake, only_fakes, capsys):
    with registered(claims=[SCORE_CLAIM]):
        assert main(["fake", "--seed", "0"]) == 0
        assert "NOT REPRODUCED: fake.score: score = 1.01" in capsys.readouterr().out
        assert main(["fake", "--seed", "1"]) == 0  # seeds 1, 2: score 1.03
    out = capsys.readouterr().out
    assert "REPRODUCED: fake.score: score = 1.03\n    (paper's strength: score ≥ 1.02)" in out


def test_robustness_runs_the_smoke_profile_at_every_offset_and_writes_the_verdicts(
    fake, only_fakes, capsys
):
    with registered(claims=[SCORE_CLAIM]):
        assert main(["fake", "--robustness"]) == 0
        check = robustness.load("fake")
    assert check.offsets == list(robustness.OFFSETS)
    assert check.verdicts == {"fake.score": ["reproduced"] * len(robustness.OFFSETS)}
    assert len(fake.calls) == len(robustness.OFFSETS)
    assert {call["seeds"][0] for call in fake.calls} == set(robustness.OFFSETS)
    assert "  fake.score: reproduced, reproduced, reproduced," in capsys.readouterr().out


def test_run_with_profile_and_seed_writes_beside_the_committed_result(fake, only_fakes):
    assert main(["fake", "--profile", "smoke", "--seed", "2"]) == 0
    written = json.loads((only_fakes / "smoke" / "fake.seed2.json").read_text())
    assert written["config"]["seeds"] == [2]
    assert not (only_fakes / "smoke" / "fake.json").exists()


def test_run_defaults_to_the_profile_of_lstm_profile(fake, only_fakes, monkeypatch):
    monkeypatch.setenv("LSTM_PROFILE", "smoke")
    assert main(["fake"]) == 0
    assert (only_fakes / "smoke" / "fake.json").exists()


def test_all_runs_every_experiment(make_experiment, only_fakes):
    with registered([make_experiment("first"), make_experiment("second")]):
        assert main(["--all"]) == 0
    assert sorted(path.name for path in only_fakes.glob("*.json")) == [
        "first.json",
        "second.json",
    ]


def test_list_names_each_experiment_with_its_chapter(fake, only_fakes, capsys):
    assert main(["--list"]) == 0
    assert capsys.readouterr().out == "fake  (book/99_fake)\n"


def test_list_longest_first_orders_by_the_committed_full_runs_time(
    make_experiment, only_fakes, capsys
):
    quick, slow, never = (make_experiment(name) for name in ("quick", "slow", "never"))
    with registered([quick, slow, never]):
        for experiment, seconds in ((quick, 1.0), (slow, 60.0)):
            result = results.run(experiment, "full")
            provenance = dataclasses.replace(result.provenance, wall_time_s=seconds)
            results.save(dataclasses.replace(result, provenance=provenance))
        assert main(["--list", "--longest-first"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names == ["never", "slow", "quick"]


def test_an_unknown_experiment_exits_2_naming_the_known_ones(fake, only_fakes, capsys):
    assert main(["adding"]) == 2
    assert "unknown experiment 'adding'; known experiments: ['fake']" in capsys.readouterr().err
    assert not only_fakes.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "one of the arguments"),
        (["fake", "--list"], "not allowed with"),
        (["fake", "--seed", "-1"], "expected a non-negative integer, got '-1'"),
        (["fake", "--profile", "huge"], "invalid choice: 'huge'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(fake, only_fakes, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "--profile" in capsys.readouterr().out


def test_a_bad_lstm_profile_is_a_one_line_error(fake, only_fakes, capsys, monkeypatch):
    monkeypatch.setenv("LSTM_PROFILE", "quick")
    assert main(["fake"]) == 2
    assert capsys.readouterr().err == (
        "error: expected LSTM_PROFILE to be one of smoke, full (or unset, for full), got 'quick'\n"
    )


def failing_experiment(make_experiment, message):
    """The fake experiment, whose run stops with ``ValueError(message)``."""

    def run(config):
        raise ValueError(message)

    return dataclasses.replace(make_experiment("fake"), run=run)


@pytest.mark.parametrize("robustness_flag", [[], ["--robustness"]])
def test_unusable_data_of_your_own_is_a_one_line_error(
    make_experiment, only_fakes, capsys, robustness_flag
):
    message = "LSTM_TIMIT_DIR=/data/timit is not a TIMIT folder: expected a TRAIN/ folder"
    with registered([failing_experiment(make_experiment, message)]):
        assert main(["fake", *robustness_flag]) == 2
    assert capsys.readouterr().err == f"error: {message}\n"


def test_the_data_variables_are_those_the_readers_read():
    from lstm.data import timit
    from lstm.experiments.sequence_to_sequence import experiment as sequence_to_sequence
    from lstm.experiments.show_and_tell import experiment as show_and_tell

    assert set(cli.DATA_VARIABLES) == {
        timit.ENVIRONMENT_VARIABLE,
        show_and_tell.COCO_DIR,
        sequence_to_sequence.PARALLEL_FILE,
    }


def test_any_other_error_of_a_run_keeps_its_traceback(make_experiment, only_fakes):
    with registered([failing_experiment(make_experiment, "expected a float, got 'x'")]):
        with pytest.raises(ValueError, match="expected a float"):
            main(["fake"])


def test_the_package_runs_as_a_program():
    completed = subprocess.run(
        [sys.executable, "-m", "lstm", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0 and "python -m lstm" in completed.stdout


def test_list_never_reads_a_wrong_timit_folder(tmp_path):
    """With LSTM_TIMIT_DIR naming no folder, the program (every experiment module imported
    afresh) still lists the experiments: only a run on TIMIT reads the variable."""
    completed = subprocess.run(
        [sys.executable, "-m", "lstm", "--list"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LSTM_TIMIT_DIR": str(tmp_path / "nowhere")},
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert "framewise_phonemes  (book/05_graves-2005_bidirectional-lstm)\n" in completed.stdout


@pytest.mark.timeout(60)
def test_a_run_on_your_own_data_without_a_results_folder_stops_before_it_starts(
    make_experiment, only_fakes, monkeypatch, capsys
):
    calls = []
    experiment = make_experiment(calls=calls)
    own = dataclasses.replace(
        experiment,
        configs={p: {**c, "corpus": "tsv"} for p, c in experiment.configs.items()},
    )
    monkeypatch.delenv("LSTM_RESULTS_DIR")
    with registered([own]):
        assert main(["fake"]) == 2
    assert calls == []  # refused before an hour's run, not after it
    err = capsys.readouterr().err
    assert err.startswith("error: expected LSTM_RESULTS_DIR to name a folder for results on")
    assert err.count("\n") == 1


def test_set_changes_a_config_key_for_one_run_and_writes_beside_the_books_results(
    fake, only_fakes, capsys
):
    assert main(["fake", "--set", "scale=2.5"]) == 0
    result = results.load(only_fakes / "fake.json")
    assert result.config["scale"] == 2.5 and result.metrics["score"] == 2.51
    assert fake.calls[-1]["scale"] == 2.5


def test_set_refuses_a_key_the_config_lacks_and_a_change_without_a_results_folder(
    fake, only_fakes, capsys, monkeypatch
):
    assert main(["fake", "--set", "scael=2"]) == 2
    assert capsys.readouterr().err == (
        "error: expected a key of fake's full config (seeds, scale), got 'scael'\n"
    )
    monkeypatch.delenv("LSTM_RESULTS_DIR")
    assert main(["fake", "--set", "scale=2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: expected LSTM_RESULTS_DIR to name a folder for the results ")
    assert err.count("\n") == 1 and fake.calls == []
    assert main(["fake", "--set", "scale"]) == 2  # not KEY=VALUE: a usage error
    assert "expected KEY=VALUE, got 'scale'" in capsys.readouterr().err


def test_a_set_value_is_json_where_it_parses_and_text_otherwise(make_experiment):
    experiment = make_experiment()
    changed = experiment.config("full", changes={"scale": "[1, 2]"})
    assert changed["scale"] == "[1, 2]"  # the registry takes values as given
    nested = Experiment(
        "nested",
        "book/99_nested",
        {"smoke": {"seeds": [0], "a": {"b": 1}}, "full": {"seeds": [0]}},
        lambda config: {"metrics": {}},
    )
    assert nested.config("smoke", changes={"a.b": 2})["a"] == {"b": 2}
    with pytest.raises(
        ValueError, match=r"expected a key of nested's smoke config \(seeds, a, a.b\), got 'a.c'"
    ):
        nested.config("smoke", changes={"a.c": 2})
    assert cli._change("corpus=timit") == ("corpus", "timit")
    assert cli._change("epochs=3") == ("epochs", 3)
    assert cli._change("sizes=[1, 2]") == ("sizes", [1, 2])
