"""PX501–PX509: consistency across sheets — years, names, duplicates, progress, staff figures.

One family in three modules: :mod:`.identity` (PX501–PX503, PX509), :mod:`.progress`
(PX504–PX505), :mod:`.monitoring` (PX506–PX508, the 申报表 and 执行监控表 of a budget system
export; PX504 also takes each 执行监控表 at its own ``1-N月``).
"""
