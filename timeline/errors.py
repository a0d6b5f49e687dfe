"""Typed exceptions; the CLI turns them into one-line messages and exit codes."""


class TimelineError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(TimelineError):
    """An input file cannot be read as an article; the message names the problem."""


class ConfigError(TimelineError):
    """Settings that cannot work together (a missing input folder, a bad option)."""


class StrictModeError(TimelineError):
    """A problem was found while building with --strict."""
