"""Runs a command on a pseudo-terminal and answers its credential prompts
as a person would: the user name after "user: ", the password after
"password: " (only once the prompt shows, so that it is typed with echo
off). Prints everything the terminal showed. Used by tests/push.rs.

    push_prompt.py USER PASSWORD COMMAND [ARG...]
"""

import os
import pty
import sys
import time

user, password, command = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, terminal = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown = b""
answered = set()
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        chunk = os.read(terminal, 4096)
    except OSError:  # the command ended and closed the terminal
        break
    if not chunk:
        break
    shown += chunk
    for prompt, answer in ((b"user: ", user), (b"password: ", password)):
        if prompt in shown and prompt not in answered:
            answered.add(prompt)
            time.sleep(0.2)  # let the command turn echo off first
            os.write(terminal, answer.encode() + b"\n")
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
