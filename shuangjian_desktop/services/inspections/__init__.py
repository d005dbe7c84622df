"""Inspections and rectification notices (检查与整改): their registers and use cases."""
