"""Demo plans, targets, documents, events, budget and data approval, written through the services
after the people and call-up demos (``core.demo``: this demo reads the call-up quotas they share).

The city of Bắc Ninh (256), as the seed's year-end review tells it:

- **2022**: the plan in the seed's ten sections, every task done (the review reports the year's
  work "hoàn thành toàn diện"), with the evidence; the call-up targets are the quotas the
  conscription demo assigned (85 for the city, 4 or 5 per ward) and 100% completion; the ward
  combat-defense exercises the city directed, with their phases; the budget lines; the 19 wards'
  figures declared complete and locked by the city, the city's locked by the province: the
  2022 review is issued from the locked figures.
- **2023**: the directions the review's conclusion sets (100% of the recruitment and reserve
  targets, the city's defense-zone exercise, the defense education council, the logistics
  reserves, the police-military coordination, the year-end security tasks), approved.

The five new wards (from 01/07/2025) get a 2026 plan and the province's 2026 call-up numbers as
targets; their 2027 drafts are made with “Tạo kế hoạch năm sau”.

Document numbers, amounts and dates are demo values, not the city's actual register; nothing
here is a figure the indicators compute. What exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from qpdp.core.access import Role, User
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.units import Unit, UnitKind
from qpdp.planning import services
from qpdp.planning.figures import children_in_year
from qpdp.planning.models import (
    ApprovalStatus,
    DataApproval,
    EventKind,
    EventRating,
    Plan,
    Section,
    TaskStatus,
)

QUOTA = "conscription.quota"
HANDED_OVER = "conscription.handed_over"
COMPLETION = "conscription.completion"


@dataclass
class Summary:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TaskSpec:
    section: str
    title: str
    deadline: dt.date | None = None
    evidence: str = ""
    to_wards: bool = False  # carried out by each ward: the city's wards are named in charge


def _tasks_2022(handed: int, quota: int) -> list[TaskSpec]:
    d = dt.date
    return [
        TaskSpec(
            Section.STATE_MANAGEMENT,
            "Quán triệt, triển khai các nghị quyết, chỉ thị của Tỉnh ủy, UBND tỉnh, Bộ CHQS tỉnh "
            "và Thành ủy về công tác quốc phòng địa phương năm 2022",
            d(2022, 1, 31),
            "Ban hành Kế hoạch 15/KH-UBND ngày 12/01/2022; hội nghị triển khai ngày 14/01/2022.",
        ),
        TaskSpec(
            Section.STATE_MANAGEMENT,
            "Thực hiện các mục tiêu kinh tế - xã hội gắn với củng cố quốc phòng - an ninh",
            d(2022, 12, 31),
            "Các dự án trên địa bàn được thẩm định yêu cầu quốc phòng theo quy định.",
        ),
        TaskSpec(
            Section.EDUCATION,
            "Tuyên truyền, phổ biến chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà "
            "nước về quốc phòng địa phương",
            d(2022, 12, 31),
            "Tuyên truyền trên hệ thống truyền thanh phường và Trang thông tin điện tử thành phố.",
        ),
        TaskSpec(
            Section.RECRUITMENT,
            "Tuyển chọn và gọi công dân nhập ngũ năm 2022 đạt 100% chỉ tiêu",
            d(2022, 2, 15),
            f"Giao {handed}/{quota} công dân ngày 15/02/2022.",
            to_wards=True,
        ),
        TaskSpec(
            Section.RECRUITMENT,
            "Đăng ký nghĩa vụ quân sự lần đầu cho công dân nam đủ 17 tuổi",
            d(2022, 4, 30),
            "Tổ chức đăng ký tập trung trong tháng 4/2022 tại các phường.",
            to_wards=True,
        ),
        TaskSpec(
            Section.MILITIA,
            "Xây dựng lực lượng dân quân tự vệ vững mạnh, rộng khắp; huấn luyện dân quân tự vệ "
            "năm 2022 theo kế hoạch",
            d(2022, 10, 31),
            "Hoàn thành huấn luyện dân quân các phường và tự vệ các cơ quan, doanh nghiệp.",
        ),
        TaskSpec(
            Section.RESERVES,
            "Huy động lực lượng dự bị động viên; huấn luyện sẵn sàng chiến đấu",
            d(2022, 11, 30),
            "Hoàn thành huấn luyện, kiểm tra sẵn sàng động viên theo kế hoạch của Bộ CHQS tỉnh.",
        ),
        TaskSpec(
            Section.DEFENSE_EDUCATION,
            "Bồi dưỡng kiến thức quốc phòng và an ninh cho các đối tượng theo kế hoạch",
            d(2022, 11, 30),
            "Mở lớp bồi dưỡng đối tượng 4 theo Kế hoạch 86/KH-HĐGDQPAN.",
        ),
        TaskSpec(
            Section.REAR_POLICY,
            "Thực hiện chính sách hậu phương quân đội; giải quyết chế độ theo Quyết định số 49, "
            "62 của Thủ tướng Chính phủ",
            d(2022, 12, 31),
            "Thăm hỏi, tặng quà gia đình quân nhân dịp Tết; xét duyệt hồ sơ đúng quy định.",
        ),
        TaskSpec(
            Section.EXERCISE,
            "Chỉ đạo diễn tập chiến đấu phòng thủ phường năm 2022",
            d(2022, 9, 30),
            "Hai phường diễn tập đạt yêu cầu (xem sự kiện diễn tập năm 2022).",
        ),
        TaskSpec(
            Section.LOGISTICS,
            "Bảo đảm nguồn dự trữ hậu cần - kỹ thuật tại chỗ và kinh phí cho nhiệm vụ quốc phòng "
            "địa phương",
            d(2022, 12, 31),
            "Bảo đảm kinh phí theo dự toán (xem mục kinh phí).",
        ),
        TaskSpec(
            Section.POLICE,
            "Phối hợp giữa lực lượng công an - quân sự bảo đảm an ninh, trật tự các ngày lễ, Tết "
            "và sự kiện chính trị trên địa bàn",
            d(2022, 12, 31),
            "Duy trì tuần tra phối hợp theo quy chế công an - quân sự.",
        ),
    ]


TASKS_2023 = [
    TaskSpec(
        Section.STATE_MANAGEMENT,
        "Quán triệt, triển khai thực hiện nghiêm túc chủ trương, đường lối của Đảng, Nhà nước về "
        "công tác quốc phòng địa phương",
        dt.date(2023, 1, 31),
    ),
    TaskSpec(
        Section.STATE_MANAGEMENT,
        "Xây dựng, ban hành đồng bộ hệ thống văn bản lãnh đạo, chỉ đạo thực hiện công tác quốc "
        "phòng địa phương bảo đảm chặt chẽ, đúng quy định",
        dt.date(2023, 3, 31),
    ),
    TaskSpec(
        Section.STATE_MANAGEMENT,
        "Đẩy mạnh phát triển kinh tế - xã hội gắn với tăng cường củng cố quốc phòng - an ninh",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.RECRUITMENT,
        "Hoàn thành 100% chỉ tiêu tuyển quân năm 2023",
        dt.date(2023, 2, 16),
        to_wards=True,
    ),
    TaskSpec(
        Section.MILITIA,
        "Tập trung xây dựng lực lượng dân quân tự vệ",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.RESERVES,
        "Động viên quân nhân dự bị đạt 100% chỉ tiêu; xây dựng lực lượng dự bị động viên",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.DEFENSE_EDUCATION,
        "Nâng cao chất lượng, hiệu quả hoạt động của Hội đồng giáo dục quốc phòng và an ninh "
        "các cấp; hoàn thành bồi dưỡng kiến thức quốc phòng và an ninh cho các đối tượng theo "
        "kế hoạch",
        dt.date(2023, 11, 30),
    ),
    TaskSpec(
        Section.REAR_POLICY,
        "Thực hiện có hiệu quả chính sách hậu phương quân đội; tiếp tục giải quyết tốt chế độ "
        "chính sách theo Quyết định số 49, 62 của Thủ tướng Chính phủ và các chế độ chính sách "
        "mới được ban hành",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.EXERCISE,
        "Tổ chức thành công cuộc diễn tập khu vực phòng thủ thành phố năm 2023",
        dt.date(2023, 10, 31),
    ),
    TaskSpec(
        Section.LOGISTICS,
        "Bảo đảm nguồn dự trữ hậu cần - kỹ thuật tại chỗ; bảo đảm kịp thời nguồn kinh phí cho "
        "nhiệm vụ quốc phòng địa phương",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.POLICE,
        "Tăng cường phối hợp giữa lực lượng công an - quân sự, chủ động đấu tranh làm thất bại "
        "mọi âm mưu, hành động chống phá của các thế lực thù địch",
        dt.date(2023, 12, 31),
    ),
    TaskSpec(
        Section.POLICE,
        "Bảo đảm an ninh, trật tự dịp Noel, Tết Dương lịch và Tết Nguyên đán Quý Mão 2023",
        dt.date(2023, 1, 31),
    ),
]

TASKS_2026 = [
    TaskSpec(
        Section.STATE_MANAGEMENT,
        "Kiện toàn Ban Chỉ huy quân sự phường theo mô hình chính quyền địa phương hai cấp",
        dt.date(2026, 3, 31),
    ),
    TaskSpec(
        Section.EDUCATION,
        "Tuyên truyền Luật Nghĩa vụ quân sự và Luật Dân quân tự vệ trên địa bàn phường",
        dt.date(2026, 12, 31),
    ),
    TaskSpec(
        Section.RECRUITMENT,
        "Hoàn thành 100% số lượng gọi công dân nhập ngũ năm 2026 được tỉnh giao",
        dt.date(2026, 2, 27),
    ),
    TaskSpec(
        Section.MILITIA,
        "Huấn luyện dân quân năm 2026 đạt yêu cầu",
        dt.date(2026, 10, 31),
    ),
    TaskSpec(
        Section.DEFENSE_EDUCATION,
        "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 4 trên địa bàn phường",
        dt.date(2026, 11, 30),
    ),
    TaskSpec(
        Section.REAR_POLICY,
        "Thăm hỏi, hỗ trợ gia đình quân nhân đang tại ngũ dịp Tết Nguyên đán",
        dt.date(2026, 2, 10),
    ),
    TaskSpec(
        Section.POLICE,
        "Phối hợp với Công an phường tuần tra bảo đảm an ninh, trật tự",
        dt.date(2026, 12, 31),
    ),
]

DOCUMENTS_2022 = [
    (
        "1520/QĐ-UBND",
        dt.date(2021, 10, 20),
        "Giao chỉ tiêu gọi công dân nhập ngũ năm 2022 cho các phường",
    ),
    ("15/KH-UBND", dt.date(2022, 1, 12), "Kế hoạch công tác quốc phòng địa phương năm 2022"),
    (
        "86/KH-HĐGDQPAN",
        dt.date(2022, 3, 8),
        "Kế hoạch bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 4 năm 2022",
    ),
    (
        "312/KH-UBND",
        dt.date(2022, 11, 25),
        "Kế hoạch tổng kết công tác quốc phòng địa phương năm 2022; triển khai phương hướng, "
        "nhiệm vụ năm 2023",
    ),
]

BUDGET_2022 = [
    (
        Section.RECRUITMENT,
        "Khám sức khỏe, tổ chức giao nhận quân năm 2022",
        420_000_000,
        415_600_000,
    ),
    (Section.MILITIA, "Huấn luyện dân quân tự vệ; phụ cấp dân quân", 1_350_000_000, 1_348_200_000),
    (Section.RESERVES, "Huấn luyện, kiểm tra sẵn sàng động viên", 260_000_000, 251_000_000),
    (
        Section.DEFENSE_EDUCATION,
        "Bồi dưỡng kiến thức quốc phòng và an ninh",
        180_000_000,
        176_500_000,
    ),
    (Section.EXERCISE, "Diễn tập chiến đấu phòng thủ phường", 300_000_000, 296_800_000),
    (
        Section.REAR_POLICY,
        "Thăm hỏi, tặng quà gia đình quân nhân dịp Tết",
        150_000_000,
        150_000_000,
    ),
]


def _add_tasks(user: User, plan: Plan, specs: Sequence[TaskSpec], wards: Sequence[Unit]) -> None:
    for spec in specs:
        task = services.add_task(
            user,
            plan,
            {
                "section": spec.section,
                "title": spec.title,
                "responsible_unit": plan.unit,
                "deadline": spec.deadline,
                "description": "Các phường thực hiện trên địa bàn."
                if spec.to_wards and wards
                else "",
            },
        )
        if spec.evidence:
            services.set_task_progress(user, task, status=TaskStatus.DONE, evidence=spec.evidence)


def _callup(context: DemoContext, code: str, year: int) -> dict[int, Decimal | int]:
    """A figure of the year's demo call-up cycle, as the call-up demo shared it."""
    missing = f"Chưa có đợt tuyển quân năm {year}: hãy chạy “qpdp seed_callup_demo”."
    return context.figure(code, year, missing=missing)


def build_city(context: DemoContext, summary: Summary) -> None:
    """The city's 2022 and 2023 plans, its 2022 targets, documents, events, budget, approval."""
    handover = dt.date(2022, 2, 15)
    city = context.unit(context.city_code, UnitKind.DISTRICT, handover)
    commander = context.account(context.city_commander)
    wards = children_in_year(city, 2022)
    if len(wards) != 19:
        raise DemoError(f"Cần 19 phường của TP Bắc Ninh năm 2022, tìm thấy {len(wards)}.")
    if Plan.objects.filter(unit=city, year=2022).exists():
        summary.skipped.append(f"Kế hoạch năm 2022 của {city.label}")
        return
    quotas = _callup(context, QUOTA, 2022)
    handed_over = _callup(context, HANDED_OVER, 2022)

    plan = services.create_plan(commander, unit=city, year=2022)
    tasks = _tasks_2022(int(handed_over[city.pk]), int(quotas[city.pk]))
    _add_tasks(commander, plan, tasks, wards)
    services.approve_plan(commander, plan)
    targets: dict[tuple[int, str], Decimal | None] = {
        (u.pk, QUOTA): Decimal(quotas[u.pk]) for u in [city, *wards] if u.pk in quotas
    }
    targets.update({(u.pk, COMPLETION): Decimal(100) for u in [city, *wards]})
    services.set_targets(commander, city, 2022, targets)
    for number, issued_on, summary_text in DOCUMENTS_2022:
        services.add_document(
            commander,
            city,
            {
                "year": 2022,
                "number": number,
                "issued_on": issued_on,
                "issuer": "Hội đồng GDQP-AN thành phố Bắc Ninh"
                if "HĐGDQPAN" in number
                else "UBND thành phố Bắc Ninh",
                "summary": summary_text,
            },
        )
    for section, description, planned, spent in BUDGET_2022:
        services.add_budget_line(
            commander,
            plan,
            {"section": section, "description": description, "planned": planned, "spent": spent},
        )
    _exercise_2022(commander, city, wards)
    summary.created.append(
        f"Kế hoạch, chỉ tiêu, văn bản, diễn tập, kinh phí năm 2022: {city.label}"
    )

    plan_2023 = services.create_plan(commander, unit=city, year=2023)
    _add_tasks(commander, plan_2023, TASKS_2023, wards)
    services.approve_plan(commander, plan_2023)
    _exercise_2023(commander, city)
    summary.created.append(f"Kế hoạch năm 2023: {city.label}")
    _approve_2022(commander, context.account(context.province_commander), city, wards)
    summary.created.append("Số liệu năm 2022 của thành phố và 19 phường đã khóa")


def _exercise_2022(user: User, city: Unit, wards: Sequence[Unit]) -> None:
    event = services.create_event(
        user,
        city,
        {
            "year": 2022,
            "name": "Diễn tập chiến đấu phòng thủ phường Vạn An và phường Khắc Niệm năm 2022",
            "kind": EventKind.COMBAT_DEFENSE,
            "starts_on": dt.date(2022, 8, 22),
            "ends_on": dt.date(2022, 9, 16),
            "outcome": "Hai phường hoàn thành nội dung diễn tập, bảo đảm an toàn tuyệt đối.",
            "rating": EventRating.GOOD,
        },
    )
    for name, start, end, outcome in (
        (
            "Chuẩn bị: ban hành kế hoạch, tập huấn cán bộ, chuẩn bị văn kiện",
            dt.date(2022, 8, 22),
            dt.date(2022, 9, 5),
            "Văn kiện được Ban CHQS thành phố thẩm định.",
        ),
        (
            "Diễn tập chỉ huy - cơ quan một bên hai cấp",
            dt.date(2022, 9, 12),
            dt.date(2022, 9, 13),
            "Xử trí tình huống đúng quy trình.",
        ),
        (
            "Diễn tập thực binh chiến đấu phòng thủ",
            dt.date(2022, 9, 15),
            dt.date(2022, 9, 16),
            "Lực lượng dân quân hành động đúng ý định.",
        ),
    ):
        services.add_phase(
            user, event, {"name": name, "starts_on": start, "ends_on": end, "outcome": outcome}
        )


def _exercise_2023(user: User, city: Unit) -> None:
    event = services.create_event(
        user,
        city,
        {
            "year": 2023,
            "name": "Diễn tập khu vực phòng thủ thành phố Bắc Ninh năm 2023",
            "kind": EventKind.EXERCISE,
            "starts_on": dt.date(2023, 8, 1),
            "ends_on": dt.date(2023, 10, 20),
            "outcome": "",
        },
    )
    for name, start, end in (
        ("Chuẩn bị: xây dựng văn kiện, tập huấn cán bộ", dt.date(2023, 8, 1), dt.date(2023, 9, 15)),
        (
            "Diễn tập chuyển trạng thái và chỉ huy - cơ quan",
            dt.date(2023, 10, 10),
            dt.date(2023, 10, 12),
        ),
        ("Diễn tập thực binh; rút kinh nghiệm", dt.date(2023, 10, 18), dt.date(2023, 10, 20)),
    ):
        services.add_phase(user, event, {"name": name, "starts_on": start, "ends_on": end})


def _approve_2022(
    commander: User, province_commander: User, city: Unit, wards: Sequence[Unit]
) -> None:
    """Each ward declares its 2022 figures complete and the city locks them; the city declares
    its own complete and the province locks them."""
    staff = {
        u.unit_id: u for u in User.objects.filter(unit__in=[w.pk for w in wards], role=Role.STAFF)
    }
    for ward in wards:
        approval = DataApproval.objects.filter(unit=ward, year=2022).first()
        if approval is not None and approval.status != ApprovalStatus.OPEN:
            continue
        services.complete(staff.get(ward.pk, commander), ward, 2022)
        services.lock(commander, ward, 2022)
    services.complete(commander, city, 2022)
    services.lock(province_commander, city, 2022)


def build_new_wards(context: DemoContext, summary: Summary) -> None:
    """2026 plans and targets of the five new wards (the province's numbers), 2027 drafts."""
    on = dt.date(2026, 2, 27)
    province = context.unit(context.province_code, UnitKind.PROVINCE, on)
    commander = context.account(context.province_commander)
    wards = [context.unit(code, UnitKind.COMMUNE, on) for code in context.new_ward_codes]
    pending = []
    for ward in wards:
        if Plan.objects.filter(unit=ward, year=2026).exists():
            summary.skipped.append(f"Kế hoạch năm 2026 của {ward.label}")
        else:
            pending.append(ward)
    if not pending:
        return
    quotas = _callup(context, QUOTA, 2026)
    targets: dict[tuple[int, str], Decimal | None] = {}
    for unit in [province, *pending]:
        if unit.pk in quotas:
            targets[(unit.pk, QUOTA)] = Decimal(quotas[unit.pk])
        targets[(unit.pk, COMPLETION)] = Decimal(100)
    services.set_targets(commander, province, 2026, targets)
    for ward in pending:
        plan = services.create_plan(commander, unit=ward, year=2026)
        _add_tasks(commander, plan, TASKS_2026, [])
        services.approve_plan(commander, plan)
        services.add_document(
            commander,
            ward,
            {
                "year": 2026,
                "number": "05/KH-UBND",
                "issued_on": dt.date(2026, 1, 8),
                "issuer": f"UBND phường {ward.name}",
                "summary": "Kế hoạch công tác quốc phòng năm 2026",
            },
        )
        next_plan = services.create_next_year_plan(commander, plan)
        summary.created.append(f"Kế hoạch năm 2026 và dự thảo năm {next_plan.year}: {ward.label}")


@transaction.atomic
def build(context: DemoContext) -> Summary:
    summary = Summary()
    build_city(context, summary)
    build_new_wards(context, summary)
    return summary


def seed(context: DemoContext) -> None:
    """The plans of the city and of the new wards, with a report of what was done."""
    started = time.perf_counter()
    summary = build(context)
    for line in summary.skipped:
        context.write(f"{line} đã có; không tạo lại.")
    for line in summary.created:
        context.success(f"Đã tạo: {line}.")
    context.write(f"Xong trong {time.perf_counter() - started:.1f} giây.")


register(Demo("planning", seed, after=("people", "conscription")))
