"""Chapter 10: learning precise timing with peephole connections (Gers, Schraudolph &
Schmidhuber 2002).

Three small networks (:mod:`lstm.nn.timing`) learn the paper's timing tasks
(:mod:`lstm.tasks.timing`): the LSTM with peephole connections, the same LSTM without
them, and the LSTM of 1997 without a forget gate. The tasks are measuring the delay
between spikes (MSD, with intervals of 10 or 11 steps, and of 49 or 50), generating a
spike every F steps after one start spike (GTS), and generating a wave with no input at
all (PFG: cosine, triangle and rectangle, periods 10 and 25). The generation tasks are
trained on a few periods from a reset and tested by running the network free for many
more, with no reset and no teacher forcing.

Each network trains with its own learning rate: a first seed trains it at every rate of a
small grid on every task, and at the rate that solved soonest (or came closest) the
judged seeds train it. A run stops at its first success on a validation run, checked
every ``eval_every`` sequences, as the paper stopped at success; the network it stopped
with (or ended with) is then scored once on the test run, and the chapter counts the runs
that solve it over seeds and the training sequences they took. Both choices, the rate and
the moment to stop, read validation data only: for MSD other random sequences than the
test's, for the generation tasks a free run half as long as the test's. The runs are the
trials of the sweep engine (:mod:`lstm.sweep.study`), one study per task, network and
learning rate, kept where :mod:`lstm.sweep.local` says, so an interrupted run resumes.
"""
