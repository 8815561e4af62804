"""The one exception the importer raises for a file it refuses, worded through the label table."""

from __future__ import annotations

import time
from typing import Any

from kaohe.labels import message


class IngestError(ValueError):
    """A refused file; the message names the file (and the row or column where relevant) and what to do.

    The text is a `Message` (kaohe.labels): `render(lang)` words it in a language, `str()` in the current one.
    """

    def __init__(self, key: str, **values: Any) -> None:
        self.message = message(key, **values)
        super().__init__(key)

    def render(self, lang: str | None = None) -> str:
        """The refusal in `lang` (default: the current language)."""
        return self.message.render(lang)

    def text(self, lang: str | None = None) -> str:
        """The same as `render`, under the name other labelled errors use."""
        return self.render(lang)

    def __str__(self) -> str:
        return self.message.render()


class Deadline:
    """A hard time budget for reading one file: `check()` refuses the file once the budget is spent."""

    def __init__(self, seconds: float, file_name: str) -> None:
        self.seconds = seconds
        self.file_name = file_name
        self._ends = time.monotonic() + seconds

    def check(self) -> None:
        """Raise IngestError when the budget is spent."""
        if time.monotonic() >= self._ends:
            raise IngestError("ingest.timeout", file=self.file_name, seconds=f"{self.seconds:g}")
