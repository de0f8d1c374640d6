"""The network: round mails and reminders sent once, meetings, contact export, profile review.

Round mails and reminders go through one delivery (:mod:`.delivery`) that
writes drafts or sends through SMTP with a send ledger per campaign, so that
a re-run after a crash, a refusal or a dropped connection sends only what is
missing. Exchange meetings add a calendar invitation
(:mod:`merzig_cli.documents.calendar`); contacts are exported for address
books and spreadsheets; profile updates are reviewed with a git diff of the
Steckbriefe.
"""
