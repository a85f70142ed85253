#!/usr/bin/env python3
"""Drives tcalc through a pseudo-terminal, as a person at a keyboard would.

usage: pty_session.py TCALC_BINARY STEPS_JSON [ARG ...]
STEPS_JSON is a list of steps:
  ["send", text]       types text (one write; a test that types key by key sends keys one by one)
  ["keys", text]       types text one character at a time, as a person does
  ["expect", text]     waits (up to 30 s: the machine may be loaded) for text in the output
                       since the previous expect
  ["reject", text]     fails if text appeared in the output since the previous expect
  ["idle", seconds]    fails unless the process used under 5% of one core over that many
                       seconds (user + system CPU time of the process, from /proc)
  ["exit", status]     waits for the process to end with that status
Extra arguments are passed to tcalc. Exits 0 when every step succeeded, 1 otherwise, printing
what the terminal showed.
"""
import json
import os
import pty
import select
import sys
import time

TIMEOUT = 30


def main():
    binary, steps, extra = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.environ.setdefault("INPUTRC", "/dev/null")
        os.execv(binary, [binary] + extra)
    seen = b""
    cursor = 0
    ok = True

    def pump(wait):
        nonlocal seen
        ready, _, _ = select.select([fd], [], [], wait)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            seen += chunk
        return True

    def cpu_seconds():
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    for kind, text in steps:
        if kind == "send":
            os.write(fd, text.encode())
            time.sleep(0.05)
        elif kind == "keys":
            for ch in text:
                os.write(fd, ch.encode())
                time.sleep(0.01)
                pump(0)
        elif kind == "expect":
            want = text.encode()
            deadline = time.time() + TIMEOUT
            while want not in seen[cursor:] and time.time() < deadline:
                if not pump(0.1):
                    break
            found = seen.find(want, cursor)
            if found < 0:
                print(f"expected {text!r} but the terminal showed:\n{seen[cursor:].decode(errors='replace')!r}")
                ok = False
                break
            cursor = found + len(want)
        elif kind == "reject":
            pump(0.2)
            if text.encode() in seen[cursor:]:
                print(f"did not expect {text!r}, but the terminal showed:\n{seen[cursor:].decode(errors='replace')!r}")
                ok = False
                break
        elif kind == "idle":
            seconds = float(text)
            before = cpu_seconds()
            end = time.time() + seconds
            while time.time() < end:
                pump(0.05)
            used = cpu_seconds() - before
            if used > 0.05 * seconds:
                print(f"the process used {used:.3f} s of CPU in {seconds} s at the prompt")
                ok = False
                break
        elif kind == "exit":
            deadline = time.time() + TIMEOUT
            status = None
            while time.time() < deadline:
                try:
                    pump(0.1)
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
    if not ok:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    sys.stdout.write("--- terminal\n" + seen.decode(errors="replace"))
    sys.exit(0 if ok else 1)


main()
