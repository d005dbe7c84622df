"""Use cases, one module per ledger: each owns its transaction, writes the audit trail, returns plain data."""
