"""The folder front end (``perfxl check DIR`` / ``perfxl run DIR``): what a batch prints — the
text report (stdout), messages and the progress bar (stderr). Layer 6, beside :mod:`perfxl.cli`.

``perfxl check DIR`` lists every finding of every workbook; ``perfxl run DIR`` lists one line per
workbook (the findings are in each workbook's 校验结果 sheet and in the summary's 全部问题 sheet).
With ``--format json`` stdout carries only JSON lines, one per workbook, in path order, written
when the batch is done: the same per-workbook object as ``perfxl check FILE --format json``
(:mod:`perfxl.result`), with the facts about the whole folder (``duplicate_of``).
"""

from __future__ import annotations

import sys

from perfxl import batch
from perfxl.output.json import JsonLines
from perfxl.output.text import SEVERITY_TEXT, dash, decision_note
from perfxl.progress import Fanout, ProgressBar, wants_bar
from perfxl.result import UNRECOGNISED, is_failed, is_unrecognised
from perfxl.summary.common import by_severity, status_text
from perfxl.summary.roster import roster_lines


def run_folder(paths, *, config_for, write: bool, fmt: str = "text", jobs=None, force=False,
               output_dir=None, backup=False, summary_dir=None, period=None,
               summary: bool | None = None, out=None, err=None, file_timeout=None,
               roster=None, mark=False) -> int:
    """Run the batch for the CLI; returns the exit code. ``roster``: a read
    :class:`~perfxl.summary.roster.Roster` (the units that should hand in), or None."""
    out = out or sys.stdout
    err = err or sys.stderr
    listeners = []
    if wants_bar(err):
        listeners.append(ProgressBar(0, err))  # the batch tells it the total once files are found

    def notify(msg: str) -> None:
        err.write(msg + "\n")
        err.flush()

    outcome = batch.run_batch(paths, config_for=config_for, jobs=jobs or batch.default_jobs(),
                              force=force, write=write, output_dir=output_dir, backup=backup,
                              summary_dir=summary_dir, period=period, summary=summary,
                              progress=Fanout(*listeners), notify=notify, roster=roster, mark=mark,
                              **({} if file_timeout is None else {"file_timeout": file_timeout}))
    for p in outcome.missing:
        notify(f"找不到文件或文件夹：{p}")
    if fmt == "text":
        out.write(render_text(outcome, details=not write))
    else:  # after the batch: a record's duplicate_of is known once the whole folder is in
        lines = JsonLines(out)
        for rec in outcome.records:
            lines.update(rec, is_failed(rec))
        notify(totals_line(outcome))
        for line in outcome_notes(outcome):
            notify(line)
    out.flush()
    return outcome.exit_code


def render_text(outcome, *, details: bool) -> str:
    """``details``: every finding (check); else one line per workbook (run), from the facts
    kept in memory — only failed files' records are read back for their reason."""
    lines: list[str] = []
    if details:
        for rec in outcome.records:
            lines.extend(_file_lines(rec))
    else:
        for i, x in enumerate(outcome.records.light()):
            apart = x.failed or x.status == UNRECOGNISED  # its reason is in the record
            lines.append(_run_line(x, outcome.records[i] if apart else None))
    lines.append("")
    lines.append(totals_line(outcome))
    lines.extend(outcome_notes(outcome))
    if outcome.summary_path is not None:
        lines.append(f"汇总工作簿：{outcome.summary_path}")
        lines.append(f"历史记录：{outcome.history_path}")
    return "\n".join(lines) + "\n"


def _run_line(x, failed_record: dict | None) -> str:
    status = status_text({"status": x.status, "reused": x.reused}, run_note=True)
    if failed_record is not None:
        why = (failed_record.get("error") or failed_record.get("unrecognised")
               or failed_record.get("message") or "")
        return f"== {x.rel}  {status}：{why}"
    line = f"== {x.rel}  {status}  错误 {x.errors}  警告 {x.warnings}"
    if x.output and x.output != x.path:
        line += f"  → {x.output}"
    return line


def _file_lines(rec: dict) -> list[str]:
    name = rec.get("rel") or rec["path"]
    if is_failed(rec) or is_unrecognised(rec):
        why = rec.get("error") or rec.get("unrecognised") or rec.get("message") or ""
        return [f"== {name}  {status_text(rec, run_note=True)}：{why}"]
    c = rec["counts"]
    lines = [f"== {name}  {status_text(rec, run_note=True)}  错误 {c.get('error', 0)}  "
             f"警告 {c.get('warning', 0)}"]
    for f in by_severity(rec["findings"]):
        where = f"{f.get('sheet') or '整个工作簿'}!{f.get('cell') or '-'}"
        sev = SEVERITY_TEXT.get(f.get("severity"), f.get("severity"))
        lines.append(f"    {where:<14} {f.get('code')} {sev}  {f.get('message')}{decision_note(f)}")
        if f.get("expected") is not None or f.get("actual") is not None:
            lines.append(f"{'':19}应为：{dash(f.get('expected'))}  实为：{dash(f.get('actual'))}")
    return lines


def outcome_notes(outcome) -> list[str]:
    """Who has not handed in (with a roster) and what changed since the period's last run."""
    lines = roster_lines(outcome.roster) if outcome.roster is not None else []
    if outcome.changes is not None:
        lines.append(outcome.changes.line())
    return lines


def totals_line(outcome) -> str:
    light = outcome.records.light()
    failed = sum(1 for x in light if x.failed)
    apart = sum(1 for x in light if x.status == UNRECOGNISED)
    errors = sum(x.errors for x in light)
    warnings = sum(x.warnings for x in light)
    reused = sum(1 for x in light if x.reused and x.status != UNRECOGNISED)
    line = (f"共 {len(light)} 个工作簿：已处理 {len(light) - failed - apart} 个"
            f"（其中 {reused} 个未变化，沿用上次结果），无法处理 {failed} 个；"
            f"错误 {errors} 个，警告 {warnings} 个")
    if apart:
        line += f"；另有 {apart} 个未识别（不是绩效工作簿，未写入）"
    return line
