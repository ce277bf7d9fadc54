"""The batch's outputs beyond each workbook, made from the per-workbook objects of
:mod:`perfxl.result`: the summary workbook for the 财政局 and the month-by-month history kept
beside it (and the on-disk store of a run's objects)."""
