"""PX701–PX721: the review of a 绩效目标申报表 (绩效目标审核, declaration.md).

The reviewer's four questions (财预〔2015〕88号), one module per concern:

- ``completeness`` — 完整性 of the indicator table: empty table, required categories,
  pre-printed rows, targets and 指标解释 (PX701–PX705);
- ``targets`` — 可行性 of each target: measurable, with a unit, a deadline, a ceiling, a short
  name fitting its 二级, no repeats (PX706–PX710, PX719, PX721);
- ``amounts`` — 适当性 of the money: zero or missing, 元 typed in 万元, 本年 > 总额, a cost
  ceiling above the money, too few quantified indicators, a rounded 项目编码 (PX711–PX714,
  PX718, PX720);
- ``texts`` — 相关性 of the texts: 年度目标, 政策依据, 测算依据 (PX715–PX717).

The settings (required categories, PX703 on or off, thresholds) are the declaration framework's
(:mod:`perfxl.scoring.declaration`), asked through ``ctx.declaration_framework``.
"""
