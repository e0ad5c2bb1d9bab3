"""Skriptoteket runner wrapper: the command (and PID 1) of every run container.

    python3 -B /opt/skriptoteket/_runner.py     (a stub that imports this module and calls run())

Host protocol (see runner-image/README.md for the full text):

- stdin: one uncompressed tar holding `job.json` (the run's environment, kept in memory),
  `script.py`, `memory.json` and `input/<name>`. Only regular files with exactly those
  names are unpacked into /work; everything else is ignored. stdin is read to EOF, so the
  host must close it. `job.json`'s "env" goes into os.environ before the tool is loaded,
  so a container created before its run (the warm pool) gives the tool exactly the
  environment of RUNNER-CONTRACT §2.
- `_runner.py --preload` (pool containers): write "ready" on fd 2 at once and wait on stdin.
  Before the job tar the host may send the byte 0x01: "preload now" — the wrapper imports
  the heavy libraries, writes "preloaded" on fd 2 and waits again. The host asks only while
  the machine has CPU to spare, so a pool refilled during a burst of runs costs no more than
  a cold start. Without --preload (a cold run) nothing is preloaded and nothing is written.
- The tool runs in a forked child whose fd 1/2 are pipes. The parent keeps the first
  200,000 bytes of each, enforces SKRIPTOTEKET_TIMEOUT_SECONDS, reaps and finally kills
  every other process in the container, and detects out-of-memory kills.
- stdout: one uncompressed tar: logs/meta.json, logs/stdout, logs/stderr, result.json,
  then output/<relpath> for every regular file under /work/output (none on timeout), and
  last an empty `end` entry.
- fd 2 of the container carries the wrapper's own diagnostics and, while the tool runs, live
  frames (its captured output and progress; _runner_live.py) for the host.

Imports are kept to the minimum on purpose: on a cold run this runs before every tool,
and a tool's own imports (pandas, ...) must not be paid for by tools that do not use them.
A pool container pays for PRELOAD while it waits, before any run exists, when the host asks.
"""

import os
import select
import sys

# The C module under `signal`: the Python one wraps every constant in enum, and enum (with
# functools and collections behind it) is ~4 ms of every start.
import _signal as signal
import time

import _runner_json as json
import _runner_live
from _runner_tar import TarError, TarWriter, read_entries

WORK_DIR = "/work"
OUTPUT_DIR = "/work/output"
INPUT_DIR = "/work/input"
DEFAULT_TIMEOUT_SECONDS = 60.0
LOG_CAP = 200_000  # bytes kept of each of stdout/stderr (runner contract §6)
RESULT_CAP = 8 * 1024 * 1024  # = the host's default result.json cap; larger is refused, not buffered
ERROR_SUMMARY_CAP = 20_000
MAX_DEPTH = 50
MAX_NODES = 500_000
READ_CHUNK = 1 << 16
MPL_CACHE_SEED = "/opt/skriptoteket/mpl-cache"
CONTRACT_VERSION = 2
JOB_CONFIG_NAME = "job.json"
JOB_CONFIG_CAP = 8 * 1024 * 1024  # the host keeps each value under 128 KiB (execve's limit)
READY_LINE = b"skriptoteket-runner: ready\n"
PRELOADED_LINE = b"skriptoteket-runner: preloaded\n"
PRELOAD_REQUEST = b"\x01"  # never the first byte of a tar (a member name's first character)
# What a pool container imports while it waits (measured in runner-image/README.md, "Warm
# pool"): the libraries school tools import most, each saving its import time on every run
# that uses it, for idle memory that only pool containers pay. The platform's own helper
# modules (lib/) are not preloaded: they cost a few ms, and one that reads its environment
# at import must see the run's, not the pool's.
PRELOAD = (
    "numpy",
    "pandas",
    "openpyxl",
    "docx",
    "matplotlib",
    "matplotlib.pyplot",
    "traceback",
    "_runner_ffi",
)

MSG_TIMEOUT = "The tool did not finish within {seconds} seconds."
MSG_OOM = "The tool ran out of memory (limit reached)."
MSG_EXIT = "Tool execution failed (exit code {code})."
MSG_EXCEPTION = "Tool execution failed ({name})."
MSG_BAD_JOB = "The run's files could not be unpacked."
MSG_NO_SCRIPT = "The tool script is missing."
MSG_NO_ENTRYPOINT = "Entrypoint '{name}' was not found in the script."
MSG_BAD_RETURN = "The tool returned {type_name}; expected str or dict."
MSG_TOO_DEEP = "The tool's result is nested too deeply (more than 50 levels)."
MSG_TOO_BIG = "The tool's result is too large."


def _diag(message):
    _write_status(("skriptoteket-runner: " + message + "\n").encode("utf-8", "replace"))


def _result(status, error_summary=None, outputs=None, next_actions=None, state=None, artifacts=None):
    if error_summary is not None:
        error_summary = _cap_text(error_summary, ERROR_SUMMARY_CAP)
    return {
        "contract_version": CONTRACT_VERSION,
        "status": status,
        "error_summary": error_summary,
        "outputs": outputs if outputs is not None else [],
        "next_actions": next_actions if next_actions is not None else [],
        "state": state if state is not None else {},
        "artifacts": artifacts if artifacts is not None else [],
    }


def _failed(summary):
    return _result("failed", summary)


def _cap_text(text, limit):
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def _utf8_safe_cut(data):
    """Drop a trailing, incomplete UTF-8 sequence left by a byte cut."""
    end = len(data)
    i = end - 1
    while i >= 0 and end - i <= 3 and (data[i] & 0xC0) == 0x80:  # up to 3 continuation bytes
        i -= 1
    if i < 0 or data[i] < 0x80:
        return data
    lead = data[i]
    need = 2 if lead & 0xE0 == 0xC0 else 3 if lead & 0xF0 == 0xE0 else 4 if lead & 0xF8 == 0xF0 else 1
    return data[:i] if end - i < need else data


# ---------------------------------------------------------------------------------------
# Job unpacking (parent, before the fork)


def _job_member_path(name):
    """Where an archive entry goes under /work, or None to ignore it."""
    while name.startswith("./"):
        name = name[2:]
    if "\x00" in name:
        return None
    if name in ("script.py", "memory.json"):
        return os.path.join(WORK_DIR, name)
    parts = name.split("/")
    if len(parts) == 2 and parts[0] == "input" and parts[1] not in ("", ".", ".."):
        return os.path.join(INPUT_DIR, parts[1])
    return None


def _is_job_config(name):
    while name.startswith("./"):
        name = name[2:]
    return name == JOB_CONFIG_NAME


def _read_job_config(size, source):
    """job.json → {"env": {str: str}}; None (with a note) when it is not that."""
    if size > JOB_CONFIG_CAP:
        _diag("ignored an oversized job.json")
        return None
    try:
        config = json.loads(source.read(JOB_CONFIG_CAP + 1).decode("utf-8"))
    except ValueError:
        _diag("ignored a job.json that is not JSON")
        return None
    env = config.get("env") if isinstance(config, dict) else None
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and "=" not in k and "\x00" not in k + v
        for k, v in env.items()
    ):
        _diag("ignored a job.json without a valid env")
        return None
    return {"env": env}


def _unpack_job(stream):
    """Unpacks the job tar from `stream` into /work. Returns (ok, job config or None);
    ok is False on a broken archive."""
    ok = True
    config = None
    try:
        # An empty stdin is not an error: the run simply has no script.
        for name, regular, size, source in read_entries(stream):
            if _is_job_config(name) and regular and config is None:
                config = _read_job_config(size, source)
                continue
            path = _job_member_path(name)
            if path is None or not regular:
                _diag(f"ignored job entry {name!r}")
                continue
            try:
                fd = os.open(
                    path,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                    0o644,
                )
            except FileExistsError:
                _diag(f"ignored duplicate job entry {name!r}")
                continue
            with os.fdopen(fd, "wb") as target:
                while True:
                    chunk = source.read(1 << 20)
                    if not chunk:
                        break
                    target.write(chunk)
    except TarError as exc:
        _diag(f"broken job archive: {exc}")
        ok = False
    except OSError as exc:
        _diag(f"could not unpack the job: {type(exc).__name__}: {exc}")
        ok = False
    # Read to EOF: the host writes the whole archive and then closes stdin.
    try:
        while stream.read(READ_CHUNK):
            pass
    except OSError:
        pass
    return ok, config


def _apply_job_env(config):
    """The run's environment (RUNNER-CONTRACT §2) from job.json, before the tool is loaded.
    A value from the container's own environment (the smoke tests' `docker run -e`) stays
    unless job.json names it too."""
    if config is None:
        return
    for key, value in config["env"].items():
        os.environ[key] = value


def _preload():
    """Imports PRELOAD into this process, so the forked tool finds them in sys.modules.
    matplotlib gets the non-GUI Agg backend, as a cold run ends up with on a display-less
    host anyway. A library that fails to import is left to the tool (it gets the error)."""
    os.environ.setdefault("MPLBACKEND", "agg")  # the name a cold run resolves to
    for name in PRELOAD:
        try:
            __import__(name)
        except Exception as exc:  # noqa: BLE001
            _diag(f"preload of {name} failed: {type(exc).__name__}")
    # MPLBACKEND is ours, not the contract's: the tool's environment stays §2.
    os.environ.pop("MPLBACKEND", None)


def _serve_preload_requests(stream):
    """Before the job: each PRELOAD_REQUEST byte the host sends is answered by preloading
    (once) and PRELOADED_LINE. Returns at the job's first byte (left in the stream) or EOF."""
    preloaded = False
    while True:
        try:
            head = stream.peek(1)[:1]
        except OSError:
            return
        if head != PRELOAD_REQUEST:
            return
        stream.read(1)
        if not preloaded:
            _preload()
            preloaded = True
        _write_status(PRELOADED_LINE)


def _write_status(line):
    """A line on fd 2: the host's status lines (ready, preloaded) and the wrapper's diagnostics."""
    try:
        os.write(2, line)
    except OSError:
        pass


def _seed_matplotlib_cache():
    """Copies the font list built at image build time into the writable MPLCONFIGDIR, so a
    tool's first plot does not rescan every font (seconds)."""
    target = os.environ["MPLCONFIGDIR"]
    try:
        names = [n for n in os.listdir(MPL_CACHE_SEED) if n.endswith(".json")]
    except OSError:
        return
    try:
        os.makedirs(target, mode=0o700, exist_ok=True)
        for name in names:
            with open(os.path.join(MPL_CACHE_SEED, name), "rb") as src:
                data = src.read()
            with open(os.path.join(target, name), "xb") as dst:
                dst.write(data)
    except OSError:
        pass


# ---------------------------------------------------------------------------------------
# The child: runs the tool (runner contract §5)


def _json_key(key):
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


class _TooDeep(Exception):
    pass


class _TooBig(Exception):
    pass


class _Coercer:
    """Turns a tool's return value into plain JSON data (dict/list/str/int/float/bool/None).

    numpy/pandas scalars and arrays become their Python values, dates become ISO text,
    NaN/Infinity become null, anything else its str(). Depth and size are bounded, which
    also stops self-referencing structures.
    """

    def __init__(self):
        self.nodes = 0

    def __call__(self, value, depth=1):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig()
        if value is None or value is True or value is False:
            return value
        if isinstance(value, str):
            return str(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return value if value - value == 0 else None  # NaN and ±Infinity → null
        if depth > MAX_DEPTH:
            raise _TooDeep()
        if isinstance(value, dict):
            return {_json_key(k): self(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self(v, depth + 1) for v in value]
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("utf-8", "replace")
        module = type(value).__module__ or ""
        if module.startswith(("numpy", "pandas")):
            for method in ("tolist", "item"):
                convert = getattr(value, method, None)
                if callable(convert):
                    try:
                        converted = convert()
                    except Exception:  # noqa: BLE001 - e.g. item() of a many-element array
                        continue
                    if converted is not value:
                        return self(converted, depth)
        isoformat = getattr(value, "isoformat", None)
        if callable(isoformat):
            try:
                text = isoformat()
                if isinstance(text, str):
                    return text
            except Exception:  # noqa: BLE001
                pass
        return str(value)


def _collect_artifacts():
    artifacts = []
    stack = [OUTPUT_DIR]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    rel = os.path.relpath(entry.path, WORK_DIR)
                    artifacts.append({"path": rel, "bytes": entry.stat(follow_symlinks=False).st_size})
            except OSError:
                continue
    artifacts.sort(key=lambda a: a["path"])
    return artifacts


def _syntax_error_summary(exc):
    name = type(exc).__name__
    message = exc.msg or "invalid syntax"
    line, column = exc.lineno, exc.offset
    where = []
    if line:
        where.append(f"line {line}")
    if column:
        where.append(f"column {column}")
    summary = f"{name}: {message}" + (f" ({', '.join(where)})" if where else "")
    text = exc.text
    if text:
        text = text.rstrip("\r\n")
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        if len(stripped) <= 500:
            summary += "\n    " + stripped
            if column and column - 1 >= indent:
                start = column - 1 - indent
                width = 1
                end_line, end_column = getattr(exc, "end_lineno", None), getattr(exc, "end_offset", None)
                if end_line == line and end_column and end_column > column:
                    width = end_column - column
                width = max(1, min(width, len(stripped) - start)) if start < len(stripped) else 1
                summary += "\n    " + " " * start + "^" * width
    return summary


def _is_tool_user_error(exc):
    tool_errors = sys.modules.get("tool_errors")
    cls = getattr(tool_errors, "ToolUserError", None) if tool_errors else None
    if cls is not None and isinstance(exc, cls):
        return True
    # A tool may define its own ToolUserError; honour it by name.
    return any(klass.__name__ == "ToolUserError" for klass in type(exc).__mro__)


def _exception_result(exc, tb):
    if _is_tool_user_error(exc):
        message = getattr(exc, "safe_message", None)
        if not isinstance(message, str):
            try:
                message = str(exc)
            except Exception:  # noqa: BLE001
                message = ""
        return _failed(message.strip() or "An error occurred.")
    try:
        import traceback  # only on failure: it costs a few ms at every start otherwise

        traceback.print_exception(type(exc), exc, tb, file=sys.stderr)
    except Exception:  # noqa: BLE001
        pass
    if isinstance(exc, MemoryError):
        # Whether a huge allocation fails (MemoryError) or succeeds and gets the process
        # OOM-killed depends on the machine's overcommit; report both the same way.
        return _failed(MSG_OOM)
    return _failed(MSG_EXCEPTION.format(name=type(exc).__name__))


def _compile(source, path):
    """compile(source, path, "exec", dont_inherit=True); through the C API when it can, which
    saves the builtin's ~2.5 ms of AST classes (see _runner_ffi.py)."""
    ffi = sys.modules.get("_runner_ffi")
    if ffi is None or b"\0" in source:
        return compile(source, path, "exec", dont_inherit=True)
    return ffi.compile_module(source, path)


def _run_tool(env):
    """Compile, load and call the tool. Returns the result dict; never raises."""
    script_path = env.get("SKRIPTOTEKET_SCRIPT_PATH") or os.path.join(WORK_DIR, "script.py")
    entrypoint = (env.get("SKRIPTOTEKET_ENTRYPOINT") or "run_tool").strip() or "run_tool"
    input_dir = env.get("SKRIPTOTEKET_INPUT_DIR") or INPUT_DIR
    output_dir = env.get("SKRIPTOTEKET_OUTPUT_DIR") or OUTPUT_DIR

    try:
        with open(script_path, "rb") as f:
            source = f.read()
    except OSError:
        return _failed(MSG_NO_SCRIPT)

    try:
        code = _compile(source, script_path)
    except SyntaxError as exc:
        import traceback

        traceback.print_exception(type(exc), exc, None, file=sys.stderr)
        return _failed(_syntax_error_summary(exc))
    except ValueError as exc:  # e.g. NUL bytes on older Pythons
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return _failed(f"SyntaxError: {exc}")
    del source

    module = type(sys)("tool_script")
    module.__file__ = script_path
    sys.modules["tool_script"] = module  # dataclasses, pickle etc. look the module up
    sys.argv = [script_path]
    try:
        exec(code, module.__dict__)
        function = module.__dict__.get(entrypoint)
        if not callable(function):
            return _failed(MSG_NO_ENTRYPOINT.format(name=entrypoint[:128]))
        value = function(input_dir, output_dir)
    except BaseException as exc:  # noqa: BLE001 - the tool boundary
        # Hide this wrapper's own frame from the traceback the tool author sees.
        tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
        return _exception_result(exc, tb)

    try:
        if isinstance(value, str):
            return _result("succeeded", outputs=[{"kind": "html_sandboxed", "html": str(value)}])
        if isinstance(value, dict):
            coerce = _Coercer()
            outputs = value.get("outputs")
            next_actions = value.get("next_actions")
            state = value.get("state")
            return _result(
                "succeeded",
                outputs=coerce(outputs) if outputs is not None else [],
                next_actions=coerce(next_actions) if next_actions is not None else [],
                state=coerce(state) if state is not None else {},
            )
        return _failed(MSG_BAD_RETURN.format(type_name=type(value).__name__))
    except _TooDeep:
        return _failed(MSG_TOO_DEEP)
    except _TooBig:
        return _failed(MSG_TOO_BIG)
    except BaseException as exc:  # noqa: BLE001 - e.g. a __str__ that raises
        return _exception_result(exc, exc.__traceback__)


BIG_INTEGER_TAG = "$skriptoteket_int"


def _restored(value):
    if isinstance(value, list):
        return [_restored(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get(BIG_INTEGER_TAG), str):
            digits = value[BIG_INTEGER_TAG]
            body = digits[1:] if digits.startswith("-") else digits
            # 4300: Python's int-from-text limit; the host tags only integers of 16+ digits.
            if 16 <= len(body) <= 4300 and body.isascii() and body.isdigit():
                return int(digits)
        return {key: _restored(item) for key, item in value.items()}
    return value


def _restore_big_integers(env):
    """The host keeps integers beyond 2^53 in a tool's state exact as {"$skriptoteket_int":
    "<digits>"} (JavaScript would round them; src/server/execution/big-integers.ts): the tool
    gets its ints back in SKRIPTOTEKET_ACTION's state. Without a tag the text is untouched."""
    text = env.get("SKRIPTOTEKET_ACTION")
    if not text or BIG_INTEGER_TAG not in text:
        return
    try:
        action = json.loads(text)
        if isinstance(action, dict) and isinstance(action.get("state"), dict):
            action["state"] = _restored(action["state"])
            env["SKRIPTOTEKET_ACTION"] = json.dumps(action, ensure_ascii=False)
    except ValueError:  # not JSON, or not encodable as an environment value: left as it was
        pass


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _child(out_w, err_w, result_w, close_fds, ffi, progress_w=None):
    """Runs in the forked child. Never returns."""
    me = os.getpid()
    code = 0
    try:
        _runner_live.PROGRESS_FD = progress_w  # for skriptoteket_toolkit.progress()
        _set_dumpable(ffi, 1)  # the tool is an ordinary process again
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for fd in close_fds:
            os.close(fd)
        try:
            os.setpgid(0, 0)
        except OSError:
            pass
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(devnull)
        os.close(out_w)
        os.close(err_w)
        # Make the tool, not the wrapper, the OOM killer's choice (raising is always allowed).
        try:
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("1000")
        except OSError:
            pass
        try:
            sys.stdout.reconfigure(line_buffering=True)  # keep output of a run that times out
        except Exception:  # noqa: BLE001
            pass
        os.chdir(WORK_DIR)

        _restore_big_integers(os.environ)
        result = _run_tool(os.environ)
        if os.getpid() != me:
            # A process the tool forked returned into the wrapper: it must not report.
            os._exit(0)
        if result["status"] == "succeeded":
            result["artifacts"] = _collect_artifacts()
        # "replace": a lone surrogate (e.g. a non-UTF-8 file name) must not make the JSON
        # invalid UTF-8.
        data = json.dumps(result, ensure_ascii=False, allow_nan=False).encode("utf-8", "replace")
        _write_all(result_w, data)
        os.close(result_w)
        # /work/result.json for contract parity (runner contract §5); the authoritative copy
        # went to the parent above, so a full /work only loses this file.
        result_path = os.environ.get("SKRIPTOTEKET_RESULT_PATH") or os.path.join(WORK_DIR, "result.json")
        try:
            try:
                os.unlink(result_path)
            except FileNotFoundError:
                pass
            fd = os.open(result_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        except OSError:
            pass
    except BaseException:  # noqa: BLE001
        if os.getpid() != me:
            os._exit(0)
        try:
            import traceback

            traceback.print_exc()
        except Exception:  # noqa: BLE001
            pass
        code = 70
    _exit_like_python(code)


def _exit_like_python(code):
    """What a normal interpreter exit does that matters to a tool, without the full
    finalization (~10 ms even for a trivial tool, far more after pandas): wait for
    non-daemon threads, run atexit handlers, flush stdout/stderr. Not done: flushing
    file objects that the tool left open in globals (close your files)."""
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
    except BaseException:  # noqa: BLE001
        pass
    try:
        import atexit

        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass
    os._exit(code)


# ---------------------------------------------------------------------------------------
# The parent: supervision


def _read_counter(path, key):
    try:
        with open(path, "rb") as f:
            for line in f.read().decode("ascii", "replace").splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == key:
                    return int(parts[1])
    except (OSError, ValueError):
        pass
    return None


def _oom_kill_count():
    """The container's cgroup OOM-kill counter: cgroup v2 memory.events, else cgroup v1
    memory.oom_control (kernel >= 4.13). None when neither is visible."""
    for path, key in (
        ("/sys/fs/cgroup/memory.events", "oom_kill"),
        ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"),
    ):
        value = _read_counter(path, key)
        if value is not None:
            return value
    return None


def _set_dumpable(ffi, value):
    if ffi is not None:
        try:
            ffi.set_dumpable(value)
        except Exception:  # noqa: BLE001
            pass


def _load_ffi():
    """prctl() and the compiler's C entry (_runner_ffi.py). Without them the run still works:
    unprotected (the tool could ptrace the wrapper) and with the builtin compile()."""
    try:
        import _runner_ffi

        return _runner_ffi
    except Exception as exc:  # noqa: BLE001
        _diag(f"no prctl: {exc}")
        return None


def _may_kill_all():
    """kill(-1) is only safe as init of the container's PID namespace (or its child under
    docker-init/tini). Anywhere else it would hit every process of the user."""
    if os.getpid() == 1:
        return True
    if os.getppid() == 1:
        try:
            with open("/proc/1/comm", "rb") as f:
                return f.read().strip() in (b"docker-init", b"tini")
        except OSError:
            return False
    return False


def _kill_others(child_pid, kill_all):
    try:
        os.killpg(child_pid, signal.SIGKILL)
    except OSError:
        pass
    if kill_all:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass


class _Capture:
    def __init__(self, cap):
        self.cap = cap
        self.data = bytearray()
        self.truncated = False

    def add(self, chunk):
        room = self.cap - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        if len(chunk) > room:
            self.truncated = True

    def value(self):
        data = bytes(self.data)
        return _utf8_safe_cut(data) if self.truncated else data


def _supervise(child_pid, readers, wake_r, deadline, live=None):
    """Pumps the pipes until the child exits or the deadline passes, handing new output to
    `live` (a _runner_live.LiveRelay) at most every FLUSH_SECONDS.

    Returns (wait_status or None, timed_out). Reaps every other process that exits (as
    container init, orphans of the tool are reparented to us)."""
    poller = select.poll()
    for fd in readers:
        poller.register(fd, select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    status = None
    while True:
        while True:  # reap
            try:
                pid, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == child_pid:
                status = st
        if status is not None:
            return status, False
        now = time.monotonic()
        remaining = deadline - now
        if remaining <= 0:
            return None, True
        wait = remaining
        if live is not None:
            live.maybe_flush(now)
            due = live.timeout(now)
            if due is not None:
                wait = min(wait, due)
        for fd, _event in poller.poll(max(1, int(wait * 1000) + 1)):
            if fd == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except OSError:
                    pass
                continue
            _pump(fd, readers, poller)


def _pump(fd, readers, poller):
    try:
        chunk = os.read(fd, READ_CHUNK)
    except BlockingIOError:
        return
    except OSError:
        chunk = b""
    if chunk:
        readers[fd].add(chunk)
    else:
        poller.unregister(fd)
        os.close(fd)
        del readers[fd]


def _drain(readers, seconds):
    """After every writer is dead: read what is left in the pipes."""
    poller = select.poll()
    for fd in readers:
        poller.register(fd, select.POLLIN)
    deadline = time.monotonic() + seconds
    while readers:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        events = poller.poll(int(remaining * 1000) + 1)
        if not events:
            break
        for fd, _event in events:
            if fd in readers:
                _pump(fd, readers, poller)
    for fd in list(readers):
        os.close(fd)
        del readers[fd]


def _reap_all(child_pid, status):
    """Waits for the child (already SIGKILLed when status is None), reaps the rest."""
    if status is None:
        try:
            _, status = os.waitpid(child_pid, 0)
        except ChildProcessError:
            pass
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
    return status


def _exit_code(status):
    if status is None:
        return None
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return None


def _format_seconds(seconds):
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


# ---------------------------------------------------------------------------------------
# Output


def _add_bytes(archive, name, data):
    archive.add(name, len(data), 0o644, int(time.time()), data)


def _add_outputs(archive):
    """output/<relpath> for every regular file under /work/output. Symlinks are never
    followed and anything that is not a regular file is skipped (the host re-checks)."""
    stack = [("", OUTPUT_DIR)]
    while stack:
        rel_dir, directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel, entry.path))
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                st = os.fstat(fd)
                if not (st.st_mode & 0o170000 == 0o100000):
                    continue
                with os.fdopen(fd, "rb", closefd=False) as f:
                    archive.add("output/" + rel, st.st_size, 0o644, int(st.st_mtime), f)
            finally:
                os.close(fd)


def _emit(meta, stdout_data, stderr_data, result_data, include_outputs):
    out = sys.stdout.buffer
    archive = TarWriter(out)
    _add_bytes(archive, "logs/meta.json", json.dumps(meta).encode("utf-8"))
    _add_bytes(archive, "logs/stdout", stdout_data)
    _add_bytes(archive, "logs/stderr", stderr_data)
    if result_data is not None:
        _add_bytes(archive, "result.json", result_data)
    if include_outputs:
        _add_outputs(archive)
    # Last: the host has the whole answer here and need not wait for the container to exit.
    _add_bytes(archive, "end", b"")
    archive.close()
    out.flush()


# ---------------------------------------------------------------------------------------


def main(argv):
    home = os.environ.get("HOME") or "/tmp/home"
    os.environ["HOME"] = home
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(home, ".config", "matplotlib"))

    for directory, mode in ((INPUT_DIR, 0o755), (OUTPUT_DIR, 0o755), (home, 0o700)):
        try:
            os.makedirs(directory, mode=mode, exist_ok=True)
        except OSError as exc:
            _diag(f"cannot create {directory}: {exc}")
    _seed_matplotlib_cache()
    if "--preload" in argv:
        _write_status(READY_LINE)
        _serve_preload_requests(sys.stdin.buffer)
    job_ok, config = _unpack_job(sys.stdin.buffer)
    _apply_job_env(config)
    # fd 0 stays occupied (by /dev/null) so that no pipe created below can land on it.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    raw_timeout = os.environ.pop("SKRIPTOTEKET_TIMEOUT_SECONDS", "")
    try:
        timeout = float(raw_timeout)
        if not (0 < timeout < 86400):
            raise ValueError
    except ValueError:
        timeout = DEFAULT_TIMEOUT_SECONDS
    if os.environ["HOME"] != home:
        try:
            os.makedirs(os.environ["HOME"], mode=0o700, exist_ok=True)
        except OSError as exc:
            _diag(f"cannot create $HOME: {exc}")

    meta = {
        "stdout_truncated": False,
        "stderr_truncated": False,
        "exit_code": None,
        "timed_out": False,
        "oom_killed": False,
        "duration_ms": 0,
    }
    stdout_capture, stderr_capture = _Capture(LOG_CAP), _Capture(LOG_CAP)
    result_capture = _Capture(RESULT_CAP)

    if not job_ok:
        result = _failed(MSG_BAD_JOB)
        _emit(meta, b"", b"", json.dumps(result).encode("utf-8"), False)
        return 0

    kill_all = _may_kill_all()
    ffi = _load_ffi()
    _set_dumpable(ffi, 0)
    oom_before = _oom_kill_count()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    progress_r, progress_w = os.pipe()
    os.set_blocking(progress_w, False)  # a tool never waits on its progress reports
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)

    started = time.monotonic()
    child_pid = os.fork()
    if child_pid == 0:
        _child(out_w, err_w, res_w, (out_r, err_r, res_r, progress_r, wake_r, wake_w), ffi, progress_w)

    # Parent. As PID 1, default-action signals from inside the container are ignored by the
    # kernel; make sure SIGINT (Python's KeyboardInterrupt handler) is too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in (out_w, err_w, res_w, progress_w):
        os.close(fd)
    progress = _runner_live.ProgressReader()
    live = _runner_live.LiveRelay({"stdout": stdout_capture, "stderr": stderr_capture}, progress)
    readers = {out_r: stdout_capture, err_r: stderr_capture, res_r: result_capture, progress_r: progress}

    status, timed_out = _supervise(child_pid, readers, wake_r, started + timeout, live)
    finished = time.monotonic()
    # Nothing the tool started may outlive the run: double-forked daemons included.
    _kill_others(child_pid, kill_all)
    _drain(readers, 2.0)
    live.flush(final=True)  # before the result stream: the host has every live line first
    status = _reap_all(child_pid, status)
    signal.set_wakeup_fd(-1)

    oom_after = _oom_kill_count()
    oom_killed = oom_before is not None and oom_after is not None and oom_after > oom_before

    meta["stdout_truncated"] = stdout_capture.truncated
    meta["stderr_truncated"] = stderr_capture.truncated
    meta["timed_out"] = timed_out
    meta["oom_killed"] = oom_killed
    meta["exit_code"] = None if timed_out else _exit_code(status)
    meta["duration_ms"] = int((finished - started) * 1000)

    killed_by_sigkill = status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    result_data = None
    if timed_out:
        result = _result("timed_out", MSG_TIMEOUT.format(seconds=_format_seconds(timeout)))
    elif oom_killed and killed_by_sigkill:
        result = _failed(MSG_OOM)
    else:
        result = None
        data = bytes(result_capture.data)
        if data and not result_capture.truncated:
            try:
                if isinstance(json.loads(data), dict):
                    result_data = data
            except ValueError:
                pass
        elif result_capture.truncated:
            result = _failed(MSG_TOO_BIG)
        if result is None and result_data is None:
            result = _failed(MSG_EXIT.format(code=meta["exit_code"]))
    if result_data is None:
        result_data = json.dumps(result, ensure_ascii=False).encode("utf-8")
    del result_capture

    try:
        _emit(meta, stdout_capture.value(), stderr_capture.value(), result_data, not timed_out)
    except BrokenPipeError:
        _diag("the host stopped reading the result stream")
    return 0


def run():
    """The container command's entry. Skips interpreter finalization: as PID 1 our exit
    ends the container, and nothing is left to flush once the tar is written."""
    try:
        code = main(sys.argv[1:])
    except BaseException:  # noqa: BLE001 - last resort: report, never hang
        try:
            import traceback

            traceback.print_exc()
        except BaseException:  # noqa: BLE001
            pass
        code = 1
    try:
        sys.stdout.flush()
    except BaseException:  # noqa: BLE001
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
