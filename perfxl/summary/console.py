"""What a batch prints: the text report (stdout), messages and the progress bar (stderr).

``perfxl check DIR`` lists every finding of every workbook; ``perfxl run DIR`` lists one line per
workbook (the findings are in each workbook's 校验结果 sheet and in the summary's 全部问题 sheet).
With ``--format json`` stdout carries only JSON lines, one per workbook, in path order.
"""

from __future__ import annotations

import sys
from pathlib import Path

from perfxl.findings import Severity
from perfxl.progress import Fanout, JsonLines, ProgressBar, wants_bar
from perfxl.summary.record import is_failed
from perfxl.summary.workbook import status_text

SEVERITY_TEXT = {s.value: s.label for s in Severity}


def run_folder(paths, *, config_for, write: bool, fmt: str = "text", jobs=None, force=False,
               output_dir=None, backup=False, summary_dir=None, period=None,
               summary: bool | None = None, out=None, err=None) -> int:
    """Run the batch for the CLI; returns the exit code."""
    from perfxl.batch import default_jobs, run_batch

    out = out or sys.stdout
    err = err or sys.stderr
    listeners = []
    if wants_bar(err):
        listeners.append(ProgressBar(0, err))  # the batch tells it the total once files are found
    if fmt == "json":
        listeners.append(JsonLines(out))

    def notify(msg: str) -> None:
        err.write(msg + "\n")
        err.flush()

    outcome = run_batch(paths, config_for=config_for, jobs=jobs or default_jobs(), force=force,
                        write=write, output_dir=output_dir, backup=backup,
                        summary_dir=summary_dir, period=period, summary=summary,
                        progress=Fanout(*listeners), notify=notify)
    for p in outcome.missing:
        notify(f"找不到文件或文件夹：{p}")
    if fmt == "text":
        out.write(render_text(outcome, details=not write))
    else:
        notify(totals_line(outcome))
    out.flush()
    return outcome.exit_code


def render_text(outcome, *, details: bool) -> str:
    lines: list[str] = []
    for rec in outcome.records:
        lines.extend(_file_lines(rec, details))
    lines.append("")
    lines.append(totals_line(outcome))
    if outcome.summary_path is not None:
        lines.append(f"汇总工作簿：{outcome.summary_path}")
        lines.append(f"历史记录：{outcome.history_path}")
    return "\n".join(lines) + "\n"


def _file_lines(rec: dict, details: bool) -> list[str]:
    name = rec.get("rel") or rec["path"]
    if is_failed(rec):
        why = rec.get("error") or rec.get("message") or ""
        return [f"== {name}  {status_text(rec, run_note=True)}：{why}"]
    c = rec["counts"]
    head = (f"== {name}  {status_text(rec, run_note=True)}  错误 {c.get('error', 0)}  "
            f"警告 {c.get('warning', 0)}")
    if rec.get("output") and Path(rec["output"]) != Path(rec["path"]):
        head += f"  → {rec['output']}"
    lines = [head]
    if details:
        for f in rec["findings"]:
            where = f"{f.get('sheet') or '整个工作簿'}!{f.get('cell') or '-'}"
            sev = SEVERITY_TEXT.get(f.get("severity"), f.get("severity"))
            lines.append(f"    {where:<14} {f.get('code')} {sev}  {f.get('message')}")
            if f.get("expected") is not None or f.get("actual") is not None:
                lines.append(f"{'':19}应为：{_dash(f.get('expected'))}  实为：{_dash(f.get('actual'))}")
    return lines


def _dash(v) -> str:
    return "-" if v is None else str(v)


def totals_line(outcome) -> str:
    recs = outcome.records
    failed = sum(1 for r in recs if is_failed(r))
    errors = sum(r["counts"].get("error", 0) for r in recs)
    warnings = sum(r["counts"].get("warning", 0) for r in recs)
    text = (f"共 {len(recs)} 个工作簿：已处理 {len(recs) - failed} 个"
            f"（其中 {outcome.reused} 个未变化，沿用上次结果），无法处理 {failed} 个；"
            f"错误 {errors} 个，警告 {warnings} 个")
    return text
