"""A cfn-lint server for one jest run (started by global-setup.js).

It imports cfn-lint once, then serves each request on a Unix socket in a process forked
from it: the child runs cfn-lint's own command line entry point with the request's
arguments, its stdout and stderr (file descriptors 1 and 2) going to files, and answers
with the exit code and both outputs, as a cfn-lint process would have given them. A run of
the tests pays one Python start-up and cfn-lint import instead of one per lint.

Request: one line of JSON, {"args": [...], "cwd": "..."}. Answer: one line of JSON,
{"code": n, "stdout": "...", "stderr": "..."}. The socket appears once the import is done.
"""
import json
import os
import signal
import socketserver
import sys
import tempfile
import threading
import time

from cfnlint.runner import main as cfn_lint_main  # noqa: E402  (the import is the point)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        request = json.loads(self.rfile.readline())
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            code = lint(request["args"], request.get("cwd"), out, err)
            out.seek(0)
            err.seek(0)
            answer = {
                "code": code,
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"),
            }
        self.wfile.write((json.dumps(answer) + "\n").encode("utf-8"))


def lint(args, cwd, out, err):
    """Runs cfn-lint's entry point in this (forked) process; returns its exit code."""
    if cwd:
        os.chdir(cwd)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.argv = ["cfn-lint", *args]
    code = 0
    try:
        cfn_lint_main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, (int, type(None))):
            print(e.code, file=sys.stderr)
    except BaseException as e:  # a crash is an error exit, as the command's would be
        print(f"cfn-lint crashed: {e!r}", file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    # One child per request: the workers' lints run side by side.
    max_children = 64


def exit_with_parent():
    """Ends the server when the jest process that started it is gone, however it ended."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def stop(_signum, _frame):
    # Leaving serve_forever closes the server, which waits for its children: the process
    # that stops it sees the CPU time of every lint.
    raise SystemExit(0)


def serve(socket_path):
    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=exit_with_parent, daemon=True).start()
    partial = socket_path + ".starting"
    with Server(partial, Handler) as server:
        # The socket is renamed into place only when it accepts, so a client that finds it
        # can connect.
        os.rename(partial, socket_path)
        server.serve_forever()


if __name__ == "__main__":
    serve(sys.argv[1])
