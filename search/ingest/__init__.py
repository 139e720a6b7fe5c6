"""Turn the files of a seeds folder into Document records: the ingest API the indexer calls.

    scan_seeds(root) -> (files, skipped)      every .txt/.md/.jsonl under root, sorted
    relative_path(path, root) -> str          POSIX path: Document.path and the file's key
    read_seed_file(path, root) -> (documents, problems)   raises SeedFileError for an unusable file
    file_hash(path) -> str                    SHA-1 of the bytes
    detect_language(text) -> (lang, confidence)
"""

from search.ingest.decode import MAX_FILE_BYTES
from search.ingest.document import Document
from search.ingest.files import SUPPORTED_EXTENSIONS, file_hash, relative_path, scan_seeds
from search.ingest.langdetect import detect_language
from search.ingest.reader import read_seed_file

__all__ = [
    "MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS", "Document", "detect_language", "file_hash", "read_seed_file",
    "relative_path", "scan_seeds",
]
