"""The anonymous counts of one inquiry, as the yearly statistics keep them after deletion.

Only ids of the vocabularies, dates reduced to the month, numbers: no
question text, no feedback text, nothing about the person who asked.
"""

from __future__ import annotations

from typing import Any

from ..schema.inquiry import Inquiry


def count_inquiry(inquiry: Inquiry) -> dict[str, Any]:
    per_actor: dict[str, dict[str, int]] = {}
    outcomes: dict[str, int] = {}
    days: list[int] = []
    with_feedback = 0
    for ref in inquiry.referrals:
        row = per_actor.setdefault(ref.actor, {"referrals": 0, "with_feedback": 0, "done": 0})
        row["referrals"] += 1
        row["done"] += ref.status == "done"
        outcomes[ref.status] = outcomes.get(ref.status, 0) + 1
        if ref.feedback is not None:
            with_feedback += 1
            row["with_feedback"] += 1
            days.append((ref.feedback.date - ref.date).days)
    return {
        "inquiries": 1,
        "closed": int(inquiry.closed is not None),
        "by_topic": {t: 1 for t in inquiry.topics},
        "by_group": {inquiry.inquirer: 1},
        "by_channel": {inquiry.channel: 1},
        "by_language": {inquiry.language: 1},
        "by_month": {inquiry.received.strftime("%Y-%m"): 1},
        "referrals": len(inquiry.referrals),
        "with_feedback": with_feedback,
        "outcomes": outcomes,
        "days_to_feedback": days,
        "per_actor": per_actor,
    }
