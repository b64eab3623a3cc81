"""The reproduction machinery: profiles, results with provenance, claims and verdicts,
the experiment registry, tables, the ledger and the command line."""
