"""Random searches of many training runs, on Optuna (Greff et al. 2015's protocol).

- :mod:`lstm.sweep.study`: the sweep engine: one Optuna study per (task, architecture),
  a budget of trials whose hyperparameters and seeds depend only on their index, worker
  processes that share a journal file on one machine or a PostgreSQL database across
  many, and the re-run of a trial whose worker died;
- :mod:`lstm.sweep.importance`: how much of a metric's variance each hyperparameter, and
  each pair of them, explains (functional ANOVA);
- ``python -m lstm.sweep NAME``: work on an experiment's sweep from the command line.
"""
