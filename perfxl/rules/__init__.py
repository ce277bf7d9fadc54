"""The rule catalogue. ``run_rules``, ``catalogue`` and ``rule_doc`` are implemented in this package."""
