"""Real peer tools run as test oracles."""
