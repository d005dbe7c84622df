"""The 四包 responsibility ledger: its sheet, its register, the coverage check and responsibility letters."""
