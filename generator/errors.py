"""Errors a user can cause. Everything here is shown as a message, never as a traceback."""


class DisclosureError(Exception):
    """Base class for every problem caused by input, profile or usage."""


class InputError(DisclosureError):
    """The input cannot be read at all (missing file, broken YAML, not a workbook)."""

    def __init__(self, message: str, location: str | None = None):
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class ProfileError(DisclosureError):
    """A profile or one of its templates is unusable."""


class UnknownProfile(ProfileError):
    """The input names a profile that does not exist (an input mistake, reported as a finding)."""


def log_internal_error(command: str) -> str:
    """Write the current exception's traceback to a log file; return where (or why it could not be)."""
    import os
    import sys
    import tempfile
    import traceback
    from datetime import datetime

    folder = os.environ.get("DISCLOSURE_LOG_DIR") or os.path.join(tempfile.gettempdir(), "disclosure-logs")
    name = f"disclosure-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    try:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"disclosure {command}\nargv: {sys.argv!r}\n\n")
            f.write(traceback.format_exc())
        return path
    except OSError as exc:
        return f"（日志无法写入 {folder}：{exc.strerror or exc}）"
