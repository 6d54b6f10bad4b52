"""The `parity` subcommands, one module each; `harness.cli` parses the arguments, runs one
and turns what it raises into one line and an exit code (`harness.cli_output`)."""
