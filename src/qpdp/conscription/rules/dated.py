"""The effective-dated rule tables of ``qpdp.core.dated``, where the call-up rules import them."""

from qpdp.core.dated import Dated as Dated
from qpdp.core.dated import NoRuleInForce as NoRuleInForce
from qpdp.core.dated import in_force as in_force
from qpdp.core.dated import row_on as row_on
