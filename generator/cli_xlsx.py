"""`disclosure init` and `disclosure convert`: start an input, and move it between YAML folder and workbook.

Registered on the main app by the import at the end of cli.py. Exit codes as everywhere: 0 ok,
1 the input has errors, 2 the input (or the output place) cannot be used.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError

from generator.cli import _fail, app, findings_text
from generator.errors import DisclosureError, InputError
from generator.model.final import FinalReport
from generator.model.kinds import model_for
from generator.model.report import Report


class OutFormat(str, Enum):
    xlsx = "xlsx"
    yaml = "yaml"


def _stop(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _format(out: Path, chosen: OutFormat | None) -> OutFormat:
    if chosen is not None:
        return chosen
    return OutFormat.xlsx if out.suffix.lower() == ".xlsx" else OutFormat.yaml


def _check_out(out: Path, force: bool) -> None:
    if out.exists() and not force:
        _stop(f"{out} 已存在：换一个名字，或加 --force 覆盖")
    if not out.parent.is_dir():
        _stop(f"输出文件夹 {out.parent} 不存在")


def _read_model(src: Path, profile_dirs=None, with_sources: bool = False):
    """The input's report (without its accepted findings: they belong to the input's own figures)."""
    report, sources, _ = _read(src, profile_dirs)
    return (report, sources) if with_sources else report


def _read(src: Path, profile_dirs=None):
    """The report, its sources and the input's acceptances, a location in them written as the data path
    it names (the same figure in the other format)."""
    from generator.inputs import read_input
    from generator.rules.accept import portable, read_acceptances
    from generator.rules.schema import schema_findings

    try:
        data, sources = read_input(src, profile_dirs)
    except DisclosureError as exc:
        _fail(exc)  # a city's broken profile is a profile error; anything else, unusable input
    acceptances, problems = read_acceptances(data.pop("accepted", None), sources)
    if problems:
        _stop(findings_text(problems, f"{src} 有错误，请先改正："), 1)
    try:
        report = model_for(data).model_validate(data)
    except ValidationError as exc:
        _stop(findings_text(schema_findings(exc, sources), f"{src} 有错误，请先改正："), 1)
    return report, sources, [portable(a, sources) for a in acceptances]


def _figures(src: Path, profiles):
    """Last year's derived figures, which next year's input starts from (the pipeline's, with the
    profile's declared tables)."""
    from generator.pipeline import load

    try:
        return load(src, profiles).figures
    except DisclosureError as exc:
        _stop(f"无法读取输入：{exc}")


def _write(data: dict, out: Path, fmt: OutFormat, expect: Report | FinalReport | None = None,
           profile_dirs: list[Path] | None = None, accepted: list | None = None) -> None:
    """Write atomically; with `expect`, first read the written copy back and compare (lossless)."""
    from generator.inputs import accepted as acc
    from generator.inputs import save

    accepted = accepted or []
    check = (lambda tmp: _same(tmp, fmt, expect, accepted, profile_dirs)) if expect is not None else None
    try:
        if fmt is OutFormat.xlsx:
            save.write_file(out, acc.workbook_bytes(data, profile_dirs, accepted), check)
        else:
            from generator.inputs.yaml_writer import yaml_files
            files = yaml_files(data)
            if accepted:
                files["accepted.yaml"] = acc.yaml_text(accepted)
            save.write_folder(out, files, check)
    except DisclosureError as exc:
        _stop(f"未写入：{exc}")
    except OSError as exc:
        _stop(f"无法写入 {out}：{exc.strerror or exc}")


def _same(tmp: Path, fmt: OutFormat, expect: Report | FinalReport, accepted: list, profile_dirs=None) -> None:
    from generator.inputs.declared import comparable
    from generator.rules.accept import read_acceptances
    from generator.xlsx.declared import for_profile

    if fmt is OutFormat.xlsx:
        from generator.inputs.xlsx_reader import read_workbook
        data, sources = read_workbook(tmp, profile_dirs)
    else:
        from generator.inputs.yaml_reader import read_yaml_folder
        data, sources = read_yaml_folder(tmp)
    back, problems = read_acceptances(data.pop("accepted", None), sources)
    profile = for_profile(expect.profile, profile_dirs)
    try:
        same = (comparable(type(expect).model_validate(data), profile) == comparable(expect, profile)
                and not problems and back == accepted)
    except ValidationError:
        same = False
    if not same:
        raise InputError("转换结果读回后与原数据不一致（程序错误，请报告）")


@app.command()
def init(
    out: Path = typer.Argument(..., help="输出：.xlsx 工作簿，或 YAML 文件夹"),
    year: int = typer.Option(..., "--year", help="预算年度，如 2025"),
    profile: Optional[str] = typer.Option(None, "--profile", help="模板配置（disclosure profiles list 列出可用的）"),
    dept: Optional[str] = typer.Option(None, "--dept", help="部门名称"),
    from_: Optional[Path] = typer.Option(None, "--from", help="上一年的输入（文件夹或 .xlsx）：沿用文字，上年数自动填好"),
    format: Optional[OutFormat] = typer.Option(None, "--format", help="xlsx 或 yaml；默认按输出名判断"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的输出"),
    profiles: list[Path] = typer.Option(None, "--profiles", help="另外查找模板配置的文件夹（城市自己的 profile）"),
):
    """生成空白的填报输入（工作簿或 YAML 文件夹），或从上一年的输入开始。"""
    from generator.inputs.start import blank, next_year
    from generator.model.kinds import KIND_NAMES
    from generator.profile import load_profile

    fmt = _format(out, format)
    _check_out(out, force)
    kind = None
    if profile:
        try:
            kind = load_profile(profile, profiles).kind
        except DisclosureError as exc:
            _stop(str(exc))
    if from_ is not None:
        last = _read_model(from_, profiles)
        data = next_year(last, year, _figures(from_, profiles) if last.kind == "budget" else None)
        data["department"] = dept or data["department"]
        if kind is not None and kind != data["kind"]:
            _stop(f"模板配置“{profile}”用于{KIND_NAMES.get(kind, kind)}，上一年的输入是{KIND_NAMES[data['kind']]}："
                  "--from 只能沿用同一种报告")
    elif not profile or not dept:
        _stop("请给出 --profile 和 --dept（或用 --from 指定上一年的输入）")
    else:
        data = blank(profile, year, dept, kind)
    if profile:
        data["kind"] = kind
        data["profile"] = profile
    try:
        _declared_blanks(data, profiles)
    except DisclosureError as exc:
        _fail(exc)
    _write(data, out, fmt, profile_dirs=profiles)
    typer.echo(f"已生成 {out}")


@app.command()
def convert(
    src: Path = typer.Argument(..., help="输入：含 report.yaml 的文件夹，或 .xlsx 工作簿"),
    dst: Path = typer.Argument(..., help="输出：.xlsx 工作簿，或 YAML 文件夹"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的输出"),
    profiles: list[Path] = typer.Option(None, "--profiles", help="另外查找模板配置的文件夹（城市自己的 profile）"),
):
    """在 YAML 文件夹和 Excel 工作簿之间转换（内容不变）。"""
    from generator.inputs.yaml_writer import report_data

    if src.resolve() == dst.resolve():
        _stop("输入和输出是同一个位置")
    fmt = _format(dst, None)
    _check_out(dst, force)
    own = [src / "profiles"] if src.is_dir() and (src / "profiles").is_dir() else []
    dirs = list(profiles or []) + own
    report, sources, accepted = _read(src, dirs)
    data = report.model_dump() if fmt is OutFormat.xlsx else report_data(report)
    try:
        data["tables"].update(_declared(report, sources, dirs, fmt))
    except DisclosureError as exc:
        _fail(exc)
    _write(data, dst, fmt, expect=report, profile_dirs=dirs, accepted=accepted)
    typer.echo(f"已转换 {src} → {dst}")


def _declared_blanks(data: dict, profile_dirs) -> None:
    """An empty `tables.<key>: {rows: []}` for each declared table that takes input: a place to fill."""
    from generator.tables.data import input_tables, is_computed
    from generator.xlsx.declared import for_profile

    profile = for_profile(data.get("profile"), profile_dirs)
    for decl in input_tables(profile) if profile is not None else ():
        if not is_computed(decl):
            data["tables"].setdefault(decl.key, {"rows": []})


def _declared(report, sources, profile_dirs, fmt: OutFormat) -> dict:
    """The declared tables typed as their declarations say (tables.<key>). A workbook has a sheet for
    each table the profile declares: what has no place there stops the conversion, naming the field."""
    from generator.inputs.declared import declared_data
    from generator.xlsx import declared as D

    profile = D.for_profile(report.profile, profile_dirs)
    typed, findings, unknown = declared_data(report, profile, sources)
    if fmt is not OutFormat.xlsx:
        return typed  # a YAML folder carries the rest as entered
    where = lambda key: sources.get(("tables", key))  # noqa: E731
    if unknown and profile is None:
        _stop(f"{where(unknown[0])}: tables.{unknown[0]}：找不到模板配置“{report.profile}”，无法按它声明的表写入工作簿"
              "（城市自己的模板配置用 --profiles 指出所在文件夹）")
    if unknown:
        titles = {s.key: s.title for s in profile.tables}
        known = "、".join(f"{titles.get(d.key, d.key)}（{d.key}）" for d in D.input_tables(profile)) or "无"
        _stop(f"{where(unknown[0])}: tables.{unknown[0]}：模板配置“{profile.name}”没有声明这张表，工作簿中没有它的位置"
              f"（声明的表：{known}）")
    if findings:
        _stop(findings_text(findings, "声明的表中有工作簿无法写入的内容，请先改正："), 1)
    sheets = {s.key: s for s in D.sheets(profile, set(), report.model_dump())}
    for key, table in typed.items():
        if table.get("total") and not sheets[key].spec.total:
            _stop(f"{where(key)}: tables.{key}.total：“{sheets[key].title}”没有文字列，工作簿中无法写入合计行")
    return typed
