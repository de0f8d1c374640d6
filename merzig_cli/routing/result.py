"""What ``merzig route`` answers: ranked suggestions with reasons, or the office as fallback.

``to_dict`` of each is the JSON output of ``merzig route --json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema.actor import Actor, Contact


@dataclass
class Suggestion:
    """One ranked suggestion: actor, the contact person to call, and why."""

    actor: Actor
    contact: Contact | None
    score: float
    topics: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        c = self.contact
        return {
            "actor": self.actor.id,
            "actor_name": self.actor.name,
            "published": self.actor.publish,
            "contact": c.id if c else None,
            "contact_name": c.name if c else None,
            "contact_role": c.role if c else None,
            "email": (c.email if c else None) or self.actor.email,
            "phone": (c.phone if c else None) or self.actor.phone,
            "score": round(self.score, 2),
            "topics": self.topics,
            "words": self.words,
            "reasons": self.reasons,
        }


@dataclass
class Fallback:
    """The Anlaufstelle as named in ``config.yaml``; its Steckbrief's contact if there is one."""

    name: str
    email: str | None
    phone: str | None
    actor: Actor | None = None
    contact: Contact | None = None

    def to_dict(self) -> dict[str, object]:
        c = self.contact
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "actor": self.actor.id if self.actor else None,
            "contact": c.id if c else None,
            "contact_name": c.name if c else None,
            "contact_email": c.email if c else None,
            "contact_phone": c.phone if c else None,
        }


@dataclass
class RouteResult:
    question: str
    topics: list[tuple[str, float]]
    suggestions: list[Suggestion]
    fallback: Fallback | None
    confident: bool
    language: str | None = None
    language_from_question: bool = False
    skipped_absent: list[str] = field(default_factory=list)
    absent_contacts: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "confident": self.confident,
            "language": self.language,
            "language_from_question": self.language_from_question,
            "topics": [{"id": t, "weight": round(w, 2)} for t, w in self.topics],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "fallback": self.fallback.to_dict() if self.fallback else None,
            "skipped_absent": self.skipped_absent,
            "absent_contacts": self.absent_contacts,
        }


__all__ = ["Fallback", "RouteResult", "Suggestion"]
