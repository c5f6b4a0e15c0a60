"""The console script: `main`, then a quick exit.

Tearing down the interpreter (every module's objects freed one by one: pydantic, psycopg, networkx,
the catalog's dataclasses) took 0.15-0.25 s of every run on the benchmark machine, after the
work was done and the output written. When nothing else runs (no thread other than daemons), the
output is flushed, the atexit handlers run, and the process exits at once. Otherwise, or if the
output cannot be flushed, it exits the ordinary way. `main` itself stays an ordinary click group
(tests invoke it in-process).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

from . import main


def run() -> None:
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code: object) -> None:
    if code is None:
        code = 0
    if not isinstance(code, int):  # sys.exit("message"): printed, status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if others:
        sys.exit(code)  # let them finish, as an ordinary exit would
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # e.g. a closed pipe: Python's own exit reports it
    atexit._run_exitfuncs()  # logging's flush and any a library registered
    os._exit(code)
