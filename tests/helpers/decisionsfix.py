"""Staff decisions in a written workbook: a unit workbook with two error findings (项目个数 16 for
15 projects, 预算总金额 off by 0.0001), and edits of its 校验结果 as Excel would save them."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

COUNT_ERROR, TOTAL_ERROR = "PX202", "PX201"


def two_error_workbook(path: Path) -> Path:
    """The complete example with a wrong 项目个数 (项目清单!C5) and 预算总金额 (C6)."""
    spec = laiyuan_2023(complete=True)
    unit = dataclasses.replace(spec.unit, declared_count=16, declared_total=Decimal("144.9553"))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, dataclasses.replace(spec, unit=unit))
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rewrite(path: Path, edits: dict[str, callable]) -> None:
    """Rewrite members of the package at ``path`` (name → text → text), the others as they are."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)
    path.write_bytes(buf.getvalue())


def sheet_part(path: Path, name: str) -> str:
    """The worksheet part of the sheet called ``name`` (through workbook.xml and its rels)."""
    m = members(path)
    wb = m["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{re.escape(name)}" sheetId="\d+" r:id="(rId\d+)"', wb).group(1)
    rels = m["xl/_rels/workbook.xml.rels"].decode()
    rel = next(x for x in re.findall(r"<Relationship [^>]*>", rels) if f'Id="{rid}"' in x)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def findings_rows(path: Path) -> dict[str, tuple[int, str]]:
    """Rule code → (row, 处理意见) of each row of the written 校验结果 (codes here are unique)."""
    xml = members(path)[sheet_part(path, "校验结果")].decode()
    out = {}
    for r, row in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', xml):
        cells = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>/]*(?:/>|>.*?<t[^>]*>(.*?)</t>.*?</c>)', row))
        if r != "1" and cells.get("B"):
            out[cells["B"]] = (int(r), cells.get("I", ""))
    return out


def set_decision(path: Path, code: str, decision: str) -> None:
    """Staff choose ``decision`` for the finding ``code`` in 校验结果, saved as Excel saves a
    typed cell (the same style, a plain inline string)."""
    row, _ = findings_rows(path)[code]
    part = sheet_part(path, "校验结果")

    def edit(xml: str) -> str:
        cell = re.search(rf'<c r="I{row}"( s="\d+")?[^>]*>.*?</c>', xml)
        new = f'<c r="I{row}"{cell.group(1) or ""} t="inlineStr"><is><t>{decision}</t></is></c>'
        return xml[:cell.start()] + new + xml[cell.end():]

    rewrite(path, {part: edit})


def fix_declared_count(path: Path) -> None:
    """Staff correct 项目个数 in 项目清单!C5 (16 → 15): the PX202 finding goes away."""
    part = sheet_part(path, "项目清单")
    rewrite(path, {part: lambda xml: xml.replace('<c r="C5" s="4"><v>16</v></c>',
                                                 '<c r="C5" s="4"><v>15</v></c>', 1)})
