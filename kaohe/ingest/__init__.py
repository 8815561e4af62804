"""Import the ledgers branches keep in Excel and CSV into the store, as the files really are.

`preview_file` shows how a file will be read; `import_file`/`import_path` load it in one transaction,
quarantining rows that cannot be loaded in `rejects` with a reason a clerk understands.
"""

from kaohe.ingest.errors import IngestError
from kaohe.ingest.ledgers import LEDGERS, load_ledgers
from kaohe.ingest.load import ImportResult, import_file, import_path
from kaohe.ingest.preview import FilePreview, preview_file, rejects_workbook
from kaohe.ingest.source import ColumnMapping

__all__ = [
    "LEDGERS",
    "ColumnMapping",
    "FilePreview",
    "ImportResult",
    "IngestError",
    "import_file",
    "import_path",
    "load_ledgers",
    "preview_file",
    "rejects_workbook",
]
