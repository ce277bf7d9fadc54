"""历史, the summary's sheet of each project's 执行率 and score by month, with line charts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from perfxl.summary.charts import CHART_PROJECTS
from perfxl.summary.common import MAX_ROWS, add_sheet, as_decimal, finish_sheet, opt_text
from perfxl.summary.sheetxml import RowSpool


# --------------------------------------------------------------------------- 历史


def history_table(history) -> tuple[list[str], Iterator[tuple[str, str, dict, dict]]]:
    """(periods ascending, rows of (unit, project, {period: rate}, {period: score}) sorted by
    unit, project). A project is known by its unit and name, so it is followed even if the file
    is renamed from one month to the next.

    The pivot runs in a private temporary SQLite database on disk, not in memory: a history of
    many months of thousands of workbooks is streamed in and out."""
    con = sqlite3.connect("")  # "": a private temporary on-disk database
    con.execute("CREATE TABLE h (unit TEXT, project TEXT, period TEXT, rate TEXT, score TEXT)")
    con.executemany("INSERT INTO h VALUES (?, ?, ?, ?, ?)", (
        (r.get("unit") or Path(r.get("file") or "").stem, r.get("project") or "", r["period"],
         r.get("rate") or "", r.get("score") or "") for r in history if r.get("period")))
    periods = [p for (p,) in con.execute("SELECT DISTINCT period FROM h ORDER BY period")]
    cursor = con.execute("SELECT unit, project, period, rate, score FROM h "
                         "ORDER BY unit, project, period, rowid")

    def rows():
        try:
            for (unit, project), group in groupby(cursor, key=lambda x: (x[0], x[1])):
                rates, scores = {}, {}
                for _, _, period, rate, score in group:
                    rates[period], scores[period] = as_decimal(rate), as_decimal(score)
                yield unit, project, rates, scores
        finally:
            con.close()

    return periods, rows()


def history_sheet(wb, fmt, xf: dict, history, spool: RowSpool):
    """历史: the rows go to ``spool``; the sheet (headers, autofilter, line charts) to ``wb``."""
    periods, rows = history_table(history)
    n = len(periods)
    count = 0
    text, number = spool.text, spool.number
    pct, score_xf = xf["pct"], xf["score"]
    for i, (unit, project, rate, score) in enumerate(rows, start=1):
        if i > MAX_ROWS:
            continue  # drain the generator so the database closes
        count = i
        cells: list = []
        opt_text(cells, text, 0, unit)
        opt_text(cells, text, 1, project)
        for j, p in enumerate(periods):
            if rate.get(p) is not None:
                cells.append((2 + j, number(float(rate[p]), pct)))
        for j, p in enumerate(periods):
            if score.get(p) is not None:
                cells.append((2 + n + j, number(float(score[p]), score_xf)))
        spool.row(cells)
    headers = [("单位", 28), ("项目", 36)] + [(f"执行率 {p}", 11) for p in periods] + \
              [(f"得分 {p}", 10) for p in periods]
    ws = add_sheet(wb, fmt, "历史", headers)
    finish_sheet(ws, count, len(headers))
    if not count or not periods:
        return ws
    shown = min(count, CHART_PROJECTS)
    for k, (what, first_col, num_format) in enumerate((("执行率", 2, "0%"), ("得分", 2 + n, "0"))):
        chart = wb.add_chart({"type": "line"})
        for i in range(1, shown + 1):
            chart.add_series({"name": ["历史", i, 1], "categories": ["历史", 0, first_col, 0,
                                                                   first_col + n - 1],
                              "values": ["历史", i, first_col, i, first_col + n - 1],
                              "marker": {"type": "circle"}})
        title = f"各项目{what}（按月）"
        if count > shown:
            title += f"，前{shown}个项目"
        chart.set_title({"name": title})
        chart.set_y_axis({"num_format": num_format})
        ws.insert_chart(count + 3 + k * 22, 0, chart, {"x_scale": 2.0, "y_scale": 1.4})
    return ws
