"""Run-level concerns: the state store's life cycle, the run summary."""
