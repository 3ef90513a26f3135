"""Access: API keys, what each role may see, and the audit trail of who read or changed personal data."""
