"""Models of the shared kernel, defined in their own modules and collected here for Django."""

from qpdp.core.access import User
from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit, UnitSuccession

__all__ = ["AuditEntry", "Unit", "UnitSuccession", "User"]
