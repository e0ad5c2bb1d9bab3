#!/usr/bin/env python3
"""Smoke tests of the runner image through the real host protocol (stdin tar in, stdout tar
out), with the container flags the platform uses. Needs Docker and the built image.

    python3 runner-image/tests/smoke.py [IMAGE] [-k NAME] [--bench N]

Not part of the image (tests/ is excluded from the image tag). The platform's own sandbox
suite lives in the TypeScript tests; this is the quick check for image changes.
"""

import io
import json
import statistics
import subprocess
import sys
import tarfile
import textwrap
import time

DEFAULT_FLAGS = [
    "--rm", "-i", "--network", "none", "--read-only", "--user", "10001:10001",
    "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "256",
    "--memory", "1g", "--memory-swap", "1g", "--cpus", "1",
    "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=256m",
    "--tmpfs", "/work:rw,nosuid,nodev,size=512m,uid=10001,gid=10001,mode=0700",
]


def make_job(script, inputs=None, memory=None):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        entries = [("script.py", textwrap.dedent(script).encode())]
        entries.append(("memory.json", json.dumps(memory or {"settings": {}}).encode()))
        for name, data in (inputs or {}).items():
            entries.append((f"input/{name}", data))
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def run(image, script, inputs=None, timeout=10, env=None, flags=None, memory=None):
    inputs = inputs or {}
    manifest = {"files": [{"name": n, "path": f"/work/input/{n}", "bytes": len(d)} for n, d in inputs.items()]}
    environment = {
        "SKRIPTOTEKET_ENTRYPOINT": "run_tool",
        "SKRIPTOTEKET_SCRIPT_PATH": "/work/script.py",
        "SKRIPTOTEKET_INPUT_DIR": "/work/input",
        "SKRIPTOTEKET_OUTPUT_DIR": "/work/output",
        "SKRIPTOTEKET_RESULT_PATH": "/work/result.json",
        "SKRIPTOTEKET_INPUT_MANIFEST": json.dumps(manifest),
        "SKRIPTOTEKET_INPUTS": "{}",
        "SKRIPTOTEKET_MEMORY_PATH": "/work/memory.json",
        "SKRIPTOTEKET_TIMEOUT_SECONDS": str(timeout),
        "HOME": "/tmp/home",
    }
    environment.update(env or {})
    argv = ["docker", "run"] + (flags or DEFAULT_FLAGS)
    for key, value in environment.items():
        argv += ["-e", f"{key}={value}"]
    argv += [image, "python3", "-B", "/opt/skriptoteket/_runner.py"]
    started = time.monotonic()
    proc = subprocess.run(argv, input=make_job(script, inputs, memory), capture_output=True, timeout=timeout + 60)
    wall = time.monotonic() - started
    files, order = {}, []
    if proc.stdout:
        with tarfile.open(fileobj=io.BytesIO(proc.stdout), mode="r|") as tar:
            for member in tar:
                order.append(member.name)
                if member.isreg():
                    files[member.name] = tar.extractfile(member).read()
    return {
        "rc": proc.returncode,
        "wall": wall,
        "order": order,
        "files": files,
        "meta": json.loads(files["logs/meta.json"]) if "logs/meta.json" in files else None,
        "result": json.loads(files["result.json"]) if "result.json" in files else None,
        "stdout": files.get("logs/stdout", b""),
        "stderr": files.get("logs/stderr", b""),
        "wrapper_stderr": proc.stderr.decode("utf-8", "replace"),
        "tar_bytes": len(proc.stdout),
    }


def check(cond, message):
    if not cond:
        raise AssertionError(message)


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def str_return(image):
    r = run(image, """
        def run_tool(input_dir, output_dir):
            print("hello")
            return "<p>hej</p>"
    """)
    check(r["order"][:4] == ["logs/meta.json", "logs/stdout", "logs/stderr", "result.json"], r["order"])
    check(r["result"]["status"] == "succeeded", r["result"])
    check(r["result"]["outputs"] == [{"kind": "html_sandboxed", "html": "<p>hej</p>"}], r["result"])
    check(r["stdout"] == b"hello\n", r["stdout"])
    check(r["meta"]["exit_code"] == 0 and not r["meta"]["timed_out"], r["meta"])
    return r


@case
def dict_return_and_inputs(image):
    r = run(image, """
        import os, math, datetime
        from skriptoteket_toolkit import read_inputs, read_settings, read_memory, list_input_files, get_action_parts
        def run_tool(input_dir, output_dir):
            names = sorted(os.listdir(input_dir))
            with open(os.path.join(output_dir, "copy.txt"), "w") as f:
                f.write(open(os.path.join(input_dir, "a.txt")).read().upper())
            os.makedirs(os.path.join(output_dir, "sub"))
            open(os.path.join(output_dir, "sub", "b.bin"), "wb").write(b"x" * 10)
            os.symlink("/etc/passwd", os.path.join(output_dir, "link"))
            os.mkfifo(os.path.join(output_dir, "fifo"))
            return {"outputs": [{"kind": "notice", "level": "info", "message": "ok"},
                                {"kind": "json", "value": {"nan": math.nan, "t": (1, 2), "d": datetime.date(2025, 1, 2)}}],
                    "next_actions": [], "state": {"names": names, "inputs": read_inputs(),
                    "settings": read_settings(), "files": list_input_files(), "action": list(get_action_parts()),
                    "cwd": os.getcwd(), "uid": os.getuid(), "home": os.environ["HOME"],
                    "timeout_var": os.environ.get("SKRIPTOTEKET_TIMEOUT_SECONDS")},
                    "ignored": 1}
    """, inputs={"a.txt": b"abc", "b.csv": b"1,2\n"}, env={"SKRIPTOTEKET_INPUTS": '{"n": 4}'},
        memory={"settings": {"lang": "sv"}})
    res = r["result"]
    check(res["status"] == "succeeded", res)
    st = res["state"]
    check(st["names"] == ["a.txt", "b.csv"], st)
    check(st["inputs"] == {"n": 4} and st["settings"] == {"lang": "sv"}, st)
    check(st["files"][0]["path"] == "/work/input/a.txt", st)
    check(st["action"] == [None, {}, {}], st)
    check(st["cwd"] == "/work" and st["uid"] == 10001 and st["home"] == "/tmp/home", st)
    check(st["timeout_var"] is None, st)
    check(res["outputs"][1]["value"] == {"nan": None, "t": [1, 2], "d": "2025-01-02"}, res["outputs"])
    check("ignored" not in res, res)
    check(res["artifacts"] == [{"path": "output/copy.txt", "bytes": 3}, {"path": "output/sub/b.bin", "bytes": 10}], res["artifacts"])
    check(r["files"].get("output/copy.txt") == b"ABC", r["order"])
    check(set(n for n in r["order"] if n.startswith("output/")) == {"output/copy.txt", "output/sub/b.bin"}, r["order"])
    return r


@case
def action_run(image):
    r = run(image, """
        from skriptoteket_toolkit import get_action_parts
        def run_tool(i, o):
            return {"outputs": [], "state": {"parts": list(get_action_parts())}}
    """, env={"SKRIPTOTEKET_ACTION": json.dumps({"action_id": "next", "input": {"x": 1}, "state": {"s": 2}})})
    check(r["result"]["state"]["parts"] == ["next", {"x": 1}, {"s": 2}], r["result"])
    return r


@case
def action_big_integers(image):
    # The host's tag for integers beyond 2^53 in state becomes an exact int again.
    tag = {"$skriptoteket_int": "18446744073709551617"}
    r = run(image, """
        import json, os
        from skriptoteket_toolkit import get_action_parts
        def run_tool(i, o):
            state = get_action_parts()[2]
            raw = json.loads(os.environ["SKRIPTOTEKET_ACTION"])["state"]
            return {"outputs": [], "state": {"seen": repr(state), "raw": repr(raw), "n": state["n"] + 1}}
    """, env={"SKRIPTOTEKET_ACTION": json.dumps({"action_id": "a", "input": {}, "state": {"n": tag, "l": [tag, {"k": "v"}]}})})
    state = r["result"]["state"]
    expected = "{'n': 18446744073709551617, 'l': [18446744073709551617, {'k': 'v'}]}"
    check(state["seen"] == expected and state["raw"] == expected and state["n"] == 18446744073709551618, r["result"])
    return r


@case
def pypandoc_yaml_pydantic(image):
    r = run(image, """
        import pypandoc, yaml, pydantic
        class M(pydantic.BaseModel):
            n: int
        def run_tool(i, o):
            pypandoc.convert_text("# Hej", "docx", format="md", outputfile=o + "/a.docx",
                                  extra_args=["--syntax-highlighting=none"])
            return {"outputs": [], "state": {"v": pypandoc.get_pandoc_version(), "m": M(**yaml.safe_load("n: 3")).n}}
    """, timeout=60)
    res = r["result"]
    check(res["status"] == "succeeded" and res["state"]["m"] == 3, (res, r["stderr"][-2000:]))
    check(tuple(int(x) for x in res["state"]["v"].split(".")[:2]) >= (3, 8), res)
    check(r["files"]["output/a.docx"].startswith(b"PK"), sorted(r["files"]))
    return r


@case
def tool_user_error(image):
    r = run(image, """
        from tool_errors import ToolUserError
        def run_tool(i, o):
            raise ToolUserError("Filen saknar kolumnen 'Namn'.")
    """)
    check(r["result"]["status"] == "failed", r["result"])
    check(r["result"]["error_summary"] == "Filen saknar kolumnen 'Namn'.", r["result"])
    check(b"Traceback" not in r["stderr"], r["stderr"])
    return r


@case
def other_exception(image):
    r = run(image, """
        def run_tool(i, o):
            return {}["missing"]
    """)
    check(r["result"]["error_summary"] == "Tool execution failed (KeyError).", r["result"])
    check(b"Traceback" in r["stderr"] and b"_runner.py" not in r["stderr"], r["stderr"])
    return r


@case
def syntax_error(image):
    r = run(image, """
        def run_tool(i, o):
            x = = 1
            return "x"
    """)
    summary = r["result"]["error_summary"]
    check(r["result"]["status"] == "failed", r["result"])
    check("line 3" in summary and "column" in summary and "^" in summary, summary)
    return r


@case
def missing_entrypoint(image):
    r = run(image, """
        def main(i, o):
            return "x"
    """)
    check(r["result"]["error_summary"] == "Entrypoint 'run_tool' was not found in the script.", r["result"])
    return r


@case
def timeout_busy_loop(image):
    r = run(image, """
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        def run_tool(i, o):
            print("started")
            open(o + "/partial.txt", "w").write("x")
            while True:
                pass
    """, timeout=2)
    check(r["result"]["status"] == "timed_out", r["result"])
    check(r["meta"]["timed_out"] and r["meta"]["exit_code"] is None, r["meta"])
    check(r["stdout"] == b"started\n", r["stdout"])
    check(not any(n.startswith("output/") for n in r["order"]), r["order"])
    check(r["wall"] < 6, r["wall"])
    return r


@case
def timeout_sleep(image):
    r = run(image, """
        import time
        def run_tool(i, o):
            time.sleep(10**9)
    """, timeout=2)
    check(r["result"]["status"] == "timed_out", r["result"])
    return r


@case
def fork_bomb(image):
    r = run(image, """
        import os
        def run_tool(i, o):
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """, timeout=3)
    check(r["result"]["status"] == "timed_out", r["result"])
    return r


@case
def fork_bomb_exits(image):
    # The tool's forks return into the wrapper: only the original child may report.
    r = run(image, """
        import os
        def run_tool(i, o):
            n = 0
            for _ in range(400):
                try:
                    if os.fork() == 0:
                        n += 1
                except OSError:
                    break
            return "done"
    """, timeout=10)
    check(r["result"]["status"] == "succeeded", r["result"])
    return r


@case
def thread_bomb(image):
    r = run(image, """
        import threading, time
        def run_tool(i, o):
            n = 0
            try:
                while True:
                    threading.Thread(target=time.sleep, args=(100,), daemon=True).start()
                    n += 1
            except RuntimeError:
                return f"threads: {n}"
    """, timeout=10)
    check(r["result"]["status"] == "succeeded", r["result"])
    return r


@case
def oom_at_once(image):
    r = run(image, """
        def run_tool(i, o):
            data = b"x" * (10 * 1024**3)
            return str(len(data))
    """, timeout=30)
    check(r["result"]["status"] == "failed", r["result"])
    check(r["result"]["error_summary"] == "The tool ran out of memory (limit reached).", r["result"])
    return r


@case
def oom_slow(image):
    r = run(image, """
        def run_tool(i, o):
            chunks = []
            while True:
                chunks.append(bytearray(b"x" * (16 * 1024**2)))
    """, timeout=30)
    check(r["result"]["error_summary"] == "The tool ran out of memory (limit reached).", r["result"])
    check(r["meta"]["oom_killed"] and r["meta"]["exit_code"] == 137, r["meta"])
    return r


@case
def memory_error(image):
    r = run(image, """
        def run_tool(i, o):
            raise MemoryError()
    """)
    check(r["result"]["error_summary"] == "The tool ran out of memory (limit reached).", r["result"])
    check(not r["meta"]["oom_killed"], r["meta"])
    return r


@case
def multiprocessing_and_subprocess(image):
    r = run(image, """
        import multiprocessing, subprocess, sys
        def square(x):
            return x * x
        def run_tool(i, o):
            with multiprocessing.Pool(2) as pool:
                squares = pool.map(square, range(5))
            echo = subprocess.run(["sh", "-c", "echo from-sh; echo err >&2"], capture_output=True, text=True).stdout
            subprocess.run([sys.executable, "-c", "print('child python')"])
            return {"outputs": [], "state": {"squares": squares, "echo": echo}}
    """, timeout=30)
    check(r["result"]["state"] == {"squares": [0, 1, 4, 9, 16], "echo": "from-sh\n"}, (r["result"], r["stderr"][-1500:]))
    check(r["stdout"] == b"child python\n", r["stdout"])
    return r


@case
def huge_line(image):
    r = run(image, """
        import sys
        def run_tool(i, o):
            chunk = "y" * (1 << 20)
            for _ in range(1024):
                sys.stdout.write(chunk)
            sys.stderr.write("e" * 300000)
            return "ok"
    """, timeout=60)
    check(r["result"]["status"] == "succeeded", r["result"])
    check(len(r["stdout"]) == 200000 and r["meta"]["stdout_truncated"], (len(r["stdout"]), r["meta"]))
    check(len(r["stderr"]) == 200000 and r["meta"]["stderr_truncated"], r["meta"])
    return r


@case
def double_forked_daemon(image):
    r = run(image, """
        import os, time
        def run_tool(i, o):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    while True:
                        with open("/tmp/daemon-alive", "w") as f:
                            f.write(str(time.time()))
                        time.sleep(0.05)
                os._exit(0)
            os.wait()
            time.sleep(0.3)
            return "daemon started"
    """, timeout=10)
    check(r["result"]["status"] == "succeeded", r["result"])
    check(r["wall"] < 5, r["wall"])
    return r


@case
def daemon_holding_pipes(image):
    # A background process that keeps stdout open must neither hang the run nor survive it.
    r = run(image, """
        import subprocess
        def run_tool(i, o):
            subprocess.Popen(["sh", "-c", "while :; do echo tick; sleep 0.2; done"], start_new_session=True)
            return "ok"
    """, timeout=10)
    check(r["result"]["status"] == "succeeded", r["result"])
    check(r["wall"] < 5, r["wall"])
    return r


@case
def exit_without_result(image):
    r = run(image, """
        import os
        def run_tool(i, o):
            os._exit(3)
    """)
    check(r["result"]["error_summary"] == "Tool execution failed (exit code 3).", r["result"])
    check(r["meta"]["exit_code"] == 3, r["meta"])
    return r


@case
def return_none(image):
    r = run(image, """
        def run_tool(i, o):
            pass
    """)
    check(r["result"]["status"] == "failed" and "NoneType" in r["result"]["error_summary"], r["result"])
    return r


@case
def deep_state(image):
    r = run(image, """
        def run_tool(i, o):
            a = []
            a.append(a)
            return {"outputs": [], "state": {"a": a}}
    """)
    check(r["result"]["status"] == "failed" and "nested" in r["result"]["error_summary"], r["result"])
    return r


@case
def result_too_large(image):
    r = run(image, """
        def run_tool(i, o):
            return {"outputs": [], "state": {"x": "a" * 9_000_000}}
    """)
    check(r["result"]["error_summary"] == "The tool's result is too large.", r["result"])
    return r


@case
def non_utf8_artifact_name(image):
    r = run(image, """
        import os
        def run_tool(i, o):
            with open(os.path.join(os.fsencode(o), b"bad-\\xff.txt"), "wb") as f:
                f.write(b"x")
            return "ok"
    """)
    check(r["result"]["status"] == "succeeded", r["result"])
    r["result_raw"] = r["files"]["result.json"].decode("utf-8")  # must be valid UTF-8
    return r


@case
def pdf_helper(image):
    r = run(image, """
        import os
        from pdf_helper import save_as_pdf
        def run_tool(i, o):
            path = save_as_pdf("<h1>Hej åäö</h1><p>Test</p>", o, "rapport/klass.pdf")
            try:
                save_as_pdf("<p>x</p>", o, "../evil.pdf")
                bad = "accepted"
            except ValueError as e:
                bad = str(e)
            return {"outputs": [], "state": {"path": path, "bad": bad}}
    """, timeout=60)
    res = r["result"]
    check(res["status"] == "succeeded", (res, r["stderr"][-2000:]))
    check(res["state"]["path"] == "/work/output/rapport/klass.pdf", res)
    check("'..'" in res["state"]["bad"], res)
    check(r["files"]["output/rapport/klass.pdf"].startswith(b"%PDF"), r["order"])
    return r


@case
def pandas_xlsx(image):
    r = run(image, """
        import openpyxl, pandas as pd
        def run_tool(i, o):
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append(["Namn", "Poäng"])
            ws.append(["Ada", 12])
            ws.append(["Bo", 7])
            wb.save(o + "/in.xlsx")
            df = pd.read_excel(o + "/in.xlsx")
            return {"outputs": [{"kind": "table", "columns": [{"key": "Namn", "label": "Namn"}, {"key": "Poäng", "label": "Poäng"}],
                                 "rows": df.to_dict("records")}], "state": {"sum": df["Poäng"].sum()}}
    """, timeout=60)
    res = r["result"]
    check(res["status"] == "succeeded", (res, r["stderr"][-2000:]))
    check(res["state"]["sum"] == 19 and res["outputs"][0]["rows"][0] == {"Namn": "Ada", "Poäng": 12}, res)
    return r


@case
def matplotlib_savefig(image):
    r = run(image, """
        import time
        t = time.monotonic()
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        def run_tool(i, o):
            fig, ax = plt.subplots()
            ax.plot([1, 2, 3], [3, 1, 2])
            ax.set_title("Åäö")
            fig.savefig(o + "/chart.png")
            return {"outputs": [{"kind": "image", "path": "output/chart.png", "alt": "chart"}],
                    "state": {"seconds": round(time.monotonic() - t, 2)}}
    """, timeout=60)
    res = r["result"]
    check(res["status"] == "succeeded", (res, r["stderr"][-2000:]))
    check(r["files"]["output/chart.png"].startswith(b"\x89PNG"), r["order"])
    check(b"Matplotlib" not in r["stderr"] and b"font cache" not in r["stderr"], r["stderr"])
    return r


@case
def pandoc_and_docx(image):
    r = run(image, """
        import subprocess, docx
        def run_tool(i, o):
            d = docx.Document()
            d.add_paragraph("Hej")
            d.save(o + "/a.docx")
            md = subprocess.run(["pandoc", o + "/a.docx", "-t", "markdown"], capture_output=True, text=True, check=True).stdout
            return {"outputs": [{"kind": "markdown", "markdown": md}]}
    """, timeout=60)
    res = r["result"]
    check(res["status"] == "succeeded" and "Hej" in res["outputs"][0]["markdown"], (res, r["stderr"][-2000:]))
    return r


@case
def sandbox_facts(image):
    r = run(image, """
        import os, socket
        def run_tool(i, o):
            facts = {"uid": os.getuid(), "environ_keys": sorted(os.environ)}
            for path in ("/", "/etc", "/usr", "/opt/skriptoteket/lib"):
                try:
                    open(os.path.join(path, "x"), "w")
                    facts[path] = "writable"
                except OSError as e:
                    facts[path] = type(e).__name__
            try:
                socket.create_connection(("1.1.1.1", 80), timeout=2)
                facts["net"] = "open"
            except OSError as e:
                facts["net"] = type(e).__name__
            facts["docker_sock"] = os.path.exists("/var/run/docker.sock")
            facts["pid1"] = open("/proc/1/cmdline", "rb").read().replace(b"\\0", b" ").decode()
            return {"outputs": [], "state": facts}
    """)
    st = r["result"]["state"]
    check(st["uid"] == 10001 and st["/"] != "writable" and st["/usr"] != "writable", st)
    check(st["/opt/skriptoteket/lib"] != "writable", st)
    check(st["net"] != "open" and not st["docker_sock"], st)
    return r


@case
def tamper_with_wrapper(image):
    r = run(image, """
        import os, signal
        def run_tool(i, o):
            facts = {}
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL, signal.SIGUSR1, signal.SIGCHLD, signal.SIGSTOP):
                try:
                    os.kill(1, sig)
                    facts[sig.name] = "sent"
                except OSError as e:
                    facts[sig.name] = type(e).__name__
            for path in ("/proc/1/fd/1", "/proc/1/environ", "/proc/1/mem"):
                try:
                    open(path, "rb" if "environ" in path else "wb").close()
                    facts[path] = "opened"
                except OSError as e:
                    facts[path] = type(e).__name__
            facts["self_fd"] = len(os.listdir("/proc/self/fd"))
            return {"outputs": [], "state": facts}
    """)
    st = r["result"]["state"]
    check(r["result"]["status"] == "succeeded", r["result"])
    check(st["/proc/1/fd/1"] != "opened" and st["/proc/1/environ"] != "opened", st)
    return r


@case
def work_noexec(image):
    flags = [f.replace("size=512m,uid", "noexec,size=512m,uid") for f in DEFAULT_FLAGS]
    r = run(image, """
        import pandas
        from pdf_helper import save_as_pdf
        def run_tool(i, o):
            save_as_pdf("<p>x</p>", o, "x.pdf")
            return "ok"
    """, flags=flags, timeout=60)
    check(r["result"]["status"] == "succeeded", r["result"])
    return r


@case
def work_full(image):
    r = run(image, """
        import os
        def run_tool(i, o):
            try:
                with open(o + "/big.bin", "wb") as f:
                    while True:
                        f.write(b"z" * (1 << 20))
            except OSError as e:
                err = type(e).__name__
            return {"outputs": [{"kind": "notice", "level": "info", "message": err}]}
    """, timeout=60)
    check(r["result"]["status"] == "succeeded", r["result"])
    check(r["result"]["outputs"][0]["message"] == "OSError", r["result"])
    return r


@case
def bad_job_entries(image):
    # Unsafe names in the job archive are ignored, never written.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        def add(name, data=b"x", kind=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        add("script.py", b"import os\ndef run_tool(i, o):\n    return {'outputs': [], 'state': {'input': sorted(os.listdir(i)), 'work': sorted(os.listdir('/work')), 'tmp': sorted(os.listdir('/tmp'))}}\n")
        add("../../tmp/evil")
        add("/tmp/abs")
        add("input/../evil2")
        add("input/sub/deep")
        add("input/link", kind=tarfile.SYMTYPE, link="/etc/passwd")
        add("input/ok.txt", b"fine")
        add("other.txt")
    argv = ["docker", "run"] + DEFAULT_FLAGS + ["-e", "SKRIPTOTEKET_TIMEOUT_SECONDS=10", image]
    proc = subprocess.run(argv, input=buf.getvalue(), capture_output=True, timeout=60)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout), mode="r|") as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar if m.isreg()}
    st = json.loads(files["result.json"])["state"]
    check(st["input"] == ["ok.txt"], st)
    check(st["work"] == ["input", "output", "script.py"], st)
    check("evil" not in st["tmp"] and "abs" not in st["tmp"], st)
    return {"result": json.loads(files["result.json"]), "wall": 0, "meta": json.loads(files["logs/meta.json"])}


def bench(image, n):
    times = []
    for _ in range(n):
        r = run(image, """
            def run_tool(i, o):
                return "<p>ok</p>"
        """)
        check(r["result"]["status"] == "succeeded", r["result"])
        times.append(r["wall"])
    return times


def main(argv):
    image = "skriptoteket-runner:latest"
    only, bench_n = None, 0
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "-k":
            only = args.pop(0)
        elif arg == "--bench":
            bench_n = int(args.pop(0))
        else:
            image = arg
    failures = 0
    if bench_n:
        times = bench(image, bench_n)
        print(f"trivial tool, {bench_n} runs: median {statistics.median(times) * 1000:.0f} ms, "
              f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
        return 0
    for name, fn in CASES.items():
        if only and only not in name:
            continue
        try:
            r = fn(image)
            res = r.get("result") or {}
            print(f"ok    {name:24s} {r['wall'] * 1000:6.0f} ms  status={res.get('status')} "
                  f"summary={str(res.get('error_summary'))[:70]!r} meta={r.get('meta')}")
        except Exception as exc:  # noqa: BLE001
            failures += 1
            print(f"FAIL  {name}: {type(exc).__name__}: {str(exc)[:1500]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
