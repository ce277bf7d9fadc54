"""Check one workbook and write the results back into it — the library behind ``perfxl run``.

:func:`run_file` never prints and never raises for a bad or busy file: what happened is in the
returned :class:`RunOutcome` (a status and a Chinese sentence), so a batch runner can reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perfxl.config import Config
from perfxl.discover import XLS_RESULT_SUFFIX
from perfxl.pipeline import check_file
from perfxl.read.package import os_error_message
from perfxl.result import (OK_STATUSES, UNRECOGNISED, WorkbookResult, file_exit_code,
                           stale_decisions_note)
from perfxl.write import safe

WRITTEN = "written"
SKIPPED_LOCKED = "skipped-locked"
SKIPPED_CHANGED = "skipped-changed"
UNREADABLE = "unreadable"
ERROR = "error"
OOXML_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RunOutcome:
    path: Path
    output: Path | None  # the file written, or None
    status: str  # WRITTEN / UNRECOGNISED / SKIPPED_LOCKED / SKIPPED_CHANGED / UNREADABLE / ERROR
    message: str  # one Chinese sentence for the user
    result: WorkbookResult | None = None
    # size/mtime_ns/sha256 of ``path`` as perfxl left it, when known without reading it back
    # (an in-place write: hashed from the bytes written); None → the caller hashes the file
    fingerprint: dict | None = None

    @property
    def ok(self) -> bool:
        return self.status == WRITTEN

    @property
    def exit_code(self) -> int:
        """This file's exit code (:func:`perfxl.result.file_exit_code`): an unrecognised
        workbook, left alone, is 0."""
        errors = self.result.counts["error"] if self.result is not None else 0
        return file_exit_code(failed=self.status not in OK_STATUSES, errors=errors)

    @property
    def mark(self) -> str:
        """The terminal's mark before the message: written →, left alone ·, failed ×."""
        return {WRITTEN: "→", UNRECOGNISED: "·"}.get(self.status, "×")


def run_file(path: Path, config: Config | None = None, *, output_dir: Path | None = None,
             backup: bool = False, clean: bool = True, mark: bool = False) -> RunOutcome:
    """Check ``path`` and write 校验结果/评分结果 into it (or into a checked copy in
    ``output_dir``; or, for .xls, into ``NAME.perfxl.xlsx``). ``clean``: first remove the
    temporary files an interrupted earlier run left beside it (False when the caller, a batch,
    has done so for the whole folder). ``mark``: also put a note on each wrong cell
    (:mod:`perfxl.write.mark`; .xlsx/.xlsm only)."""
    path = Path(path)
    try:
        return _run(path, config or Config(), output_dir, backup, clean, mark)
    except Exception as e:  # never a traceback for the user; the sentence says what failed
        return RunOutcome(path, None, ERROR, f"处理 {path.name} 时出现内部错误（{type(e).__name__}："
                                             f"{e}），原文件未改动")


def _run(path: Path, config: Config, output_dir: Path | None, backup: bool,
         clean: bool, mark: bool = False) -> RunOutcome:
    if clean:
        safe.clean_leftovers(path)
    try:
        snap = safe.read_snapshot(path)
    except OSError as e:  # gone since the search, or held exclusively by another program
        return RunOutcome(path, None, UNREADABLE, f"无法读取：{os_error_message(path.name, e)}")
    except safe.SourceChanged as e:
        return RunOutcome(path, None, UNREADABLE, f"无法读取 {path.name}：{_reason(e)}")
    result = check_file(path, config, snap.data)  # the very bytes the write-back splices
    if result.error:
        return RunOutcome(path, None, UNREADABLE, f"无法读取，未写入：{result.error}", result)
    if result.status == UNRECOGNISED:  # not ours: never written, never copied
        return RunOutcome(path, None, UNRECOGNISED, "原文件未改动，也未生成副本或结果文件", result)

    from perfxl.write.review_sheet import review_sheet
    from perfxl.write.sheets import result_sheets

    review = review_sheet(result, config.checklist)  # 审核意见: a workbook with 申报表
    specs = result_sheets(result) + ([review] if review is not None else [])
    if path.suffix.lower() in OOXML_SUFFIXES and snap.data[:2] == b"PK":
        return _write_into(path, snap, specs, result, output_dir, backup, clean, mark)
    note = f"{path.name} 不是 .xlsx/.xlsm 工作簿，原文件不会被改写"
    if mark:
        note += "（批注只能加在 .xlsx/.xlsm 中，未加）"
    return _write_separate(path, specs, result, output_dir, note, clean)


def _write_into(path, snap, specs, result, output_dir, backup, clean, mark=False) -> RunOutcome:
    from perfxl.write.selfcheck import check_package
    from perfxl.write.splice import SpliceError, splice_results

    try:
        spliced = splice_results(snap.data, specs)
    except SpliceError as e:
        return _write_separate(path, specs, result, output_dir, f"{e}", clean)
    data, verbatim, marked = spliced.data, spliced.verbatim, ""
    if mark:
        from perfxl.write.mark import mark as add_notes
        from perfxl.write.mark import notes_of

        notes = add_notes(data, notes_of(result.findings))
        data = notes.data
        verbatim = [n for n in verbatim if n not in set(notes.changed_parts)]
        marked = f"；{notes.noted} 个单元格加了批注"
        if notes.kept_staff:
            marked += f"（{notes.kept_staff} 个单元格已有他人的批注，未加）"
    problems = check_package(data, verbatim=verbatim, source=spliced.source)
    if problems:
        return RunOutcome(path, None, ERROR, "写入结果后的文件未通过结构自检，原文件未改动："
                                             + "；".join(problems[:3]), result)
    names = "、".join(spliced.sheet_names)
    # decisions on findings that are gone were read from the old 校验结果 and are not in the new
    stale = f"；{stale_decisions_note(result.stale_decisions)}" if result.stale_decisions else ""
    if output_dir is not None:
        dest = _new_copy(output_dir, path.name, data)
        return RunOutcome(path, dest, WRITTEN,
                          f"已写出副本 {dest}（工作表 {names}{marked}），原文件未改动{stale}", result)
    reason = safe.lock_message(path)
    if reason:
        return RunOutcome(path, None, SKIPPED_LOCKED, reason, result)
    kept = ""
    try:
        if backup:
            kept = f"；原文件已备份为 {safe.backup(snap)}"
        written = safe.atomic_write(path, data, expect=snap)
    except safe.SourceChanged:
        return RunOutcome(path, None, SKIPPED_CHANGED,
                          f"{path.name} 在检查期间被修改，为免覆盖新内容未写入；请重新运行", result)
    except safe.FileLocked as e:
        return RunOutcome(path, None, SKIPPED_LOCKED, str(e), result)
    except OSError as e:
        return RunOutcome(path, None, ERROR, f"写入 {path.name} 失败：{_reason(e)}，原文件未改动",
                          result)
    return RunOutcome(path, path, WRITTEN,
                      f"已在 {path.name} 中写入工作表 {names}{marked}{kept}{stale}",
                      result, written.fingerprint())


def _write_separate(path, specs, result, output_dir, why: str,
                    clean: bool = True) -> RunOutcome:
    """Results in a workbook of their own, ``NAME.perfxl.xlsx``, beside the file or in DIR."""
    from perfxl.write.standalone import standalone_xlsx

    name = path.stem + XLS_RESULT_SUFFIX
    dest = path.with_name(name) if output_dir is None else Path(output_dir) / name
    if output_dir is None:
        reason = safe.lock_message(dest)
        if reason:
            return RunOutcome(path, None, SKIPPED_LOCKED, reason, result)
        if clean:
            safe.clean_leftovers(dest)
    try:
        if output_dir is None:
            safe.atomic_write(dest, standalone_xlsx(specs))
        else:
            dest = _new_copy(output_dir, name, standalone_xlsx(specs))
    except safe.FileLocked as e:
        return RunOutcome(path, None, SKIPPED_LOCKED, str(e), result)
    except OSError as e:
        return RunOutcome(path, None, ERROR, f"写入 {dest.name} 失败：{_reason(e)}", result)
    return RunOutcome(path, dest, WRITTEN, f"{why}；结果已写入 {dest.name}", result)


def _new_copy(output_dir: Path, name: str, data: bytes) -> Path:
    """A new file in ``output_dir`` (``name`` or ``name(2)`` …), never replacing one, even when
    parallel workers copy same-named workbooks at once."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    return safe.write_new(output_dir, name, data)


def _reason(e: Exception) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return str(e)
