"""The support network as vCard 3.0 (RFC 2426), so a phone can import the people on it.

One card per contact: the name (FN, and N with the whole name as the given name, since
Steady keeps one name field), the phone as a typed voice number, the email as a typed
internet address, the role (ROLE), and Steady's id as UID so importing the file twice
updates the cards instead of doubling them. Notes are left out on purpose: they are the
person's private words, not something to spread to a phone's address book.

Text values are escaped as RFC 2426 §4 says (backslash, comma, semicolon, newline); lines
end in CRLF and are folded at 75 octets without splitting a UTF-8 character. Contacts are
written in the support network's order (crisis contacts first, then by name), so the same
data always gives the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from app.domain import fields as F
from app.domain.records import SupportContact

from .files import write_file_atomically

_MAX_OCTETS = 75


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded to at most 75 octets per physical line."""
    out: list[bytes] = []
    current = b""
    limit = _MAX_OCTETS
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b""
            limit = _MAX_OCTETS - 1  # continuation lines start with a space
        current += encoded
    out.append(current)
    return b"\r\n ".join(out) + b"\r\n"


def card(contact: SupportContact) -> bytes:
    role = F.spec_named(SupportContact, "role").choice_label(contact.role)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{escape(contact.name)}", f"N:;{escape(contact.name)};;;"]
    if contact.phone.strip():
        lines.append(f"TEL;TYPE=VOICE:{escape(contact.phone.strip())}")
    if contact.email.strip():
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(contact.email.strip())}")
    lines.append(f"ROLE:{escape(role)}")
    lines.append(f"UID:urn:uuid:{escape(contact.id)}")
    lines.append("END:VCARD")
    return b"".join(fold(line) for line in lines)


def vcards(contacts: Iterable[SupportContact]) -> bytes:
    return b"".join(card(c) for c in contacts)


def write_vcf(contacts: list[SupportContact], path: str | os.PathLike) -> int:
    """Write the cards to `path` atomically; returns the byte count. Raises StoreError."""
    data = vcards(contacts)
    write_file_atomically(Path(path), data)
    return len(data)
