"""The command line: thin wrappers over the library. Exit codes (decided in
:mod:`perfxl.result`): 0 clean, 1 error findings, 2 a file could not be read or bad usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from perfxl import __version__, cli_zh
from perfxl.result import EXIT_TROUBLE

cli_zh.install()  # before any option is built: click's own words in Chinese


def _rule_options(f):
    f = click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="配置文件（默认：从工作簿所在文件夹向上查找 perfxl.toml）")(f)
    f = click.option("--framework", help="评分框架：default（财政部）、common（共性指标）或 .toml 路径")(f)
    f = click.option("--ignore", multiple=True, help="忽略的规则代码或前缀，可多次给出，如 PX304")(f)
    f = click.option("--select", multiple=True, help="启用的规则代码或前缀（替代配置文件中的 select）")(f)
    return f


def _checklist_option(f):
    return click.option("--checklist", "checklist_file",
                        type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="审核口径工作簿（编码 · 审核对象 · 模式 · 审核要点 · 审核细项 · 审核意见表述 · "
                             "正则表达式 · 匹配时）：正则匹配的行检查每张申报表，人工的行列入“审核意见”"
                             "（替代 perfxl.toml 中写的审核口径）")(f)


def _batch_options(f):
    """Options of a run over folders (see perfxl.batch)."""
    f = click.option("--timeout", type=click.FloatRange(min=1), default=None, metavar="秒",
                     help="每个工作簿最长处理时间，超时则放弃该文件、继续其他文件（默认 600 秒；并行时有效）")(f)
    f = click.option("--no-summary", is_flag=True, help="不生成汇总工作簿和历史记录")(f)
    f = click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="单位名单（.xlsx/.xls 一列单位名称，或每行一个名称的 .txt/.csv）：汇总中列出"
                          "未报送单位（默认：配置文件 [batch] roster）")(f)
    f = click.option("--period", metavar="YYYY-MM",
                     help="汇总工作簿按此月份命名（默认取各工作簿自身的期间；各工作簿仍按自身期间记入历史）")(f)
    f = click.option("--summary-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="汇总工作簿 perfxl汇总_YYYY-MM.xlsx 和历史记录存放的文件夹（默认：第一个文件夹）")(f)
    f = click.option("--force", is_flag=True, help="忽略上次的记录，重新处理全部工作簿")(f)
    f = click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
                     help="并行进程数（默认：全部 CPU 核）")(f)
    return f


def _is_batch(paths, jobs, force, summary_dir, period, roster=None) -> bool:
    return any(Path(p).is_dir() for p in paths) or bool(jobs or force or summary_dir or period
                                                        or roster)


def _run_folder(paths, config_for, *, write, fmt, jobs, force, summary_dir, period, no_summary,
                output_dir=None, backup=False, timeout=None, roster=None, mark=False) -> int:
    from perfxl.cli_run import run_folder
    from perfxl.config import ConfigError
    from perfxl.summary.roster import RosterError, read_roster

    if period is not None and not _valid_period(period):
        raise click.UsageError(f"--period 应写成 YYYY-MM，例如 2023-07，而不是 {period}")
    try:  # an unusable --config is a usage error, not an error in every file
        roster = roster or config_for(Path(paths[0])).roster
        units = read_roster(roster) if roster else None  # before any workbook is read
    except (ConfigError, RosterError) as e:
        raise click.UsageError(str(e))
    summary = False if no_summary else None
    return run_folder(paths, config_for=config_for, write=write, fmt=fmt, jobs=jobs, force=force,
                      output_dir=output_dir, backup=backup, summary_dir=summary_dir,
                      period=period, summary=summary, file_timeout=timeout, roster=units,
                      mark=mark)


def _valid_period(period: str) -> bool:
    import re

    m = re.fullmatch(r"(\d{4})-(\d{2})", period)
    return bool(m) and 1 <= int(m.group(2)) <= 12


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _configs(paths, select, ignore, framework, config_file, checklist_file=None):
    """Config per path (each file's own perfxl.toml is found upward from its folder). A
    ``--checklist`` is read and checked here, before any workbook (a bad row: exit 2)."""
    from perfxl.config import resolve_config

    checklist = _checklist(checklist_file) if checklist_file else None

    def config_for(p):  # lazy: a bad perfxl.toml is reported by the command that uses it
        cfg = resolve_config(Path(p), config_file=config_file, select=_split(select),
                             ignore=_split(ignore), framework=framework)
        if checklist is not None:
            cfg.checklist = checklist
        return cfg

    return config_for


def _checklist(path: Path):
    from perfxl.checklist import ChecklistError
    from perfxl.read.checklist import read_checklist

    try:
        return read_checklist(path)
    except ChecklistError as e:
        raise click.UsageError(str(e))


class _Guarded(cli_zh.Group):
    """The last resort: an unexpected exception becomes one Chinese sentence and exit 2, not a
    traceback (per-file errors are handled long before; PERFXL_DEBUG=1 shows the traceback).
    A closed pipe (``perfxl check … | head -1``) is not an error: click ends quietly."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except Exception as e:
            import os

            if os.environ.get("PERFXL_DEBUG"):
                raise
            click.echo(f"perfxl 内部错误（{type(e).__name__}：{e}）。工作簿只会是原样或已完整写入"
                       "结果，不会写坏；请把这条信息告诉维护者。", err=True)
            sys.exit(EXIT_TROUBLE)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="perfxl")
def main() -> None:
    """perfxl：项目支出绩效自评工作簿的校验、评分与回写。"""
    if sys.platform == "win32":  # Chinese output on a Windows console
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(encoding="utf-8")
            except (AttributeError, ValueError):
                pass


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="工作簿或文件夹...",
                type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式")
@_rule_options
@_checklist_option
@_batch_options
def check(paths, fmt, select, ignore, framework, config_file, checklist_file, jobs, force,
          summary_dir, period, no_summary, roster, timeout):
    """只读检查工作簿（不改动工作簿）。可以给出文件或文件夹；文件夹并行检查，
    给出 --summary-dir 时另生成汇总工作簿。"""
    config_for = _configs(paths, select, ignore, framework, config_file, checklist_file)
    if _is_batch(paths, jobs, force, summary_dir, period, roster):
        sys.exit(_run_folder(paths, config_for, write=False, fmt=fmt, jobs=jobs, force=force,
                             summary_dir=summary_dir, period=period,
                             no_summary=no_summary or summary_dir is None, timeout=timeout,
                             roster=roster))
    from perfxl.config import ConfigError
    from perfxl.discover import discover
    from perfxl.output import json as json_out
    from perfxl.output import text as text_out
    from perfxl.pipeline import check_file
    from perfxl.result import WorkbookResult, run_exit_code

    files, missing = discover(paths)
    results = [WorkbookResult(path=p, error="文件或文件夹不存在") for p in missing]
    for f in files:
        try:
            results.append(check_file(f, config_for(f)))
        except ConfigError as e:
            raise click.UsageError(str(e))
    if fmt == "json":
        click.echo(json_out.render(results), nl=False)
    else:
        click.echo(text_out.render([r.to_dict() for r in results]), nl=False)
    sys.exit(run_exit_code(r.exit_code for r in results))


@main.command()
@click.argument("code", required=False, metavar="[规则代码]")
def rules(code):
    """列出全部规则；给出代码（如 PX301）时显示该规则的说明。级别按当前文件夹起向上找到的
    perfxl.toml（[severity] 表）显示，与在此检查时输出的一致。"""
    from perfxl.config import ConfigError, resolve_config
    from perfxl.rules import catalogue, rule_doc

    try:
        config = resolve_config(Path.cwd())
        doc = rule_doc(code, config) if code else catalogue(config)
    except ConfigError as e:
        raise click.UsageError(str(e))
    if doc is None:
        raise click.UsageError(f"没有规则 {code}。用 perfxl rules 查看全部规则。")
    click.echo(doc)


@main.command()
@click.argument("out", metavar="输出文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--projects", default=3, show_default=True, type=click.IntRange(1, 200),
              help="自评表的张数")
@click.option("--year", type=int, default=None, help="评价年度（默认留空，由填报人填写）")
@click.option("--kind", type=click.Choice(["标准", "申报表", "二级申报表", "监控表", "自评表"]),
              default="标准", show_default=True,
              help="标准填报工作簿，或单张官方表：绩效目标申报表（一体化）、二级项目支出绩效目标申报表、"
                   "执行监控表、自评表")
@click.option("--month", type=click.IntRange(1, 12), default=7, show_default=True,
              help="监控表的月份（表头写“1-N月执行数”）")
def template(out, projects, year, kind, month):
    """生成标准填报工作簿（项目清单、自评表、土地流转明细、填报说明），或 --kind 指定的单张官方表。"""
    from perfxl.write.template import write_blank_template

    if out.exists():
        raise click.UsageError(f"{out} 已存在，不覆盖。请换一个文件名。")
    if kind != "标准":
        from perfxl.write.official_forms import write_official_form

        write_official_form(out, kind, year=year, month=month)
        click.echo(f"已生成 {out}（{kind}）")
        return
    write_blank_template(out, projects=projects, year=year)
    click.echo(f"已生成 {out}（{projects} 张自评表）")


@main.command()
@click.argument("dest", metavar="文件夹", type=click.Path(file_okay=False, path_type=Path))
def example(dest):
    """把示例工作簿写到文件夹：涞源镇 2023 年 15 个项目的自评（原文.xlsx 按报告原样填写，
    含应查出的问题；完整.xlsx 补齐后检查无误），以及其他随程序提供的示例。

    \b
    perfxl example 示例
    perfxl run 示例/涞源镇2023 --output-dir 结果
    """
    from perfxl.examples import EXAMPLE_SETS, write_examples

    taken = [dest / name for name in EXAMPLE_SETS if (dest / name).exists()]
    if taken:
        raise click.UsageError(f"{'、'.join(map(str, taken))} 已存在，不覆盖。请换一个文件夹。")
    for path in write_examples(dest):
        click.echo(f"已生成 {path}")


@main.command()
@click.argument("workbook", required=False, metavar="[工作簿]", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="生成的报告 .docx（默认：工作簿旁的“工作簿名_自评报告.docx”）")
@click.option("--check", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="不生成报告，而是核对这份已写好的报告（.docx 或 .txt）与工作簿是否一致")
@click.option("--template", "template_file", type=click.Path(dir_okay=False, path_type=Path),
              help="报告模板（.toml，用 --write-template 得到默认模板再修改）")
@click.option("--write-template", "template_out", type=click.Path(dir_okay=False, path_type=Path),
              help="把默认报告模板写到此文件，供本单位修改")
@click.option("--force", is_flag=True,
              help="报告或模板文件已存在时覆盖；工作簿有元/万元填错时仍起草（首页标注提醒）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="--check 的输出格式")
@_rule_options
def report(workbook, out, report_file, template_file, template_out, force, fmt, select, ignore,
           framework, config_file):
    """起草自评工作报告（.docx），或用 --check 核对已写好的报告与工作簿是否一致。

    \b
    perfxl report 工作簿.xlsx -o 自评报告.docx
    perfxl report --check 自评报告.docx 工作簿.xlsx
    """
    from perfxl.config import ConfigError
    from perfxl.report import command

    if template_out:
        sys.exit(command.write_template(template_out, force))
    if workbook is None:
        raise click.UsageError("请给出工作簿，例如：perfxl report 工作簿.xlsx -o 自评报告.docx")
    if not workbook.is_file():
        click.echo(f"{workbook}：文件不存在", err=True)
        sys.exit(EXIT_TROUBLE)
    try:
        config = _configs([workbook], select, ignore, framework, config_file)(workbook)
        if report_file:
            if not report_file.is_file():
                click.echo(f"{report_file}：文件不存在", err=True)
                sys.exit(EXIT_TROUBLE)
            sys.exit(command.check(report_file, workbook, fmt, config))
        sys.exit(command.draft(workbook, out, template_file, force, config))
    except ConfigError as e:
        raise click.UsageError(str(e))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="工作簿或文件夹...",
                type=click.Path(path_type=Path))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="把写好结果的副本存到此文件夹（原文件不动）")
@click.option("--backup", is_flag=True, help="写入前把原文件备份到旁边的 .perfxl备份 文件夹")
@click.option("--mark", is_flag=True,
              help="在每个有错误或警告的单元格上加批注（作者 perfxl；重新运行时替换，别人写的批注不动）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式（文件夹：json 为每个工作簿一行）")
@_rule_options
@_checklist_option
@_batch_options
def run(paths, output_dir, backup, mark, select, ignore, framework, config_file, checklist_file,
        fmt, jobs, force, summary_dir, period, no_summary, roster, timeout):
    """检查、评分，并把“校验结果”“评分结果”两张工作表写回工作簿。

    .xls 文件不会被改写：结果另存为同名的 .perfxl.xlsx。正在 Excel/WPS 中打开的文件会被跳过。

    给出文件夹时：并行处理其中全部工作簿，跳过上次处理后未变化的文件（--force 全部重做），
    并生成汇总工作簿 perfxl汇总_YYYY-MM.xlsx 和历史记录 perfxl历史.csv。
    """
    config_for = _configs(paths, select, ignore, framework, config_file, checklist_file)
    if _is_batch(paths, jobs, force, summary_dir, period, roster) or fmt == "json":
        no_folder = not any(Path(p).is_dir() for p in paths)
        sys.exit(_run_folder(paths, config_for, write=True, fmt=fmt, jobs=jobs, force=force,
                             summary_dir=summary_dir, period=period,
                             no_summary=no_summary or (no_folder and summary_dir is None),
                             output_dir=output_dir, backup=backup, timeout=timeout,
                             roster=roster, mark=mark))
    from perfxl.config import ConfigError
    from perfxl.discover import discover
    from perfxl.output import text as text_out
    from perfxl.result import run_exit_code
    from perfxl.runner import run_file

    files, missing = discover(paths)
    codes = []
    for p in missing:
        click.echo(f"== {p}\n  文件或文件夹不存在")
    for f in files:
        try:
            outcome = run_file(f, config_for(f), output_dir=output_dir, backup=backup,
                               mark=mark)
        except ConfigError as e:
            raise click.UsageError(str(e))
        if outcome.result is not None and not outcome.result.error:
            click.echo(text_out.render_one(outcome.result.to_dict()))
        else:
            click.echo(f"== {f}")
        click.echo(f"  {outcome.mark} {outcome.message}")
        codes.append(outcome.exit_code)
    sys.exit(run_exit_code(codes, trouble=bool(missing)))


@main.command()
@click.option("--host", default=None, help="监听的地址，如 0.0.0.0 让局域网内的同事访问（此时需用显示的带 token 的链接）；"
                                          "默认只允许本机（127.0.0.1）")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="每月运行 perfxl run 的共享文件夹：“月度汇总”页显示其最近一次运行的汇总")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True,
              help="同时检查的工作簿数（工作进程数）")
@click.option("--max-files", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="一次最多上传的工作簿数")
@click.option("--max-mb", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="每个工作簿的大小上限（MB）")
@click.option("--keep-minutes", type=click.FloatRange(min=1), default=60, show_default=True,
              help="检查结果在服务器上保留的分钟数，之后删除")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="配置文件（默认：从 --folder 或当前文件夹向上查找 perfxl.toml）")
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开页面")
def serve(host, port, folder, jobs, max_files, max_mb, keep_minutes, config_file, open_browser):
    """在浏览器中检查工作簿：拖入工作簿，查看问题清单和得分，下载写入结果的工作簿。"""
    from perfxl.config import ConfigError
    from perfxl.serve.command import serve as run_page
    from perfxl.serve.command import settings_from_options

    try:
        settings = settings_from_options(host=host, port=port, folder=folder, jobs=jobs,
                                         max_files=max_files, max_mb=max_mb,
                                         keep_minutes=keep_minutes, config_file=config_file)
    except ConfigError as e:
        raise click.UsageError(str(e))
    sys.exit(run_page(settings, open_browser=open_browser, echo=click.echo))


if __name__ == "__main__":  # pragma: no cover
    main()
