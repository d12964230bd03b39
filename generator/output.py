"""Write the report's outputs: all rendered in memory first, then each written atomically."""

from __future__ import annotations

from pathlib import Path

from generator.inputs.save import write_file


def write_all(outputs: dict[Path, bytes]) -> None:
    """A failure while rendering leaves nothing on disk; each file replaces its target in one step."""
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, data)
