"""gongkai: a static-site generator for Chinese government information disclosure.

The core (matrix, documents, listing) knows nothing of MkDocs; the plugin and the CLI
are thin shells over it.
"""

from .documents import Attachment, Document, load_documents, read_document
from .errors import GongkaiError, Problem
from .listing import ListingPage, paginate
from .matrix import PARTS, Column, Matrix, check_folders, load_matrix

__all__ = [
    "PARTS", "Attachment", "Column", "Document", "GongkaiError", "ListingPage", "Matrix",
    "Problem", "check_folders", "load_documents", "load_matrix", "paginate", "read_document",
]
