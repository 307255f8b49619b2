"""Build a slow plot's data (the width sweep) in a separate process.

numpy training in a thread of the UI process competes with Textual for the GIL; a process keeps
the interface responsive, and cancelling really stops the work (the process is killed). Progress
and the result come back over a pipe. Called from a Textual thread worker.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


class BuildCancelled(Exception):
    """The student cancelled the build (or left the screen)."""


class BuildFailed(Exception):
    """The build raised in the child process, or the child died."""


def _child(name: str, values: dict[str, Any], conn: Any) -> None:
    try:
        from tutor.plots import registry as plots

        spec = plots.get(name)
        extra = {"partial": lambda data: conn.send(("partial", data))} if spec.partial else {}
        data = spec.build(
            values, lambda fraction, message: conn.send(("progress", fraction, message)), **extra
        )
        conn.send(("done", data))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a message
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        except Exception:  # noqa: BLE001
            pass
    finally:
        conn.close()


def build_in_process(
    name: str,
    values: dict[str, Any],
    progress: Callable[[float, str], None],
    cancelled: Callable[[], bool],
    poll: float = 0.1,
    partial: Callable[[Any], None] | None = None,
) -> Any:
    """Run ``plots.get(name).build(values, progress)`` in a child process and return the data.

    ``partial(data)`` gets what a builder hands over while it runs (see ``PlotSpec.partial``).
    """
    from tutor.ui.checking import start_resource_tracker

    start_resource_tracker()
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, values, child), daemon=True, name=f"build {name}")
    proc.start()
    child.close()
    try:
        while True:
            if cancelled():
                raise BuildCancelled()
            if parent.poll(poll):
                try:
                    msg = parent.recv()
                except EOFError:
                    raise BuildFailed("the plot's process stopped unexpectedly") from None
                if msg[0] == "progress":
                    progress(msg[1], msg[2])
                elif msg[0] == "partial":
                    if partial is not None:
                        partial(msg[1])
                elif msg[0] == "done":
                    return msg[1]
                else:
                    raise BuildFailed(msg[1])
            elif not proc.is_alive() and not parent.poll():
                raise BuildFailed("the plot's process stopped unexpectedly")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=2)
        parent.close()
