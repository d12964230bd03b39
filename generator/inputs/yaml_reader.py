"""Read a YAML input folder into plain data plus a SourceMap.

Scalars stay strings (so an amount never becomes a float); the model decides their type.
`!include file.yaml` splices in another file of the input folder, whose values keep their own file and
line. Every bound of generator/limits.py is checked before the work it guards grows: a file's size
before it is read, nesting and aliases while it is composed, the size and depth of the values once
aliases are expanded before they are built, and the files an !include chain reads.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator import limits
from generator.errors import InputError
from generator.inputs.locations import Location, SourceMap

NULL_TAG = "tag:yaml.org,2002:null"
INCLUDE_TAG = "!include"
ACCEPTED_FILE = "accepted.yaml"  # accepted findings (generator/rules/accept.py), next to report.yaml


class _Bound(Exception):
    """A bound passed while composing: message and 1-based line."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


class _BoundedComposer(Composer):
    """ruamel's composer recurses once per level and expands nothing: count levels and aliases here,
    so that 20 000 nested brackets stop at the bound instead of at Python's recursion limit."""

    levels = 0  # not `depth`: ruamel's composer keeps its own
    aliases_seen = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warn_double_anchors = False  # a reused anchor is legal YAML; a Python warning on stderr helps nobody

    def _line(self) -> int | None:
        event = self.parser.peek_event()
        return event.start_mark.line + 1 if event is not None and event.start_mark else None

    def compose_node(self, parent, index):
        if self.parser.check_event(AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > limits.YAML_ALIASES:
                raise _Bound(f"YAML 别名过多（上限 {limits.YAML_ALIASES} 个）", self._line())
            return super().compose_node(parent, index)
        self.levels += 1
        try:
            if self.levels > limits.DEPTH:
                raise _Bound(f"嵌套层数过多（上限 {limits.DEPTH} 层）", self._line())
            return super().compose_node(parent, index)
        finally:
            self.levels -= 1


class _Budget:
    """What one input has used so far, across all its files."""

    def __init__(self):
        self.files = 0
        self.bytes = 0
        self.nodes = 0


def read_yaml_folder(folder: Path) -> tuple[dict, SourceMap]:
    folder = Path(folder).resolve()  # so that every location reads folder/file.yaml:line
    main = folder / "report.yaml" if folder.is_dir() else folder
    if not main.exists():
        raise InputError("找不到输入文件 report.yaml", str(main))
    sources = SourceMap(default=Location(_display(main, folder)))
    budget = _Budget()
    data = _load_file(main, folder, (), sources, (), budget)
    if not isinstance(data, dict):
        raise InputError("report.yaml 的顶层应是键值对（mapping）", _display(main, folder) + ":1")
    accepted = main.parent / ACCEPTED_FILE
    if accepted.is_file():
        if "accepted" in data:
            raise InputError(f"已接受的校验结果写了两处：report.yaml 的 accepted 和 {ACCEPTED_FILE}，请只保留一处",
                             _display(accepted, folder))
        data["accepted"] = _load_file(accepted, folder, ("accepted",), sources, (), budget)
    return data, sources


def _display(path: Path, root: Path) -> str:
    base = root if root.is_dir() else root.parent
    try:
        return str(Path(base.name) / path.relative_to(base))
    except ValueError:
        return str(path)


def _load_file(path: Path, root: Path, at: tuple, sources: SourceMap, stack: tuple, budget: _Budget):
    shown = _display(path, root)
    if path in stack:
        raise InputError("!include 形成循环引用", shown)
    budget.files += 1
    if budget.files > limits.YAML_FILES:
        raise InputError(f"!include 引入的文件过多（上限 {limits.YAML_FILES} 个，重复引入也计数）", shown)
    try:
        if not path.is_file():
            raise InputError("不是文件", shown)
        size = path.stat().st_size
        if size > limits.YAML_FILE_BYTES:
            raise InputError(f"文件过大（{limits.size_text(size)}，上限 {limits.size_text(limits.YAML_FILE_BYTES)}）", shown)
        budget.bytes += size
        if budget.bytes > limits.YAML_TOTAL_BYTES:
            raise InputError(f"输入的文件合计过大（上限 {limits.size_text(limits.YAML_TOTAL_BYTES)}）", shown)
        with path.open("rb") as f:  # never more than the bound, even if the file grew since stat
            raw = f.read(limits.YAML_FILE_BYTES + 1)
        if len(raw) > limits.YAML_FILE_BYTES:
            raise InputError(f"文件过大（上限 {limits.size_text(limits.YAML_FILE_BYTES)}）", shown)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError("找不到文件", shown) from None
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码的文本", shown) from None
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror or type(exc).__name__}）", shown) from None
    node = _compose(text, shown)
    if node is None:
        sources.add(at, Location(shown, 1))
        return None
    _check_expanded(node, shown, len(at), budget)
    return _convert(node, path, root, at, sources, stack + (path,), budget)


def _compose(text: str, shown: str):
    yaml = YAML(typ="rt")
    yaml.Composer = _BoundedComposer
    try:
        return yaml.compose(text)
    except _Bound as exc:
        raise InputError(str(exc), f"{shown}:{exc.line}" if exc.line else shown) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(f"YAML 语法错误：{exc.problem or exc.context}", f"{shown}:{line}" if line else shown) from None
    except YAMLError as exc:
        raise InputError(f"YAML 语法错误：{exc}", shown) from None
    except (RecursionError, MemoryError):
        raise InputError(f"YAML 嵌套层数过多（上限 {limits.DEPTH} 层）", shown) from None
    except Exception as exc:  # the parser raises other kinds on some damaged text; never a traceback
        raise InputError(f"无法解析 YAML（{type(exc).__name__}）", shown) from None


def _children(node) -> list:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_expanded(root, shown: str, offset: int, budget: _Budget) -> None:
    """Size and depth of the values once aliases are expanded, from the node graph (each node once,
    no recursion): a few hundred bytes of nested aliases are refused here, before anything is built."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_: set[int] = set()
    todo = [(root, False)]
    while todo:
        node, done = todo.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            open_.discard(key)
            line = node.start_mark.line + 1
            if size[key] > limits.YAML_NODES:
                raise InputError(f"YAML 别名展开过多（展开后的值超过上限 {limits.YAML_NODES} 个）",
                                 f"{shown}:{line}")
            if height[key] + offset > limits.DEPTH:
                raise InputError(f"嵌套层数过多（别名展开后，上限 {limits.DEPTH} 层）", f"{shown}:{line}")
            continue
        if key in size:
            continue
        if key in open_:
            raise InputError("YAML 别名引用了包含它自己的值（循环引用）", f"{shown}:{node.start_mark.line + 1}")
        open_.add(key)
        todo.append((node, True))
        todo.extend((k, False) for k in _children(node) if id(k) not in size)
    budget.nodes += size[id(root)]
    if budget.nodes > limits.YAML_NODES:
        raise InputError(f"输入的值过多（上限 {limits.YAML_NODES} 个，别名展开后计）", shown)


def _convert(node, path: Path, root: Path, at: tuple, sources: SourceMap, stack: tuple, budget: _Budget):
    shown = _display(path, root)
    line = node.start_mark.line + 1
    sources.add(at, Location(shown, line))
    if node.tag == INCLUDE_TAG:
        if not isinstance(node, ScalarNode) or not node.value.strip():
            raise InputError("!include 后应写文件名", f"{shown}:{line}")
        base = root if root.is_dir() else root.parent
        target = (path.parent / node.value.strip()).resolve()
        if not target.is_relative_to(base):
            raise InputError(f"!include 只能引用输入文件夹内的文件（“{node.value}”不在其中）", f"{shown}:{line}")
        if not target.exists():
            raise InputError(f"!include 的文件“{node.value}”不存在", f"{shown}:{line}")
        if target in stack:
            raise InputError(f"!include 形成循环引用（“{node.value}”又引入了本文件）", f"{shown}:{line}")
        return _load_file(target, root, at, sources, stack, budget)
    if isinstance(node, MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise InputError("键应为文字，不能是列表或键值对", f"{shown}:{key_node.start_mark.line + 1}")
            key = key_node.value
            if key in out:
                raise InputError(f"键“{key}”重复出现", f"{shown}:{key_node.start_mark.line + 1}")
            out[key] = _convert(value_node, path, root, at + (key,), sources, stack, budget)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(item, path, root, at + (i,), sources, stack, budget) for i, item in enumerate(node.value)]
    if node.tag == NULL_TAG and node.style is None:
        return None
    return node.value
