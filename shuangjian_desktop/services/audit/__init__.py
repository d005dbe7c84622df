"""The audit trail (操作日志) as a register."""
