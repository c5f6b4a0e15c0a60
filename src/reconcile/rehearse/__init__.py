"""Rehearsal: apply a plan to a throwaway copy of the target under load, time each step, roll back."""
