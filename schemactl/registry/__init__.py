"""Talking to a Confluent-compatible schema registry: the REST client, reference layout, and sources."""
