"""Identity: keyed identifier hashes and linking what was said to exactly one CRM customer."""
