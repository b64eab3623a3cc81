"""Chapter 3: bridging long time lags (Hochreiter & Schmidhuber 1997, Exps 2a-6b).

Every task of :mod:`lstm.tasks.long_lag` is learned by three nets of similar size, all by
backpropagation through time with Adam on mini-batches: the 1997 LSTM (no forget gate, the
paper's squashing functions), today's vanilla LSTM and a tanh RNN. A run stops as soon as
the paper's success criterion holds: on fresh test sequences (Exps 2, 3 and 6) or, for the
adding and multiplication problems, on the most recent training sequences, as the paper's
stopping rule has it (:class:`RecentTrainingRule`). Its cost is the number of training
sequences seen by then, the paper's "sequences to success". Exp 3 also gets the paper's
random-weight-guessing baseline (:mod:`lstm.nn.guessing`).

A full run is long; with ``LSTM_LAGS_CACHE=<directory>`` each training run's outcome is
kept there as it finishes, so that a run that was cut off resumes where it stopped and
separate processes can compute separate settings (the committed result was assembled so).
"""
