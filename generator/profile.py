"""Profiles: which tables, in which order, with which titles, lists, wording and fonts.

A profile is a YAML file under templates/profiles/ (or in a folder of the user's, see `load_profile`).
`extends: other` takes another profile and overrides only the keys given (mappings merge key by key;
lists and scalars replace). Every problem is reported with the profile file and line, before anything
is rendered (`check_profile`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import InputError, ProfileError, UnknownProfile
from generator.inputs.locations import SourceMap
from generator.inputs.yaml_reader import read_yaml_folder

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PROFILES = TEMPLATES / "profiles"


class TableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    title: str
    label: str = ""  # printed beside the unit, e.g. 公开01表
    mandatory: bool = False
    caption: str | None = None  # a caption template of its own (else the profile's `caption`)
    toc: str | None = None  # the name the 目录 uses, where it differs from the title
    explain: str | None = None  # the name the 说明 heading uses, where it differs from the title


class Fonts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = "方正小标宋简体"
    heading: str = "黑体"
    body: str = "仿宋_GB2312"
    table: str = "宋体"


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    extends: str | None = None
    kind: str
    title: str
    cover: list[str] = []
    caption: str = "{{ year }}年度{{ title }}"  # the caption printed above a table
    performance_caption: str = "{{ name }}项目绩效目标表"
    categories: str
    zero: str = "0.00"
    table_thousands: bool = False
    text_thousands: bool = True
    text_trim_cents: bool = False  # prose prints 183万元 / 100% rather than 183.00万元 / 100.00% (安徽)
    item_text: str = "item_purposes"  # explanations.<this>: the text printed for each 项 (R-NARR-COVERAGE)
    item_text_name: str = "用途（主要用于…）"
    item_table: str = "general_budget"  # the table whose 项 a part of an explained 项 is a column of (R-EXPL-PART-AMOUNT)
    personnel_codes: list[str] = ["301", "303"]
    public_codes: list[str] = ["302", "307", "310", "312", "399"]
    text: list[str] = Field(min_length=1)
    outline: list[str] = Field(min_length=1)
    layout: str | None = None  # table layouts: templates/tables/<layout>.yaml (default: the report kind)
    fonts: Fonts = Fonts()
    required: dict[str, str] = {}
    texts: dict[str, str] = {}
    tables: list[TableSpec] = Field(min_length=1)
    vocabulary: dict[str, dict | str] = {}  # column keys of the city's own: key → label or {label, type}
    workbook: str | None = None  # the workbook's sheets: templates/workbook/<name>.yaml (default: the standard ones)
    fields: dict[str, dict | str] = {}  # figures its templates print in the model's open parts: path → label
    word_template: str = "word/base.docx"
    folder: Path = PROFILES  # where the profile file lives; its own text/ and tables/ folders are searched first
    source: Path = PROFILES  # the profile file itself
    lines: dict[str, int] = {}  # top-level key → line in the file that set it (for messages)

    def text_dirs(self) -> list[Path]:
        own = [self.folder / name for name in self.text if (self.folder / name).is_dir()]
        own += [self.folder / "text" / name for name in self.text if (self.folder / "text" / name).is_dir()]
        return own + [TEMPLATES / "text" / name for name in self.text]

    def layout_file(self) -> Path:
        name = self.layout or self.kind
        for folder in (self.folder / "tables", TEMPLATES / "tables"):
            if (folder / f"{name}.yaml").is_file():
                return folder / f"{name}.yaml"
        raise ProfileError(f"{self.where('layout')}: 找不到表格样式文件 tables/{name}.yaml")

    def category_list(self, catalog) -> list:
        """The 收支总表's category list: `categories/<name>.csv` (name, codes) in the profile's own folder or
        beside the shipped profiles (a city's profile extending a shipped one finds its list), else the
        catalogue's list of that name for the report's year."""
        for folder in (self.folder, PROFILES):
            own = Path(folder) / "categories" / f"{self.categories}.csv"
            if own.is_file():
                from generator.catalog import read_categories
                return read_categories(own)
        try:
            return catalog.categories(self.categories)
        except KeyError:
            raise ProfileError(f"{self.where('categories')}: 找不到支出分类列表“{self.categories}”"
                               f"（模板配置文件夹的 categories/{self.categories}.csv，或工具自带的列表）") from None

    def word_template_file(self) -> Path:
        own = self.folder / self.word_template
        return own if own.is_file() else TEMPLATES / self.word_template

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.source}:{line}" if line else str(self.source)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _find(name: str, search: list[Path], where: str = "") -> Path:
    for folder in search:
        path = folder / f"{name}.yaml"
        if path.exists():
            return path
    prefix = f"{where}: " if where else ""
    error = ProfileError if where else UnknownProfile  # a parent named by `extends` is the profile's own fault
    raise error(f"{prefix}找不到模板配置（profile）“{name}”。可用：{', '.join(available(search))}")


def _raw(name: str, search: list[Path], chain: tuple[tuple[str, str], ...] = (), where: str = ""):
    """(merged data, file, {key: location}) of a profile and the profiles it extends."""
    if name in [n for n, _ in chain]:
        names = " → ".join([n for n, _ in chain] + [name])
        raise ProfileError(f"{chain[-1][1]}: 模板配置 extends 形成循环：{names}")
    path = _find(name, search, where)
    try:
        data, sources = read_yaml_folder(path)
    except InputError as exc:
        raise ProfileError(str(exc)) from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: 模板配置应为“键: 值”的映射")
    here = {k: str(sources.get((k,))) for k in data}
    parent = data.get("extends")
    if parent:
        base, _, base_where = _raw(str(parent), search, chain + ((name, here.get("extends", str(path))),),
                                   here.get("extends", str(path)))
        data = _merge(base, data)
        here = {**base_where, **here}
    return data, path, here


def _line(location: str) -> int | None:
    tail = location.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def load_profile(name: str, extra_dirs: list[Path] | None = None) -> Profile:
    search = list(extra_dirs or []) + [PROFILES]
    data, path, where = _raw(name, search)
    data["folder"] = str(path.parent)
    data["source"] = str(path)
    data["lines"] = {k: _line(v) for k, v in where.items() if _line(v)}
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        dotted = ".".join(str(p) for p in first["loc"])
        at = where.get(key, str(path))
        if first["type"] == "extra_forbidden":
            raise ProfileError(f"{at}: 模板配置中有未知的键“{dotted}”") from None
        raise ProfileError(f"{at}: 模板配置字段 {dotted}：{first['msg']}") from None


def available(search: list[Path] | None = None) -> list[str]:
    folders = list(search or []) + ([] if search and PROFILES in search else [PROFILES])
    return sorted({p.stem for folder in folders for p in Path(folder).glob("*.yaml")})


__all__ = ["Profile", "TableSpec", "load_profile", "available", "SourceMap"]
