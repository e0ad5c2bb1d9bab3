"""json.loads and json.dumps for the wrapper, on the standard library's own C accelerator
(_json) without importing the json package.

`import json` costs about 10 ms at every start here, nearly all of it the `re` module (and
enum, functools, collections behind it) that json needs only for its pure-Python fallback:
a fifth of a trivial run's own time in its container (runner-image/README.md, "Start-up").
The C scanner and encoder are the very code json.loads and json.dumps run, so the results
are byte for byte the same; only an error's message may be built by json.decoder (which the
C code imports for its JSONDecodeError, a ValueError), on the rare bad input.

A tool that imports json pays for it itself, as a cold run always did.
"""

import _json

_WHITESPACE = " \t\n\r"
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _DecoderContext:
    """The attributes _json.make_scanner reads: json.JSONDecoder's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


_scan_once = _json.make_scanner(_DecoderContext())


def loads(text):
    """json.loads(text) for a str (bytes are decoded as UTF-8 first); ValueError when it is not JSON."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8")
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _scan_once(text, start)
    except StopIteration:
        raise ValueError("Expecting value") from None
    if text[end:].strip(_WHITESPACE):
        raise ValueError("Extra data")
    return value


def _unserializable(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value, ensure_ascii=True, allow_nan=True, separators=(", ", ": ")):
    """json.dumps(value, ensure_ascii=..., allow_nan=..., separators=...): TypeError for a value
    JSON has no form for, ValueError for a cycle or (allow_nan=False) NaN and infinities."""
    item_separator, key_separator = separators
    encode = _json.make_encoder(
        {},  # markers: detects cycles
        _unserializable,
        _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring,
        None,  # indent
        key_separator,
        item_separator,
        False,  # sort_keys
        False,  # skipkeys
        allow_nan,
    )
    return "".join(encode(value, 0))
