"""What chapter 8's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.experiments.search_space_odyssey.experiment import (
    ARCHITECTURES,
    LOG_PARAMS,
    PARAMS,
    TASKS,
    VANILLA,
)
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

#: Greff et al. (2017): 5,400 runs, 200 random-search trials per variant and task, about
#: 15 CPU-years; the hidden size log-uniform in [20, 200], the learning rate log-uniform in
#: [1e-6, 1e-2], 1 - momentum log-uniform in [0.01, 1], the input noise's standard
#: deviation uniform in [0, 1]; Welch's t-test on the best 10% of each variant's trials;
#: JSB Chorales split 229 / 76 / 77.
PAPER = {
    "runs": 5_400,
    "cpu_years": 15,
    "trials": 200,
    "tasks": 3,
    "hidden_low": 20,
    "hidden_high": 200,
    "lr_low": 1e-6,
    "lr_high": 1e-2,
    "best_percent": 10,
    "jsb_train": 229,
    "jsb_validation": 76,
    "jsb_test": 77,
    "significance": 0.05,
}


TASK_NAMES = {"jsb": "Bach chorales (NLL per step)", "speech": "speech (frame error, %)"}


PARAM_NAMES = {
    "learning_rate": "learning rate",
    "hidden_size": "hidden size",
    "one_minus_momentum": "1 - momentum",
    "input_noise": "input noise (std)",
}


#: Greff et al.'s findings per variant, as the project's notes of their Figure 3 have them
#: (not checked against the paper's figure here): on which tasks each variant was
#: significantly worse than vanilla.
PAPER_VERDICTS = {
    "greff_vanilla": "the reference",
    "NIG": "worse on TIMIT and IAM",
    "NFG": "worse on all three tasks",
    "NOG": "worse on TIMIT and IAM",
    "NIAF": "worse on TIMIT and IAM",
    "NOAF": "worse on all three tasks",
    "NP": "not significantly worse",
    "CIFG": "not significantly worse",
    "FGR": "worse on JSB",
}


def _arch_label(arch: str) -> str:
    return "vanilla" if arch == VANILLA else arch


def _variants_table(result: Result) -> Table:
    by = {(row["task"], row["arch"]): row for row in result.data["comparison"]}
    rows = []
    for arch in ARCHITECTURES:
        row = {"arch": _arch_label(arch), "paper": PAPER_VERDICTS[arch]}
        for task in TASKS:
            found = by[(task, arch)]
            row[f"{task}_mean"] = found["best_mean"]
            row[f"{task}_p"] = "" if arch == VANILLA else f"{found['p']:.2g}"
            row[f"{task}_verdict"] = found["significant"] or ("" if arch == VANILLA else "same")
        rows.append(row)
    best = result.config["best"]
    return Table(
        rows,
        {
            "arch": "variant",
            "jsb_mean": f"chorales: best {best}, NLL",
            "jsb_p": "p",
            "jsb_verdict": "vs vanilla",
            "speech_mean": f"speech: best {best}, error %",
            "speech_p": "p",
            "speech_verdict": "vs vanilla",
            "paper": "paper (Fig. 3)",
        },
    )


def _importance_table(result: Result) -> Table:
    found = result.data["importance"]
    rows = []
    for name in PARAMS:
        row = {"what": PARAM_NAMES[name]}
        for task in TASKS:
            row[f"{task}_optuna"] = found[task]["first_order"][name]
            row[f"{task}_ours"] = found[task]["first_order_ours"][name]
        rows.append(row)
    for pair in found[TASKS[0]]["pairwise"]:
        names = " x ".join(PARAM_NAMES[p] for p in pair.split(" x "))
        row = {"what": names}
        for task in TASKS:
            row[f"{task}_optuna"] = ""
            row[f"{task}_ours"] = found[task]["pairwise"][pair]
        rows.append(row)
    return Table(
        rows,
        {
            "what": "hyperparameter (pair)",
            "jsb_optuna": "chorales: Optuna",
            "jsb_ours": "chorales: ours",
            "speech_optuna": "speech: Optuna",
            "speech_ours": "speech: ours",
        },
    )


def _budget_table(result: Result) -> Table:
    rows = []
    for task in TASKS:
        trials = [t for t in result.data["trials"] if t["study"].startswith(f"{task}/")]
        seconds = [t["seconds"] for t in trials]
        rows.append(
            {
                "task": TASK_NAMES[task],
                "trials": len(trials),
                "per_arch": len(trials) // len(ARCHITECTURES),
                "hours": sum(seconds) / 3600,
                "mean_s": float(np.mean(seconds)),
                "diverged": sum(bool(t["diverged"]) for t in trials),
            }
        )
    return Table(
        rows,
        {
            "task": "task",
            "trials": "trials",
            "per_arch": "per architecture",
            "hours": "CPU hours",
            "mean_s": "seconds per trial",
            "diverged": "diverged",
        },
    )


def _space_table(result: Result) -> Table:
    config = result.config

    def log_uniform(low, high):
        return f"log-uniform [{low:g}, {high:g}]"

    ours = {
        "learning_rate": log_uniform(*config["lr"]),
        "hidden_size": log_uniform(*config["hidden"]),
        "one_minus_momentum": log_uniform(*config["one_minus_momentum"]),
        "input_noise": f"uniform [{config['input_noise'][0]:g}, {config['input_noise'][1]:g}]",
    }
    paper = {
        "learning_rate": f"log-uniform [{PAPER['lr_low']:g}, {PAPER['lr_high']:g}]",
        "hidden_size": f"log-uniform [{PAPER['hidden_low']}, {PAPER['hidden_high']}]",
        "one_minus_momentum": "log-uniform [0.01, 1]",
        "input_noise": "uniform [0, 1]",
    }
    rows = [
        {"what": PARAM_NAMES[name], "paper": paper[name], "ours": ours[name]} for name in PARAMS
    ]
    return Table(rows, {"what": "hyperparameter", "paper": "paper", "ours": "here"})


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: the search space, each variant against vanilla beside the
    paper's finding, the hyperparameters' shares of the variance, and what it cost."""
    return {
        "space": _space_table(result),
        "variants": _variants_table(result),
        "importance": _importance_table(result),
        "budget": _budget_table(result),
    }


def _boxes_figure(result: Result) -> Figure:
    figure, axes = book_figure(len(TASKS), 1, height=6.0)
    by = {(row["task"], row["arch"]): row for row in result.data["comparison"]}
    for ax, task in zip(axes[:, 0], TASKS, strict=True):
        every, tops = [], []
        for arch in ARCHITECTURES:
            values = [t["value"] for t in result.data["trials"] if t["study"] == f"{task}/{arch}"]
            every.append(values)
            tops.append(by[(task, arch)]["best_values"])
        positions = np.arange(len(ARCHITECTURES))
        ax.boxplot(
            every,
            positions=positions - 0.18,
            widths=0.3,
            showfliers=False,
            patch_artist=True,
            boxprops={"facecolor": "0.85"},
            medianprops={"color": "0.3"},
        )
        ax.boxplot(
            tops,
            positions=positions + 0.18,
            widths=0.3,
            showfliers=False,
            patch_artist=True,
            boxprops={"facecolor": "tab:blue"},
            medianprops={"color": "k"},
        )
        for i, arch in enumerate(ARCHITECTURES):
            mark = by[(task, arch)]["significant"]
            if mark:
                ax.annotate(
                    "▲" if mark == "worse" else "▼",
                    (i + 0.18, 1.0),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="top",
                    color="tab:red" if mark == "worse" else "tab:green",
                    fontsize=TEXT_PT,
                )
        ax.set_xticks(positions, [_arch_label(a) for a in ARCHITECTURES], fontsize=TEXT_PT - 1)
        ax.set_ylabel(TASK_NAMES[task], fontsize=TEXT_PT)
        low = min(min(t) for t in tops)
        top = max(max(np.median(values) for values in every), max(max(t) for t in tops))
        ax.set_ylim(low - 0.05 * (top - low), top + 0.1 * (top - low))  # diverged trials cut
    figure.legend(
        handles=[
            _patch("0.85", "all trials"),
            _patch("tab:blue", f"best {len(tops[0])} trials (on validation)"),
        ],
        loc="outside lower center",
        ncols=2,
        fontsize=TEXT_PT,
        frameon=False,
    )
    return figure


def _patch(color: str, label: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=color, edgecolor="0.3", label=label)


def _marginals_figure(result: Result) -> Figure:
    figure, axes = book_figure(len(TASKS), len(PARAMS), height=5.0)
    for row, task in enumerate(TASKS):
        curves = result.data["importance"][task]["marginals"]
        for col, name in enumerate(PARAMS):
            ax = axes[row, col]
            x = np.asarray(curves[name]["x"])
            mean, std = np.asarray(curves[name]["mean"]), np.asarray(curves[name]["std"])
            ax.plot(x, mean, color="tab:blue")
            ax.fill_between(x, mean - std, mean + std, color="tab:blue", alpha=0.2, linewidth=0)
            if name in LOG_PARAMS:
                ax.set_xscale("log")
            if name == "hidden_size":
                ticks = [t for t in (4, 8, 16, 32, 64, 128) if x[0] <= t <= x[-1]]
                ax.set_xticks(ticks, [str(t) for t in ticks])
                ax.minorticks_off()
            if row == len(TASKS) - 1:
                ax.set_xlabel(PARAM_NAMES[name])
            if col:
                ax.sharey(axes[row, 0])
                ax.tick_params(labelleft=False)
        axes[row, 0].set_ylabel(TASK_NAMES[task].split(" (")[0])
    return figure


def _importance_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, len(TASKS), height=3.4, sharey=True)
    for ax, task in zip(axes[0], TASKS, strict=True):
        found = result.data["importance"][task]
        labels = [PARAM_NAMES[name] for name in PARAMS] + ["all pairs", "higher order"]
        shares = [found["first_order_ours"][name] for name in PARAMS]
        shares += [sum(found["pairwise"].values()), found["unexplained"]]
        colors = ["tab:blue"] * len(PARAMS) + ["tab:orange", "0.6"]
        ax.barh(labels, shares, color=colors, label="ours")
        optuna = [found["first_order"][name] for name in PARAMS]
        ax.plot(optuna, range(len(PARAMS)), "kD", markersize=5, label="Optuna's fANOVA")
        ax.set_xlim(0, 1)
        ax.invert_yaxis()
        ax.set_title(TASK_NAMES[task].split(" (")[0])
        ax.set_xlabel("share of the variance")
    legend_below(figure, axes[0, 0], ncols=2)
    return figure


def _interaction_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, len(TASKS), height=3.6)
    for ax, task in zip(axes[0], TASKS, strict=True):
        surface = result.data["importance"][task]["surface"]
        lr, hidden = np.asarray(surface["learning_rate"]), np.asarray(surface["hidden_size"])
        mean = np.asarray(surface["mean"])
        mesh = ax.pcolormesh(lr, hidden, mean.T, shading="nearest", cmap="viridis_r")
        figure.colorbar(mesh, ax=ax, label=TASK_NAMES[task].split("(")[1].rstrip(")"))
        ax.plot(
            lr[mean.argmin(axis=0)],
            hidden,
            color="tab:red",
            marker=".",
            linewidth=1,
            label="best learning rate",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ticks = [t for t in (4, 8, 16, 32, 64, 128) if hidden[0] <= t <= hidden[-1]]
        ax.set_yticks(ticks, [str(t) for t in ticks])
        ax.minorticks_off()
        ax.set_xlabel("learning rate")
        ax.set_title(TASK_NAMES[task].split(" (")[0])
    axes[0, 0].set_ylabel("hidden size")
    legend_below(figure, axes[0, 0])
    return figure


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: the metric per variant (the paper's Figure 3), the marginal
    effect of each hyperparameter (Figure 4), their shares of the variance (Figure 5),
    and the learning rate x hidden size surface."""
    return {
        "boxes": _boxes_figure(result),
        "marginals": _marginals_figure(result),
        "importance": _importance_figure(result),
        "interaction": _interaction_figure(result),
    }
