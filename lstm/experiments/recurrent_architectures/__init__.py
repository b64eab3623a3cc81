"""Chapter 9: an empirical exploration of recurrent network architectures (Jozefowicz,
Zaremba & Sutskever 2015).

Ten cells learn three character-level tasks by next-character prediction: the paper's
arithmetic with distractors (:mod:`lstm.tasks.arithmetic`) and synthetic XML
(:mod:`lstm.tasks.xml_tags`), and the continual embedded Reber grammar of Gers et al.
(2000) (:mod:`lstm.tasks.reber`), a stream without resets, where a cell that cannot
forget has to carry every string it has read. The cells are the paper's rows of Table 1:
the tanh RNN; the LSTM with its forget gate's bias starting at 0; the LSTM without its
forget (LSTM-f), input (LSTM-i) or output gate (LSTM-o); the LSTM with the forget bias
at 1 (LSTM-b); the GRU; and the three architectures the paper's evolutionary search
found, MUT1-3 (:mod:`lstm.nn.evolved`). Two more LSTMs, with forget biases 2 and 3,
complete a sweep of the forget bias.

Every cell gets the same budget of parameters (its hidden size chosen to match the
LSTM's parameter count), the same number of training steps, and its own learning rate:
each is trained with a first seed at every rate of a small grid, and at the rate with the
best validation accuracy five more seeds train it; the chapter reports their test
accuracies. The
training runs are the trials of the sweep engine (:mod:`lstm.sweep.study`), one study per
task, network and learning rate, kept where :mod:`lstm.sweep.local` says: an interrupted
run resumes, and machines that share one PostgreSQL storage (``LSTM_SWEEP_STORAGE``) and
each run ``python -m lstm recurrent_architectures`` share the work.
"""
