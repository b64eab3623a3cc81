"""One module per chapter of the book; :mod:`lstm.reproduce.registry` lists them."""
