"""A cfn-lint server for one jest run (started by global-setup.js).

It imports cfn-lint once, then serves each request on a Unix socket in a process forked
from it: the child runs cfn-lint's own command line entry point with the request's
arguments, its stdout and stderr (file descriptors 1 and 2) going to files, and answers
with the exit code and both outputs, as a cfn-lint process would have given them. A run of
the tests pays one Python start-up, cfn-lint import and rule loading instead of one per
lint, and lints each distinct template once.

Request: one line of JSON, {"args": [...], "cwd": "..."}. Answer: one line of JSON,
{"code": n, "stdout": "...", "stderr": "..."}. The socket appears once the import is done.
"""
import hashlib
import json
import os
import signal
import socketserver
import sys
import tempfile
import threading
import time

import cfnlint.config
import cfnlint.helpers
from cfnlint.runner import main as cfn_lint_main  # noqa: E402  (the import is the point)

# Every cfn-lint run imports its ~300 rule modules and instantiates the rules, about half a
# second however small the templates. The server does it once, here, and each forked child
# takes its own copy-on-write copy of those untouched rule objects, as a fresh process would
# have made them.
_load_plugins = cfnlint.helpers.load_plugins
_loaded = {}


def load_plugins_once(directory, *args, **kwargs):
    key = (directory, args, tuple(sorted(kwargs.items())))
    if key not in _loaded:
        _loaded[key] = _load_plugins(directory, *args, **kwargs)
    return list(_loaded[key])


cfnlint.helpers.load_plugins = load_plugins_once


# Digests of the templates, with the options they were linted with, that cfn-lint found
# clean in this run, as empty files named by digest in a folder beside the socket (the
# requests run in forked children, which share only the file system). The same bytes linted
# the same way are clean again, so a request leaves them out: tests that synthesize the same
# app (the default environment, say) lint it once. A failing lint marks nothing.
clean_dir = None


def template_digests(args, cwd):
    """The digest of each template argument (those after `--`), by argument; none without `--`."""
    if "--" not in args:
        return {}
    split = args.index("--")
    options = json.dumps(args[:split])
    digests = {}
    for template in args[split + 1:]:
        try:
            with open(os.path.join(cwd or "", template), "rb") as f:
                digests[template] = hashlib.sha256(options.encode("utf-8") + b"\0" + f.read()).hexdigest()
        except OSError:
            pass  # cfn-lint reports the missing file itself
    return digests


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        request = json.loads(self.rfile.readline())
        args = request["args"]
        digests = template_digests(args, request.get("cwd"))
        known = {t for t, d in digests.items() if os.path.exists(os.path.join(clean_dir, d))}
        if known:
            split = args.index("--")
            args = args[:split + 1] + [t for t in args[split + 1:] if t not in known]
            if len(args) == split + 1:
                self.answer({"code": 0, "stdout": "", "stderr": ""})
                return
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            code = lint(args, request.get("cwd"), out, err)
            if code == 0:
                for template, digest in digests.items():
                    if template not in known:
                        open(os.path.join(clean_dir, digest), "w").close()
            out.seek(0)
            err.seek(0)
            answer = {
                "code": code,
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"),
            }
        self.answer(answer)

    def answer(self, answer):
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
    global clean_dir
    clean_dir = socket_path + ".clean"
    os.mkdir(clean_dir)
    # cfn-lint's own rules folder, where every run loads its rules from; a cfn-lint that names
    # it otherwise just loads them in each child, as the command would.
    rules = getattr(cfnlint.config, "_DEFAULT_RULESDIR", None)
    if rules:
        cfnlint.helpers.load_plugins(rules)
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
