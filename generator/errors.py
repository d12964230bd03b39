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
