"""Every line must validate against the shipped JSON Schema; anything else is dropped."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from jsonschema import Draft202012Validator

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def article_validator() -> Draft202012Validator:
    text = resources.files("newscrawl.schema").joinpath("article.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


class SchemaPipeline(Stage):
    area: ClassVar[str] = "validate"

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            return item
        errors = sorted(article_validator().iter_errors(item.to_record()), key=str)
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.absolute_path) or "(root)"
            logger.warning("schema violation at %s in %s: %s", where, item.url, first.message)
            raise self.drop("invalid_schema", item)
        return item
