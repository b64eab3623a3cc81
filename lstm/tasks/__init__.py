"""Seeded generators for the synthetic tasks of the papers the book reproduces."""
