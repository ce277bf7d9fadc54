"""What ``perfxl report`` does; ``perfxl/cli.py`` only declares the options.

Exit codes as for ``perfxl check``: 0 clean (or a report written), 1 findings (``--check``),
2 a file could not be read or bad usage.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from perfxl import __version__
from perfxl.findings import Finding, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


def write_template(path: Path, force: bool) -> int:
    from perfxl.report.template import default_template_text

    if path.exists() and not force:
        raise click.UsageError(f"{path} 已存在，不覆盖。请换一个文件名，或加 --force。")
    path.write_text(default_template_text(), encoding="utf-8")
    click.echo(f"已写出报告模板 {path}。修改其中的文字后，用 --template {path} 生成报告。")
    return EXIT_CLEAN


def draft(workbook: Path, out: Path | None, template: Path | None, force: bool, config) -> int:
    from perfxl.pipeline import check_file
    from perfxl.report.content import has_unit_slip, placeholders
    from perfxl.report.draft import compose, write_docx
    from perfxl.report.facts import collect_facts
    from perfxl.report.template import TemplateError, load_template
    from perfxl.values import fmt_decimal

    out = out or workbook.with_name(f"{workbook.stem}_自评报告.docx")
    if out.suffix.lower() != ".docx":
        raise click.UsageError(f"报告文件 {out} 应以 .docx 结尾。")
    if out.exists() and not force:
        raise click.UsageError(f"{out} 已存在，不覆盖（里面可能有您改过的文字）。请换一个文件名，或加 --force。")
    exists = out.exists()
    try:
        tpl = load_template(template)
    except TemplateError as e:
        raise click.UsageError(str(e))
    result = check_file(workbook, config)
    if result.error:
        click.echo(f"{workbook}：无法读取：{result.error}", err=True)
        return EXIT_TROUBLE
    facts = collect_facts(result)
    if not facts.count:
        click.echo(f"{workbook}：没有填写任何项目（项目清单和自评表都是空的），无法起草报告。", err=True)
        return EXIT_TROUBLE
    if has_unit_slip(facts) and not force:
        slips = [f for f in result.findings if f.code == "PX206" and not f.waived]
        click.echo(f"{workbook}：有 {len(slips)} 处金额疑似把“元”填成了“万元”（或相反），"
                   f"如 {slips[0].sheet}!{slips[0].cell}：{slips[0].message}。按此起草的报告会印出错误的"
                   "金额，未起草。请先改正工作簿（perfxl check 列出全部），或加 --force 仍起草"
                   "（首页会标注提醒）。", err=True)
        return EXIT_FINDINGS
    try:
        blocks = compose(result, tpl, force=force)
        write_docx(blocks, tpl, out)
    except TemplateError as e:
        raise click.UsageError(str(e))
    except OSError as e:
        click.echo(f"{out}：无法写入：{e.strerror or e}（文件是否正在 Word/WPS 中打开？）", err=True)
        return EXIT_TROUBLE
    click.echo(f"已{'覆盖' if exists else '生成'} {out}（{facts.count}个项目，"
               f"预算总金额{fmt_decimal(facts.total)}万元）。")
    todo = placeholders(blocks)
    if todo:
        click.echo(f"上报前须人工补充或核对 {len(todo)} 处（在报告中以黄色标出）：")
        for number, mark, text in todo:
            click.echo(f"  第{number}段  {mark}  {text[:40]}{'…' if len(text) > 40 else ''}")
    errors = result.count(Severity.ERROR)
    if errors:
        click.echo(f"注意：工作簿有 {errors} 个错误，报告中的数字取自工作簿，请先用 perfxl check 核对。",
                   err=True)
    return EXIT_CLEAN


def check(report: Path, workbook: Path, fmt: str, config) -> int:
    from perfxl.pipeline import check_file
    from perfxl.report.check import check_report
    from perfxl.report.read_text import UnreadableReport, read_report

    try:
        doc = read_report(report)
    except UnreadableReport as e:
        click.echo(str(e), err=True)
        return EXIT_TROUBLE
    result = check_file(workbook, config)
    if result.error:
        click.echo(f"{workbook}：无法读取：{result.error}", err=True)
        return EXIT_TROUBLE
    findings = check_report(doc, result, config)
    click.echo(render_json(report, workbook, findings) if fmt == "json"
               else render_text(report, workbook, findings), nl=False)
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def render_text(report: Path, workbook: Path, findings: list[Finding]) -> str:
    lines = [f"== 报告 {report}（对照工作簿 {workbook}）"]
    if not findings:
        lines.append("  报告与工作簿一致，未发现问题。")
    for f in findings:
        lines.append(f"  {f.cell or '全文':<8} {f.code} {f.severity.label}  {f.message}")
        if f.expected is not None or f.actual is not None:
            lines.append(f"           应为：{f.expected if f.expected is not None else '-'}"
                         f"  实为：{f.actual if f.actual is not None else '-'}")
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity == Severity.WARNING)
    if findings:
        lines += ["", f"共发现 {len(findings)} 处：错误 {errors} 个，警告 {warnings} 个"]
    return "\n".join(lines) + "\n"


def render_json(report: Path, workbook: Path, findings: list[Finding]) -> str:
    doc = {"perfxl": __version__, "report": str(report), "workbook": str(workbook),
           "findings": [f.to_dict() for f in findings]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
