"""The content engine: Markdown files → validated, rendered, cross-checked catalogue. Never imports Flask."""

from .catalog import Catalog, CatalogCache, build_catalog
from .errors import ContentError

__all__ = ["Catalog", "CatalogCache", "ContentError", "build_catalog"]
