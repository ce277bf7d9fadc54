"""Opening a file as a workbook: tell the user plainly when it is not one.

Everything a third-party parser may raise ends here as
:class:`~perfxl.read.errors.UnreadableWorkbook` with a Chinese sentence; nothing else leaves this
module. The zip itself is opened by :mod:`perfxl.ooxml` (its limits and refusals).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from perfxl.ooxml import Package, PackageError
from perfxl.read.decisions import marked_findings_sheet
from perfxl.read.errors import UnreadableWorkbook
from perfxl.read.xlsxmeta import SheetMeta, scan_package

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _unreadable(message: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(message)


@dataclass
class OpenedWorkbook:
    calamine: python_calamine.CalamineWorkbook
    sheet_names: list[str]
    meta: dict[str, SheetMeta] | None  # None: no cell metadata (.xls, .xlsb, .ods)
    findings_sheet: str | None = None  # the sheet perfxl's 校验结果 marker names (read/decisions)


WHOLE_FILE_BYTES = 64 * 1024 * 1024
"""Files up to this size are read into memory once for the sniff, the scan and calamine;
larger ones are scanned from the file."""


def open_workbook(path: Path, data: bytes | None = None) -> OpenedWorkbook:
    """Sniff, scan (xlsx) and open with calamine; raise UnreadableWorkbook for anything else.

    ``data``: the file's bytes when the caller already holds them. The file is read once (when
    it is at most :data:`WHOLE_FILE_BYTES`): the sniff, the scan and calamine all read those
    bytes, so the cells checked are exactly the bytes a write-back splices, even if the file
    is saved again meanwhile, and a share is asked for the file once, not twice."""
    name = path.name
    if name.startswith("~$"):
        raise _unreadable(f"“{name}”是 Excel/WPS 打开工作簿时生成的临时锁定文件（~$ 开头），"
                          "不是工作簿本身，请检查不带 ~$ 的原文件。")
    if data is not None:
        size, head = len(data), data[:4096]
    else:
        size, head, data = _read_start(path)
    if size == 0:
        raise _unreadable(f"“{name}”是空文件（0 字节），不是 Excel 工作簿。")
    meta = findings_sheet = None
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        meta, findings_sheet = _scan_zip(name, data if data is not None else path)
    elif head.startswith(CFB_MAGIC):
        _check_cfb(name, data[:1024 * 1024] if data is not None else _read_cfb_start(path))
    else:
        raise _unreadable(_not_a_workbook_reason(name, head))
    try:
        wb = _calamine(path, data)
        sheet_names = list(wb.sheet_names)
    except python_calamine.PasswordError as e:
        raise _unreadable(f"“{name}”设有打开密码，perfxl 无法读取；请在 Excel/WPS 中取消密码后再检查。") from e
    except Exception as e:  # CalamineError, ZipError, XmlError, anything else from the parser
        raise _unreadable(f"“{name}”已损坏或不是 Excel 工作簿，无法读取（{_short(e)}）。") from e
    return OpenedWorkbook(wb, sheet_names, meta, findings_sheet)


def _calamine(path: Path, data: bytes | None) -> python_calamine.CalamineWorkbook:
    """calamine over the bytes already read (else the path). Opened from bytes, calamine tries
    every format and says only "Cannot detect file format" when all fail; the path names the
    real fault (an XML error, say), so a failure is asked of the path again for its words."""
    if data is None:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise
    except Exception as first:
        try:
            python_calamine.CalamineWorkbook.from_path(str(path)).close()
        except Exception as e:  # the same fault, in the words that name it
            raise e from None
        raise first  # the file has changed since it was read: the bytes read are what count


def _read_start(path: Path) -> tuple[int, bytes, bytes | None]:
    """(size, first 4 KB, whole file or None when larger than :data:`WHOLE_FILE_BYTES`)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            if size > WHOLE_FILE_BYTES:
                return size, fh.read(4096), None
            data = fh.read()
    except OSError as e:
        raise _unreadable(os_error_message(path.name, e)) from e
    return size, data[:4096], data


def _scan_zip(name: str, source) -> tuple[dict[str, SheetMeta] | None, str | None]:
    """The cell metadata of every sheet, and the sheet perfxl's 校验结果 marker names."""
    try:
        with Package.open(source) as pkg:
            main = pkg.workbook_part()
            if main is not None:
                root = pkg.xml(main)  # parsed once: for the sheets and for the marker
                return scan_package(pkg, main, root), marked_findings_sheet(root)
            if pkg.has("xl/workbook.bin") or pkg.has("content.xml"):
                return None, None  # .xlsb / .ods: calamine reads them, without cell metadata
            if pkg.has("word/document.xml"):
                raise _unreadable(f"“{name}”其实是 Word 文档（.docx），不是 Excel 工作簿。")
            if pkg.has("ppt/presentation.xml"):
                raise _unreadable(f"“{name}”其实是 PowerPoint 演示文稿，不是 Excel 工作簿。")
            raise _unreadable(f"“{name}”是一个压缩包，但里面没有 Excel 工作簿的内容。")
    except PackageError as e:
        if e.damaged_zip:
            raise _unreadable(f"“{name}”已损坏（压缩包不完整或被截断），无法作为 Excel 工作簿读取。") from e
        raise _unreadable(f"“{name}”无法读取：{e}") from e


def _read_cfb_start(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(1024 * 1024)
    except OSError as e:
        raise _unreadable(os_error_message(path.name, e)) from e


def _check_cfb(name: str, start: bytes) -> None:
    """An OLE container is an .xls — or an encrypted .xlsx (its EncryptedPackage stream)."""
    if "EncryptedPackage".encode("utf-16-le") in start or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in start:
        raise _unreadable(f"“{name}”设有打开密码（文件已加密），perfxl 无法读取；"
                          "请在 Excel/WPS 中取消密码后再检查。")


def os_error_message(name: str, e: OSError) -> str:
    """Why ``name`` could not be opened, in Chinese (the system's own text is English on many
    machines)."""
    if isinstance(e, FileNotFoundError):
        return f"找不到文件“{name}”（可能已被删除或移走）。"
    if isinstance(e, IsADirectoryError):
        return f"“{name}”是文件夹，不是 Excel 工作簿。"
    if isinstance(e, PermissionError):
        return f"没有权限读取“{name}”（文件可能正被其他程序独占打开），请关闭后再检查。"
    return f"无法打开文件“{name}”（{e.strerror or type(e).__name__}）。"


def _not_a_workbook_reason(name: str, head: bytes) -> str:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("gbk")
        except UnicodeDecodeError:
            text = None
    if text is not None:
        if text.lstrip().startswith("<"):
            return f"“{name}”是网页或 XML 文本，不是 Excel 工作簿；请在 Excel/WPS 中另存为 .xlsx。"
        if "," in text or "\t" in text:
            return f"“{name}”是文本文件（可能是改了扩展名的 CSV），不是 Excel 工作簿；请在 Excel/WPS 中另存为 .xlsx。"
        return f"“{name}”是文本文件，不是 Excel 工作簿。"
    return f"“{name}”不是 Excel 工作簿（无法识别的文件格式）。"


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {text[:120]}" if text else type(e).__name__
