"""Live output of a running tool: its stdout/stderr and its progress messages, sent to the
host while the tool runs. Used by _runner_impl.py (the parent, PID 1); the protocol is in
runner-image/README.md ("Live frames").

Why the container's stderr and not the tool's: the tool's fd 1/2 are pipes to the parent,
and the parent is non-dumpable, so nothing the tool writes can reach the container's own
stderr. Every frame on it is written here, from what the parent captured: the live text is
exactly the prefix of the stored logs (same 200,000-byte caps, same truncation flags), and no
extra copy of the output is held.

A frame is one line: b"\\x1e" + compact JSON + b"\\n" (JSON escapes every control character,
so a frame never contains a newline). The host still treats every frame as untrusted.
"""

import codecs
import math
import os
import time

import _runner_json as json

FRAME_MARK = b"\x1e"
FLUSH_SECONDS = 0.25  # at most four pushes a second; a lone print goes out at once
FRAME_TEXT_BYTES = 8192  # raw bytes per frame: JSON escaping keeps a line under 64 KiB
PROGRESS_MESSAGE_CHARS = 200
PROGRESS_LINE_BYTES = 4096  # a longer line on the progress pipe is dropped

# Set in the tool's process (the forked child) to the write end of the progress pipe;
# skriptoteket_toolkit.progress() writes there. None outside a run: progress() is a no-op.
PROGRESS_FD = None


def clean_progress(message, fraction):
    """(message, fraction) as the platform shows them, or None when there is nothing to show.
    Shared by the toolkit (the tool's side) and the parent (which re-checks what arrives)."""
    if not isinstance(message, str):
        message = str(message)
    message = " ".join(message.split())  # newlines, tabs, runs of spaces → one space
    message = "".join(ch for ch in message if ch.isprintable())
    if len(message) > PROGRESS_MESSAGE_CHARS:
        message = message[: PROGRESS_MESSAGE_CHARS - 1] + "…"
    if fraction is not None:
        if isinstance(fraction, bool) or not isinstance(fraction, (int, float)):
            raise TypeError("progress: fraction must be a number between 0 and 1, or None")
        fraction = float(fraction)
        if math.isnan(fraction):
            raise ValueError("progress: fraction must be a number between 0 and 1, or None")
        fraction = min(1.0, max(0.0, fraction))
    if not message and fraction is None:
        return None
    return message, fraction


class ProgressReader:
    """The parent's end of the progress pipe. Keeps only the latest complete line (older
    updates are worthless once a newer one arrived), so a tool that reports in a tight loop
    costs a read per 64 KiB, not a frame per call."""

    def __init__(self):
        self.partial = bytearray()
        self.skipping = False
        self.latest = None

    def add(self, chunk):
        end = chunk.rfind(b"\n")
        if end < 0:
            self._keep_partial(chunk)
            return
        start = chunk.rfind(b"\n", 0, end) + 1
        if start == 0 and (self.partial or self.skipping):
            line = None if self.skipping else bytes(self.partial) + chunk[:end]
        else:
            line = chunk[start:end]
        self.partial.clear()
        self.skipping = False
        if line is not None and len(line) <= PROGRESS_LINE_BYTES:
            self.latest = line
        self._keep_partial(chunk[end + 1:])

    def _keep_partial(self, data):
        if self.skipping or not data:
            return
        if len(self.partial) + len(data) > PROGRESS_LINE_BYTES:
            self.partial.clear()
            self.skipping = True
        else:
            self.partial += data

    def take(self):
        """The latest update as (message, fraction), validated; None when none is new."""
        line, self.latest = self.latest, None
        if line is None:
            return None
        try:
            value = json.loads(line)
            return clean_progress(value["message"], value.get("fraction"))
        except Exception:  # noqa: BLE001 - the tool wrote something else on the pipe
            return None


class LiveRelay:
    """Sends new captured output and the latest progress to the host as frames on fd 2.

    Flushes at once when the last flush is FLUSH_SECONDS old, else at that mark; the
    supervision loop asks `timeout()` how long it may sleep."""

    def __init__(self, captures, progress, fd=2):
        self.captures = captures  # {"stdout": _Capture, "stderr": _Capture}
        self.sent = {name: 0 for name in captures}
        self.flagged = {name: False for name in captures}
        self.decoders = {name: codecs.getincrementaldecoder("utf-8")("replace") for name in captures}
        self.progress = progress
        self.fd = fd
        self.last_flush = 0.0
        self.broken = False

    def pending(self):
        if self.broken:
            return False
        if self.progress.latest is not None:
            return True
        return any(
            len(capture.data) > self.sent[name] or (capture.truncated and not self.flagged[name])
            for name, capture in self.captures.items()
        )

    def timeout(self, now):
        """Seconds until the next flush is due, or None when nothing waits."""
        if not self.pending():
            return None
        return max(0.0, self.last_flush + FLUSH_SECONDS - now)

    def maybe_flush(self, now):
        if self.pending() and now - self.last_flush >= FLUSH_SECONDS:
            self.flush(now)

    def flush(self, now=None, final=False):
        if self.broken:
            return
        self.last_flush = time.monotonic() if now is None else now
        frames = []
        for name, capture in self.captures.items():
            data = capture.data
            start, end = self.sent[name], len(data)
            decoder = self.decoders[name]
            while start < end:
                stop = min(end, start + FRAME_TEXT_BYTES)
                text = decoder.decode(bytes(data[start:stop]))
                if text:
                    frames.append({"type": "log", "stream": name, "text": text})
                start = stop
            self.sent[name] = end
            if final and not capture.truncated:
                tail = decoder.decode(b"", True)
                if tail:
                    frames.append({"type": "log", "stream": name, "text": tail})
            if capture.truncated and not self.flagged[name]:
                self.flagged[name] = True
                frames.append({"type": "truncated", "stream": name})
        update = self.progress.take()
        if update is not None:
            frames.append({"type": "progress", "message": update[0], "fraction": update[1]})
        if not frames:
            return
        payload = b"".join(
            FRAME_MARK + json.dumps(frame, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace") + b"\n"
            for frame in frames
        )
        view = memoryview(payload)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError:
            self.broken = True  # the host stopped listening; the stored logs still go out
