"""Workbooks and results for the write-back tests: real files built with xlsxwriter, results built
by hand (the reader/scorer are developed separately; these tests must not depend on them)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from perfxl.api import WorkbookResult
from perfxl.findings import Finding, Severity
from perfxl.model import FundRow, Indicator, Loc, Project, Val, Workbook
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.values import Measure


def edit_member(data: bytes, name: str, fn) -> bytes:
    """The package ``data`` with member ``name``'s text passed through ``fn`` (a member whose
    ``fn`` returns None is left out)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == name:
                text = fn(content.decode("utf-8"))
                content = None if text is None else text.encode("utf-8")
            if content is not None:
                out.writestr(info, content)
    return buf.getvalue()


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG made with struct/zlib only."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                                            0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


FAKE_VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


def make_rich_workbook(path: Path, *, vba: bool = False, active: int = 1) -> Path:
    """A workbook with everything openpyxl would lose: cached formula values, a chart, an image,
    comments, a data-validation list (plus an injected x14 one), global and sheet-local names."""
    png = path.parent / "pic.png"
    png.write_bytes(tiny_png())
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True, "num_format": "0.0000"})
    lst = wb.add_worksheet("项目清单")
    lst.write_row(0, 0, ["序号", "项目名称", "全年预算数（万元）"])
    for i in range(1, 4):
        lst.write_row(i, 0, [i, f"项目{i}", Decimal("1.1") * i], None)
    lst.write_formula(4, 2, "=SUM(C2:C4)", bold, 6.6)
    lst.write_comment("B2", "批注：请核对")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=项目清单!$C$2:$C$4"})
    lst.insert_chart("E2", chart)
    forms = []
    for k in (1, 2):
        ws = wb.add_worksheet(f"自评表0{k}")
        ws.write(0, 0, "项目支出绩效自评表")
        ws.write(2, 0, "项目名称")
        ws.write(2, 1, f"项目{k}")
        ws.write_formula(5, 4, "=C6*2", None, 2.2 * k)
        ws.data_validation("E13", {"validate": "list", "source": "=项目清单!$B$2:$B$4"})
        forms.append(ws)
    forms[0].insert_image("K2", str(png))
    land = wb.add_worksheet("土地流转明细")
    land.write_row(0, 0, ["项目名称", "地块（村）", "面积（亩）"])
    land.write_row(1, 0, ["项目1", "南关", 75.01])
    wb.define_name("预算合计", "=项目清单!$C$5")
    wb.define_name("自评表02!本表名称", "=自评表02!$B$3")
    wb.define_name("土地流转明细!_xlnm.Print_Area", "=土地流转明细!$A$1:$C$2")
    wb.worksheets()[active].activate()
    if vba:
        vba_path = path.parent / "vbaProject.bin"
        vba_path.write_bytes(FAKE_VBA)
        wb.add_vba_project(str(vba_path))
    wb.close()
    inject_x14_validation(path, "xl/worksheets/sheet2.xml")
    return path


X14_EXT = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>项目清单!$B$2:$B$4</xm:f>'
    '</x14:formula1><xm:sqref>F13</xm:sqref></x14:dataValidation></x14:dataValidations></ext>'
    '</extLst>')


def inject_x14_validation(path: Path, member: str) -> None:
    """Add an x14 data-validation extension (what Excel writes for cross-sheet lists) to a sheet,
    rewriting the zip with zipfile (the test input, not perfxl's output)."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                text = data.decode()
                text = re.sub(r"</worksheet>$", X14_EXT + "</worksheet>", text)
                data = text.encode()
            out.writestr(info, data)
    path.write_bytes(buf.getvalue())


def val(v, sheet=None, cell=None):
    return Val(v, Loc(sheet, cell) if sheet else None, v)


def project_score(sheet: str, name: str, budget: str, executed: str, total: str = "91.5",
                  grade: str = "优") -> ProjectScore:
    p = Project(sheet=sheet, name=val(name, sheet, "B3"))
    p.funds["total"] = FundRow("total", budget=val(Decimal(budget), sheet, "D6"),
                               executed=val(Decimal(executed), sheet, "E6"))
    ind1 = Indicator(row=13, level1=val("产出指标"), level2=val("数量指标"),
                     name=val("=完成村数", sheet, "D13"),
                     target=val(Measure("≥10个", number=Decimal(10), unit="个")),
                     actual=val(Measure("12个", number=Decimal(12), unit="个")),
                     weight=val(Decimal(20)), score=val(Decimal(20)))
    ind2 = Indicator(row=14, level1=val("满意度指标"), level2=val("服务对象满意度指标"),
                     name=val("群众满意度", sheet, "D14"),
                     target=val(Measure("非常高")), actual=val(Measure("+较高")),
                     weight=val(Decimal(10)))
    rate = Decimal(executed) / Decimal(budget)
    return ProjectScore(
        project=p, framework="default", execution_rate=rate, execution_weight=Decimal(10),
        execution_score=Decimal("9.20"),
        indicators=[IndicatorScore(ind1, "产出指标", Decimal(20), "正向", Decimal(20)),
                    IndicatorScore(ind2, "满意度指标", Decimal(10), "定性", Decimal("8.5"),
                                   band="部分达成", used_default=True)],
        categories={"产出指标": Decimal(20), "满意度指标": Decimal("8.5")},
        total=Decimal(total), grade=grade)


def sample_result(path: Path, sheet_names=None) -> WorkbookResult:
    sheet_names = sheet_names or ["项目清单", "自评表01", "自评表02", "土地流转明细"]
    findings = [
        Finding("PX201", Severity.ERROR, "全年执行数合计与各项目之和不符", "项目清单", "C5",
                "144.9552", "144.9550", "全部"),
        Finding("PX301", Severity.WARNING, "执行率得分与计算不符", "自评表01", "H6", "9.20",
                "10", "项目1"),
        Finding("PX410", Severity.INFO, "@定性指标未填得分，按档位默认分计", "自评表02", "H14"),
        Finding("PX101", Severity.ERROR, "=SUM(A1) 不是数字 <&> \x07控制符", "自评表02", "B3:I3",
                "-1", "+2"),
        Finding("PX102", Severity.WARNING, "工作簿没有项目清单"),
    ]
    wb = Workbook(path=path, sheet_names=list(sheet_names))
    scores = [project_score("自评表01", "项目1", "144.9552", "133.3588"),
              project_score("自评表02", "项目2", "2", "1.5", "75", "中")]
    return WorkbookResult(path=path, workbook=wb, findings=findings, scores=scores)
