"""The parts of the benchmarks that run in a child process, one module per step.

A benchmark in `tests/bench/` prepares a database, then runs a step here with
`python -m tests.bench.steps.<name>` (from the repository root) in a child process whose
environment names the database (`QPDP_DATABASE_URL`) and the settings: each child starts
Django afresh, so figures are not skewed by the parent's state. Being modules rather than
strings, the steps are checked by ruff and mypy.
"""
