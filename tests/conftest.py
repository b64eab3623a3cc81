"""Fixtures shared by the tests of the experiment registry, results, claims and CLI:
a tiny fake experiment whose metrics follow from its config, and a throw-away
results directory."""

from types import SimpleNamespace

import pytest

from lstm.reproduce import registry
from lstm.reproduce.claims import Claim, at_least
from lstm.reproduce.registry import Experiment, registered


@pytest.fixture
def results_dir(tmp_path, monkeypatch):
    """An empty results directory in place of ``data/results``, and a registry that holds
    only what the test registers (the book's own experiments have no results there)."""
    monkeypatch.setattr(registry, "MODULES", {})
    directory = tmp_path / "results"
    monkeypatch.setenv("LSTM_RESULTS_DIR", str(directory))
    monkeypatch.delenv("LSTM_RERUN", raising=False)
    return directory


@pytest.fixture
def make_experiment():
    """Build a fake experiment: its ``score`` is ``scale`` plus the seeds' sum / 100,
    so a changed config or seed changes the metrics; ``calls`` collects the configs
    it ran with."""

    def make(name="fake", *, scale=1.0, calls=None, tolerance=None):
        def run(config):
            if calls is not None:
                calls.append(config)
            score = config["scale"] + sum(config["seeds"]) / 100
            return {"metrics": {"score": score, "solved": score > 1}, "curve": [score, score / 2]}

        return Experiment(
            name=name,
            chapter="book/99_fake",
            configs={
                "smoke": {"seeds": [0], "scale": scale / 2},
                "full": {"seeds": [0, 1], "scale": scale},
            },
            run=run,
            baseline_tolerance={"score": 0.01} if tolerance is None else tolerance,
        )

    return make


@pytest.fixture
def fake(make_experiment, results_dir):
    """The fake experiment ``"fake"``, registered for the test, with its calls and
    the results directory."""
    calls = []
    experiment = make_experiment(calls=calls)
    with registered([experiment]):
        yield SimpleNamespace(experiment=experiment, calls=calls, results_dir=results_dir)


def score_claim(bound: float, claim_id: str = "fake.score") -> Claim:
    """A claim about the fake experiment: its score is at least ``bound``."""

    def score_is_high(metrics, profile):
        return at_least(metrics["score"], bound, "score")

    return Claim(
        claim_id,
        "fake2024",
        "The score is <high>.",
        f"score {bound}",
        "fake",
        score_is_high,
        {"reproduced": {"score": 1e9}, "not reproduced": {"score": -1e9}},
    )
