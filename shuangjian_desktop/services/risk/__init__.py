"""Risk grading (风险分级) computed from the ledgers, its history, overrides with reasons, and the disposal case files
(处置方案，一机构一方案) of C and D institutions."""
