"""Progress of long work: every layer may report it, only entry points draw it.

Long work reports progress as (step label, done, total). The command line draws a bar on
stderr, the Excel add-in writes the status bar, tests and the library pass nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from xlcrm.text import Text

Progress = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    """The progress reporter used when nobody is watching."""


def step_label(text: Text) -> str:
    """A step as a progress bar shows it: both languages and an ellipsis ("写入 writing…")."""
    return f"{text.both()}…"
