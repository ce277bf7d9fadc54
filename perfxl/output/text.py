"""Text emitter: findings grouped by sheet, in Chinese, with cell, expected and actual — made
from the per-workbook object of :mod:`perfxl.result` (``WorkbookResult.to_dict``)."""

from __future__ import annotations

from itertools import groupby

from perfxl.findings import PENDING, Severity
from perfxl.result import UNFILLED

SEVERITY_TEXT = {s.value: s.label for s in Severity}
UNRECOGNISED_TEXT = "未识别，未写入"  # a workbook that is not ours: left as it is
UNFILLED_TEXT = "未填写"  # a form not filled in: never graded


def render(docs: list[dict], *, scores: bool = True) -> str:
    """Every workbook of a run over files, then one line of totals."""
    parts = [render_one(d, scores=scores) for d in docs]
    errors = sum(d["counts"]["error"] for d in docs)
    warnings = sum(d["counts"]["warning"] for d in docs)
    failed = sum(1 for d in docs if d["error"])
    unrecognised = sum(1 for d in docs if d.get("unrecognised"))
    summary = f"共检查 {len(docs)} 个文件：错误 {errors} 个，警告 {warnings} 个"
    if failed:
        summary += f"，{failed} 个文件无法读取"
    if unrecognised:
        summary += f"，{unrecognised} 个文件未识别（不是绩效工作簿，未写入）"
    return "\n\n".join(parts + [summary]) + "\n"


def render_one(doc: dict, *, scores: bool = True) -> str:
    lines = [f"== {doc['path']}"]
    if doc["error"]:
        lines.append(f"  无法读取：{doc['error']}")
        return "\n".join(lines)
    if doc.get("unrecognised"):
        lines.append(f"  {UNRECOGNISED_TEXT}：{doc['unrecognised']}")
        return "\n".join(lines)
    findings = doc["findings"]  # in sheet/cell order
    if not findings:
        lines.append("  未发现问题。")
    for sheet, group in groupby(findings, key=lambda f: f["sheet"] or ""):
        lines.append(f"  [{sheet or '整个工作簿'}]")
        for f in group:
            where = f["cell"] or "-"
            lines.append(f"    {where:<8} {f['code']} {SEVERITY_TEXT[f['severity']]}  {f['message']}"
                         f"{decision_note(f)}")
            if f.get("consequence_of"):
                # a note: nothing to change here, the wrong cell is named
                lines.append(f"             （提示：先改正 {f['consequence_of']}，此处随之相符）")
            elif f["expected"] is not None or f["actual"] is not None:
                lines.append(f"             应为：{dash(f['expected'])}  实为：{dash(f['actual'])}")
    if scores and doc.get("declarations"):
        lines.append("  申报表审核：")
        for d in doc["declarations"]:
            amount = f"本年度项目金额 {d['amount']} 万元" if d["amount"] is not None else "本年度项目金额未填"
            lines.append(f"    {d['sheet']:<10} {d['name']}  {amount}  审核等级 {d['grade']}")
    listed = [p for p in doc["projects"]
              if p["total_score"] is not None or p.get("status") == UNFILLED]
    if scores and listed:
        lines.append("  评分：")
        for p in listed:
            if p["total_score"] is None:
                lines.append(f"    {p['sheet']:<10} {p['name']}  {UNFILLED_TEXT}（不评分）")
            else:
                lines.append(f"    {p['sheet']:<10} {p['name']}  总分 {p['total_score']}  "
                             f"{p['grade']}")
    return "\n".join(lines)


def decision_note(f: dict) -> str:
    """``（已核实无误）`` after a finding staff decided on in 校验结果's 处理意见 (a waived one is
    listed but not counted); nothing while it is 待处理."""
    decision = f.get("decision")
    return f"（{decision}）" if decision and decision != PENDING else ""


def dash(v) -> str:
    return "-" if v is None else str(v)
