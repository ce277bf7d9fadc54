"""Build 绩效目标申报表 workbooks in the layouts of declaration.md, as .xlsx (xlsxwriter).

- :func:`sheet_form`: one form per sheet (``二级项目支出绩效目标申报表``), header fields in two
  label/value pairs per row (A/B:C and D/E), 政策依据 … 长期目标 one per row, the indicator table
  in A–E with its pre-printed 二级 rows, a ``备注：`` line — what municipal systems export;
- :func:`blank_form`: perfxl's own blank (one field per row, 指标性质 and 计量单位 columns);
- :func:`target_list`: a flat target list, one row per indicator, the project on every row;
- the 一体化 export is :mod:`tests.helpers.exportfix`.

A :class:`Form` holds what staff typed, mistakes included (:func:`good_form` is a correctly
filled one; the tests change it with :meth:`Form.with_`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.helpers.exportfix import Sheet, write_xlsx

PRINTED = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
           ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
           ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"),
           ("满意度指标", "服务对象满意度指标"))
"""The pre-printed 二级 rows, in form order."""


@dataclass
class Row:
    """One 三级指标 row as staff filled it ('' = left blank)."""

    level2: str
    name: str
    target: object = ""
    explanation: str = ""


def good_rows() -> list[Row]:
    return [
        Row("数量指标", "保障长者就餐人数", "≥120人", "每日在社区饭堂就餐的长者人数"),
        Row("数量指标", "每周供餐天数", "6天", "每周开放供餐的天数"),
        Row("质量指标", "食品安全检查合格率", "100%", "市场监管部门抽检合格的比例"),
        Row("时效指标", "供餐服务完成时间", "2024年12月31日前", "全年供餐在年底前完成"),
        Row("成本指标", "饭堂运营成本", "不超过13.7584万元", "全年运营经费上限"),
        Row("经济效益指标", "不适用", "不适用", "不适用"),
        Row("社会效益指标", "长者就餐困难问题缓解程度", "明显缓解", "长者就餐便利程度"),
        Row("生态效益指标", "不适用", "不适用", "不适用"),
        Row("可持续影响指标", "饭堂服务持续运营年限", "≥3年", "持续提供助餐服务"),
        Row("服务对象满意度指标", "就餐长者满意度", "≥90%", "问卷调查满意比例"),
    ]


@dataclass
class Form:
    sheet: str = "3.社区饭堂经费（XX社区）"
    title: str = "二级项目支出绩效目标申报表"
    year: int | None = 2024
    code: object = "440306231391500000001"
    name: str = "社区饭堂经费（XX社区）"
    applicant: str = "XX街道XX社区居民委员会"
    department: str = "XX街道办事处"
    period: str = "2024年"
    total: object = 41.2752  # 项目总金额（中期规划，万元）
    amount: object = 13.7584  # 本年度项目金额（万元）
    policy: str = "《XX区社区长者饭堂建设运营管理办法》（X民发〔2022〕5号）"
    calc: str = "长者餐补贴 120人×6天×48周×4元/餐 ≈ 13.7584万元"
    goal_year: str = "为辖区120名长者每周提供6天午餐，食品安全检查全部合格，长者就餐困难明显缓解"
    goal_long: str = "建成覆盖全社区的长者助餐服务体系"
    rows: list[Row] = field(default_factory=good_rows)
    explanation_column: bool = True
    printed: tuple = PRINTED  # the 二级 rows the form prints, (一级, 二级) in order

    def with_(self, **kw) -> "Form":
        return replace(self, **kw)


def good_form(**kw) -> Form:
    return Form().with_(**kw)


def _table_rows(f: Form) -> list[tuple[str, str, str, object, str]]:
    """(一级, 二级, 三级, 目标值, 解释) per table row: every pre-printed 二级 row once (blank
    when staff filled nothing under it), the filled rows in form order under their 二级."""
    out = []
    for level1, level2 in f.printed:
        mine = [r for r in f.rows if r.level2 == level2]
        if not mine:
            out.append((level1, level2, "", "", ""))
        for r in mine:
            out.append((level1, level2, r.name, r.target, r.explanation))
    return out


def sheet_form(f: Form) -> Sheet:
    """One form per sheet, columns A–E."""
    s = Sheet(f.sheet)
    _merge(s, 0, 0, 0, 4, f.title)
    if f.year:
        _merge(s, 1, 0, 1, 4, f"（{f.year}年度）")
    pairs = [("项目编码", f.code, "项目名称", f.name),
             ("申请单位", f.applicant, "一级预算单位", f.department),
             ("实施期限", f.period, "项目类型", "经常性项目"),
             ("是否新增项目", "否", "分配方式", "直接分配"),
             ("项目总金额（中期规划，万元）", f.total, "本年度项目金额（万元）", f.amount)]
    r = 2
    for a, av, d, dv in pairs:
        s.put(r, 0, a)
        _merge(s, r, 1, r, 2, av)
        s.put(r, 3, d)
        s.put(r, 4, dv)
        r += 1
    for label, value in (("政策依据", f.policy), ("测算依据", f.calc), ("年度目标", f.goal_year),
                         ("长期目标（跨度多年的项目需填）", f.goal_long)):
        s.put(r, 0, label)
        _merge(s, r, 1, r, 4, value)
        r += 1
    heads = ["一级指标", "二级指标", "三级指标", "目标值"] + (["指标解释"] if f.explanation_column else [])
    for c, h in enumerate(heads):
        s.put(r, c, h)
    r += 1
    rows = _table_rows(f)
    _level1_merges(s, rows, r)
    for i, (_, level2, name, target, explanation) in enumerate(rows):
        s.put(r + i, 1, level2)
        s.put(r + i, 2, name)
        s.put(r + i, 3, target)
        if f.explanation_column:
            s.put(r + i, 4, explanation)
    _merge(s, r + len(rows), 0, r + len(rows), 4, "备注：不适用的指标请填写“不适用”。")
    return s


def blank_form(f: Form) -> Sheet:
    """perfxl's own blank: one field per row, the table with 指标性质 and 计量单位 columns."""
    s = Sheet(f.sheet)
    _merge(s, 0, 0, 0, 6, "项目支出绩效目标申报表")
    if f.year:
        _merge(s, 1, 0, 1, 6, f"（{f.year}年度）")
    fields = [("项目编码", f.code), ("项目名称", f.name), ("申请单位", f.applicant),
              ("主管部门", f.department), ("实施期限", f.period),
              ("项目总金额（万元）", f.total), ("本年度项目金额（万元）", f.amount),
              ("政策依据", f.policy), ("测算依据", f.calc), ("年度目标", f.goal_year),
              ("长期目标", f.goal_long)]
    r = 2
    for label, value in fields:
        _merge(s, r, 0, r, 1, label)
        _merge(s, r, 2, r, 6, value)
        r += 1
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "目标值", "计量单位",
                           "指标解释")):
        s.put(r, c, h)
    r += 1
    rows = _table_rows(f)
    _level1_merges(s, rows, r)
    for i, (_, level2, name, target, explanation) in enumerate(rows):
        op, number, unit = _split_target(target)
        s.put(r + i, 1, level2)
        s.put(r + i, 2, name)
        s.put(r + i, 3, op)
        s.put(r + i, 4, number)
        s.put(r + i, 5, unit)
        s.put(r + i, 6, explanation)
    return s


def _split_target(target) -> tuple[str, object, str]:
    """``≥120人`` → (``≥``, ``120``, ``人``): how perfxl's blank asks for a target."""
    text = str(target)
    for op in ("≥", "≤", "＝", "="):
        if text.startswith(op):
            rest = text[len(op):]
            digits = "".join(ch for ch in rest if ch.isdigit() or ch == ".")
            if digits and rest.startswith(digits):
                return op, digits, rest[len(digits):]
    return "", target, ""


def target_list(forms: list[Form], *, name: str = "绩效目标清单") -> Sheet:
    """A flat target list: a title row, then ``项目编码 · 项目名称 · 申请单位 · 本年度项目金额 ·
    年度目标 · 一级指标 · 二级指标 · 三级指标 · 指标值 · 指标解释``, the project on every row."""
    s = Sheet(name)
    s.put(0, 0, "2024年项目支出绩效目标表")
    heads = ("项目编码", "项目名称", "申请单位", "本年度项目金额（万元）", "年度目标", "一级指标",
             "二级指标", "三级指标", "指标值", "指标解释")
    for c, h in enumerate(heads):
        s.put(1, c, h)
    r = 2
    for f in forms:
        for level1, level2, ind, target, explanation in _table_rows(f):
            if not (ind or target):
                continue
            for c, v in enumerate((f.code, f.name, f.applicant, f.amount, f.goal_year, level1,
                                   level2, ind, target, explanation)):
                s.put(r, c, v)
            r += 1
    return s


def _merge(s: Sheet, r0: int, c0: int, r1: int, c1: int, v) -> None:
    """A merged range with its value in the top-left cell only (how Excel and WPS save it)."""
    if (r0, c0) != (r1, c1):
        s.merges.append((r0, c0, r1, c1))
    s.put(r0, c0, v)


def _level1_merges(s: Sheet, rows, first: int) -> None:
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][0] != rows[start][0]:
            _merge(s, first + start, 0, first + i - 1, 0, rows[start][0])
            start = i


def write_forms(path: Path, sheets: list[Sheet]) -> Path:
    """Write the sheets (numbers given as int/float stay numbers; text stays text)."""
    return write_xlsx(Path(path), sheets)


def unit_workbook(path: Path, forms: list[Form], *, layout=sheet_form) -> Path:
    """One unit's workbook: one form per sheet."""
    return write_forms(path, [layout(f) for f in forms])


# --------------------------------------------------------------------------- what staff type


def _retarget(rows: list[Row], **by_level2) -> list[Row]:
    """``rows`` with the 目标值 of the rows under some 二级 replaced (``质量指标="合格"``)."""
    return [replace(r, target=by_level2[r.level2]) if r.level2 in by_level2 else r for r in rows]


def review_forms() -> list[Form]:
    """One unit's 申报表 with the mistakes of the real forms (declaration.md), one kind per form,
    the first one correct: between them they raise every PX7xx code."""
    rows = good_rows()
    long_name = "通过开展长者饭堂服务有效解决辖区老年人就餐难问题的比例"
    return [
        good_form(sheet="1.社区饭堂经费", name="社区饭堂经费"),
        good_form(sheet="2.空表", name="社区环境整治经费", rows=[]),
        good_form(sheet="3.零金额", name="社区党建经费", amount=0),
        good_form(sheet="4.元填万元", name="长者助餐补贴", amount=137584, code=4.403062313915e+20),
        good_form(sheet="5.缺成本", name="社区文体活动经费", rows=[
            r if r.level2 != "成本指标" else Row("成本指标", "不适用", "不适用", "不适用") for r in rows]),
        good_form(sheet="6.缺目标值", name="社区安全巡查经费", rows=[
            replace(r, target="", explanation="") if r.level2 == "数量指标" else r for r in rows]),
        good_form(sheet="7.留空", name="社区绿化养护经费", rows=[
            r for r in rows if r.level2 != "生态效益指标"]),
        good_form(sheet="8.定性目标", name="社区宣传经费", rows=_retarget(
            rows, 质量指标="合格", 时效指标="及时", 成本指标="13.7584万元", 数量指标="120")),
        good_form(sheet="9.超总额", name="社区网格化管理经费", total=10, amount=13.7584,
                  rows=_retarget(rows, 成本指标="不超过48万元")),
        good_form(sheet="10.依据不全", name="社区志愿服务经费", goal_year="保障运转", policy="",
                  calc="按实际需要"),
        good_form(sheet="11.大额", name="社区综合服务中心运营", amount=300, total=900, rows=[
            Row("数量指标", "服务人次", "较多", "x"), Row("质量指标", "服务合格率", "良好", "x"),
            Row("时效指标", "完成时间", "年底前", "x"), Row("成本指标", "运营成本", "不超过300万元", "x"),
            Row("社会效益指标", "群众获得感", "明显提升", "x"),
            Row("服务对象满意度指标", "群众满意度", "较高", "x")]),
        good_form(sheet="12.名称", name="社区长者服务经费", rows=[
            *rows, Row("质量指标", long_name, "≥90%", "x"), Row("数量指标", "保障长者就餐人数", "≥120人", "x"),
            Row("时效指标", "长者满意度", "≥90%", "x")]),
        good_form(sheet="13.无目标", name="社区调解经费", goal_year=""),
    ]


def declared_export_sheets(amount: str) -> list[Sheet]:
    """A 一体化 export whose 申报表 declares ``amount`` 万元 while its 执行监控表 keeps 190."""
    from tests.helpers.exportfix import Export, declaration_sheet, sheets
    out = sheets(Export())
    changed = declaration_sheet(Export(budget=amount))
    return [changed if s.name == changed.name else s for s in out]
