"""Validation rules. Importing this package registers every rule in engine.RULES."""

from generator.rules import accept, cross, declared, explained, final, performance, projects, prose, schema, tables, text  # noqa: F401  (registration)
from generator.rules.engine import ERROR, INFO, RULES, WARNING, Context, Finding, count, run_rules

__all__ = ["ERROR", "INFO", "RULES", "WARNING", "Context", "Finding", "count", "run_rules"]
