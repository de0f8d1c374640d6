"""The pace of reminders and the one mail per person and day.

From the day's duties (:mod:`.reminders`) and the reminder memory
(:mod:`.memory`):

* an item goes again only ``reminders.interval_days`` after its last reminder;
* a person (an address) gets at most one reminder mail in that interval: what
  falls due in between waits for the next one, so a daily run from a scheduler
  never mails anyone more often;
* once ``reminders.escalate_after`` reminders about an item went unanswered,
  the next one also goes to the actor's lead contact (``lead: true``, else the
  general contact), once per item;
* all that one person gets on one day is **one** mail (a digest: feedback,
  steps, copies for the lead and the Steckbrief together), with a subject that
  says what it holds.

The campaign carries a recorder that writes each mail to the memory just
before the server can accept it; drafts never touch the memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.clock import now as clock_now
from ..schema.actor import Actor
from ..workspace.loader import Workspace
from .compose import Campaign, Mail, Target, new_message, render_pair
from .memory import Item, Mailed, Memory, MemoryWriter, open_memory
from .profile import profile_document
from .recipients import actor_address
from .reminders import Duty, Missing
from .rounds import draft_name

ORDER = ("feedback", "steps", "profile", "lead")
LABELS = {
    "feedback": "Rückmeldungen",
    "steps": "fällige Schritte",
    "profile": "Steckbrief",
    "lead": "Kopie an die Leitung",
}
SUBJECTS = {
    "feedback": "Bitte um Rückmeldung zu weitergeleiteten Anfragen",
    "profile": "Bitte prüfen: Ihr Steckbrief im Netzwerk",
    "steps": "Erinnerung: fällige Schritte aus der Förderkonferenz",
    "lead": "Zur Kenntnis: Erinnerungen an Ihre Organisation ohne Antwort",
}
PARTS = {
    "feedback": "Rückmeldungen zu Anfragen",
    "steps": "fällige Schritte aus der Förderkonferenz",
    "profile": "Steckbrief prüfen",
    "lead": "offene Erinnerungen zur Kenntnis",
}


@dataclass
class Letter:
    """Everything one person gets on one day."""

    address: str
    names: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)  # lead copies have item.lead set

    @property
    def direct(self) -> set[str]:
        """The items this person is reminded of in person."""
        return {d.item.key for d in self.duties if not d.item.lead}

    @property
    def shown_leads(self) -> list[Duty]:
        """The copies for the lead the mail shows: a lead who gets the item anyway is not told
        twice in one mail (the copy still counts as given)."""
        direct = self.direct
        return [d for d in self.duties if d.item.lead and d.item.key not in direct]

    @property
    def kinds(self) -> list[str]:
        found = {d.item.kind for d in self.duties if not d.item.lead}
        if self.shown_leads:
            found.add("lead")
        return [k for k in ORDER if k in found]

    @property
    def key(self) -> str:
        """The mail's key in the day's ledger: kinds, actors, address."""
        actors = "+".join(sorted({d.actor.id for d in self.duties}))
        if len(actors) > 200:
            actors = "akteure-" + hashlib.sha256(actors.encode()).hexdigest()[:16]
        return f"{'+'.join(self.kinds)}:{actors}:{self.address.lower()}"


def subject(kinds: list[str]) -> str:
    if len(kinds) == 1:
        return SUBJECTS[kinds[0]]
    parts = [PARTS[k] for k in kinds]
    return "Erinnerung: " + ", ".join(parts[:-1]) + " und " + parts[-1]


def _lead_duty(duty: Duty, count: int) -> Duty | None:
    """A copy of ``duty`` for the actor's lead contact, or None if the actor has no address."""
    actor: Actor = duty.actor
    address, name, _ = actor_address(actor, actor.lead_contact)
    if address is None:
        return None
    i = duty.item
    lead = Item(i.key, i.kind, i.actor, i.case, i.step, i.due, i.role, lead=True)
    data = {**duty.data, "count": count, "reminded": duty.name}
    return Duty(lead, actor, address, name, data)


def pace(
    duties: list[Duty], memory: Memory, day: dt.date, interval: int, escalate: int
) -> tuple[list[Letter], list[str]]:
    """The letters of ``day``: due items (with lead copies) grouped per person, leaving out
    what the interval forbids; and German notes on what waits."""
    ready: list[Duty] = []
    resting = 0
    for duty in duties:
        key = duty.item.key
        if not memory.item_free(key, day, interval):
            resting += 1
            continue
        count = memory.reminders(key)
        duty.data["count"] = count + 1
        ready.append(duty)
        if count >= escalate and not memory.escalated(key):
            lead = _lead_duty(duty, count)
            if lead is not None:
                ready.append(lead)
    letters: dict[str, Letter] = {}
    waiting: set[str] = set()
    for duty in ready:
        address = duty.address.lower()
        if not memory.person_free(address, day, interval):
            waiting.add(address)
            continue
        letter = letters.setdefault(address, Letter(duty.address))
        if duty.name not in letter.names:
            letter.names.append(duty.name)
        letter.duties.append(duty)
    notes = []
    today = sum(1 for m in memory.reached() if m.day == day)
    if today:
        notes.append(f"Für diesen Tag schon versandt: {today} Erinnerungsmail(s)")
    if resting:
        notes.append(
            f"{resting} Erinnerung(en) ruhen noch: dieselbe Sache wurde vor weniger als "
            f"{interval} Tagen erinnert (reminders.interval_days)"
        )
    if waiting:
        notes.append(
            f"{len(waiting)} Person(en) bekamen in den letzten {interval} Tagen schon eine "
            "Erinnerung; was für sie fällig ist, folgt mit der nächsten"
        )
    return sorted(letters.values(), key=lambda x: x.address.lower()), notes


def _context(ws: Workspace, day: dt.date, letter: Letter) -> dict[str, Any]:
    regular = [d for d in letter.duties if not d.item.lead]
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for d in regular:
        if d.item.kind != "steps":
            continue
        data = d.data
        group_key = (data["conference"], data["actor"], data["role"], data["attended"])
        group = groups.setdefault(group_key, {**data, "items": []})
        group["items"].append(data)
    return {
        "names": letter.names,
        "day": day,
        "feedback": [d.data for d in regular if d.item.kind == "feedback"],
        "step_groups": list(groups.values()),
        "profiles": [d.data for d in regular if d.item.kind == "profile"],
        "leads": [d.data | {"kind": d.item.kind} for d in letter.shown_leads],
        "feedback_days": ws.config.feedback_days,
        "review_months": ws.config.review_months,
        "escalate_after": ws.config.reminders.escalate_after,
    }


def _mail(ws: Workspace, campaign: str, day: dt.date, index: int, letter: Letter) -> Mail:
    kinds = letter.kinds
    title = subject(kinds)
    context = {"subject": title, **_context(ws, day, letter)}
    parts = render_pair(ws, "reminder", context)
    name = ", ".join(letter.names)
    message = new_message(ws, campaign, letter.key, title, parts, [(name, letter.address)])
    for duty in letter.duties:
        if duty.item.kind == "profile" and not duty.item.lead:
            document = profile_document(ws, duty.actor)
            message.add_attachment(
                document,
                subtype="html",
                filename=f"steckbrief-{draft_name(0, duty.actor.id)[4:]}.html",
            )
    if message["Content-Language"] is None:  # moved into the text part by an attachment
        message["Content-Language"] = "de"
    stem = draft_name(index, f"{'-'.join(kinds)}-{letter.address}")
    target = Target(letter.key, letter.address, name)
    return Mail(stem, [target], message, "+".join(kinds), len(letter.duties))


@dataclass
class _Recorder:
    """Writes each reminder mail to the memory (see :class:`.compose.Recorder`)."""

    day: dt.date
    campaign: str
    letters: dict[str, Letter]  # by the mail's draft name
    writer: MemoryWriter | None = None

    def pending(self, mail: Mail) -> None:
        assert self.writer is not None
        letter = self.letters[mail.name]
        at = clock_now().isoformat(timespec="seconds")
        items = [d.item for d in letter.duties]
        message_id = str(mail.message["Message-ID"])
        mailed = Mailed(message_id, self.day, at, letter.address, self.campaign, letter.key, items)
        self.writer.pending(mailed)

    def answered(self, mail: Mail, accepted: bool) -> None:
        assert self.writer is not None
        self.writer.answered(str(mail.message["Message-ID"]), "sent" if accepted else "failed")


def digest(
    ws: Workspace,
    day: dt.date,
    duties: list[Duty],
    missing: list[Missing],
    notes: list[str],
    memory: Memory,
) -> Campaign:
    """The campaign ``erinnerungen-<day>``: one mail per person, at the memory's pace."""
    settings = ws.config.reminders
    letters, waiting = pace(duties, memory, day, settings.interval_days, settings.escalate_after)
    name = f"erinnerungen-{day.isoformat()}"
    mails = [_mail(ws, name, day, n, letter) for n, letter in enumerate(letters, 1)]
    recorder = _Recorder(day, name, {m.name: x for m, x in zip(mails, letters, strict=True)})

    @contextlib.contextmanager
    def recording() -> Iterator[_Recorder]:
        with open_memory(ws.root, memory.size) as writer:
            recorder.writer = writer
            try:
                yield recorder
            finally:
                recorder.writer = None

    return Campaign(name, "Erinnerungen", mails, missing, "", [*notes, *waiting], recording)
