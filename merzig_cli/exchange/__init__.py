"""Intake and exchange: Steckbriefe from forms and surveys, the directory as Open Referral HSDS 3.0."""
