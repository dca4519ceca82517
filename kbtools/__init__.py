"""Editor tooling: the page contract, the page checker and the runbook scaffold."""
