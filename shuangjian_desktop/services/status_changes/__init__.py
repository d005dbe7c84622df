"""The conversion and deregistration ledger (转型注销台账) and the reduction figures derived from it."""
