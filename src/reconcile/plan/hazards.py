"""The closed set of hazards a step can carry, and what each means for an operator."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HazardCode(StrEnum):
    DELETES_DATA = "DELETES_DATA"
    DROPS_OBJECT = "DROPS_OBJECT"
    REWRITES_TABLE = "REWRITES_TABLE"
    ACCESS_EXCLUSIVE_LOCK = "ACCESS_EXCLUSIVE_LOCK"
    INDEX_BUILD = "INDEX_BUILD"
    UNIQUE_MAY_FAIL = "UNIQUE_MAY_FAIL"
    VALIDATE_SCAN = "VALIDATE_SCAN"
    NOT_NULL_MAY_FAIL = "NOT_NULL_MAY_FAIL"
    CHECK_MAY_FAIL = "CHECK_MAY_FAIL"
    FOREIGN_KEY_MAY_FAIL = "FOREIGN_KEY_MAY_FAIL"
    SCHEMA_MISSING = "SCHEMA_MISSING"
    UNIQUE_UNCHECKED = "UNIQUE_UNCHECKED"
    SERVER_VERSION = "SERVER_VERSION"
    OUTSIDE_SPEC = "OUTSIDE_SPEC"


MEANING = {
    HazardCode.DELETES_DATA: "removes stored values",
    HazardCode.DROPS_OBJECT: "removes a schema object",
    HazardCode.REWRITES_TABLE: "rewrites the whole table under an ACCESS EXCLUSIVE lock",
    HazardCode.ACCESS_EXCLUSIVE_LOCK: "takes a brief ACCESS EXCLUSIVE lock (retried with a short lock_timeout)",
    HazardCode.INDEX_BUILD: "builds an index concurrently: scans the table, writes continue",
    HazardCode.UNIQUE_MAY_FAIL: "existing rows violate the unique definition",
    HazardCode.VALIDATE_SCAN: "scans the table to validate; writes continue",
    HazardCode.NOT_NULL_MAY_FAIL: "existing rows hold NULL",
    HazardCode.CHECK_MAY_FAIL: "existing rows violate the CHECK",
    HazardCode.FOREIGN_KEY_MAY_FAIL: "existing rows reference rows that do not exist",
    HazardCode.SCHEMA_MISSING: "the table's schema does not exist",
    HazardCode.SERVER_VERSION: "the server's PostgreSQL version cannot run the statement",
    HazardCode.OUTSIDE_SPEC: "changes objects the spec does not manage (columns of its tables converted)",
    HazardCode.UNIQUE_UNCHECKED: "existing rows not checked for collisions (that would evaluate a spec expression)",
}

# hazards that make apply refuse the step outright (no flag allows them)
BLOCKING = {
    HazardCode.UNIQUE_MAY_FAIL,
    HazardCode.NOT_NULL_MAY_FAIL,
    HazardCode.CHECK_MAY_FAIL,
    HazardCode.FOREIGN_KEY_MAY_FAIL,
    HazardCode.SCHEMA_MISSING,
    HazardCode.SERVER_VERSION,
}

# what it takes to run a step with a blocking hazard
FIX = {
    HazardCode.SCHEMA_MISSING: "declare it in the spec (namespace: NAME) or create it first, then plan again",
    HazardCode.SERVER_VERSION: "upgrade the server, or change the spec as the reason says, then plan again",
}
FIX_DATA = "fix the data first, then plan again"


@dataclass(frozen=True)
class Hazard:
    code: HazardCode
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code.value}: {self.detail}" if self.detail else self.code.value
