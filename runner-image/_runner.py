"""The runner container's command: `python3 -B /opt/skriptoteket/_runner.py`.

The wrapper itself is _runner_impl.py next to this file. A script run by path is compiled
from source at every start (~12 ms here), a module is loaded from the .pyc made at image
build, so this file stays a stub.
"""
from _runner_impl import run

run()
