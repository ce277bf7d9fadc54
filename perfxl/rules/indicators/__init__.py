"""PX401–PX414: the 绩效指标 table — categories, weights, targets, actuals and scores.

Scores come from :mod:`perfxl.scoring` (computed before the rules run); these rules look at
what the scorer could not score (``IndicatorScore.problem``) and at what a reviewer would
question in the table itself. One family in three modules: :mod:`.structure` (PX401–PX403),
:mod:`.actuals` (PX404–PX407), :mod:`.targets` (PX408–PX414).
"""
