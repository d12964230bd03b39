"""The `disclosure` command. Exit codes: 0 ok, 1 validation errors, 2 unusable input or usage, 3 internal error.

Every command runs inside _Guarded.invoke: an input problem that a command did not report itself is
exit 2 with its message; anything else is exit 3 with one line in Chinese, the traceback in a log file.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from generator.errors import DisclosureError, log_internal_error
from generator.rules import ERROR, INFO, WARNING, count
from generator.rules.accept import ACCEPTED


class _Guarded(TyperGroup):
    """No input reaches a traceback: the one place every command (and sub-command) runs through."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException, SystemExit, KeyboardInterrupt):
            raise
        except DisclosureError as exc:
            _fail(exc)
        except Exception as exc:  # a bug (or MemoryError): one line, details in the log, exit 3
            command = ctx.invoked_subcommand or ""
            where = log_internal_error(command)
            typer.echo(f"内部错误：disclosure {command} 未能完成（{type(exc).__name__}），已写出的文件都是完整的；"
                       f"详细信息已记录在 {where}，请把该文件发给维护者。", err=True)
            raise typer.Exit(3)


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_Guarded, pretty_exceptions_enable=False,
                  help="部门预算/决算公开报告生成工具：校验数据，生成 Word 和 PDF。")
profiles_app = typer.Typer(no_args_is_help=True, help="查看模板配置（profile）。")
app.add_typer(profiles_app, name="profiles")

HEADINGS = {ERROR: "错误", WARNING: "警告", INFO: "提示", ACCEPTED: "已接受"}


class Format(str, Enum):
    text = "text"
    json = "json"


def _fail(exc: Exception) -> None:
    from generator.errors import ProfileError

    prefix = "模板配置错误" if isinstance(exc, ProfileError) else "无法读取输入"
    typer.echo(f"{prefix}：{exc}", err=True)
    raise typer.Exit(2)


PROFILES_HELP = "另外查找模板配置的文件夹（城市自己的 profile）；输入文件夹下的 profiles/ 总会被查找"


def findings_text(findings, title: str) -> str:
    lines = [title]
    for severity in (ERROR, WARNING, INFO, ACCEPTED):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{HEADINGS[severity]}（{len(group)}）")
        for f in group:
            lines.append(f"  [{f.rule}] {f.location}  {f.message}")
            if severity == ACCEPTED:
                a = f.acceptance
                who = "，".join(x for x in (a.by, a.at) if x)
                lines.append(f"      原为{HEADINGS[f.was]}，已接受：{a.reason}" + (f"（{who}）" if who else ""))
    n = count(findings)
    accepted = f"，{n[ACCEPTED]} 个已接受" if n.get(ACCEPTED) else ""
    if n[ERROR]:
        lines.append(f"校验未通过：{n[ERROR]} 个错误，{n[WARNING]} 个警告，{n[INFO]} 个提示{accepted}。")
    else:
        lines.append(f"校验通过：没有错误，{n[WARNING]} 个警告，{n[INFO]} 个提示{accepted}。")
    return "\n".join(lines)


def findings_json(findings, catalog=None) -> str:
    data = {"summary": count(findings), "findings": [f.as_dict() for f in findings]}
    if catalog is not None:  # which catalogue year the codes were checked against
        data["catalog"] = {"year": catalog.year, "report_year": catalog.report_year, "described": catalog.described,
                           "supplied": [str(p) for p in catalog.supplied]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _title(input, loaded) -> str:
    """The heading of a findings list: the input, and the catalogue its codes were checked against."""
    title = f"校验 {input}"
    if loaded.catalog is not None:
        title += f"\n科目目录：{loaded.catalog.described}"
    return title


@app.command()
def validate(
    input: Path = typer.Argument(..., help="输入：含 report.yaml 的文件夹，或 .xlsx 工作簿"),
    format: Format = typer.Option(Format.text, "--format", help="text（可读）或 json（供程序使用）"),
    profiles: list[Path] = typer.Option(None, "--profiles", help=PROFILES_HELP),
):
    """校验输入数据：列出全部错误和警告（并试排正文，模板错误在生成前报告）。"""
    from generator.errors import ProfileError
    from generator.pipeline import dry_run, load

    try:
        loaded = load(input, profiles)
    except DisclosureError as exc:
        _fail(exc)
    template_error = None
    if loaded.ok:  # data that build would render (incomplete data is reported by its findings, not as a template error)
        try:
            dry_run(loaded)  # renders the text templates in memory, as build would; writes nothing
        except ProfileError as exc:
            template_error = exc
    if format is Format.json:
        typer.echo(findings_json(loaded.findings, loaded.catalog))
    else:
        typer.echo(findings_text(loaded.findings, _title(input, loaded)))
    if template_error is not None:
        typer.echo(f"模板错误：{template_error}", err=True)
        raise typer.Exit(2)
    raise typer.Exit(0 if loaded.ok else 1)


class Target(str, Enum):
    docx = "docx"
    pdf = "pdf"
    html = "html"


@app.command()
def build(
    input: Path = typer.Argument(..., help="输入：含 report.yaml 的文件夹，或 .xlsx 工作簿"),
    out: Path = typer.Option(Path("out"), "--out", help="输出文件夹"),
    to: list[Target] = typer.Option(None, "--to", help="输出格式，可重复：docx、pdf、html（默认 docx 和 pdf）"),
    profiles: list[Path] = typer.Option(None, "--profiles", help=PROFILES_HELP),
):
    """校验并生成报告（Word、PDF）。有错误时不生成任何文件。"""
    from generator.errors import ProfileError
    from generator.output import write_all
    from generator.pipeline import dry_run, load

    targets = to or [Target.docx, Target.pdf]
    try:
        loaded = load(input, profiles)
    except DisclosureError as exc:
        _fail(exc)
    if not loaded.ok:
        typer.echo(findings_text(loaded.findings, _title(input, loaded)), err=True)
        typer.echo("有错误，未生成报告。", err=True)
        raise typer.Exit(1)
    try:
        doc = dry_run(loaded)
    except ProfileError as exc:
        typer.echo(f"模板错误：{exc}", err=True)
        raise typer.Exit(2)
    if any(f.severity == ERROR for f in loaded.findings):
        typer.echo(findings_text(loaded.findings, _title(input, loaded)), err=True)
        typer.echo("正文与表格不一致，未生成报告。", err=True)
        raise typer.Exit(1)
    outputs: dict[Path, bytes] = {}
    for target in dict.fromkeys(targets):
        if target is Target.docx:
            from generator.render.docx import render_docx
            outputs[out / f"{doc.title}.docx"] = render_docx(doc, loaded.profile.word_template_file())
        elif target is Target.pdf:
            from generator.render.pdf import render_pdf
            outputs[out / f"{doc.title}.pdf"] = render_pdf(doc)
        else:
            from generator.render.html import render_html
            outputs[out / f"{doc.title}.html"] = render_html(doc).encode("utf-8")
    if loaded.findings:
        typer.echo(findings_text(loaded.findings, _title(input, loaded)))
        outputs[out / f"{doc.title}.校验结果.txt"] = findings_text(loaded.findings, _title(input, loaded)).encode("utf-8")
    write_all(outputs)
    for path in outputs:
        typer.echo(f"已生成：{path}")


@profiles_app.command("list")
def profiles_list(profiles: list[Path] = typer.Option(None, "--profiles", help=PROFILES_HELP)):
    """列出可用的模板配置。"""
    from generator.profile import available, load_profile

    for name in available(profiles or None):
        try:
            typer.echo(f"{name}\t{load_profile(name, profiles).description}")
        except DisclosureError as exc:
            typer.echo(f"{name}\t（无法读取：{exc}）")


@profiles_app.command("show")
def profiles_show(name: str, profiles: list[Path] = typer.Option(None, "--profiles", help=PROFILES_HELP)):
    """显示一个模板配置的表格、顺序和字体。"""
    from generator.profile import load_profile
    from generator.report.build import check_profile

    try:
        profile = load_profile(name, profiles)
        check_profile(profile)
    except DisclosureError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2)
    typer.echo(f"{profile.name}（{profile.kind}）：{profile.description}")
    typer.echo(f"文件：{profile.source}")
    if profile.extends:
        typer.echo(f"继承：{profile.extends}")
    typer.echo("表格：")
    for i, spec in enumerate(profile.tables, 1):
        typer.echo(f"  {i}. {spec.title}（{spec.key}）")
    typer.echo(f"章节：{'、'.join(profile.outline)}；文字模板：{'、'.join(str(d) for d in profile.text_dirs())}")
    typer.echo(f"表格样式：{profile.layout_file()}；Word 底稿：{profile.word_template_file()}")
    typer.echo(f"支出分类列表：{profile.categories}；零值显示：“{profile.zero}”")
    typer.echo(f"字体：标题 {profile.fonts.title}，标题栏 {profile.fonts.heading}，正文 {profile.fonts.body}，表格 {profile.fonts.table}")


from generator import cli_xlsx  # noqa: E402,F401  (registers init and convert)
from generator import cli_catalog  # noqa: E402,F401  (registers catalog import)
