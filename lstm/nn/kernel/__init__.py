"""A compiled time loop for every variant of the LSTM cell (see :mod:`lstm.nn.kernel.recurrence`)."""
