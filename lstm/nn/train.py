"""One training loop for every experiment in the book.

:func:`fit` does what the papers' experiments need and nothing more: Adam or SGD
(with momentum and a learning-rate schedule, as in Gers et al. 2000), gradient-norm
clipping, evaluation every few steps, an early stop when a success criterion holds
(the papers count "sequences to success"), early stopping on a validation metric
with the best weights kept (Graves & Schmidhuber 2005), a progress bar, and checkpoints
from which an interrupted run resumes exactly where it stopped.

Data is a function of the step index, ``batch_fn(step)``, so that a resumed run
sees the same batches as an uninterrupted one; together with the random number
generator states stored in each checkpoint, a resumed run ends with bit-identical
weights (on CPU, after :func:`seed_everything`).
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import pickle
import random
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import tqdm

OPTIMIZERS = ("adam", "sgd")


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, NumPy and PyTorch, and make PyTorch use
    deterministic algorithms, so that a run on CPU repeats bit for bit."""
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**32:
        raise ValueError(f"expected a seed that is an int in [0, 2**32), got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    # cuBLAS is deterministic only with a fixed workspace, chosen before CUDA starts.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True)


@dataclass
class History:
    """What happened during :func:`fit`.

    ``steps`` counts the optimisation steps taken; ``losses`` holds the training loss
    of each; ``evaluations`` holds one dict per evaluation, its ``"step"`` (steps
    taken when it ran) and the metrics ``evaluate`` returned; ``solved_at`` is the
    step at which ``success`` first held (``None`` if it never did); ``best_step`` is
    the step of the best evaluation of ``keep_best`` (``None`` without it);
    ``wall_time_s`` is the training time in seconds, summed over resumed attempts.
    """

    steps: int = 0
    losses: list[float] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    solved_at: int | None = None
    best_step: int | None = None
    wall_time_s: float = 0.0


def fit(
    model: torch.nn.Module,
    loss_fn: Callable[[torch.nn.Module, Any], torch.Tensor],
    batch_fn: Callable[[int], Any],
    *,
    steps: int,
    optimizer: str = "adam",
    lr: float = 1e-3,
    momentum: float = 0.0,
    lr_decay: Callable[[int], float] | None = None,
    clip_norm: float | None = None,
    evaluate: Callable[[torch.nn.Module], Mapping[str, Any]] | None = None,
    eval_every: int = 100,
    success: Callable[[Mapping[str, Any]], bool] | None = None,
    keep_best: str | None = None,
    patience: int | None = None,
    checkpoint_path: str | os.PathLike | None = None,
    checkpoint_every: int | None = None,
    progress: bool | None = None,
    description: str = "",
) -> History:
    """Train ``model`` for ``steps`` steps and return its :class:`History`.

    Each step trains on ``batch_fn(step)`` with the scalar loss
    ``loss_fn(model, batch)``, using ``optimizer`` (``"adam"`` or ``"sgd"``, the
    latter with ``momentum``) at learning rate ``lr * lr_decay(step)``, after
    clipping the gradient norm to ``clip_norm`` when given.

    Every ``eval_every`` steps and after the last one, ``evaluate(model)`` runs in
    eval mode without gradients and its metrics are recorded; when
    ``success(metrics)`` holds, training stops early and ``solved_at`` is set.

    With ``keep_best``, the name of a metric of ``evaluate`` to maximise, the model ends
    with the weights of its best evaluation (the first, among equals); with ``patience``
    as well, training stops once ``patience`` evaluations have passed without a better
    one (early stopping).

    With ``checkpoint_path``, a checkpoint (model, optimizer, schedule, random number
    generator states and history) is written atomically every ``checkpoint_every``
    steps and when training ends. If the file exists when ``fit`` starts, training
    resumes from it, so a finished run returns its model and history at once. The
    file is never deleted: delete it to train afresh. A checkpoint written with
    other settings (optimizer, lr, momentum, clip_norm, eval_every) is refused;
    the functions passed in cannot be compared, so resume only the same run.

    ``progress`` shows a progress bar on stderr; by default it is shown unless the
    environment variable ``CI`` is set.
    """
    _check_arguments(
        model,
        loss_fn,
        batch_fn,
        steps=steps,
        optimizer=optimizer,
        lr=lr,
        momentum=momentum,
        lr_decay=lr_decay,
        clip_norm=clip_norm,
        evaluate=evaluate,
        eval_every=eval_every,
        success=success,
        keep_best=keep_best,
        patience=patience,
        checkpoint_path=checkpoint_path,
        checkpoint_every=checkpoint_every,
        progress=progress,
        description=description,
    )
    parameters = [parameter for parameter in model.parameters() if parameter.requires_grad]
    if optimizer == "adam":
        optim = torch.optim.Adam(parameters, lr=lr)
    else:
        optim = torch.optim.SGD(parameters, lr=lr, momentum=momentum)
    schedule = torch.optim.lr_scheduler.LambdaLR(optim, lr_decay or _no_decay)
    settings = {
        "optimizer": optimizer,
        "lr": lr,
        "momentum": momentum,
        "clip_norm": clip_norm,
        "eval_every": eval_every,
    }
    checkpoint = None if checkpoint_path is None else Path(checkpoint_path)
    history = History()
    if checkpoint is not None and checkpoint.exists():
        history = _resume(checkpoint, model, optim, schedule, settings)
        if history.steps > steps:
            raise ValueError(
                f"checkpoint {checkpoint} is at step {history.steps}, beyond steps={steps}"
            )

    model.train()
    started, earlier_time = time.perf_counter(), history.wall_time_s
    show = progress if progress is not None else not os.environ.get("CI")
    bar = tqdm.tqdm(
        total=steps,
        initial=history.steps,
        desc=description,
        unit="step",
        file=sys.stderr,
        disable=not show,
    )
    best_value, best_weights, best_index, stalled = -math.inf, None, 0, False
    with bar:
        while history.steps < steps and history.solved_at is None and not stalled:
            loss = _train_step(model, loss_fn, batch_fn(history.steps), optim, clip_norm)
            schedule.step()
            history.losses.append(loss)
            history.steps += 1
            bar.set_postfix(loss=f"{loss:.4g}", refresh=False)
            bar.update()
            if evaluate is not None and (history.steps % eval_every == 0 or history.steps == steps):
                metrics = _evaluate(model, evaluate)
                history.evaluations.append({"step": history.steps, **metrics})
                if success is not None and success(metrics):
                    history.solved_at = history.steps
                if keep_best is not None:
                    value = _metric(metrics, keep_best)
                    if value > best_value:
                        best_value, history.best_step = value, history.steps
                        best_weights = copy.deepcopy(model.state_dict())
                        best_index = len(history.evaluations) - 1
                    since_best = len(history.evaluations) - 1 - best_index
                    stalled = patience is not None and since_best >= patience
            history.wall_time_s = earlier_time + time.perf_counter() - started
            finished = history.steps == steps or history.solved_at is not None
            if checkpoint is not None and (history.steps % checkpoint_every == 0 or finished):
                _save(checkpoint, model, optim, schedule, settings, history)
    if best_weights is not None:
        model.load_state_dict(best_weights)
    return history


def _metric(metrics: Mapping[str, Any], name: str) -> float:
    value = metrics.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(
            f"expected evaluate to return a number under keep_best={name!r}, "
            f"got {value!r} among {sorted(metrics)}"
        )
    return float(value)


def _no_decay(step: int) -> float:
    return 1.0


def _train_step(
    model: torch.nn.Module,
    loss_fn: Callable[[torch.nn.Module, Any], torch.Tensor],
    batch: Any,
    optim: torch.optim.Optimizer,
    clip_norm: float | None,
) -> float:
    optim.zero_grad(set_to_none=True)
    loss = loss_fn(model, batch)
    if not isinstance(loss, torch.Tensor):
        raise TypeError(f"expected loss_fn to return a scalar tensor, got {type(loss).__name__}")
    if loss.numel() != 1 or not loss.requires_grad:
        raise ValueError(
            "expected loss_fn to return a scalar tensor that depends on the model, got "
            f"shape {tuple(loss.shape)} with requires_grad={loss.requires_grad}"
        )
    loss.backward()
    if clip_norm is not None:
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
    optim.step()
    return loss.item()


def _evaluate(
    model: torch.nn.Module, evaluate: Callable[[torch.nn.Module], Mapping[str, Any]]
) -> dict[str, Any]:
    """``evaluate(model)`` in eval mode without gradients, restoring the mode after."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            metrics = evaluate(model)
    finally:
        model.train(was_training)
    if not isinstance(metrics, Mapping):
        raise TypeError(f"expected evaluate to return a dict, got {type(metrics).__name__}")
    if "step" in metrics:
        raise ValueError("expected evaluate's metrics without a 'step' key: fit records it")
    return dict(metrics)


def _save(
    path: Path,
    model: torch.nn.Module,
    optim: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    settings: dict[str, Any],
    history: History,
) -> None:
    """Write a checkpoint atomically: to a temporary file, then renamed over ``path``,
    so that an interruption while writing never leaves a broken checkpoint."""
    state = {
        "settings": settings,
        "model": model.state_dict(),
        "optimizer": optim.state_dict(),
        "schedule": schedule.state_dict(),
        "rng": {
            "python": random.getstate(),
            "numpy": np.random.get_state(),
            "torch": torch.get_rng_state(),
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        },
        "history": dataclasses.asdict(history),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    torch.save(state, temporary)
    os.replace(temporary, path)


def _resume(
    path: Path,
    model: torch.nn.Module,
    optim: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    settings: dict[str, Any],
) -> History:
    """Restore model, optimizer, schedule and random number generators from the
    checkpoint at ``path``; return the history so far."""
    try:
        # The checkpoint holds NumPy's and Python's generator states, which only a
        # full unpickling restores; fit loads only checkpoints it wrote itself.
        state = torch.load(path, weights_only=False)
        saved_settings, rng = state["settings"], state["rng"]
    except (OSError, RuntimeError, EOFError, pickle.UnpicklingError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a checkpoint written by fit: {error!r}") from None
    if saved_settings != settings:
        changed = {
            key: (saved_settings.get(key), value)
            for key, value in settings.items()
            if saved_settings.get(key) != value
        }
        raise ValueError(
            f"checkpoint {path} was written with other settings (checkpoint, now): {changed}; "
            "delete it to train afresh"
        )
    try:
        model.load_state_dict(state["model"])
    except RuntimeError as error:
        raise ValueError(f"checkpoint {path} does not fit this model: {error}") from None
    optim.load_state_dict(state["optimizer"])
    schedule.load_state_dict(state["schedule"])
    random.setstate(rng["python"])
    np.random.set_state(rng["numpy"])
    torch.set_rng_state(rng["torch"])
    if rng["cuda"]:
        torch.cuda.set_rng_state_all(rng["cuda"])
    return History(**state["history"])


def _check_arguments(
    model: object,
    loss_fn: object,
    batch_fn: object,
    *,
    steps: object,
    optimizer: object,
    lr: object,
    momentum: object,
    lr_decay: object,
    clip_norm: object,
    evaluate: object,
    eval_every: object,
    success: object,
    keep_best: object,
    patience: object,
    checkpoint_path: object,
    checkpoint_every: object,
    progress: object,
    description: object,
) -> None:
    """Refuse arguments of :func:`fit` that would fail later, deep inside torch."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"expected model to be a torch.nn.Module, got {type(model).__name__}")
    if not any(parameter.requires_grad for parameter in model.parameters()):
        raise ValueError("expected a model with trainable parameters, got none")
    _check_callable(loss_fn=loss_fn, batch_fn=batch_fn)
    _check_callable(lr_decay=lr_decay, evaluate=evaluate, success=success, optional=True)
    _check_positive_int("steps", steps)
    _check_positive_int("eval_every", eval_every)
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"expected optimizer to be one of {OPTIMIZERS}, got {optimizer!r}")
    _check_positive_number("lr", lr)
    if clip_norm is not None:
        _check_positive_number("clip_norm", clip_norm)
    if isinstance(momentum, bool) or not isinstance(momentum, int | float) or not 0 <= momentum < 1:
        raise ValueError(f"expected momentum in [0, 1), got {momentum!r}")
    if optimizer == "adam" and momentum:
        raise ValueError(f"momentum applies to optimizer='sgd' only, got momentum={momentum!r}")
    if success is not None and evaluate is None:
        raise ValueError("success needs metrics: expected evaluate to be given, got None")
    if keep_best is not None and (evaluate is None or not isinstance(keep_best, str)):
        raise ValueError(
            f"expected keep_best to name a metric of evaluate, got keep_best={keep_best!r} "
            f"and evaluate={evaluate!r}"
        )
    if patience is not None:
        if keep_best is None:
            raise ValueError("patience counts evaluations since the best: expected keep_best")
        _check_positive_int("patience", patience)
    if keep_best is not None and checkpoint_path is not None:
        raise ValueError(
            "expected keep_best or checkpoint_path, not both: a checkpoint "
            "does not hold the best weights"
        )
    if (checkpoint_path is None) != (checkpoint_every is None):
        raise ValueError(
            "expected checkpoint_path and checkpoint_every together, got "
            f"checkpoint_path={checkpoint_path!r} and checkpoint_every={checkpoint_every!r}"
        )
    if checkpoint_every is not None:
        _check_positive_int("checkpoint_every", checkpoint_every)
    if progress not in (None, True, False):
        raise TypeError(f"expected progress to be True, False or None, got {progress!r}")
    if not isinstance(description, str):
        raise TypeError(f"expected description to be a str, got {type(description).__name__}")


def _check_positive_int(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"expected {name} to be a positive int, got {value!r}")


def _check_positive_number(name: str, value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"expected {name} to be a positive number, got {value!r}")


def _check_callable(*, optional: bool = False, **functions: object) -> None:
    for name, function in functions.items():
        if not callable(function) and not (optional and function is None):
            raise TypeError(f"expected {name} to be callable, got {type(function).__name__}")
