"""schemactl: does this contract change break anyone who relies on the old version?"""

__version__ = "0.1.0"
