"""Passwords and passphrases for ribbon buttons, asked in Excel (the CLI's prompts, in a box).

What each action expects is the command line's contract (:mod:`xlcrm.cli.crypto`), as
fields of the action's options:

- 加密 Encrypt: option ``passphrase``, typed twice (the same text, or nothing runs);
- 解密 Decrypt: option ``passphrase``, typed once;
- 加密码 Protect: option ``new_password``, typed twice;
- any action that meets a password-protected file (去密码 Unprotect, 保留期 on a workbook
  that has an opening password, …) raises :class:`~xlcrm.errors.PasswordRequiredError`;
  the file password is then asked once and the action runs once more with it
  (``ActionRequest.password``), as ``run_and_report`` does on the command line.

Cancel in any box means nothing runs and nothing changes (:class:`Cancelled`). What is
typed lives in the request only: audit lines hold counts, the status bar step labels, and
the messages the user sees go through :meth:`Asker.scrub` as well, in case an error ever
quotes one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xlcrm.actions.registry import Action, ActionRequest, ActionResult, Options
from xlcrm.errors import PasswordRequiredError, XlcrmError
from xlcrm.excel import live
from xlcrm.text import Text, message

HIDDEN = "***"


class Cancelled(Exception):
    """The user pressed Cancel in an input box: stop quietly, nothing has run."""


@dataclass(frozen=True)
class Secret:
    """The option an action reads its secret from, and how to ask for it."""

    option: str
    twice: bool  # a new secret: typed twice, as the CLI's confirmation prompt
    name: Text  # what the box asks for


# The command line's options for the same actions (see the module docstring).
SECRETS: dict[str, Secret] = {
    "encrypt": Secret("passphrase", True, Text("加密口令", "passphrase")),
    "decrypt": Secret("passphrase", False, Text("加密时用的口令", "passphrase used to encrypt")),
    "protect": Secret("new_password", True, Text("新的打开密码", "new opening password")),
}


class Asker:
    """Asks through input boxes and remembers what was typed, only to keep it out of messages."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._typed: list[str] = []

    def ask(self, prompt: Text) -> str:
        """One input box; :class:`Cancelled` on Cancel, an error when nothing was typed."""
        answer = live.ask_secret(self.app, str(prompt))
        if answer is None:
            raise Cancelled
        if not answer:
            raise XlcrmError("nothing_typed")
        self._typed.append(answer)
        return answer

    def options_for(self, action: Action[Any]) -> Options:
        """The action's default options, with the secret it needs asked before it runs."""
        options = action.default_options()
        secret = SECRETS.get(action.name)
        if secret is None:
            return options
        first = self.ask(message("ask_secret", secret=secret.name))
        if secret.twice:
            again = self.ask(message("ask_secret_again", secret=secret.name))
            if again != first:
                raise XlcrmError("secrets_differ", secret=secret.name)
        return dataclasses.replace(options, **{secret.option: first})

    def run(
        self, run: Callable[[ActionRequest[Any]], ActionResult], request: ActionRequest[Any]
    ) -> ActionResult:
        """``run(request)``; on a password-protected file, ask its password and run once more."""
        try:
            return run(request)
        except PasswordRequiredError:
            if request.password is not None:
                raise
            name = request.path.name
            password = self.ask(message("ask_file_password", name=name))
        return run(dataclasses.replace(request, password=password))

    def scrub(self, message: str) -> str:
        """``message`` with anything typed in a box replaced by ***."""
        for typed in sorted(self._typed, key=len, reverse=True):
            message = message.replace(typed, HIDDEN)
        return message
