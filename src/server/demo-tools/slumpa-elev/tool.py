"""Slumpa elev: drar elever ur en klasslista en i taget, utan att någon dras två gånger.

Första körningen (KÖR): klasslista (fil, valfri) eller namnlista (text). Sedan åtgärderna
"dra" (fält: lagg_tillbaka) och "borja_om". Tillståndet (state) håller listan och vilka som
dragits: {"v": 1, "namn": [...], "dragna": [index, ...]}.
"""

import json
import random

from skolfiler import load_class_list, sv_key
from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs
from tool_errors import ToolUserError


# ---------------------------------------------------------------------------------------------
# Dragningen

STATE_VERSION = 1
STATE_MAX_BYTES = 48 * 1024  # plattformens gräns är 64 KiB

DRAW_ACTION = {
    "action_id": "dra",
    "label": "Dra nästa elev",
    "kind": "form",
    "fields": [
        {"name": "lagg_tillbaka", "label": "Lägg tillbaka den senast dragna eleven (t.ex. frånvarande)", "kind": "boolean"},
    ],
    "prefill": {"lagg_tillbaka": False},
}
RESTART_ACTION = {"action_id": "borja_om", "label": "Börja om", "kind": "form", "fields": [], "prefill": {}}


def load_state(state):
    names = state.get("namn") if isinstance(state, dict) else None
    drawn = state.get("dragna") if isinstance(state, dict) else None
    if (
        not isinstance(names, list)
        or not names
        or not all(isinstance(n, str) for n in names)
        or not isinstance(drawn, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(names) for i in drawn)
    ):
        raise ToolUserError(
            "Klasslistan för dragningen finns inte längre. Ladda upp klasslistan och tryck KÖR igen för att börja en ny dragning."
        )
    unique = []
    for i in drawn:
        if i not in unique:
            unique.append(i)
    return names, unique


def make_state(names, drawn):
    state = {"v": STATE_VERSION, "namn": names, "dragna": drawn}
    if len(json.dumps(state, ensure_ascii=False).encode("utf-8")) > STATE_MAX_BYTES:
        raise ToolUserError("Klasslistan är för lång för dragningen. Använd en lista med en klass eller grupp åt gången.")
    return state


def history_markdown(names, drawn):
    if not drawn:
        return "*Ingen har dragits än.*"
    lines = [f"{n}. {names[i]}" for n, i in enumerate(drawn, start=1)]
    return "**Dragna hittills:**\n\n" + "\n".join(lines)


def remaining_markdown(names, drawn):
    left = [names[i] for i in range(len(names)) if i not in set(drawn)]
    if not left:
        return "**Kvar i potten:** ingen – alla har dragits."
    return f"**Kvar i potten ({len(left)}):** " + ", ".join(sorted(left, key=sv_key))


def first_run():
    inputs = read_inputs()
    names, duplicates, sources = load_class_list(list_input_files(), inputs.get("namnlista"))
    state = make_state(names, [])
    outputs = [{
        "kind": "notice",
        "level": "info",
        "message": f"{len(names)} elever i potten (från {', '.join(sources)}). Tryck på Dra nästa elev för att dra den första.",
    }]
    if duplicates:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": "Dessa namn stod flera gånger i listan och är bara med en gång: " + ", ".join(sorted(set(duplicates), key=sv_key)) + ".",
        })
    outputs.append({
        "kind": "table",
        "title": "Klasslistan",
        "columns": [{"key": "nr", "label": "Nr"}, {"key": "namn", "label": "Namn"}],
        "rows": [{"nr": i, "namn": n} for i, n in enumerate(names, start=1)],
    })
    return {"outputs": outputs, "next_actions": [DRAW_ACTION], "state": state}


def draw(names, drawn, action_input):
    outputs = []
    if action_input.get("lagg_tillbaka") is True and drawn:
        returned = drawn.pop()
        outputs.append({"kind": "notice", "level": "info", "message": f"{names[returned]} är tillbaka i potten och kan dras igen."})
    left = [i for i in range(len(names)) if i not in set(drawn)]
    if not left:
        outputs.append({"kind": "notice", "level": "info", "message": "Alla elever har redan dragits. Tryck på Börja om för att lägga tillbaka alla."})
        outputs.append({"kind": "markdown", "markdown": history_markdown(names, drawn)})
        return {"outputs": outputs, "next_actions": [RESTART_ACTION], "state": make_state(names, drawn)}
    pick = random.SystemRandom().choice(left)
    drawn.append(pick)
    remaining = len(names) - len(drawn)
    outputs.insert(0, {"kind": "markdown", "markdown": f"## Nästa elev\n\n# 🎯 {names[pick]}"})
    outputs.append({
        "kind": "notice",
        "level": "info",
        "message": f"Dragning {len(drawn)} av {len(names)} · {remaining} kvar i potten."
        + ("" if remaining else " Nu har alla dragits – tryck på Börja om för att lägga tillbaka alla."),
    })
    outputs.append({"kind": "markdown", "markdown": history_markdown(names, drawn) + "\n\n" + remaining_markdown(names, drawn)})
    actions = [DRAW_ACTION, RESTART_ACTION] if remaining else [RESTART_ACTION]
    return {"outputs": outputs, "next_actions": actions, "state": make_state(names, drawn)}


def restart(names):
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"Alla {len(names)} elever är tillbaka i potten."},
            {"kind": "markdown", "markdown": remaining_markdown(names, [])},
        ],
        "next_actions": [DRAW_ACTION],
        "state": make_state(names, []),
    }


def run_tool(input_dir, output_dir):
    action_id, action_input, state = get_action_parts()
    if action_id is None:
        return first_run()
    names, drawn = load_state(state)
    if action_id == "dra":
        return draw(names, drawn, action_input)
    if action_id == "borja_om":
        return restart(names)
    raise ToolUserError("Okänd åtgärd. Tryck KÖR igen med klasslistan för att börja en ny dragning.")
