"""Privacy: the consent ledger, opt-outs and suppression, erasure and access, scrubbing quotes for R&D."""
