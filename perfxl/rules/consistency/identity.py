"""PX501–PX503, PX509: the same workbook, year and projects across sheets — years agree, names
agree, no project twice, every project found on both sides.
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import first_loc, norm_text, project_name


class YearMismatch(Rule):
    """年度不一致：评价年度、自评表标题年度、数据截至年份。

    检查什么：项目清单的“评价年度”、每张自评表标题下的“（YYYY年度）”、“数据截至”中的年份
    三者相同。以评价年度为准（没有评价年度时以第一张自评表的年度为准），不同的逐一报告。

    为什么：复制上年表格后忘改年度很常见；年度不对，整份自评就对应错了预算年度。

    例子：评价年度 2023，自评表07 标题写“（2022年度）” → PX501，期望 2023，实际 2022。

    怎么改：把年度改为本次评价的年度。
    """

    code = "PX501"
    name = "year-mismatch"
    severity = Severity.ERROR
    summary = "年度不一致（评价年度、自评表标题年度、数据截至年份）"
    message = "{what}为 {got} 年，与评价年度 {want} 年不一致"

    def check(self, ctx):
        wb, unit = ctx.wb, ctx.wb.unit
        year = wb.year
        if year is None:
            return
        if unit is not None and unit.as_of_year.present and unit.as_of_year.value != year:
            yield self._f(unit.as_of_year.loc, "数据截至的年份", unit.as_of_year.value, year)
        for proj in wb.projects:
            ty = proj.title_year
            if ty.present and ty.value != year:
                yield self._f(first_loc(ty) or proj.title_loc, f"{proj.sheet}标题中的年度",
                              ty.value, year, project_name(proj))

    def _f(self, loc, what, got, want, project=None):
        return self.finding(loc, expected=want, actual=got, project=project, what=what,
                            got=got, want=want)


class NameMismatch(Rule):
    """项目名称在项目清单和自评表中不一致（给出对应的一对）。

    检查什么：项目清单的每一行与一张自评表对应（匹配方法见下），名称不完全相同时报告，
    并指出是哪一对。

    匹配：先按规范化后的名称（全角转半角、去空白和标点）完全相同配对；其余的按名称相似度
    （去掉“涞源镇”等地名前缀和“经费、项目、资金、费”等通用词尾后，逐字比较的相似度，
    一方包含另一方时另计包含度）做整体最优的一一配对，相似度 ≥ 0.6 才算；仍未配上的按顺序
    配对。

    为什么：名称不一致时无法确认自评表评的是清单里的哪个项目，金额核对（PX203）也依赖这个对应。

    例子：项目清单第12行（序号5）“涞源镇农村环境治理费”与自评表05“农村环境卫生整治项目”
    应为同一项目（名称相似度 71%）→ PX502。

    怎么改：统一两处的项目名称（以预算批复的名称为准）。
    """

    code = "PX502"
    name = "name-mismatch"
    severity = Severity.WARNING
    summary = "项目名称在项目清单和自评表中不一致（给出最相近的一对）"
    message = "项目清单第{row}行{seq}“{list_name}”与{sheet}“{form_name}”应为同一项目（{how}），但名称不一致"

    def check(self, ctx):
        for m in ctx.matches:
            if not m.names_differ or m.row is None or m.project is None:
                continue
            if not norm_text(m.row.name.value) or not norm_text(m.project.name.value):
                continue  # a missing name is PX102, not a different one
            how = (f"名称相似度 {round(m.similarity * 100)}%" if m.method == "similar"
                   else "名称差别较大，按顺序对应")
            list_name = str(m.row.name.value or "")
            form_name = str(m.project.name.value or "")
            yield self.finding(first_loc(m.row.name, m.row.seq), expected=list_name,
                               actual=form_name, project=form_name or list_name, row=m.row.row,
                               seq=f"（序号{m.row.seq.value}）" if m.row.seq.present else "",
                               list_name=list_name, sheet=m.project.sheet, form_name=form_name,
                               how=how)


class DuplicateProject(Rule):
    """同一项目出现两次。

    检查什么：项目清单中两行的项目名称（规范化后）相同，或两张自评表的项目名称相同。

    为什么：重复列项会让预算总额和项目个数都多算一次。

    例子：项目清单第 4 行和第 12 行都是“涞源镇防火经费” → PX503，报告在第 12 行。

    怎么改：删除重复的一行或一张表；如确是两个项目，改用能区分的名称。
    """

    code = "PX503"
    name = "duplicate-project"
    severity = Severity.ERROR
    summary = "同一项目出现两次（项目清单或自评表）"
    message = "“{name}”重复出现：{second}与{first}是同一个项目名称"

    def check(self, ctx):
        seen: dict[str, str] = {}
        for r in ctx.list_rows:
            key = norm_text(r.name.value)
            here = f"项目清单第{r.row}行"
            if key and key in seen:
                yield self._f(r.name.loc, r.name.value, here, seen[key])
            elif key:
                seen[key] = here
        seen = {}
        for p in ctx.wb.projects:
            key = norm_text(p.name.value)
            if key and key in seen:
                yield self._f(first_loc(p.name) or p.title_loc, p.name.value, p.sheet, seen[key])
            elif key:
                seen[key] = p.sheet

    def _f(self, loc, name, second, first):
        return self.finding(loc, expected="不重复", actual=str(name), project=str(name),
                            name=name, second=second, first=first)


class ProjectUnmatched(Rule):
    """项目清单中的项目没有自评表，自评表的项目不在项目清单中，或土地流转明细的项目找不到。

    检查什么：按 PX502 的方法把项目清单各行与自评表一一对应后，仍有清单行没有自评表，
    或有自评表对应不到清单行（两边数目不同时才会出现）；土地流转明细中某个项目的名称
    与任何自评表、清单行都不相近（相似度低于 0.6），其地块无法与预算核对（PX302）。

    为什么：每个列入清单的项目都要自评；清单外的自评表则说明清单漏列了项目；对不上项目的
    地块就无法核对金额。

    例子：项目清单 15 行、自评表 14 张，第 16 行“涞源镇金家井乡黑木耳基地土地流转费”没有
    自评表 → PX509。

    怎么改：补上缺少的自评表，或把漏列的项目加入项目清单。
    """

    code = "PX509"
    name = "project-unmatched"
    severity = Severity.WARNING
    summary = "项目清单中的项目没有自评表，或自评表、土地流转明细的项目不在项目清单中"
    message = "{what}"

    def check(self, ctx):
        yield from self._land(ctx)
        if ctx.wb.unit is None or not ctx.wb.unit.rows:
            return  # a one-project workbook without a list
        for m in ctx.matches:
            if m.method != "unmatched":
                continue
            if m.row is not None:
                name = str(m.row.name.value or "")
                yield self.finding(first_loc(m.row.name, m.row.seq), expected="对应的自评表",
                                   actual="无", project=name or None,
                                   what=f"项目清单第{m.row.row}行“{name}”没有对应的自评表")
            elif m.project is not None and not m.project.blank:  # 未填写: PX110 says it
                name = project_name(m.project)
                yield self.finding(first_loc(m.project.name) or m.project.title_loc,
                                   expected="项目清单中的一行", actual="无", project=name,
                                   what=f"{m.project.sheet}“{name}”不在项目清单中")

    def _land(self, ctx):
        if not ctx.wb.projects and not ctx.list_rows:
            return
        for g in ctx.parcel_groups:
            if not norm_text(g.name) or ctx.group_owners[g.name] is not None:
                continue
            first = g.parcels[0]
            yield self.finding(first_loc(first.project_name, first.village), expected="对应的项目",
                               actual="无", project=g.name,
                               what=f"土地流转明细第{first.row}行的项目“{g.name}”在自评表和"
                                    "项目清单中都找不到，无法核对其金额")


