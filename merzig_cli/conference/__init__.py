"""The Förderkonferenz: cases, the consent gate, agenda, invitations, minutes, follow-up."""
