"""The file of a saved retention plan (``xlcrm retention --plan F``), JSON.

Written like every file xlcrm writes (a temporary file, fsync, rename; in the manifest),
read back strictly: a file that is not a plan xlcrm wrote is one sentence. What a plan
holds and how it is applied: :mod:`xlcrm.core.retention.saved`.
"""

from __future__ import annotations

import json
from pathlib import Path

from xlcrm.core.retention.saved import SavedPlan
from xlcrm.errors import SettingsError
from xlcrm.io.writer import replace_atomically

PLAN_KIND = "plan"


def save_plan_file(path: Path, saved: SavedPlan) -> Path:
    """Write ``saved`` to ``path`` (replacing an earlier plan there)."""
    if not path.parent.is_dir():
        raise SettingsError("retention_plan_folder_missing", folder=path.parent)
    text = json.dumps(saved.to_json(), ensure_ascii=False, indent=1)

    def write(temp: Path) -> None:
        temp.write_text(text + "\n", encoding="utf-8")

    replace_atomically(path, write, kind=PLAN_KIND)
    return path


def load_plan_file(path: Path) -> SavedPlan:
    """The plan saved at ``path``; one sentence when it is missing or not a plan."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError("retention_plan_missing", path=path) from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise SettingsError("retention_plan_damaged") from None
    return SavedPlan.from_json(data)
