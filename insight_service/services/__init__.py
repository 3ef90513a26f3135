"""Services: functions over a Session that never commit (the request or command does)."""
