"""Persistence: SQLAlchemy 2 models, engine with pragmas, unit of work, audit trail, migrations and backups."""
