#!/usr/bin/env python3
"""Drives tcalc through a pseudo-terminal, as a person at a keyboard would.

usage: pty_session.py TCALC_BINARY STEPS_JSON
STEPS_JSON is a list of ["send", text] and ["expect", substring] steps. Each expect waits (up to
10 s) for the substring to appear in the screen output since the previous expect. Exits 0 when
every step succeeded, 1 otherwise, printing what the terminal showed.
"""
import json
import os
import pty
import select
import sys
import time


def main():
    binary, steps = sys.argv[1], json.loads(sys.argv[2])
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ.setdefault("INPUTRC", "/dev/null")
        os.execv(binary, [binary])
    seen = b""
    cursor = 0
    ok = True
    for kind, text in steps:
        if kind == "send":
            os.write(fd, text.encode())
            time.sleep(0.05)
        elif kind == "expect":
            want = text.encode()
            deadline = time.time() + 10
            while want not in seen[cursor:] and time.time() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.1)
                if ready:
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    seen += chunk
            found = seen.find(want, cursor)
            if found < 0:
                print(f"expected {text!r} but the terminal showed:\n{seen[cursor:].decode(errors='replace')!r}")
                ok = False
                break
            cursor = found + len(want)
        elif kind == "exit":
            deadline = time.time() + 10
            status = None
            while time.time() < deadline:
                try:
                    ready, _, _ = select.select([fd], [], [], 0.1)
                    if ready:
                        seen += os.read(fd, 4096)
                except OSError:
                    pass
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(st)
                    break
            if status != int(text):
                print(f"expected exit status {text}, got {status}")
                ok = False
            break
    else:
        pass
    if not ok:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    sys.stdout.write("--- terminal\n" + seen.decode(errors="replace"))
    sys.exit(0 if ok else 1)


main()
