"""What counts as an e-mail address: one definition for ``validate``, exports and mail alike.

An address is an RFC 5322 ``addr-spec`` in the form every mail library and
server takes: a dot-atom local part (letters, digits and ``!#$%&'*+-/=?^_`{|}~``,
single dots between them, at most 64 characters) and a host name of at
least two labels (letters, digits, inner hyphens, at most 63 characters
each; the last label not all digits), 254 characters in all. ASCII only; no
quoted local parts, comments, domain literals or control characters. A
local part with ``=?`` is refused too: Python's mail library reads it as an
RFC 2047 encoded word and decodes it while writing the header.

Every address :func:`address_problem` accepts is accepted by
``email.headerregistry.Address`` and by ``smtplib``. The check looks at the
length first and then walks the text once, so a megabyte of hostile text
costs no more than a glance.
"""

from __future__ import annotations

import string

MAX_LENGTH = 254  # RFC 5321: a path of 256 characters, the angle brackets included
MAX_LOCAL = 64
MAX_LABEL = 63
ATEXT = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~")
LDH = frozenset(string.ascii_letters + string.digits + "-")
ENCODED_WORD = "=?"
NOT_ATEXT = (
    "vor dem @ stehen Zeichen, die in Adressen nicht erlaubt sind "
    '(z. B. @ ( ) [ ] < > , ; : \\ " oder Leerzeichen)'
)

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# The same rule for JSON Schema (ECMA-262; with ``maxLength``). Every repetition is
# separated by a character the repeated part cannot hold, so it matches in linear time.
PATTERN = (
    rf"^(?!.*=\?){_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+"
    r"(?![0-9]+$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
)


def _label_problem(label: str) -> str | None:
    if not label:
        return "leerer Namensteil im Rechnernamen (zwei Punkte, Punkt am Anfang oder Ende)"
    if len(label) > MAX_LABEL:
        return f"ein Teil des Rechnernamens ist länger als {MAX_LABEL} Zeichen"
    if not LDH.issuperset(label):
        return "der Rechnername darf nur Buchstaben a–z, Ziffern, Bindestriche und Punkte haben"
    if label[0] == "-" or label[-1] == "-":
        return "ein Teil des Rechnernamens beginnt oder endet mit einem Bindestrich"
    return None


def address_problem(value: object) -> str | None:
    """Why ``value`` is no usable e-mail address (German), or None if it is one."""
    if not isinstance(value, str):
        return "keine Zeichenkette"
    if len(value) > MAX_LENGTH:
        return f"länger als {MAX_LENGTH} Zeichen"
    if not value.isascii() or not value.isprintable():
        return "Umlaute, Steuerzeichen und andere Sonderzeichen sind nicht erlaubt"
    local, at, domain = value.rpartition("@")
    if not at:
        return "das @ fehlt"
    if not local:
        return "vor dem @ fehlt der Name"
    if len(local) > MAX_LOCAL:
        return f"der Teil vor dem @ ist länger als {MAX_LOCAL} Zeichen"
    for atom in local.split("."):
        if not atom:
            return "ein Punkt am Anfang oder Ende des Namens oder zwei Punkte hintereinander"
        if not ATEXT.issuperset(atom):
            return NOT_ATEXT
    if ENCODED_WORD in local:
        return "„=?“ vor dem @ ist nicht erlaubt (kodiertes Wort nach RFC 2047)"
    labels = domain.split(".")
    if len(labels) < 2:
        return "nach dem @ fehlt ein Rechnername mit Punkt (z. B. example.org)"
    for label in labels:
        problem = _label_problem(label)
        if problem:
            return problem
    if labels[-1].isdigit():
        return "der Rechnername endet mit einer Zahl (IP-Adressen sind nicht erlaubt)"
    return None


def is_address(value: object) -> bool:
    """Whether ``value`` is a usable e-mail address (see the module docstring)."""
    return address_problem(value) is None


def clean_address(value: object) -> str | None:
    """``value`` if it is a usable e-mail address, else None (files are untrusted)."""
    return value if isinstance(value, str) and address_problem(value) is None else None
