"""The lists of the awards pages: proposals with where each stands, and numbered decisions."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.awards.models import AwardDecision, AwardProposal
from qpdp.core.tables import NUM, Table


class ProposalTable(Table):
    nominee = tables.Column(
        accessor="pk", verbose_name=_("Tập thể, cá nhân được đề nghị"), empty_values=()
    )
    form = tables.Column(accessor="form__name", verbose_name=_("Hình thức"))
    field = tables.Column(verbose_name=_("Lĩnh vực"))
    year = tables.Column(verbose_name=_("Năm"), orderable=True, order_by=("year", "pk"))
    proposer = tables.Column(accessor="proposer__label", verbose_name=_("Đơn vị đề nghị"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    decision = tables.Column(
        accessor="decision__number",
        verbose_name=_("Quyết định"),
        linkify=("awards:decision", [tables.A("decision_id")]),
    )
    achievement = tables.Column(verbose_name=_("Thành tích"), visible=False)
    reward_amount = tables.Column(verbose_name=_("Tiền thưởng (đồng)"), attrs=NUM, visible=False)

    orderings = (("-year", _("Năm gần nhất trước")),)

    class Meta(Table.Meta):
        model = AwardProposal
        fields: tuple[str, ...] = ()
        order_by = ("-year",)
        empty_text = _("Chưa có đề nghị khen thưởng nào.")

    def render_nominee(self, record: Any) -> str:
        if record.collective_id:
            return record.collective.label
        return record.person.full_name

    def value_nominee(self, record: Any) -> str:
        return self.render_nominee(record)


class DecisionTable(Table):
    number = tables.Column(
        verbose_name=_("Số quyết định"),
        linkify=("awards:decision", [tables.A("pk")]),
    )
    signed_on = tables.DateColumn(
        format="d/m/Y", verbose_name=_("Ngày ký"), orderable=True, order_by=("signed_on", "pk")
    )
    authority = tables.Column(accessor="authority__label", verbose_name=_("Cơ quan quyết định"))
    form = tables.Column(accessor="form__name", verbose_name=_("Hình thức"))
    field = tables.Column(verbose_name=_("Lĩnh vực"))
    awardee_count = tables.Column(verbose_name=_("Số tập thể, cá nhân"), attrs=NUM)
    signer_name = tables.Column(verbose_name=_("Người ký"), visible=False)

    class Meta(Table.Meta):
        model = AwardDecision
        fields: tuple[str, ...] = ()
        order_by = ("-signed_on",)
        empty_text = _("Chưa có quyết định khen thưởng nào.")
