"""PX311–PX317: the estimate (测算) behind the money (estimate.md).

One family in small modules: :mod:`.lines` (数量 × 单价 = 金额 per line), :mod:`.relations` (the
sums the 明细, the 支出计划, the 细化经济分类 and the 申报表 must satisfy), :mod:`.decide` (which
cell is wrong: one wrong cell, one finding), :mod:`.evidence` (one workbook's lines and sums
decided together) and :mod:`.checks` (the rule classes).
"""
