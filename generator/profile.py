"""Profiles: which tables, in which order, with which titles, lists, wording and fonts.

A profile is a YAML file under templates/profiles/. `extends: other` takes another profile and
overrides only the keys given (mappings merge key by key; lists and scalars replace).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import InputError, ProfileError
from generator.inputs.yaml_reader import read_yaml_folder

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PROFILES = TEMPLATES / "profiles"


class TableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    title: str
    label: str = ""  # printed beside the unit, e.g. 公开01表
    mandatory: bool = False


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
    personnel_codes: list[str] = ["301", "303"]
    public_codes: list[str] = ["302", "307", "310", "312", "399"]
    text: list[str] = Field(min_length=1)
    outline: list[str] = Field(min_length=1)
    fonts: Fonts = Fonts()
    required: dict[str, str] = {}
    texts: dict[str, str] = {}
    tables: list[TableSpec] = Field(min_length=1)
    word_template: str = "word/base.docx"
    folder: Path = PROFILES  # where the profile file lives; its own text/ folder is searched first

    def text_dirs(self) -> list[Path]:
        own = [self.folder / name for name in self.text if (self.folder / name).is_dir()]
        return own + [TEMPLATES / "text" / name for name in self.text]


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _find(name: str, search: list[Path]) -> Path:
    for folder in search:
        path = folder / f"{name}.yaml"
        if path.exists():
            return path
    raise ProfileError(f"找不到模板配置（profile）“{name}”。可用：{', '.join(available())}")


def _raw(name: str, search: list[Path], chain: tuple[str, ...] = ()) -> tuple[dict, Path]:
    if name in chain:
        raise ProfileError(f"模板配置 extends 形成循环：{' → '.join(chain + (name,))}")
    path = _find(name, search)
    try:
        data, _ = read_yaml_folder(path)
    except InputError as exc:
        raise ProfileError(str(exc)) from None
    parent = data.get("extends")
    if parent:
        base, _ = _raw(parent, search, chain + (name,))
        data = _merge(base, data)
    return data, path


def load_profile(name: str, extra_dirs: list[Path] | None = None) -> Profile:
    search = list(extra_dirs or []) + [PROFILES]
    data, path = _raw(name, search)
    data["folder"] = str(path.parent)
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProfileError(f"{path}: 模板配置字段 {where}：{first['msg']}") from None


def available() -> list[str]:
    return sorted(p.stem for p in PROFILES.glob("*.yaml"))
