"""The shipped JSON Schema of a feed line (`article.schema.json`): compiled for the crawl,
interpreted for tools.

`compiled_check()` (fastjsonschema: the schema compiled to Python code once, ~0.08 ms per
record against ~1 ms for jsonschema's interpreter) is what the chain and EmitPipeline run;
`article_validator()` (jsonschema) is for tests and tools that want every error of a record.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@lru_cache(maxsize=1)
def article_schema() -> dict[str, Any]:
    text = resources.files("newscrawl.schema").joinpath("article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def article_validator() -> Draft202012Validator:
    """jsonschema, imported here: no crawler or worker process needs it (0.04 s each)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(article_schema())


@lru_cache(maxsize=1)
def compiled_check() -> Any:
    return fastjsonschema.compile(article_schema())
