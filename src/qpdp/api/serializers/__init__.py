"""What the API reads and writes, one module per domain; rules stay in the forms and services."""
