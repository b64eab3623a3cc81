"""Seeded generators of the synthetic tasks the book's chapters train on.

Every generator is a pure function of its arguments and a seed (an int or a
``numpy.random.Generator``) and returns tensors; each module cites the paper that
defined its task.
"""
