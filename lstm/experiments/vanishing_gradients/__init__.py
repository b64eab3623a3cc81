"""Chapter 2: why plain recurrent nets forget (Hochreiter 1991; Bengio, Simard & Frasconi 1994).

Two measurements on one pair of networks, a tanh RNN and the 1997 LSTM, each read out at
its last step by one logistic unit (:class:`lstm.nn.models.Readout`):

* the error flow: the norm of the gradient of the output at the last step with respect to
  the input ``k`` steps earlier, for ``k`` up to 1,000, at initialisation and after
  training — for the RNN it shrinks by a constant factor per step (we fit the factor);
* Bengio et al.'s latching task (:mod:`lstm.tasks.latching`): the share of seeds that
  learn it, against the sequence length ``T``.
"""
