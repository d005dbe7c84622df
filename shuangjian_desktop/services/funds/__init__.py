"""Prepaid-fund supervision (资金监管): supervision accounts, balance snapshots (typed or imported from a bank's
sheet), the minimum balance and large movements, and charges checked against 3 months / 60 lessons."""
