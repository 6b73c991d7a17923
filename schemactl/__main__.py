"""`python -m schemactl` entry point."""

from schemactl.cli.main import main

raise SystemExit(main())
