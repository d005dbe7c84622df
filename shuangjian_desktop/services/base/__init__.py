"""What every ledger shares: its spreadsheet mapping (sheet), its view and edits (register), places."""
