"""Chapter 11's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import torch

from lstm.data import plays, text_measures
from lstm.nn import char_model
from lstm.nn.char_model import CharModel
from lstm.nn.ngram import CharNGram
from lstm.nn.train import fit, seed_everything
from lstm.reproduce import results
from lstm.sweep import keyed, local
from lstm.sweep import study as engine

#: The networks of Karpathy's comparisons and Zaremba's study, by name: ``cell-LxH`` with
#: ``-dP`` for dropout P on the non-recurrent connections and ``-rP`` for naive dropout P
#: on the recurrent ones as well.
_NAME = re.compile(
    r"(?P<cell>lstm|gru|tanh)-(?P<layers>\d)x(?P<hidden>\d+)(-(?P<kind>[dr])(?P<p>[\d.]+))?"
)


_COMMON = {
    "batch": 32,
    "length": 100,
    "clip_norm": 5.0,
    "ngram_orders": [1, 2, 3, 4, 5, 6, 7, 8, 10],
    "seed_model": {"hidden": 300, "dropout": 0.2, "batch": 30, "window": 50, "lr": 0.001},
    "temperatures": [0, 0.2, 0.5, 1.0, 1.2],
    "sample_length": 2_000,
    "prompt": "MACBETH:\n",
    "repeat_n": 20,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1],  # seed 0 chooses the learning rates, seed 1 is judged
        "learning_rates": [0.002, 0.005],
        "sizes": [16, 32],
        "dropouts": [0.25, 0.5],
        "steps": 60,
        "eval_every": 30,
        "seed_steps": 30,
        "seed_model": {**_COMMON["seed_model"], "hidden": 32},
        "plays": {"hidden": 32, "steps": 60, "lr": 0.005},
        "ngram_orders": [1, 3, 5],
        "sample_length": 300,
        "weights": "data/cache/models/plays-lstm-smoke.pt",
    },
    "full": {
        **_COMMON,
        # Seed 0 chooses each network's learning rate; seeds 1-3 are judged. Seed 0 also
        # trained the probes that set the widths and the budget, so it judges nothing.
        "seeds": [0, 1, 2, 3],
        "learning_rates": [0.002, 0.005],
        "sizes": [32, 64, 128],
        "dropouts": [0.25, 0.5],
        "steps": 1_000,
        "eval_every": 100,
        "seed_steps": 600,
        "plays": {"hidden": 256, "steps": 1_200, "lr": 0.005},
        "weights": "data/models/plays-lstm.pt",
    },
}


TOLERANCE = {"seed_one_hot_val": 0.3, "best_lstm_test": 0.3}


def macbeth() -> plays.Corpus:
    """Lower-cased Macbeth cut into train / validation / test blocks (90 / 5 / 5 per cent),
    the alphabet taken from the whole play, as the seed's vocabulary is."""
    text = plays.play_text("macbeth").lower()
    return plays.split_blocks(text)._replace(alphabet="".join(sorted(set(text))))


def encoded(text: str, alphabet: str) -> torch.Tensor:
    """``text`` as symbols, each character's index in ``alphabet``."""
    index = {character: i for i, character in enumerate(alphabet)}
    return torch.tensor([index[character] for character in text])


def decoded(symbols: torch.Tensor, alphabet: str) -> str:
    return "".join(alphabet[i] for i in symbols.tolist())


def network(name: str, alphabet: int) -> CharModel:
    """The network a name such as ``lstm-2x128-d0.25`` stands for (see :data:`_NAME`)."""
    found = _NAME.fullmatch(name)
    if found is None:
        raise ValueError(f"expected a network name such as 'lstm-2x128-d0.25', got {name!r}")
    p = float(found["p"] or 0)
    return CharModel(
        alphabet,
        int(found["hidden"]),
        int(found["layers"]),
        cell=found["cell"],
        dropout=p,
        recurrent_dropout=p if found["kind"] == "r" else 0.0,
    )


def karpathy_networks(config: dict) -> tuple[str, ...]:
    """Two LSTM layers of the largest width, one such layer, a GRU and a tanh RNN."""
    width = config["sizes"][-1]
    return (f"lstm-2x{width}", f"lstm-1x{width}", f"gru-2x{width}", f"tanh-2x{width}")


def dropout_networks(config: dict) -> tuple[str, ...]:
    """At every width: no dropout, non-recurrent dropout at each rate, naive dropout at the
    lower rate."""
    low = min(config["dropouts"])
    return tuple(
        name
        for width in config["sizes"]
        for name in (
            f"lstm-2x{width}",
            *(f"lstm-2x{width}-d{p}" for p in config["dropouts"]),
            f"lstm-2x{width}-r{low}",
        )
    )


_TRAINING_MODULES = ("nn.char_model", "nn.ngram", "nn.layers", "nn.cells", "nn.train", "data.plays")


def _train(net: CharModel, train, validation, test, *, steps, lr, config, seed, window=None):
    """Train ``net`` with Adam and return its scores: validation bits per character at its
    best evaluation, the test text's with those weights, and the curve of training and
    validation bits per character (the training text's first stretch of the validation
    text's length, read the same way)."""
    generator = torch.Generator().manual_seed(seed)
    if window is None:

        def batches(step):
            return char_model.sequence_batch(train, config["batch"], config["length"], generator)
    else:
        seed_batch = config["seed_model"]["batch"]

        def batches(step):
            return char_model.window_batch(train, seed_batch, window, generator)

    sample = train[: len(validation)]

    def evaluate(net):
        val = char_model.bits_per_char(net, validation, window=window)
        train_bits = char_model.bits_per_char(net, sample, window=window)
        return {"train": train_bits, "val": val, "negative_val": -val}

    history = fit(
        net,
        char_model.loss,
        batches,
        steps=steps,
        lr=lr,
        clip_norm=config["clip_norm"],
        evaluate=evaluate,
        eval_every=config["eval_every"],
        keep_best="negative_val",
        progress=False,
    )
    curve = [{"step": e["step"], "train": e["train"], "val": e["val"]} for e in history.evaluations]
    best = max(curve, key=lambda e: -e["val"])
    last = curve[-1]
    return {
        "val": best["val"],
        "best_step": best["step"],
        "test": char_model.bits_per_char(net, test, window=window),
        "gap": last["val"] - last["train"],
        "curve": curve,
    }


def trial(study: str, index: int, params: dict, config: dict) -> dict:
    """One run of a study ``"part/network/learning rate"``, seed ``seeds[index]``:

    - ``seed/scalar`` or ``seed/one_hot``: the seed's model on Macbeth, with its samples;
    - ``macbeth/<network>``: a network of :func:`network` on Macbeth;
    - ``plays/<network>``: the model of all the plays, whose weights are saved at
      ``config["weights"]``;
    - ``ngram/<order>``: the character n-gram model on Macbeth (no seed, no rate).
    """
    torch.set_num_threads(1)
    part, name, lr = study.split("/")
    seed = config["seeds"][index]
    seed_everything(seed)
    if part == "ngram":
        return _ngram_trial(int(name))
    if part == "plays":
        return _plays_trial(name, float(lr), seed, config)
    text = macbeth()
    train, validation, test = (
        encoded(getattr(text, split), text.alphabet) for split in ("train", "validation", "test")
    )
    if part == "seed":
        settings = config["seed_model"]
        net = CharModel(
            len(text.alphabet), settings["hidden"], 2, encoding=name, dropout=settings["dropout"]
        )
        window = settings["window"]
        row = _train(
            net, train, validation, test,
            steps=config["seed_steps"], lr=float(lr), config=config, seed=seed, window=window,
        )  # fmt: skip
        prompt = validation[:window]
        written = char_model.sample(
            net, prompt, config["sample_length"], temperature=0, window=window
        )
        row["prompt"] = decoded(prompt, text.alphabet)
        row["greedy"] = decoded(written, text.alphabet)
    else:
        net = network(name, len(text.alphabet))
        row = _train(
            net,
            train,
            validation,
            test,
            steps=config["steps"],
            lr=float(lr),
            config=config,
            seed=seed,
        )
    return {"seed": seed, "value": row["val"], **row}


def _ngram_trial(order: int) -> dict:
    text = macbeth()
    model = CharNGram(order).fit(text.train)
    val = model.bits_per_char(text.validation, context=text.train)
    test = model.bits_per_char(text.test, context=text.train + text.validation)
    return {"seed": None, "value": val, "val": val, "test": test}


def _plays_trial(name: str, lr: float, seed: int, config: dict) -> dict:
    text = plays.corpus()
    train, validation, test = (
        encoded(getattr(text, split), text.alphabet) for split in ("train", "validation", "test")
    )
    net = network(name, len(text.alphabet))
    settings = {**config, "eval_every": config["plays"]["steps"] // 4}
    row = _train(
        net,
        train,
        validation,
        test,
        steps=config["plays"]["steps"],
        lr=lr,
        config=settings,
        seed=seed,
    )
    path = results.REPOSITORY / config["weights"]
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {"settings": net.settings(), "alphabet": text.alphabet, "state": net.state_dict()}, path
    )
    return {"seed": seed, "value": row["val"], **row}


_TRIAL_CODE: tuple[Callable, ...] = (
    trial,
    _train,
    _ngram_trial,
    _plays_trial,
    macbeth,
    encoded,
    decoded,
    network,
)


def _sweep(phase: str, studies: tuple[str, ...], config: dict) -> engine.Sweep:
    """A sweep of one training run per seed of ``config`` in each study, named after the
    config and the code that trains a network (:func:`lstm.sweep.keyed.sweep`), so that a
    journal of trials is reused only by the very same runs."""
    return keyed.sweep(
        "text_generation",
        phase,
        studies,
        config,
        objective=f"{__name__}:trial",
        modules=_TRAINING_MODULES,
        code=_TRIAL_CODE,
    )


def selection(config: dict) -> engine.Sweep:
    """Karpathy's networks at every learning rate of the grid, and the n-gram model at
    every order, on the first seed."""
    studies = tuple(
        f"macbeth/{name}/{lr}"
        for name in karpathy_networks(config)
        for lr in config["learning_rates"]
    ) + tuple(f"ngram/{order}/-" for order in config["ngram_orders"])
    return _sweep("select", studies, {**config, "seeds": config["seeds"][:1]})


def judged(config: dict, rates: dict[str, float]) -> engine.Sweep:
    """Every network at its learning rate with each of the other seeds: the seed's
    models, Karpathy's networks, Zaremba's (at the rate of two LSTM layers of the largest
    width), and the model of all the plays (first judged seed only)."""
    lstm_rate = rates[karpathy_networks(config)[0]]
    seed_lr = config["seed_model"]["lr"]
    studies = (
        tuple(f"seed/{encoding}/{seed_lr}" for encoding in char_model.ENCODINGS)
        + tuple(f"macbeth/{name}/{rates[name]}" for name in karpathy_networks(config))
        + tuple(
            f"macbeth/{name}/{lstm_rate}"
            for name in dropout_networks(config)
            if name not in karpathy_networks(config)
        )
    )
    return _sweep("judge", studies, {**config, "seeds": config["seeds"][1:]})


def plays_model(config: dict) -> engine.Sweep:
    """The model of all the plays, trained once, with the first judged seed."""
    name = f"lstm-2x{config['plays']['hidden']}"
    study = f"plays/{name}/{config['plays']['lr']}"
    return _sweep("plays", (study,), {**config, "seeds": config["seeds"][1:2]})


def choose_rates(found: dict[str, list[dict]], config: dict) -> dict[str, float]:
    """Per network, the learning rate with the lowest validation bits per character on the
    first seed (the smaller rate among equals)."""
    return {
        name: min(
            config["learning_rates"], key=lambda lr: (found[f"macbeth/{name}/{lr}"][0]["val"], lr)
        )
        for name in karpathy_networks(config)
    }


def _mean(values) -> float:
    return float(np.mean(values))


def _scores(runs: dict[str, list[dict]], study: str, key: str) -> list[float]:
    return [row[key] for row in runs[study]]


def summarise(runs: dict, chosen: dict, rates: dict[str, float], config: dict) -> dict:
    """The flat metrics the claims read: every network's mean validation and test bits per
    character and end-of-training gap over the judged seeds, the n-gram model at its best
    order, and the comparisons the claims make, counted seed by seed."""
    metrics: dict[str, float] = {"seeds": len(config["seeds"]) - 1}
    lstm_rate = rates[karpathy_networks(config)[0]]
    studies = {
        name: f"macbeth/{name}/{rates.get(name, lstm_rate)}" for name in _judged_names(config)
    }
    for name, study in studies.items():
        for key in ("val", "test", "gap"):
            metrics[f"{name}_{key}"] = _mean(_scores(runs, study, key))
    seed_lr = config["seed_model"]["lr"]
    for encoding in char_model.ENCODINGS:
        for key in ("val", "test"):
            metrics[f"seed_{encoding}_{key}"] = _mean(
                _scores(runs, f"seed/{encoding}/{seed_lr}", key)
            )
    for name in karpathy_networks(config):
        metrics[f"{name}_lr"] = rates[name]
    orders = {order: chosen[f"ngram/{order}/-"][0] for order in config["ngram_orders"]}
    best_order = min(orders, key=lambda order: (orders[order]["val"], order))
    metrics["ngram_order"] = best_order
    metrics["ngram_val"] = orders[best_order]["val"]
    metrics["ngram_test"] = orders[best_order]["test"]

    def per_seed(name: str, key: str = "test") -> np.ndarray:
        return np.array(_scores(runs, studies[name], key))

    lstm2, lstm1, gru, tanh = karpathy_networks(config)
    lstms = [name for name in studies if name.startswith("lstm")]
    best_lstm = min(lstms, key=lambda name: metrics[f"{name}_test"])
    metrics["best_lstm_test"] = metrics[f"{best_lstm}_test"]
    metrics["lstm_beats_ngram_seeds"] = int((per_seed(best_lstm) < metrics["ngram_test"]).sum())
    metrics["ngram_beats_lstm_seeds"] = int((per_seed(best_lstm) > metrics["ngram_test"]).sum())
    metrics["depth_seeds"] = int((per_seed(lstm2) < per_seed(lstm1)).sum())
    metrics["depth_reverse_seeds"] = int((per_seed(lstm2) > per_seed(lstm1)).sum())
    metrics["lstm_rnn_margin"] = metrics[f"{tanh}_test"] - metrics[f"{lstm2}_test"]
    metrics["gru_rnn_margin"] = metrics[f"{tanh}_test"] - metrics[f"{gru}_test"]
    metrics["gated_beat_rnn_seeds"] = int(
        ((per_seed(lstm2) < per_seed(tanh)) & (per_seed(gru) < per_seed(tanh))).sum()
    )
    for size, where in ((config["sizes"][-1], "large"), (config["sizes"][0], "small")):
        plain = f"lstm-2x{size}"
        dropped = {p: f"lstm-2x{size}-d{p}" for p in config["dropouts"]}
        best = min(config["dropouts"], key=lambda p: (metrics[f"{dropped[p]}_val"], p))
        metrics[f"{where}_dropout_rate"] = best
        metrics[f"{where}_dropout_gain"] = metrics[f"{plain}_val"] - metrics[f"{dropped[best]}_val"]
        wins = per_seed(dropped[best], "val") < per_seed(plain, "val")
        metrics[f"{where}_dropout_wins"] = int(wins.sum())
        metrics[f"{where}_dropout_losses"] = int(
            (per_seed(dropped[best], "val") > per_seed(plain, "val")).sum()
        )
        narrower = per_seed(dropped[best], "gap") < per_seed(plain, "gap")
        metrics[f"{where}_gap_narrower"] = int(narrower.sum())
    low = min(config["dropouts"])
    large = config["sizes"][-1]
    naive = per_seed(f"lstm-2x{large}-r{low}", "val")
    proper = per_seed(f"lstm-2x{large}-d{low}", "val")
    metrics["naive_worse_seeds"] = int((naive > proper).sum())
    metrics["naive_better_seeds"] = int((naive < proper).sum())
    return metrics


def _judged_names(config: dict) -> tuple[str, ...]:
    return karpathy_networks(config) + tuple(
        n for n in dropout_networks(config) if n not in karpathy_networks(config)
    )


_SPEAKER_LINE = re.compile(r"^[A-Z][A-Z' ,.-]*:$")


def features(text: str) -> dict[str, np.ndarray]:
    """Per character of ``text``, the values of :data:`FEATURES`."""
    position, speaker, direction = [], [], []
    inside = False
    for line in text.split("\n"):
        is_speaker = bool(_SPEAKER_LINE.match(line))
        for column, character in enumerate(line + "\n"):
            inside = inside or character == "["
            position.append(column)
            speaker.append(is_speaker and character != "\n")
            direction.append(inside)
            inside = inside and character != "]"
    n = len(text)
    return {
        "line position": np.array(position[:n], dtype=float),
        "speaker name": np.array(speaker[:n], dtype=float),
        "stage direction": np.array(direction[:n], dtype=float),
    }


def cells(net: CharModel, text: str, alphabet: str, shown: int) -> dict:
    """For each feature, the cell (layer, index) whose state correlates most with it over
    ``text``, the correlation, and that cell's state over the first ``shown`` characters."""
    states = net.cell_states(encoded(text, alphabet).unsqueeze(0))
    values = torch.cat([s[0] for s in states], dim=1).numpy()  # (time, layers * hidden)
    found = {}
    for name, feature in features(text).items():
        centred = values - values.mean(0)
        target = feature - feature.mean()
        r = (centred * target[:, None]).sum(0) / (
            np.sqrt((centred**2).sum(0) * (target**2).sum()) + 1e-12
        )
        best = int(np.nanargmax(np.abs(r)))
        found[name] = {
            "layer": best // net.hidden_size + 1,
            "cell": best % net.hidden_size,
            "r": float(r[best]),
            "state": np.round(np.tanh(values[:shown, best]), 3).tolist(),
        }
    return found


def writing(config: dict) -> dict:
    """The model of all the plays at work: its samples after the prompt at every
    temperature of the config, each measured beside a stretch of the real test play of
    the same length, and its most telling cells on the test play."""
    saved = torch.load(results.REPOSITORY / config["weights"], weights_only=True)
    net = CharModel(**saved["settings"])
    net.load_state_dict(saved["state"])
    alphabet = saved["alphabet"]
    text = plays.corpus()
    vocabulary = text_measures.vocabulary(text.train)
    length, n = config["sample_length"], config["repeat_n"]

    def measured(sample: str) -> dict:
        lines = text_measures.line_length_stats(sample)
        return {
            "repeated": text_measures.repeated_ngram_share(sample, n),
            "known_words": text_measures.known_word_share(sample, vocabulary),
            "line_mean": lines["mean"],
            "line_std": lines["std"],
        }

    samples = {}
    for temperature in config["temperatures"]:
        generator = torch.Generator().manual_seed(config["seeds"][1])
        symbols = char_model.sample(
            net, encoded(config["prompt"], alphabet), length,
            temperature=temperature, generator=generator,
        )  # fmt: skip
        sample = decoded(symbols, alphabet)
        samples[str(temperature)] = {"text": sample, **measured(sample)}
    real = text.test[:length]
    samples["real"] = {"text": real, **measured(real)}
    shown = 400
    return {
        "samples": samples,
        "cells": cells(net, text.test[: 20 * length], alphabet, shown),
        "cells_text": text.test[:shown],
    }


def run(config: dict) -> dict:
    """The chapter's experiment: choose the learning rates and the n-gram order on the
    first seed, train every network with the other seeds, train the model of all the
    plays, and let it write."""
    chosen = local.finish(selection(config))
    rates = choose_rates(chosen, config)
    runs = local.finish(judged(config, rates))
    main = local.finish(plays_model(config))
    (plays_run,) = next(iter(main.values()))

    def rows(found: dict[str, list[dict]]) -> list[dict]:
        return [{"study": name, **row} for name, rows in found.items() for row in rows]

    metrics = summarise(runs, chosen, rates, config)
    metrics["plays_val"] = plays_run["val"]
    metrics["plays_test"] = plays_run["test"]
    return {
        "metrics": metrics,
        "runs": rows(runs),
        "selection": rows(chosen),
        "plays": plays_run,
        **writing(config),
    }
