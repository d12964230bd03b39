"""Read a YAML input folder into plain data plus a SourceMap.

Scalars stay strings (so an amount never becomes a float); the model decides their type.
`!include file.yaml` splices in another file, whose values keep their own file and line.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator.errors import InputError
from generator.inputs.locations import Location, SourceMap

NULL_TAG = "tag:yaml.org,2002:null"
INCLUDE_TAG = "!include"


def read_yaml_folder(folder: Path) -> tuple[dict, SourceMap]:
    folder = Path(folder)
    main = folder / "report.yaml" if folder.is_dir() else folder
    if not main.exists():
        raise InputError("找不到输入文件 report.yaml", str(main))
    sources = SourceMap(default=Location(_display(main, folder)))
    data = _load_file(main, folder, (), sources, stack=())
    if not isinstance(data, dict):
        raise InputError("report.yaml 的顶层应是键值对（mapping）", _display(main, folder) + ":1")
    return data, sources


def _display(path: Path, root: Path) -> str:
    base = root if root.is_dir() else root.parent
    try:
        return str(Path(base.name) / path.relative_to(base))
    except ValueError:
        return str(path)


def _load_file(path: Path, root: Path, at: tuple, sources: SourceMap, stack: tuple):
    shown = _display(path, root)
    if path in stack:
        raise InputError("!include 形成循环引用", shown)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("找不到文件", shown) from None
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码的文本", shown) from None
    try:
        node = YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(f"YAML 语法错误：{exc.problem or exc.context}", f"{shown}:{line}") from None
    except YAMLError as exc:
        raise InputError(f"YAML 语法错误：{exc}", shown) from None
    if node is None:
        sources.add(at, Location(shown, 1))
        return None
    return _convert(node, path, root, at, sources, stack + (path,))


def _convert(node, path: Path, root: Path, at: tuple, sources: SourceMap, stack: tuple):
    shown = _display(path, root)
    sources.add(at, Location(shown, node.start_mark.line + 1))
    if node.tag == INCLUDE_TAG:
        if not isinstance(node, ScalarNode) or not node.value.strip():
            raise InputError("!include 后应写文件名", f"{shown}:{node.start_mark.line + 1}")
        target = (path.parent / node.value.strip()).resolve()
        if not target.exists():
            raise InputError(f"!include 的文件“{node.value}”不存在", f"{shown}:{node.start_mark.line + 1}")
        return _load_file(target, root, at, sources, stack)
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if key in out:
                raise InputError(f"键“{key}”重复出现", f"{shown}:{key_node.start_mark.line + 1}")
            out[key] = _convert(value_node, path, root, at + (key,), sources, stack)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(item, path, root, at + (i,), sources, stack) for i, item in enumerate(node.value)]
    if node.tag == NULL_TAG and node.style is None:
        return None
    return node.value
