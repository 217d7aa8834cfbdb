"""Which law and workflow govern the call-up on a date.

Law 98/2025/QH15 (in force 01/07/2025) abolished the district tier: quotas, councils, deferral
decisions, call-up documents and handover all moved. Records before that date keep the workflow
they were made under, so the regimes are rows of a table with validity windows.

Article numbers differ between the two texts (the 2025 law inserted clauses into Art. 40), so
each regime carries the citations a user sees for its deadlines.

A further amendment reported in force on 01/09/2026 (VBHN 133/2026) is UNVERIFIED: when its text
is confirmed, close the last row and add one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .dated import row_on
from .states import Text

# Values of ``qpdp.core.units.UnitKind``; spelled here because rules import no models.
PROVINCE = "province"
DISTRICT = "district"
COMMUNE = "commune"


@dataclass(frozen=True, slots=True)
class Regime:
    """Who does what in the call-up, from ``valid_from`` to ``valid_to`` (inclusive)."""

    code: str
    valid_from: date
    valid_to: date | None
    title: Text
    has_district_level: bool
    quota_chain: tuple[str, ...]
    council_levels: tuple[str, ...]
    council_article: Text
    list_proposed_by_level: str
    list_proposed_by: Text
    deferral_decided_by: Text
    call_up_list_approved_by: Text
    call_up_document: Text
    call_up_document_issued_by: Text
    exam_call_issued_by: Text
    handover_organised_by: Text
    call_up_notice_article: Text
    exam_call_notice_article: Text
    exam_window_article: Text
    results_posting_article: Text
    deferral_list_posting_article: Text
    deferral_list_posting_days_after_signing: int | None


REGIMES: tuple[Regime, ...] = (
    # Law on Military Service 78/2015/QH13 (in force 01/01/2016), as amended by Law 48/2019/QH14.
    # Articles from the pre-reform text (Bộ pháp điển mirror, brief addendum source "PĐ").
    Regime(
        code="2016",
        valid_from=date(2016, 1, 1),
        valid_to=date(2025, 6, 30),
        title=_("Luật Nghĩa vụ quân sự 2015: chính quyền ba cấp (tỉnh, huyện, xã)"),
        has_district_level=True,
        quota_chain=(PROVINCE, DISTRICT, COMMUNE),  # Art. 34.3, 34.5 (2015 text)
        council_levels=(PROVINCE, DISTRICT, COMMUNE),  # Art. 36–39 (2015 text)
        council_article=_("Điều 36–39 Luật Nghĩa vụ quân sự 2015"),
        list_proposed_by_level=DISTRICT,  # Art. 38 (2015 text), before the district chair
        list_proposed_by=_("Hội đồng nghĩa vụ quân sự cấp huyện"),
        deferral_decided_by=_("Chủ tịch Ủy ban nhân dân cấp huyện"),  # Art. 42.1 (2015 text)
        call_up_list_approved_by=_("Chủ tịch Ủy ban nhân dân cấp huyện"),  # Art. 34.5 (2015)
        call_up_document=_("Lệnh gọi nhập ngũ"),
        call_up_document_issued_by=_("Chỉ huy trưởng Ban Chỉ huy quân sự cấp huyện"),  # Art. 34.6
        exam_call_issued_by=_("Chỉ huy trưởng Ban Chỉ huy quân sự cấp huyện"),  # Art. 40.2 (2015)
        handover_organised_by=_("Ủy ban nhân dân cấp huyện"),  # Art. 35.2 (2015 text)
        call_up_notice_article=_("khoản 6 Điều 34 Luật Nghĩa vụ quân sự 2015"),
        exam_call_notice_article=_("khoản 2 Điều 40 Luật Nghĩa vụ quân sự 2015"),
        exam_window_article=_("khoản 4 Điều 40 Luật Nghĩa vụ quân sự 2015"),
        results_posting_article=_("khoản 5 Điều 40 Luật Nghĩa vụ quân sự 2015"),
        deferral_list_posting_article=_("khoản 4 Điều 41 Luật Nghĩa vụ quân sự 2015"),
        deferral_list_posting_days_after_signing=None,
    ),
    # Law 98/2025/QH15 (in force 01/07/2025); wording from VBHN 80/VBHN-VPQH.
    Regime(
        code="2025",
        valid_from=date(2025, 7, 1),
        valid_to=None,
        title=_("Luật Nghĩa vụ quân sự sửa đổi 2025: chính quyền hai cấp (tỉnh, xã)"),
        has_district_level=False,
        quota_chain=(PROVINCE, COMMUNE),  # Art. 34.3
        council_levels=(PROVINCE, COMMUNE),  # Art. 36.2; Art. 38 repealed
        council_article=_(
            "khoản 2 Điều 36 Luật Nghĩa vụ quân sự (sửa đổi 2025); Điều 38 đã bãi bỏ"
        ),
        list_proposed_by_level=PROVINCE,  # Art. 34.3: on the provincial council's proposal
        list_proposed_by=_("Hội đồng nghĩa vụ quân sự cấp tỉnh"),
        deferral_decided_by=_("Chủ tịch Ủy ban nhân dân cấp tỉnh"),  # Art. 42.1
        call_up_list_approved_by=_("Chủ tịch Ủy ban nhân dân cấp tỉnh"),  # Art. 34.3
        call_up_document=_("Quyết định gọi nhập ngũ"),
        call_up_document_issued_by=_("Chủ tịch Ủy ban nhân dân cấp xã"),  # Art. 34.6
        exam_call_issued_by=_("Chủ tịch Ủy ban nhân dân cấp xã"),  # Art. 40.3
        handover_organised_by=_("Ban chỉ huy phòng thủ khu vực"),  # Art. 35.2 (ceremony)
        call_up_notice_article=_("khoản 6 Điều 34 Luật Nghĩa vụ quân sự (sửa đổi 2025)"),
        exam_call_notice_article=_("khoản 3 Điều 40 Luật Nghĩa vụ quân sự (sửa đổi 2025)"),
        exam_window_article=_("khoản 5 Điều 40 Luật Nghĩa vụ quân sự (sửa đổi 2025)"),
        results_posting_article=_("khoản 6 Điều 40 Luật Nghĩa vụ quân sự (sửa đổi 2025)"),
        deferral_list_posting_article=_(
            "khoản 4 Điều 41 Luật Nghĩa vụ quân sự; khoản 4 Điều 5 Thông tư 148/2018/TT-BQP "
            "(sửa đổi bởi Thông tư 68/2025/TT-BQP)"
        ),
        # Circular 148/2018 Art. 5.4 as amended by Circular 68/2025 [S]: posted within 20 days
        # of the provincial chair signing.
        deferral_list_posting_days_after_signing=20,
    ),
)


def regime_on(day: date) -> Regime:
    """The regime in force on ``day``; raises ``NoRuleInForce`` before 01/01/2016.

    Law on Military Service 2015 (in force 01/01/2016); Law 98/2025/QH15 (in force 01/07/2025).
    """
    return row_on(REGIMES, day)


def cycle_regime(reference_day: date) -> Regime:
    """The regime a call-up cycle runs under: the one in force on its reference date.

    A cycle is one procedure and must not switch workflow half way, so it takes the regime of a
    single date, its handover date (or, before that is fixed, its planned call-up date). The
    2025 cycle (handover February 2025) ran wholly under the district workflow; the 2026 cycle
    (examinations from 01/11/2025) runs wholly under the two-tier one.
    """
    return regime_on(reference_day)
