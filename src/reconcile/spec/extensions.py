"""Extensions in the spec: `extension: name`, optionally the schema it installs into and its version.

extension: pgcrypto
schema: public        # optional: when given, the extension is moved there (ALTER EXTENSION SET SCHEMA)
version: "1.3"        # optional: when given, ALTER EXTENSION UPDATE TO it; else any installed version does
absent: true          # optional: the extension must not be there (DROP EXTENSION under --allow-drop extension)

An extension the spec does not name is left alone.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import AfterValidator, model_validator

from .model import Name
from .objects import ObjectSpec, register

_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")


def _version(value: str) -> str:
    if not _VERSION.match(value):
        raise ValueError("an extension version is letters, digits, '.', '_' and '-'")
    return value


@register
class ExtensionSpec(ObjectSpec):
    KIND: ClassVar[str] = "extension"
    extension: Name
    version: Annotated[str, AfterValidator(_version)] | None = None
    absent: bool = False

    @model_validator(mode="after")
    def _nothing_else_when_absent(self) -> ExtensionSpec:
        if self.absent and self.version is not None:
            raise ValueError("an absent extension has no version")
        return self

    def declares_schema(self) -> bool:
        return "schema_" in self.model_fields_set
