"""The ``xlcrm`` command line (:mod:`xlcrm.cli.app`); ``main`` is the console script."""

from __future__ import annotations


def main() -> None:
    """Run the ``xlcrm`` command line (imported on call, so ``import xlcrm.cli`` stays light)."""
    from xlcrm.cli.app import main as run

    run()
