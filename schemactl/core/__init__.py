"""Format-independent core: the model, the rule catalog and the engine."""
