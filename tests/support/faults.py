"""Fault hooks for the announcement send path: stop it at a named step, as a crash would."""

from __future__ import annotations

from bot.announcements.outbox import EVENT_STEPS, SEND_STEPS, FaultHook


class SimulatedCrash(RuntimeError):
    """Raised by a fault hook to stop the send path at a named step."""


def crash_at(step: str) -> FaultHook:
    """A fault hook that raises SimulatedCrash when the send path reaches `step`."""
    if step not in SEND_STEPS + EVENT_STEPS:
        raise ValueError(f"unknown step {step!r}")

    def hook(reached: str) -> None:
        if reached == step:
            raise SimulatedCrash(f"simulated crash at {step}")

    return hook
