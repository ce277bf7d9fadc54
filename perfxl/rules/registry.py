"""The rule list: every rule class, in code order — the one place a rule is made known.

As in ruff and sqlfluff, the catalogue is an explicit list, not registration by import side
effect: defining a class does nothing until it is named here. ``perfxl rules``, ``run_rules``,
the docs table (``docs/rules.md``) and the tests all read this tuple. A new rule: write its
class in the module of its family, then add it below in code order.
"""

from __future__ import annotations

from perfxl.rules import checklist, land, money, px6_report, read
from perfxl.rules.base import Rule
from perfxl.rules.consistency import declared, identity, monitoring, progress
from perfxl.rules.declaration import amounts, completeness, targets as decl_targets, texts
from perfxl.rules.estimate import checks as estimate
from perfxl.rules.indicators import actuals, structure, targets

RULES: tuple[type[Rule], ...] = (
    # PX1xx: what the reader saw
    read.MissingBlock,
    read.MissingField,
    read.NotANumber,
    read.NumberAsText,
    read.FormulaWithoutValue,
    read.FormNotFilled,
    # PX2xx: money
    money.BudgetTotal,
    money.ProjectCount,
    money.ListFormAmounts,
    money.FundSum,
    money.OverExecuted,
    money.UnitSlip,
    money.TypedTotals,
    money.NonPositiveBudget,
    money.LowExecutionUnexplained,
    # PX3xx: land transfer (土地流转)
    land.ParcelAmount,
    land.ParcelsVsBudget,
    land.ParcelArea,
    land.ParcelRate,
    # PX31x: the estimate (测算明细, 支出计划)
    estimate.EstimateLine,
    estimate.EstimateUnits,
    estimate.EstimateTotal,
    estimate.EstimatePlan,
    estimate.EstimateClasses,
    estimate.DeclarationVsPlan,
    estimate.WrittenStatements,
    # PX4xx: indicators
    structure.MissingCategory,
    structure.Weights,
    structure.UnmeasurableTarget,
    actuals.MissingActual,
    actuals.LowScoreUnexplained,
    actuals.OverCompleted,
    actuals.ImpossiblePercent,
    targets.DuplicateIndicator,
    targets.CostCeiling,
    targets.BandDefaultUsed,
    targets.ScoreOutsideBand,
    targets.UnitMismatch,
    targets.UnknownQualitative,
    targets.MissingTarget,
    targets.UnreadableTarget,
    # PX5xx: consistency across sheets
    identity.YearMismatch,
    identity.NameMismatch,
    identity.DuplicateProject,
    progress.ExecutionLag,
    progress.StaffFigures,
    monitoring.TargetChanged,
    monitoring.MonitorLagUnexplained,
    monitoring.MonitorLikelihood,
    identity.ProjectUnmatched,
    declared.DeclaredAmount,
    # PX6xx: a written report (perfxl report --check)
    px6_report.ReportYear,
    px6_report.ReportProjectCount,
    px6_report.ReportTotal,
    px6_report.ReportProjectAmount,
    px6_report.ReportProjectMissing,
    px6_report.ReportProjectUnknown,
    px6_report.ReportRepeatedItem,
    px6_report.ReportNoBenefit,
    px6_report.ReportEstimateWording,
    px6_report.ReportFigure,
    # PX7xx: the 申报表 review (绩效目标审核)
    completeness.EmptyTable,
    completeness.MissingCategory,
    completeness.BlankPrintedRow,
    completeness.MissingTarget,
    completeness.MissingExplanation,
    decl_targets.UnmeasurableTarget,
    decl_targets.BareNumber,
    decl_targets.UntimedTarget,
    decl_targets.CostNotCeiling,
    decl_targets.LongName,
    amounts.MissingAmount,
    amounts.AmountInYuan,
    amounts.YearAboveTotal,
    amounts.CostAboveAmount,
    texts.GoalMissing,
    texts.PolicyMissing,
    texts.CalculationMissing,
    amounts.FewQuantified,
    decl_targets.RepeatedIndicator,
    amounts.CodeLost,
    decl_targets.NameDoesNotFit,
    # PX790: the reviewer's own checklist (审核口径) on 申报表
    checklist.ReviewChecklist,
)

BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}
