"""Import the ledgers branches keep in Excel and CSV into the store, as the files really are.

`preview_file` shows how a file will be read; `import_file`/`import_path` load it in one transaction,
quarantining rows that cannot be loaded in `rejects` with a reason a clerk understands. A file whose headers
the alias tables do not know is refused naming the closest ledger (HeaderMismatch); a `mapping` of its headers
to fields reads it anyway, and `save_spellings` keeps that mapping for later files. `template_workbook` writes
a blank xlsx per ledger that imports without a header problem.
"""

from kaohe.ingest.errors import IngestError
from kaohe.ingest.ledgers import IGNORE, LEDGERS, load_ledgers
from kaohe.ingest.load import ImportResult, import_file, import_path
from kaohe.ingest.preview import FilePreview, preview_file, rejects_workbook
from kaohe.ingest.source import ColumnMapping, HeaderMismatch
from kaohe.ingest.spellings import (
    SavedSpelling,
    parse_map,
    remove_spelling,
    save_spellings,
    saved_spellings,
    spellings_table,
)

__all__ = [
    "IGNORE",
    "LEDGERS",
    "ColumnMapping",
    "FilePreview",
    "HeaderMismatch",
    "ImportResult",
    "IngestError",
    "SavedSpelling",
    "import_file",
    "import_path",
    "load_ledgers",
    "parse_map",
    "preview_file",
    "rejects_workbook",
    "remove_spelling",
    "save_spellings",
    "saved_spellings",
    "spellings_table",
]
