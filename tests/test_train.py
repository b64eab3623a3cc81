import random

import numpy as np
import pytest
import torch

from lstm.nn.train import History, fit, seed_everything


class Interrupted(Exception):
    """Stands in for a killed process."""


def make_model():
    """A small regression net with dropout, so that resuming must restore the
    random number generators, not only the weights."""
    return torch.nn.Sequential(
        torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Dropout(0.3), torch.nn.Linear(16, 1)
    )


def make_batch(step):
    """Inputs fixed by the step; targets with noise from NumPy's global generator."""
    inputs = torch.randn(8, 3, generator=torch.Generator().manual_seed(step))
    noise = torch.from_numpy(np.random.normal(0, 0.01, size=(8, 1))).float()
    return inputs, inputs.sum(dim=1, keepdim=True) + noise


def mse(model, batch):
    inputs, targets = batch
    return torch.nn.functional.mse_loss(model(inputs), targets)


def evaluate_with_noise(model):
    """Draws from torch's and Python's generators too, as a sampling evaluation would."""
    inputs, targets = make_batch(10_000)
    error = mse(model, (inputs + 0.01 * torch.randn_like(inputs), targets)).item()
    return {"error": error, "draw": random.random()}


def train(tmp_path=None, *, interrupt_at=None, steps=12, **options):
    """Seed, build and train the model; with ``interrupt_at``, the first attempt
    stops at that step and a second attempt, after scrambling every generator,
    resumes from the checkpoint."""
    seed_everything(0)
    model = make_model()
    interrupted = []

    def batch_fn(step):
        if step == interrupt_at and not interrupted:
            interrupted.append(step)
            raise Interrupted
        return make_batch(step)

    arguments = {
        "steps": steps,
        "lr": 0.01,
        "lr_decay": lambda step: 0.9**step,
        "clip_norm": 1.0,
        "evaluate": evaluate_with_noise,
        "eval_every": 4,
        "progress": False,
    } | options
    if tmp_path is not None:
        arguments |= {"checkpoint_path": tmp_path / "run.pt", "checkpoint_every": 5}
    if interrupt_at is not None:
        with pytest.raises(Interrupted):
            fit(model, mse, batch_fn, **arguments)
        seed_everything(123)
        model = make_model()
    return model, fit(model, mse, batch_fn, **arguments)


def test_seed_everything_repeats_every_generator():
    draws = []
    for _ in range(2):
        seed_everything(7)
        draws.append((random.random(), np.random.rand(), torch.rand(1).item()))
    assert draws[0] == draws[1]
    assert torch.are_deterministic_algorithms_enabled()


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, True, "0"])
def test_seed_everything_rejects_seeds_that_are_not_non_negative_ints(seed):
    with pytest.raises(ValueError, match="expected a seed that is an int"):
        seed_everything(seed)


def test_fit_learns_and_records_losses_and_evaluations():
    _, history = train(steps=30)
    assert history.steps == 30 and len(history.losses) == 30
    assert history.losses[-1] < history.losses[0]
    assert [evaluation["step"] for evaluation in history.evaluations] == [
        4,
        8,
        12,
        16,
        20,
        24,
        28,
        30,
    ]
    assert set(history.evaluations[0]) == {"step", "error", "draw"}
    assert history.solved_at is None and history.wall_time_s > 0


def test_fit_repeats_bit_for_bit_after_the_same_seed():
    (first_model, first), (second_model, second) = train(), train()
    assert first.losses == second.losses
    assert all(
        torch.equal(a, b)
        for a, b in zip(first_model.parameters(), second_model.parameters(), strict=True)
    )


def test_an_interrupted_and_resumed_run_ends_bit_identical_to_an_uninterrupted_one(tmp_path):
    model, history = train()
    resumed_model, resumed = train(tmp_path, interrupt_at=7)
    assert resumed.losses == history.losses
    assert resumed.evaluations == history.evaluations
    for parameter, resumed_parameter in zip(
        model.parameters(), resumed_model.parameters(), strict=True
    ):
        assert torch.equal(parameter, resumed_parameter)


def test_sgd_with_momentum_resumes_bit_identical_too(tmp_path):
    model, history = train(optimizer="sgd", momentum=0.9)
    resumed_model, resumed = train(tmp_path, interrupt_at=6, optimizer="sgd", momentum=0.9)
    assert resumed.losses == history.losses
    assert all(
        torch.equal(a, b)
        for a, b in zip(model.parameters(), resumed_model.parameters(), strict=True)
    )


def test_a_finished_run_is_returned_from_its_checkpoint_without_training(tmp_path):
    _, history = train(tmp_path)
    assert not (tmp_path / "run.pt.tmp").exists()
    again = fit(
        make_model(),
        mse,
        pytest.fail,
        steps=12,
        lr=0.01,
        clip_norm=1.0,
        eval_every=4,
        evaluate=evaluate_with_noise,
        checkpoint_path=tmp_path / "run.pt",
        checkpoint_every=5,
        progress=False,
    )
    assert again == history


def test_a_checkpoint_with_other_settings_is_refused(tmp_path):
    train(tmp_path)
    with pytest.raises(ValueError, match=r"other settings .*'lr': \(0.01, 0.1\)"):
        train(tmp_path, lr=0.1)


def test_a_checkpoint_beyond_the_requested_steps_is_refused(tmp_path):
    train(tmp_path)
    with pytest.raises(ValueError, match="at step 12, beyond steps=6"):
        train(tmp_path, steps=6)


def test_a_checkpoint_of_another_model_is_refused(tmp_path):
    train(tmp_path)
    with pytest.raises(ValueError, match="does not fit this model"):
        fit(
            torch.nn.Linear(3, 1),
            mse,
            make_batch,
            steps=12,
            lr=0.01,
            clip_norm=1.0,
            eval_every=4,
            checkpoint_path=tmp_path / "run.pt",
            checkpoint_every=5,
        )


def test_a_file_that_is_no_checkpoint_is_refused(tmp_path):
    (tmp_path / "run.pt").write_text("not a checkpoint")
    with pytest.raises(ValueError, match="run.pt is not a checkpoint written by fit"):
        train(tmp_path)


def test_fit_stops_early_when_success_holds():
    _, history = train(steps=40, success=lambda metrics: metrics["error"] < 3.0)
    solved = next(e["step"] for e in history.evaluations if e["error"] < 3.0)
    assert history.solved_at == solved == history.steps < 40
    assert len(history.losses) == solved


def test_a_solved_run_is_not_trained_further_after_resuming(tmp_path):
    _, history = train(tmp_path, steps=40, success=lambda metrics: metrics["error"] < 3.0)
    _, again = train(tmp_path, steps=40, success=lambda metrics: metrics["error"] < 3.0)
    assert again == history


def test_evaluate_runs_in_eval_mode_without_gradients_and_restores_training_mode():
    seen = []

    def evaluate(model):
        seen.append((model.training, torch.is_grad_enabled()))
        return {}

    def loss_in_training_mode(model, batch):
        assert model.training
        return mse(model, batch)

    fit(
        make_model(),
        loss_in_training_mode,
        make_batch,
        steps=4,
        evaluate=evaluate,
        eval_every=2,
        progress=False,
    )
    assert seen == [(False, False), (False, False)]


def one_weight():
    """A model with one weight, 1.0, so that updates can be checked by hand."""
    model = torch.nn.Linear(1, 1, bias=False)
    torch.nn.init.ones_(model.weight)
    return model


def weight_after(steps, loss_scale, **options):
    """The weight after training on the loss ``loss_scale * weight`` (gradient
    ``loss_scale``) with plain SGD at learning rate 1."""
    model = one_weight()
    fit(
        model,
        lambda model, batch: loss_scale * model.weight.sum(),
        lambda step: None,
        steps=steps,
        optimizer="sgd",
        lr=1.0,
        progress=False,
        **options,
    )
    return model.weight.item()


def test_lr_decay_scales_the_learning_rate_of_each_step():
    assert weight_after(3, 1.0) == 1.0 - 3
    assert weight_after(3, 1.0, lr_decay=lambda step: 0.5**step) == 1.0 - (1 + 0.5 + 0.25)


def test_clip_norm_bounds_each_update():
    assert weight_after(2, 10.0) == 1.0 - 20
    assert weight_after(2, 10.0, clip_norm=0.5) == pytest.approx(0.0, abs=1e-6)


def test_progress_bar_shows_on_stderr_unless_ci_is_set(capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    fit(make_model(), mse, make_batch, steps=2, description="adding problem")
    assert "adding problem" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    fit(make_model(), mse, make_batch, steps=2, description="adding problem")
    assert capsys.readouterr().err == ""
    fit(make_model(), mse, make_batch, steps=2, description="adding problem", progress=True)
    assert "adding problem" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"steps": 0}, ValueError, "steps to be a positive int, got 0"),
        ({"steps": 2.5}, ValueError, "steps to be a positive int, got 2.5"),
        ({"optimizer": "rmsprop"}, ValueError, r"\('adam', 'sgd'\), got 'rmsprop'"),
        ({"lr": 0}, ValueError, "lr to be a positive number, got 0"),
        ({"lr": float("nan")}, ValueError, "lr to be a positive number, got nan"),
        ({"momentum": 0.9}, ValueError, "momentum applies to optimizer='sgd' only"),
        ({"optimizer": "sgd", "momentum": 1.5}, ValueError, r"momentum in \[0, 1\), got 1.5"),
        ({"clip_norm": -1.0}, ValueError, "clip_norm to be a positive number, got -1.0"),
        ({"eval_every": 0}, ValueError, "eval_every to be a positive int, got 0"),
        ({"success": lambda metrics: True}, ValueError, "expected evaluate to be given"),
        ({"lr_decay": 0.9}, TypeError, "lr_decay to be callable, got float"),
        ({"evaluate": {"error": 0}}, TypeError, "evaluate to be callable, got dict"),
        ({"checkpoint_path": "run.pt"}, ValueError, "checkpoint_path and checkpoint_every"),
        ({"checkpoint_every": 10}, ValueError, "checkpoint_path and checkpoint_every"),
        ({"checkpoint_path": "x.pt", "checkpoint_every": 0}, ValueError, "positive int, got 0"),
        ({"progress": "yes"}, TypeError, "progress to be True, False or None, got 'yes'"),
        ({"description": 3}, TypeError, "description to be a str, got int"),
    ],
)
def test_fit_rejects_bad_arguments(options, error, message):
    with pytest.raises(error, match=message):
        fit(make_model(), mse, make_batch, **({"steps": 2} | options))


def test_fit_rejects_a_model_that_is_not_a_module_or_has_nothing_to_train():
    with pytest.raises(TypeError, match="torch.nn.Module, got function"):
        fit(make_model, mse, make_batch, steps=2)
    with pytest.raises(ValueError, match="trainable parameters"):
        fit(torch.nn.Tanh(), mse, make_batch, steps=2)


def test_fit_rejects_loss_and_batch_functions_that_are_not_callable():
    with pytest.raises(TypeError, match="loss_fn to be callable, got str"):
        fit(make_model(), "mse", make_batch, steps=2)
    with pytest.raises(TypeError, match="batch_fn to be callable, got list"):
        fit(make_model(), mse, [], steps=2)


@pytest.mark.parametrize(
    "loss_fn, error, message",
    [
        (lambda model, batch: 0.5, TypeError, "scalar tensor, got float"),
        (lambda model, batch: model(batch[0]), ValueError, r"got shape \(8, 1\)"),
        (lambda model, batch: torch.tensor(0.5), ValueError, "requires_grad=False"),
    ],
)
def test_fit_rejects_a_loss_that_is_not_a_scalar_tensor_of_the_model(loss_fn, error, message):
    with pytest.raises(error, match=message):
        fit(make_model(), loss_fn, make_batch, steps=2, progress=False)


@pytest.mark.parametrize(
    "evaluate, error, message",
    [
        (lambda model: 0.5, TypeError, "evaluate to return a dict, got float"),
        (lambda model: {"step": 1}, ValueError, "without a 'step' key"),
    ],
)
def test_fit_rejects_evaluations_that_are_not_metrics(evaluate, error, message):
    with pytest.raises(error, match=message):
        fit(make_model(), mse, make_batch, steps=2, evaluate=evaluate, eval_every=1, progress=False)


def test_history_starts_empty():
    assert History() == History(steps=0, losses=[], evaluations=[], solved_at=None, wall_time_s=0.0)


def test_keep_best_restores_the_best_evaluations_weights_and_patience_stops_early():
    seed_everything(0)
    model = torch.nn.Linear(1, 1)
    scores = iter([0.1, 0.5, 0.3, 0.2, 0.9])
    seen = []

    def evaluate(m):
        seen.append(m.weight.detach().clone())
        return {"accuracy": next(scores)}

    def loss(m, batch):
        return (m(batch) - 1).pow(2).mean()

    history = fit(
        model,
        loss,
        lambda step: torch.ones(4, 1),
        steps=50,
        lr=0.1,
        evaluate=evaluate,
        eval_every=10,
        keep_best="accuracy",
        patience=2,
    )
    assert history.steps == 40 and history.best_step == 20  # 0.3, 0.2: two without a better
    assert torch.equal(model.weight, seen[1])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"keep_best": "accuracy"}, "expected keep_best to name a metric of evaluate"),
        ({"patience": 2}, "patience counts evaluations since the best"),
        ({"evaluate": lambda m: {"a": 1.0}, "keep_best": "a", "patience": 0}, "positive int"),
        (
            {"evaluate": lambda m: {"a": 1.0}, "keep_best": "b"},
            r"expected evaluate to return a number under keep_best='b', got None among \['a'\]",
        ),
    ],
)
def test_keep_best_and_patience_reject_bad_arguments(options, message):
    model = torch.nn.Linear(1, 1)
    with pytest.raises(ValueError, match=message):
        fit(model, lambda m, b: m(b).sum(), lambda step: torch.ones(1, 1), steps=3, **options)
