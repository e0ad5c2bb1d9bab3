"""Helpers for reading what the platform hands a tool run (runner contract §2-§3).

Every reader is forgiving: missing or malformed data gives an empty value, never an
exception, so a tool can call them unconditionally.
"""

import json
import os
import sys

__all__ = [
    "read_inputs",
    "read_settings",
    "read_memory",
    "list_input_files",
    "read_input_manifest",
    "read_action",
    "get_action_parts",
    "progress",
]


def _json_from_env(name):
    raw = os.environ.get(name, "")
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _json_from_file(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError):
        return None


def read_inputs() -> dict:
    """The form values (SKRIPTOTEKET_INPUTS); {} when missing or invalid."""
    value = _json_from_env("SKRIPTOTEKET_INPUTS")
    return value if isinstance(value, dict) else {}


def read_memory() -> dict:
    """The whole memory.json (SKRIPTOTEKET_MEMORY_PATH); {} when missing or invalid."""
    path = os.environ.get("SKRIPTOTEKET_MEMORY_PATH", "").strip()
    if not path:
        return {}
    value = _json_from_file(path)
    return value if isinstance(value, dict) else {}


def read_settings() -> dict:
    """memory.json's "settings": the user's saved settings; {} when missing or invalid."""
    settings = read_memory().get("settings")
    return settings if isinstance(settings, dict) else {}


def read_input_manifest() -> dict:
    """SKRIPTOTEKET_INPUT_MANIFEST as a dict; {"files": []} when missing or invalid."""
    value = _json_from_env("SKRIPTOTEKET_INPUT_MANIFEST")
    return value if isinstance(value, dict) else {"files": []}


def list_input_files() -> list:
    """The manifest's files: [{"name", "path", "bytes"}]; [] when missing or invalid.

    Malformed entries are skipped.
    """
    files = read_input_manifest().get("files")
    if not isinstance(files, list):
        return []
    result = []
    for item in files:
        if not isinstance(item, dict):
            continue
        name, path, size = item.get("name"), item.get("path"), item.get("bytes")
        if (
            isinstance(name, str)
            and isinstance(path, str)
            and isinstance(size, int)
            and not isinstance(size, bool)
        ):
            result.append({"name": name, "path": path, "bytes": size})
    return result


def read_action():
    """SKRIPTOTEKET_ACTION as {"action_id", "input", "state"}; None when not an action run
    (or when the value is malformed)."""
    value = _json_from_env("SKRIPTOTEKET_ACTION")
    if not isinstance(value, dict):
        return None
    action_id = value.get("action_id")
    if not isinstance(action_id, str) or not action_id.strip():
        return None
    action_input = value.get("input")
    state = value.get("state")
    return {
        "action_id": action_id.strip(),
        "input": action_input if isinstance(action_input, dict) else {},
        "state": state if isinstance(state, dict) else {},
    }


def get_action_parts():
    """(action_id, input, state) of an action run; (None, {}, {}) otherwise."""
    action = read_action()
    if action is None:
        return None, {}, {}
    return action["action_id"], action["input"], action["state"]


def progress(message: str, fraction: float | None = None) -> None:
    """Shows the person who pressed KÖR a short live status, e.g. progress("Läser 7B.xlsx",
    0.4): the latest message (at most 200 characters, on one line) under the running timer,
    and a bar when `fraction` (0-1, clamped) is given. Teachers never see the tool's
    print()s; this is what they see instead.

    Cheap enough to call per row: the platform shows at most four updates a second (the
    latest wins) and drops updates it cannot keep up with. A no-op outside a run (e.g. when
    the script is tried with plain python3). Raises TypeError/ValueError for a fraction
    that is not a number (or is NaN): a mistake in the tool, shown in the Testyta.
    """
    live = sys.modules.get("_runner_live")
    cleaned = _clean_progress(message, fraction, live)
    fd = getattr(live, "PROGRESS_FD", None)
    if cleaned is None or fd is None:
        return
    line = json.dumps({"message": cleaned[0], "fraction": cleaned[1]}, ensure_ascii=False) + "\n"
    try:
        os.write(fd, line.encode("utf-8", "replace"))  # < PIPE_BUF: all or nothing
    except OSError:
        pass  # pipe full (the wrapper is behind) or closed: this update is skipped


def _clean_progress(message, fraction, live):
    if live is not None:
        return live.clean_progress(message, fraction)
    # Outside the runner: the same argument checks, nothing is sent.
    if fraction is not None and (isinstance(fraction, bool) or not isinstance(fraction, (int, float))):
        raise TypeError("progress: fraction must be a number between 0 and 1, or None")
    if fraction is not None and fraction != fraction:
        raise ValueError("progress: fraction must be a number between 0 and 1, or None")
    return None
