"""Opening a file as a workbook: tell the user plainly when it is not one.

Everything a third-party parser may raise ends here as :class:`~perfxl.api.UnreadableWorkbook`
with a Chinese sentence; nothing else leaves this module.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from perfxl.read.xlsxmeta import PackageError, SheetMeta, scan_package, workbook_part

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _unreadable(message: str):
    from perfxl.api import UnreadableWorkbook  # late: api imports the reader lazily too

    return UnreadableWorkbook(message)


@dataclass
class OpenedWorkbook:
    calamine: python_calamine.CalamineWorkbook
    sheet_names: list[str]
    meta: dict[str, SheetMeta] | None  # None: no cell metadata (.xls, .xlsb, .ods)


def open_workbook(path: Path) -> OpenedWorkbook:
    """Sniff, scan (xlsx) and open with calamine; raise UnreadableWorkbook for anything else."""
    name = path.name
    if name.startswith("~$"):
        raise _unreadable(f"“{name}”是 Excel/WPS 打开工作簿时生成的临时锁定文件（~$ 开头），"
                          "不是工作簿本身，请检查不带 ~$ 的原文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as e:
        raise _unreadable(_os_error_message(name, e)) from e
    if size == 0:
        raise _unreadable(f"“{name}”是空文件（0 字节），不是 Excel 工作簿。")
    meta = None
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        meta = _scan_zip(path)
    elif head.startswith(CFB_MAGIC):
        _check_cfb(path)
    else:
        raise _unreadable(_not_a_workbook_reason(name, head))
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet_names = list(wb.sheet_names)
    except python_calamine.PasswordError as e:
        raise _unreadable(f"“{name}”设有打开密码，perfxl 无法读取；请在 Excel/WPS 中取消密码后再检查。") from e
    except Exception as e:  # CalamineError, ZipError, XmlError, anything else from the parser
        raise _unreadable(f"“{name}”已损坏或不是 Excel 工作簿，无法读取（{_short(e)}）。") from e
    return OpenedWorkbook(wb, sheet_names, meta)


def _scan_zip(path: Path) -> dict[str, SheetMeta] | None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            members = set(zf.namelist())
            main = workbook_part(zf)
            if main is not None:
                return scan_package(zf, main)
            if "xl/workbook.bin" in members or "content.xml" in members:
                return None  # .xlsb / .ods: calamine reads them, without cell metadata
            if "word/document.xml" in members:
                raise _unreadable(f"“{name}”其实是 Word 文档（.docx），不是 Excel 工作簿。")
            if "ppt/presentation.xml" in members:
                raise _unreadable(f"“{name}”其实是 PowerPoint 演示文稿，不是 Excel 工作簿。")
            raise _unreadable(f"“{name}”是一个压缩包，但里面没有 Excel 工作簿的内容。")
    except PackageError as e:
        raise _unreadable(f"“{name}”无法读取：{e}") from e
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
        raise _unreadable(f"“{name}”已损坏（压缩包不完整或被截断），无法作为 Excel 工作簿读取。") from e


def _check_cfb(path: Path) -> None:
    """An OLE container is an .xls — or an encrypted .xlsx (its EncryptedPackage stream)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(1024 * 1024)
    except OSError as e:
        raise _unreadable(_os_error_message(path.name, e)) from e
    if "EncryptedPackage".encode("utf-16-le") in data or b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data:
        raise _unreadable(f"“{path.name}”设有打开密码（文件已加密），perfxl 无法读取；"
                          "请在 Excel/WPS 中取消密码后再检查。")


def _os_error_message(name: str, e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return f"找不到文件“{name}”。"
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
