"""Pure-Python domain: value types, enums, rules and calculations. Imports no Qt and no SQLAlchemy."""
