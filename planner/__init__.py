"""Roadmap Planner: schedule a roadmap on a working-day calendar and tell teams what moved."""

__version__ = "0.1.0"
