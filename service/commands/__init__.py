"""Writes: each owns its transactions and takes the lock it needs."""
