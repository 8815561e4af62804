"""Checks an uploaded file must pass before the importer reads a byte of it: name, size and real type.

The importer opens workbooks with openpyxl, which inflates every part of the zip into memory, and the upload
comes from a browser, so a file is judged by its bytes, not by the name it claims: an .xlsx that is really an
HTML page (what many office systems call an "Excel export"), a zip bomb, a binary file named .csv, a name
that tries to climb out of a folder. Each is refused with a message a clerk can act on, before anything is
written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from kaohe.ingest.errors import IngestError

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as .streamlit/config.toml's server.maxUploadSize: 50 MB
# A file an administrator imports from the server's own disk (`kaohe import`) may be a whole district's year;
# the bound keeps one file's import within the machine's memory (a million-row CSV is about 120 MB).
MAX_DISK_FILE_BYTES = 1024 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # a 10-million-cell workbook inflates to about this
MAX_RATIO = 100  # xlsx parts compress 5–20 times; zip bombs compress a thousand times and more
MAX_ZIP_ENTRIES = 10_000
_RATIO_FLOOR = 1024 * 1024  # small parts (shared strings of a blank sheet) may compress very well
MAX_NAME_LENGTH = 200

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_HTML = re.compile(rb"^\s*<(!doctype\s+html|html|\?xml|table|meta|head|body)\b", re.IGNORECASE)
_BINARY_MAGIC = {
    b"%PDF": "PDF 文档",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"Rar!": "RAR 压缩包",
    b"7z\xbc\xaf": "7z 压缩包",
    b"\x1f\x8b": "gzip 压缩包",
    b"MZ": "Windows 程序",
    b"\x7fELF": "Linux 程序",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control bytes other than tab, newline, carriage return, form feed and escape do not occur in text exports
# (GBK and UTF-8 multi-byte sequences never use bytes below 0x30).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF = 64 * 1024


@dataclass(frozen=True)
class Checked:
    """A file that passed the checks: its name and the kind its bytes really are ("xlsx" or "text")."""

    file_name: str
    kind: str


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_file_name(file_name: str) -> str:
    """The file's name if it is a plain name (no folders, no '..', no control characters), else IngestError."""
    shown = file_name.encode("unicode_escape").decode("ascii") if not file_name.isprintable() else file_name
    if not file_name.strip():
        raise IngestError("文件名为空：请给文件一个名字（如 2025年便民服务台账.xlsx）后再导入")
    if len(file_name) > MAX_NAME_LENGTH:
        raise IngestError(f"文件名太长（{len(file_name)} 个字符，最多 {MAX_NAME_LENGTH} 个）：请改短后再导入")
    plain = PurePosixPath(file_name).name == file_name and PureWindowsPath(file_name).name == file_name
    if not plain or not file_name.isprintable() or file_name.strip(" .") in ("", "..") or ":" in file_name:
        raise IngestError(
            f"文件名「{shown}」不合规：只能是文件本身的名字，不能含有路径（/ 或 \\）、“..”、冒号或控制字符"
        )
    return file_name


def check_upload(data: bytes, file_name: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> Checked:
    """Refuse a file whose name, size or real type is not that of a ledger export; return what it really is."""
    name = check_file_name(file_name)
    if len(data) > max_bytes:
        raise IngestError(
            f"文件「{name}」太大（{_mb(len(data))}），超过上限 {_mb(max_bytes)}：请按年度或季度拆分后分别导入"
        )
    if not data:
        raise IngestError(f"文件「{name}」是空文件（0 字节）：请重新导出后再导入")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".xls" or data.startswith(_OLE_MAGIC):
        raise IngestError(
            f"文件「{name}」是旧版 Excel（.xls）格式，无法直接读取；请在 Excel 中另存为 xlsx 工作簿后再导入。"
        )
    if suffix not in XLSX_SUFFIXES | TEXT_SUFFIXES:
        raise IngestError(f"文件「{name}」的类型「{suffix or '无扩展名'}」不受支持：只能导入 .xlsx 工作簿或 .csv 文件")
    head = data[:_SNIFF]
    if _HTML.match(head.removeprefix(b"\xef\xbb\xbf")):
        raise IngestError(
            f"文件「{name}」的内容其实是网页（HTML），不是{'Excel 工作簿' if suffix in XLSX_SUFFIXES else 'CSV 文件'}"
            "（有些系统的“导出 Excel”会这样做）：请用 Excel 打开它，另存为 xlsx 工作簿后再导入"
        )
    if suffix in XLSX_SUFFIXES:
        _check_workbook(data, name)
        return Checked(name, "xlsx")
    if data.startswith(_ZIP_MAGIC):
        raise IngestError(f"文件「{name}」的扩展名是 {suffix}，内容却是 xlsx 工作簿：请把扩展名改为 .xlsx 后再导入")
    _check_text(head, name)
    return Checked(name, "text")


def _check_workbook(data: bytes, name: str) -> None:
    """An xlsx must be a zip holding a workbook, of bounded total and per-part inflated size."""
    if not data.startswith(_ZIP_MAGIC):
        kind = next((label for magic, label in _BINARY_MAGIC.items() if data.startswith(magic)), "")
        found = f"内容是{kind}" if kind else "内容不是 xlsx 工作簿（xlsx 是 zip 格式，应以 PK 开头）"
        raise IngestError(f"文件「{name}」{found}：请在 Excel 中另存为 xlsx 工作簿后再导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(f"文件「{name}」已损坏，无法作为 xlsx 工作簿打开（{exc}）：请重新导出后再导入") from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise IngestError(
            f"文件「{name}」内含 {len(entries)} 个部件，超过上限 {MAX_ZIP_ENTRIES}：不像正常的 xlsx 工作簿"
        )
    parts = {entry.filename for entry in entries}
    missing = [part for part in _REQUIRED_PARTS if part not in parts]
    if missing:
        raise IngestError(
            f"文件「{name}」是 zip 压缩包，但不是 Excel 工作簿（缺少 {'、'.join(missing)}）：请上传 xlsx 台账"
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise IngestError(
            f"文件「{name}」解压后有 {_mb(total)}，超过上限 {_mb(MAX_UNCOMPRESSED_BYTES)}（疑似“压缩炸弹”）：已拒绝导入"
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise IngestError(
                f"文件「{name}」的部件 {entry.filename} 压缩比为 {ratio:.0f} 倍，超过上限 {MAX_RATIO} 倍"
                "（疑似“压缩炸弹”）：已拒绝导入"
            )


def _check_text(head: bytes, name: str) -> None:
    """A CSV must be text: no known binary signature and no control bytes (UTF-16 is left to the decoder)."""
    kind = next((label for magic, label in _BINARY_MAGIC.items() if head.startswith(magic)), None)
    if kind is not None:
        raise IngestError(f"文件「{name}」的内容是{kind}，不是 CSV 文件：请上传从 Excel 或业务系统导出的 CSV")
    if head.startswith(_UTF16_BOMS):
        # A UTF-16 export is text; the decoder refuses it with the byte offset and how to re-save it.
        return
    control = _CONTROL.search(head)
    if control is not None:
        raise IngestError(
            f"文件「{name}」不是文本 CSV：在字节偏移 {control.start()} 处有控制字符 0x{head[control.start()]:02X}，"
            "像是二进制文件。请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”重新保存后再导入"
        )
