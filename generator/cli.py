"""The `disclosure` command. Exit codes: 0 ok, 1 validation errors, 2 unusable input or usage, 3 internal error.

Every command runs inside _Guarded.invoke: an input problem that a command did not report itself is
exit 2 with its message; anything else is exit 3 with one line in Chinese, the traceback in a log file.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from generator.errors import DisclosureError, log_internal_error
from generator.findings import as_findings, findings_json, findings_text  # noqa: F401  (used by cli_xlsx)


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


class Format(str, Enum):
    text = "text"
    json = "json"


def _fail(exc: Exception) -> None:
    from generator.errors import ProfileError

    prefix = "模板配置错误" if isinstance(exc, ProfileError) else "无法读取输入"
    typer.echo(f"{prefix}：{exc}", err=True)
    raise typer.Exit(2)


PROFILES_HELP = "另外查找模板配置的文件夹（城市自己的 profile）；输入文件夹下的 profiles/ 总会被查找"


def _title(input, loaded) -> str:
    from generator.findings import heading
    return heading(input, loaded.catalog)


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
    inputs: list[Path] = typer.Argument(..., metavar="INPUT...",
                                        help="输入：含 report.yaml 的文件夹或 .xlsx 工作簿；可给多个，"
                                             "或给一个装着多份输入的文件夹（批量生成）"),
    out: Path = typer.Option(Path("out"), "--out", help="输出文件夹"),
    to: list[Target] = typer.Option(None, "--to", help="输出格式，可重复：docx、pdf、html（默认 docx 和 pdf）"),
    profiles: list[Path] = typer.Option(None, "--profiles", help=PROFILES_HELP),
    workers: int = typer.Option(None, "--workers", min=1, help="批量生成时并行的进程数（默认每个 CPU 核一个）"),
):
    """校验并生成报告（Word、PDF）。有错误时不生成任何文件。多份输入时并行生成，最后列出汇总表。"""
    from generator.cli_batch import batch_inputs, build_batch

    targets = [t.value for t in (to or [Target.docx, Target.pdf])]
    found = batch_inputs(inputs)
    if found is None:
        _build_single(inputs[0], out, targets, profiles)
    else:
        build_batch(found, out, targets, profiles, workers)


def _build_single(input: Path, out: Path, targets: list[str], profiles: list[Path] | None) -> None:
    """One input: print its findings and the files written, exactly as the command always has."""
    from generator.batch import ERROR_STATUS, FINDINGS, build_one

    result = build_one(input, out, targets, profiles)
    if result.exit_code >= 2:
        typer.echo(result.message, err=True)
        raise typer.Exit(result.exit_code)
    text = findings_text(as_findings(result.findings), result.heading or f"校验 {input}")
    if result.status == ERROR_STATUS:
        typer.echo(text, err=True)
        typer.echo(result.message, err=True)
        raise typer.Exit(1)
    if result.status == FINDINGS:
        typer.echo(text)
    for path in result.outputs:
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


ROWS_ZH = {"function": "按功能分类", "economic": "按经济分类", "unit": "按单位", "unit_function": "按单位和功能分类",
           "unit_rows": "按单位逐项", "free": "逐项", "lines": "固定行", "sides": "收支两方", "single": "一行",
           "blocks": "经济分类分栏", "project": "每个项目一张表", "projects": "所有项目逐个指标"}


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
    from generator.report.tables import layouts
    from generator.tables.declare import declarations, vocabulary

    decls, words = declarations(profile, layouts(profile.layout_file())), vocabulary(profile)
    typer.echo("表格：")
    for i, spec in enumerate(profile.tables, 1):
        decl = decls.get(spec.key)
        shape = ""
        if decl is not None:  # what the table is: its rows and its columns (docs/tables.md)
            from generator.tables.declare import header_leaves
            leaves = header_leaves(decl.rows.indicators.columns) if decl.rows.by == "project" else decl.leaves()
            cols = "、".join(leaf.label or (words.get(leaf.key) or {}).get("label", leaf.key) for leaf in leaves)
            shape = f"：行 {ROWS_ZH.get(decl.rows.by, decl.rows.by)}；列 {cols}"
        typer.echo(f"  {i}. {spec.title}（{spec.key}）{shape}")
    typer.echo(f"章节：{'、'.join(profile.outline)}；文字模板：{'、'.join(str(d) for d in profile.text_dirs())}")
    typer.echo(f"表格样式：{profile.layout_file()}；Word 底稿：{profile.word_template_file()}")
    typer.echo(f"支出分类列表：{profile.categories}；零值显示：“{profile.zero}”")
    if profile.kind == "budget" and profile.item_table in decls:  # what a part of a 项 explained in parts may be called
        from generator.derive.explained import item_columns
        from generator.rules.labels import table_title
        parts = [called[0] for _, called in item_columns(profile, decls)]
        typer.echo(f"分部分说明的项级科目：部分名称为{table_title(profile, profile.item_table)}（{profile.item_table}）"
                   f"的列时金额由表取数：{'、'.join(parts)}")
    own = {**profile.required, **profile.texts, **{k: (v.get("label", k) if isinstance(v, dict) else v)
                                                   for k, v in profile.fields.items()}}
    if own:
        typer.echo("模板需要填写的数字和文字（required、texts、fields）：" + "；".join(f"{label}（{path}）" for path, label in own.items()))
    typer.echo(f"字体：标题 {profile.fonts.title}，标题栏 {profile.fonts.heading}，正文 {profile.fonts.body}，表格 {profile.fonts.table}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="端口"),
    data: Path = typer.Option(Path("web-data"), "--data", help="数据文件夹（SQLite 数据库和上传的文件）"),
    database: str = typer.Option(None, "--database", help="数据库地址，如 postgresql://用户:密码@主机/库名（默认 SQLite）"),
    demo: bool = typer.Option(False, "--demo", help="载入三个示例部门和示例账号"),
    worker: bool = typer.Option(True, "--worker/--no-worker", help="在本进程中运行后台生成"),
):
    """启动网页服务：部门上传、校验、生成，财政局汇总（需要安装 [web]）。"""
    try:
        from generator.web.serve import run
    except ImportError as exc:
        typer.echo(f"网页服务需要 Django：pip install 'disclosure-reports[web]'（{exc}）", err=True)
        raise typer.Exit(2)
    try:
        run(host, port, data, database, demo, worker)
    except (ValueError, OSError) as exc:
        typer.echo(f"无法启动网页服务：{exc}", err=True)
        raise typer.Exit(2)


from generator import cli_xlsx  # noqa: E402,F401  (registers init and convert)
from generator import cli_catalog  # noqa: E402,F401  (registers catalog import)
