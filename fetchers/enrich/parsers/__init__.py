"""Pure functions from a service's response body to rows; no I/O, tested on genuine bodies."""
