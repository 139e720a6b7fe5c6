"""Storage backends behind the engine."""
