"""Output formats, one emitter per module (ruff style): ``text`` and ``json``. Each renders the
result contract (:mod:`perfxl.result`, the per-workbook object of ``WorkbookResult.to_dict``)
and nothing else."""
