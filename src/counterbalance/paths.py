"""Where the project's folders are, computed once. Imports nothing from the package."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
BOOK_DIR = PROJECT_ROOT / "book"
BUILD_DIR = PROJECT_ROOT / "_build"
PUBLIC_DIR = PROJECT_ROOT / "public"
DESCRIPTOR_NAME = "datapackage.json"
