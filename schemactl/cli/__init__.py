"""The command line: parsing and printing only; the work happens in the library."""
