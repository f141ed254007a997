"""Long pure-Python work in a child process, so the window's thread keeps Python's lock.

Python runs one thread at a time (the interpreter lock). A worker thread that spends seconds
in Python — reading a 5,000-event calendar with `icalendar` — holds that lock most of the
time, and the window's thread needs it for every event it hands to Python code: each time it
waits up to Python's switch interval (5 ms) for the worker to let go, and a screen update that
touches a few dozen Python objects then takes hundreds of milliseconds
(tests/benchmarks/responsiveness.py measured 270–530 ms stalls while the worker read the file,
with the window's thread on the processor for 30–50 ms of them). In a child process the
reading has a lock of its own; the worker thread only waits for the answer, without the lock.

    reading = run_in_child(read_calendar, data, kind="work", cancelled=lambda: task.cancelled)

The child is a fresh Python (multiprocessing's "spawn": never a fork of a process with a
window and threads), started for the one call and gone after it. The arguments and the
result travel through a pipe (pickled), so they are plain data: bytes, dataclasses of the
domain. The child speaks the parent's language and uses its date style (a warning it writes
reads as the parent's own), and it touches no file and no data folder: nothing of the
person's data is read or written there beyond what it is handed. A ValidationError raised in
the child is raised again here with its field and sentence; anything else that goes wrong
there becomes `ChildFailed` (its type name only: no record contents). `cancelled()` is polled while the child
works; when it says so the child is stopped and `Cancelled` raised.

Costs: starting the child takes 0.2–0.4 s (a new interpreter and the imports the work
needs), so callers use it for large inputs only and do small ones in the thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain import formatting, i18n
from app.domain.errors import ValidationError

# Files this large are read in a child process when the caller asks (the window does): on this
# machine's 2 cores about 0.3 s of Python and more, past which the window's thread would wait
# for the lock noticeably; below it, starting a child would cost more than it saves.
APART_BYTES = 256 * 1024
POLL_S = 0.05  # how often the waiting thread looks at `cancelled()` and the child's health
JOIN_S = 5.0  # how long a child that has answered is given to exit before it is stopped


class Cancelled(Exception):
    """`cancelled()` said so; the child was stopped."""


class ChildFailed(Exception):
    """The child ended without an answer, or with an unexpected exception (named by type)."""


def run_in_child(function: Callable[..., Any], *args: Any, cancelled: Callable[[], bool] | None = None,
                 **kwargs: Any) -> Any:
    """`function(*args, **kwargs)` in a fresh child process; its result (see the module's
    docstring). `function` must be importable by name (a module-level function)."""
    import multiprocessing  # only here: the window imports this module at start-up

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    setting = (i18n.language(), formatting.current())
    child = context.Process(target=_child_main, args=(send, setting, function, args, kwargs), daemon=True,
                            name="steady-child")
    try:
        child.start()
    except OSError as exc:  # no process could be made (limits, memory)
        receive.close()
        raise ChildFailed(f"the child process could not start ({type(exc).__name__})") from None
    finally:
        send.close()  # the child holds the writing end: when it dies, reading sees the end
    answered = False
    try:
        while not receive.poll(POLL_S):
            if cancelled is not None and cancelled():
                raise Cancelled()
            if not child.is_alive() and not receive.poll(0):
                break
        try:
            outcome, payload = receive.recv()
            answered = True
        except EOFError:
            child.join(JOIN_S)  # it closed the pipe by ending: its exit code says how
            raise ChildFailed(f"the child process ended (exit code {child.exitcode}) without an answer") from None
    finally:
        receive.close()
        if answered:
            child.join(JOIN_S)
        if child.is_alive():
            child.kill()
            child.join()
        child.close()
    if outcome == "ok":
        return payload
    if outcome == "invalid":
        field, message = payload
        raise ValidationError(field, message)
    raise ChildFailed(payload)


def run_apart(function: Callable[..., Any], *args: Any, apart: bool, data_dir: Path | None, what: str,
              cancelled: Callable[[], bool] | None = None, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)`: in a child process when `apart` (run_in_child), else here.
    Should the child not start or die (a bundle that cannot start itself, memory), it runs
    here after all, and the error log in `data_dir` says so: `what` ("A calendar file") and
    the exit code, nothing of the data. Cancelled and ValidationError pass through."""
    if apart:
        try:
            return run_in_child(function, *args, cancelled=cancelled, **kwargs)
        except ChildFailed as exc:
            from .error_log import write_error_log

            write_error_log(data_dir, f"{what} was read in the window's process: {exc}.")
    return function(*args, **kwargs)


def _child_main(send: Any, setting: tuple[str, formatting.Style], function: Callable[..., Any],
                args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The child's whole life: take the parent's language and style, run, send one answer."""
    language, style = setting
    i18n.use_language(language)
    formatting.use(style)
    try:
        answer: tuple[str, Any] = ("ok", function(*args, **kwargs))
    except ValidationError as exc:
        answer = ("invalid", (exc.field, exc.message))
    except Exception as exc:  # named by type only: a message could quote the data
        answer = ("failed", f"{type(exc).__name__} in the child process")
    try:
        send.send(answer)
    finally:
        send.close()


__all__ = ["APART_BYTES", "Cancelled", "ChildFailed", "run_apart", "run_in_child"]
