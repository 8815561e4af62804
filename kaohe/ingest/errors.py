"""The one exception the importer raises for a file it refuses."""


class IngestError(ValueError):
    """A refused file; the message names the file (and the row or column where relevant) and what to do."""
