"""Mail headers that say exactly what the office wrote, on every Python the tool runs on.

Names and subjects come from files (a Steckbrief, config.yaml) and are
untrusted. Python's mail library parses every header value it is given and
decodes RFC 2047 encoded words (``=?utf-8?q?…?=``) in it; some versions then
write a line break decoded from such a word into the message as it is, so a
name can add a ``Bcc:`` or ``Reply-To:`` of its own (CVE-2024-6923). Two
rules close this:

* :func:`header_text` is the only way a name or subject gets into a header:
  one line, no control characters, and never ``=?`` (refused with a German
  message), so the library never has an encoded word to decode; the words it
  encodes itself (umlauts) are written, never read back. It is cut to
  :data:`MAX_HEADER_CHARS` characters, as the library takes time in the
  square of the length to fold a long name with umlauts.
* :func:`message_bytes` is the only way a message becomes bytes (draft or
  wire): it checks that the header block holds exactly the headers that were
  set, each on its own line, and refuses the message otherwise.
"""

from __future__ import annotations

import collections
import re
from email.message import EmailMessage
from email.policy import Policy

from ..core.errors import MerzigError, UserError
from ..core.mailaddress import ENCODED_WORD
from ..core.text import one_line

MAX_HEADER_CHARS = 200  # of a name or subject; Python folds long non-ASCII text in square time
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELD = re.compile(rb"([!-9;-~]+):")  # RFC 5322 field name, then the colon


class HeaderRefused(UserError):
    """A header that would not say what it should; the mail is not written or sent."""


def header_text(value: object, what: str, error: type[MerzigError] = HeaderRefused) -> str:
    """``value`` as the text of one header: one line, no control characters, no ``=?``."""
    text = _SURROGATE.sub("\ufffd", one_line(value))
    if ENCODED_WORD in text:
        raise error(
            f"{what} enthält „=?“: Mailprogramme lesen das als kodiertes Wort (RFC 2047), "
            f"daher nicht versandt: „{text[:80]}“",
            "Das Gleichheitszeichen oder das Fragezeichen entfernen",
        )
    if len(text) > MAX_HEADER_CHARS:
        text = text[: MAX_HEADER_CHARS - 1].rstrip() + "…"
    return text


def _refused(detail: str) -> HeaderRefused:
    return HeaderRefused(
        f"Kopfzeilen der Mail stimmen nicht ({detail}); diese Mail wurde nicht geschrieben "
        "und nicht versandt",
        "Namen und Betreff auf Zeilenumbrüche und „=?“ prüfen",
    )


def message_bytes(message: EmailMessage, policy: Policy | None = None) -> bytes:
    """The message as bytes, after checking its header block says exactly what was set."""
    from email.errors import MessageError

    policy = policy or message.policy
    try:
        data = message.as_bytes(policy=policy)
    except (MessageError, ValueError) as exc:  # newer Pythons refuse such headers themselves
        raise _refused(one_line(exc)) from None
    linesep = policy.linesep.encode("ascii")
    head = data.split(linesep + linesep, 1)[0]
    found: collections.Counter[str] = collections.Counter()
    for line in head.split(linesep):
        if b"\r" in line or b"\n" in line:
            raise _refused("Zeilenumbruch mitten in einer Kopfzeile")
        if line[:1] in (b" ", b"\t"):
            continue  # a folded line goes on the header before it
        match = _FIELD.match(line)
        if match is None:
            raise _refused("eine Zeile ist keine Kopfzeile")
        found[match.group(1).decode("ascii").lower()] += 1
    wanted = collections.Counter(name.lower() for name in message)
    if found != wanted:
        extra = sorted((found - wanted).keys()) or sorted((wanted - found).keys())
        raise _refused("unerwartet: " + ", ".join(extra))
    return data
