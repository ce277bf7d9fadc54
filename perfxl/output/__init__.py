"""Output formats, one emitter per module (ruff style): ``text`` and ``json``."""
