"""The book must never show stale numbers: every committed result (full results and
smoke baselines in data/results) must match its experiment's current config, criteria
and code, and must have been made from committed code. Nothing here asks a claim to be
reproduced: a verdict is an outcome."""

import pytest

from lstm.reproduce import registry, results, robustness
from lstm.reproduce.registry import registered


@pytest.fixture
def committed(monkeypatch):
    monkeypatch.delenv("LSTM_RESULTS_DIR", raising=False)


def test_every_committed_result_matches_its_experiments_config_criteria_and_code(committed):
    assert results.stale_results() == []


def test_every_committed_result_was_made_from_a_clean_tree_at_a_named_commit(committed):
    unclean = []
    for name in registry.names():
        for profile in ("full", "smoke"):
            path = results.result_path(name, profile)
            if path.exists():
                provenance = results.load(path).provenance
                if provenance.dirty or provenance.git_commit == "unknown":
                    unclean.append(f"{path} ({provenance.git_commit}, dirty={provenance.dirty})")
    assert unclean == []


def test_every_experiment_with_claims_has_a_fresh_robustness_check(committed):
    assert robustness.stale_checks() == []


def test_stale_results_is_empty_when_every_result_matches(fake):
    results.save(results.run("fake", "full"))
    results.save(results.run("fake", "smoke"))
    assert results.stale_results() == []


def test_stale_results_names_a_missing_full_result_and_smoke_baseline(fake):
    full, smoke = sorted(results.stale_results())
    assert "no committed full result" in full and "fake.json" in full
    assert "no committed smoke result" in smoke
    assert "python -m lstm fake --profile smoke" in smoke


def test_a_missing_smoke_baseline_is_fine_without_headline_metrics(make_experiment, results_dir):
    with registered([make_experiment(tolerance={})]):
        results.save(results.run("fake", "full"))
        assert results.stale_results() == []


def test_stale_results_names_results_whose_config_changed(make_experiment, results_dir):
    with registered([make_experiment(scale=1.0)]):
        results.save(results.run("fake", "full"))
        results.save(results.run("fake", "smoke"))
    with registered([make_experiment(scale=2.0)]):
        problems = sorted(results.stale_results())
    assert len(problems) == 2
    assert "results/fake.json is stale: its config changed (made with " in problems[0]
    assert "smoke/fake.json is stale: its config changed" in problems[1]
    assert problems[1].endswith("run `python -m lstm fake --profile smoke`")


def test_stale_results_names_a_malformed_result(fake):
    results.save(results.run("fake", "smoke"))
    (fake.results_dir / "fake.json").write_text("{")
    assert "fake.json is not a result file" in results.stale_results()[0]
