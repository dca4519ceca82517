"""Research with Stripe Sigma: the schema the queries may name, the queries, a synthetic dataset and the engine that
runs the queries on it (docs/contributing/research-queries.md)."""
