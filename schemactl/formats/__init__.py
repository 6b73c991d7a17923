"""One package per contract language, each with the same face: detect, load, diff."""
