"""Inquiries, referrals and feedback; the referral report."""
