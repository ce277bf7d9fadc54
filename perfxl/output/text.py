"""Text emitter: findings grouped by sheet, in Chinese, with cell, expected and actual."""

from __future__ import annotations

from itertools import groupby

from perfxl.api import WorkbookResult
from perfxl.findings import Severity
from perfxl.values import fmt_decimal


def render(results: list[WorkbookResult], *, scores: bool = True) -> str:
    parts = [render_one(r, scores=scores) for r in results]
    errors = sum(r.count(Severity.ERROR) for r in results)
    warnings = sum(r.count(Severity.WARNING) for r in results)
    failed = sum(1 for r in results if r.error)
    summary = f"共检查 {len(results)} 个文件：错误 {errors} 个，警告 {warnings} 个"
    if failed:
        summary += f"，{failed} 个文件无法读取"
    return "\n\n".join(parts + [summary]) + "\n"


def render_one(r: WorkbookResult, *, scores: bool = True) -> str:
    lines = [f"== {r.path}"]
    if r.error:
        lines.append(f"  无法读取：{r.error}")
        return "\n".join(lines)
    fs = sorted(r.findings, key=lambda f: f.sort_key())
    if not fs:
        lines.append("  未发现问题。")
    for sheet, group in groupby(fs, key=lambda f: f.sheet or ""):
        lines.append(f"  [{sheet or '整个工作簿'}]")
        for f in group:
            where = f.cell or "-"
            lines.append(f"    {where:<8} {f.code} {f.severity.label}  {f.message}")
            if f.expected is not None or f.actual is not None:
                lines.append(f"             应为：{f.expected if f.expected is not None else '-'}"
                             f"  实为：{f.actual if f.actual is not None else '-'}")
    if scores and r.scores:
        lines.append("  评分：")
        for s in r.scores:
            name = s.project.name.value or s.project.sheet
            lines.append(f"    {s.project.sheet:<10} {name}  总分 {fmt_decimal(s.total)}  {s.grade}")
    return "\n".join(lines)
