"""Run many g60desk verbs in one interpreter, each under a time limit, and report how each ended.

    python runner.py CASES.json RESULTS.json

CASES is a list of ``{"argv": [...]}`` (the command line after ``g60desk``) or ``{"window": PATH}`` (open
PATH as the window does, without showing it). Every case runs ``g60desk.cli.main`` itself, so an exception
that escapes it is exactly what a user would see as a traceback. A case that takes longer than its
``seconds`` is stopped by SIGALRM and reported as a hang; memory is capped (RLIMIT_AS) so that a file which
would exhaust the memory fails loudly instead of swapping the machine.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback

MEMORY_BYTES = 3 * 1024 ** 3


class Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise Hang()


def run_case(case: dict) -> dict:
    from g60desk import cli
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    result = {"case": case, "code": None, "traceback": "", "hang": False}
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, case.get("seconds", 30))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if "window" in case:
                result["code"] = _open_like_the_window(case["window"], err)
            else:
                result["code"] = cli.main(case["argv"])
    except Hang:
        result["hang"] = True
    except SystemExit as exc:   # argparse
        result["code"] = exc.code
    except BaseException:   # noqa: BLE001 - this is what the suite looks for
        result["traceback"] = traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["seconds"] = round(time.monotonic() - started, 3)
    result["stdout"], result["stderr"] = out.getvalue(), err.getvalue()
    return result


def _open_like_the_window(path: str, err) -> int:
    """What the window does with a file: open it, or show the refusal (here: print it, exit 2)."""
    try:
        from g60desk.qt.shell import files
    except ImportError:   # an older checkout (G60DESK_UNDER_TEST) before qt/ had sub-packages
        from g60desk.qt import files
    from g60desk.store import FileRefused, StorageError
    try:
        opened = files.open_document(path)
    except (FileRefused, StorageError) as exc:
        print(f"g60desk：{exc.message}", file=err)
        return 2
    opened.session.doc.departments   # noqa: B018 - loaded
    opened.close()
    return 0


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    results = [run_case(case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
