"""Data that ships with LeadCards (deck files). Read with ``importlib.resources``."""
