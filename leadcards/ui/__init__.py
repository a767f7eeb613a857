"""The LeadCards desktop application (Qt). Thin over the core in :mod:`leadcards`."""
