"""Messages between the grader and a worker: an 8-byte length, then the bytes of ``spec.values.encode``.

Both ends speak through a socket; the grader's end reads with a deadline and refuses oversized messages,
because everything the worker sends is untrusted.
"""

import socket
import struct
import time

from spec.values import decode, encode

HEADER = struct.Struct("<Q")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
SMALL_MESSAGE_BYTES = 64 * 1024  # below this, header and payload go out in one write
EXIT_INTERNAL_ERROR = 70  # the worker's exit code for a failure of its own (not the student's)


class ChannelClosed(EOFError):
    """The other end closed the channel: the worker died, or the grader went away."""


class MessageTooLarge(ValueError):
    """A message announced more bytes than the receiver accepts."""


def send(sock, value, deadline=None):
    """Send one message; with ``deadline`` (a ``time.monotonic()`` value) raise TimeoutError after it."""
    payload = encode(value)
    if len(payload) > MAX_MESSAGE_BYTES:
        raise MessageTooLarge(
            f"{len(payload) / 1e6:,.0f} MB of data, more than the {MAX_MESSAGE_BYTES / 1e6:,.0f} MB accepted"
        )
    header = HEADER.pack(len(payload))
    _set_timeout(sock, deadline)
    try:
        if len(payload) < SMALL_MESSAGE_BYTES:
            sock.sendall(header + payload)
        else:
            sock.sendall(header)
            sock.sendall(payload)
    except socket.timeout:
        raise TimeoutError("sending timed out") from None


def receive(sock, deadline=None, limit=MAX_MESSAGE_BYTES):
    """Receive one message and decode it into plain data."""
    (size,) = HEADER.unpack(_read_exactly(sock, HEADER.size, deadline))
    if size > limit:
        raise MessageTooLarge(f"{size / 1e6:,.0f} MB of data, more than the {limit / 1e6:,.0f} MB accepted")
    return decode(_read_exactly(sock, size, deadline))


def _read_exactly(sock, size, deadline):
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        _set_timeout(sock, deadline)
        try:
            count = sock.recv_into(view[received:])
        except socket.timeout:
            raise TimeoutError("receiving timed out") from None
        if count == 0:
            raise ChannelClosed("the other end closed the channel")
        received += count
    return buffer


def _set_timeout(sock, deadline):
    if deadline is None:
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the deadline has passed")
    sock.settimeout(remaining)
