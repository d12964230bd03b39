"""`disclosure catalog import`: bring a year's code list (as a budget system exports it) into a profile or
input folder, where validate and build find it (catalog/<year>/functional.csv or economic.csv).

Registered on the main app by the import at the end of cli.py. Exit codes: 0 imported, 1 the list has errors
(nothing written), 2 the file or folder cannot be used.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from generator.cli import app
from generator.errors import DisclosureError

catalog_app = typer.Typer(no_args_is_help=True, help="科目目录：导入某一年度的支出功能分类或经济分类代码表。")
app.add_typer(catalog_app, name="catalog")


class Kind(str, Enum):
    functional = "functional"
    economic = "economic"


@catalog_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="预算系统导出的代码表：.csv 或 .xlsx，科目编码、科目名称两列"),
    year: int = typer.Option(..., "--year", min=2000, max=2100, help="目录年度，如 2020"),
    kind: Kind = typer.Option(Kind.functional, "--kind", help="functional（支出功能分类）或 economic（支出经济分类）"),
    into: Path = typer.Option(Path("."), "--into", help="输入文件夹或模板配置（profile）所在的文件夹"),
):
    """导入科目代码表：检查编码和上级科目，列出新增和更名的科目。"""
    from generator.catalog.importer import KINDS, plan_import, write_plan

    if not into.is_dir():
        typer.echo(f"文件夹 {into} 不存在", err=True)
        raise typer.Exit(2)
    try:
        plan = plan_import(file, year, kind.value, into)
    except DisclosureError as exc:
        typer.echo(f"无法读取代码表：{exc}", err=True)
        raise typer.Exit(2)
    zh = KINDS[kind.value][0]
    if plan.errors:
        typer.echo(f"导入 {file}（{year} 年{zh}）")
        for line in plan.errors:
            typer.echo(f"  {line}")
        typer.echo(f"未导入：{len(plan.errors)} 个错误，没有写入任何文件。")
        raise typer.Exit(1)
    try:
        write_plan(plan)
    except OSError as exc:
        typer.echo(f"无法写入 {plan.target}：{exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"已导入：{file} → {plan.target}（{year} 年{zh}）")
    typer.echo(f"与{plan.compared_with}相比：新增 {len(plan.added)} 个科目，更名 {len(plan.renamed)} 个，"
               f"未变 {plan.unchanged} 个。")
    if plan.added:
        typer.echo("新增：")
        for code, name in plan.added:
            typer.echo(f"  {code} {name}")
    if plan.renamed:
        typer.echo("更名：")
        for code, old, new in plan.renamed:
            typer.echo(f"  {code} {old} → {new}")
