"""Exchange with other tools: forms and surveys in, the directory out (Open Referral HSDS)."""
