"""A compiled time loop for every LSTM cell variant: :mod:`lstm.nn.kernel.recurrence`."""
