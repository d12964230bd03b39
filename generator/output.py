"""Write the report's outputs: all rendered in memory first, then each written atomically."""

from __future__ import annotations

from pathlib import Path

from generator.inputs.save import write_files


def write_all(outputs: dict[Path, bytes]) -> None:
    """A failure while rendering or writing leaves no new file on disk: all are written aside first,
    then each replaces its target in one step."""
    write_files(outputs)
