"""The generic path: a clean article from a page that no site profile describes."""

from newscrawl.extraction.generic.content import generic_content
from newscrawl.extraction.generic.draft import generic_draft
from newscrawl.extraction.generic.metadata import GenericMetadata, generic_metadata

__all__ = ["GenericMetadata", "generic_content", "generic_draft", "generic_metadata"]
