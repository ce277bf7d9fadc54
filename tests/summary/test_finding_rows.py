"""The findings file's rows kept on disk: read back unit by unit and period by period in the
order they were added (units and periods interleaved as a folder's workbooks are), and the stored
file read whether perfxl wrote it (UTF-8) or Excel re-saved it (GBK)."""

from __future__ import annotations

from perfxl.summary.finding_rows import KEYS, FindingRows, read_stored


def row(period, unit, code="", file="a.xlsx", cell="A1"):
    out = dict.fromkeys(KEYS, "")
    out.update(period=period, unit=unit, file=file, code=code, cell=cell)
    return out


def test_rows_come_back_by_unit_and_by_period_in_order():
    added = [row("2023-07", "甲镇"), row("2023-07", "甲镇", "PX1"), row("2023-06", "乙镇"),
             row("2023-07", "乙镇"), row("2023-07", "甲 镇", "PX2", file="b.xlsx"),
             row("2023-07", "", "PX3", file="c.xlsx")]
    rows = FindingRows()
    for r in added:
        rows.add(r)
    assert rows.units == [("2023-07", "甲镇"), ("2023-06", "乙镇"), ("2023-07", "乙镇"),
                          ("2023-07", "文件:c.xlsx")]  # in the order of their first rows
    jia = ("2023-07", "甲镇")
    assert rows.name(jia) == "甲镇"  # as its first row names it
    assert [r["code"] for r in rows.findings(jia)] == ["PX1", "PX2"]  # one unit, two files
    assert list(rows.period_rows("2023-07")) == [r for r in added if r["period"] == "2023-07"]
    assert list(rows.period_rows("2023-06")) == [added[2]]
    assert rows.periods == {"2023-06", "2023-07"}
    assert rows.digest("2023-05") is None and rows.digest("2023-06") != rows.digest("2023-07")
    rows.close()


def test_stored_file_read_in_utf8_or_gbk(tmp_path):
    text = ("期间,单位,文件,工作表,单元格,代码,应为,实为,问题\r\n"
            "2023-07,甲镇,a.xlsx,表,A1,'=PX1,1,2,错\r\n\r\n2023-07,乙镇,b.xlsx,,,,,,\r\n")
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        rows = FindingRows()
        read_stored(path, rows)
        got = list(rows.period_rows("2023-07"))
        assert [(r["unit"], r["code"]) for r in got] == [("甲镇", "=PX1"), ("乙镇", "")]
        rows.close()
