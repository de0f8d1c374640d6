"""Which recorded case documents must go: the consent gate's verdict applied to earlier outputs.

A case the gate withholds today must not live on in an agenda, a schedule,
minutes, an agreement sheet or an excerpt written before (nor in an Art. 15
export): every run that writes case documents, and ``privacy purge``, deletes
the recorded documents of such cases (:func:`~merzig_cli.documents.forget.forget`).
The decision is the gate's typed verdict, never the typed record's
``consent.withdrawn``: a withdrawal the gate cannot read counts as one. A case
that is only held back because its consent came after the day of a
back-dated output is not forgotten: it was shown rightly on later days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..documents.forget import Forgotten, forget
from ..documents.manifest import read
from .gate import Gate, Reason

NO_LONGER_ON_FILE = "der Fall steht nicht mehr im Arbeitsbereich"


def gone_cases(gate: Gate, ids: Iterable[str]) -> dict[str, str]:
    """The cases of ``ids`` that no output may show any more, each with the German reason."""
    admitted = {c.id for c in gate.cases()}
    gone: dict[str, str] = {}
    for case_id in sorted(set(ids)):
        if case_id in admitted:
            continue
        held = gate.verdict(case_id)
        if held is None:
            gone[case_id] = NO_LONGER_ON_FILE  # purged or deleted by hand
        elif held.reason is not Reason.CONSENT_AFTER_DAY:
            gone[case_id] = held.text
    return gone


def recorded_gone(gate: Gate) -> dict[str, str]:
    """The cases of the manifest of case documents that no output may show any more."""
    return gone_cases(gate, (c for e in read(gate.ws.root) for c in e.cases))


def forget_withheld(
    gate: Gate, also: Mapping[str, str] | None = None, dry_run: bool = False
) -> list[Forgotten]:
    """Delete the recorded documents of every case the gate withholds (and of ``also``)."""
    gone = recorded_gone(gate) | dict(also or {})
    return forget(gate.ws.root, gone, dry_run)
