"""What each role sees and acts on: the per-customer insight, next actions, marketing lists, sales signals, the service queue."""
