"""The worker process's entry point, ``python -I -B main.py FD PARENT_PID`` (see ``backprop_spec.worker.process``).

Isolated mode: neither user site-packages nor PYTHON* variables nor this script's folder apply. The
grader's project root is on ``sys.path`` only while the worker loads the grader modules it needs (the book's
helpers among them, which serve submissions that import them and are never graded as theirs);
``backprop_spec.worker.serve`` then hides them before any student code runs.
"""

import os
import signal
import socket
import sys
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
PR_SET_PDEATHSIG = 1


def main(argv):
    channel = socket.socket(fileno=int(argv[1]))
    die_with_parent(int(argv[2]))
    sys.path.insert(0, ROOT)
    from backprop_spec.worker import protocol, serve  # now, while the grader's packages may still be imported

    try:
        host, news, operations = serve.prepare(channel, ROOT, own_files=[os.path.realpath(__file__)])
    except BaseException:
        try:
            protocol.send(channel, {"fatal": traceback.format_exc()[-4000:]})
        finally:
            os._exit(protocol.EXIT_INTERNAL_ERROR)
    serve.serve(channel, host, news, operations)


def die_with_parent(parent_pid):
    """Have the kernel SIGKILL this process when the grader dies, so that no worker outlives it."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the grader died before the request was made
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
