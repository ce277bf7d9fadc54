"""A workbook's result as the page shows it: the per-workbook object of :mod:`perfxl.result`
turned into Chinese words and display strings (amounts exactly as the object has them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfxl.findings import Severity
from perfxl.result import is_failed, is_unrecognised
from perfxl.serve.uploads import StoredFile, shown
from perfxl.summary.common import by_severity, status_text

SEVERITY_TEXT = {s.value: s.label for s in Severity}
MAX_SHOWN = 500
"""Findings and projects shown per workbook: the page stays quick to load; the workbook
downloaded lists them all (校验结果, 评分结果)."""
_SHEETS_WRITTEN = re.compile(r"工作表 ([^）]+)）")


@dataclass
class FileView:
    """One workbook on the results page."""

    index: int
    name: str
    state: str  # "ok" (checked, results written), "other" (not a form of ours), "failed"
    status: str  # one Chinese sentence: what happened to the file
    unit: str | None = None
    period: str | None = None
    counts: dict = field(default_factory=dict)  # severity (error/warning/info) → n
    projects: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    download_name: str | None = None  # set when the written workbook can be downloaded
    findings_left_out: int = 0  # beyond MAX_SHOWN
    projects_left_out: int = 0


def file_view(f: StoredFile) -> FileView:
    if f.refused is not None:
        return FileView(f.index, f.name, "failed", f.refused)
    rec = f.record or {}
    if not rec or is_failed(rec):
        why = shown(rec.get("error") or rec.get("message"), f) or "无法处理"
        return FileView(f.index, f.name, "failed", why)
    if is_unrecognised(rec):
        why = shown(rec.get("unrecognised"), f) or ""
        return FileView(f.index, f.name, "other",
                        f"未识别为绩效表格，未写入结果：{why}".rstrip("："))
    view = FileView(f.index, f.name, "ok", _written(rec, f), unit=rec.get("unit"),
                    period=rec.get("period"),
                    counts=dict(rec["counts"]))
    grades = {p["name"]: p.get("grade") for p in rec["projects"]}
    view.projects = [_project(p) for p in rec["projects"][:MAX_SHOWN]]
    view.findings = [_finding(x, grades) for x in by_severity(rec["findings"])[:MAX_SHOWN]]
    view.projects_left_out = max(0, len(rec["projects"]) - MAX_SHOWN)
    view.findings_left_out = max(0, len(rec["findings"]) - MAX_SHOWN)
    if f.output is not None and f.output.is_file():
        view.download_name = f.download_name
    return view


def _written(rec: dict, f: StoredFile) -> str:
    """What was written, without the server's folders (the runner's sentence names them)."""
    sheets = _SHEETS_WRITTEN.search(rec.get("message") or "")
    what = f"已写入结果工作表：{sheets.group(1)}" if sheets else status_text(rec)
    if f.output is not None and not f.output.name.endswith(f.stored_name):
        what += f"（原文件不是 .xlsx，结果另存为 {f.download_name}）"
    return what


def _project(p: dict) -> dict:
    return {"name": p.get("name"), "sheet": p.get("sheet"), "form": p.get("form"),
            "budget": p.get("budget") or "", "executed": p.get("executed") or "",
            "rate": percent(p.get("execution_rate")), "score": p.get("total_score") or "",
            "grade": p.get("grade") or ("未填写" if p.get("status") == "unfilled" else "")}


def _finding(x: dict, grades: dict) -> dict:
    return {"severity": x["severity"], "severity_text": SEVERITY_TEXT.get(x["severity"], ""),
            "code": x["code"], "sheet": x.get("sheet") or "", "cell": x.get("cell") or "",
            "message": x["message"], "expected": x.get("expected") or "",
            "actual": x.get("actual") or "", "project": x.get("project") or "",
            "grade": grades.get(x.get("project")) or "", "decision": x.get("decision") or ""}


def percent(value) -> str:
    """An exact rate ("0.9735") as a percentage ("97.35%"); "" when there is none."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    text = f"{number.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}%"
