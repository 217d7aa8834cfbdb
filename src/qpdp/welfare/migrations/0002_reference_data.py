"""The amounts and checklists of the rear policy, each row with its source (domain brief §5,
addendum §4). Rows the brief does not hold are marked as such in their source; the deadlines of
each case step are not seeded (no text found: UNVERIFIED), the province enters its own."""

from django.db import migrations

NOT_IN_BRIEF = "không có trong tài liệu nghiệp vụ: CHƯA KIỂM CHỨNG, cần đối chiếu văn bản gốc"
BASE_SALARY = [
    ("2016-05-01", 1_210_000, f"Nghị định 47/2016/NĐ-CP ({NOT_IN_BRIEF})"),
    ("2017-07-01", 1_300_000, f"Nghị định 47/2017/NĐ-CP ({NOT_IN_BRIEF})"),
    ("2018-07-01", 1_390_000, f"Nghị định 72/2018/NĐ-CP ({NOT_IN_BRIEF})"),
    ("2019-07-01", 1_490_000, f"Nghị định 38/2019/NĐ-CP ({NOT_IN_BRIEF})"),
    ("2023-07-01", 1_800_000, f"Nghị định 24/2023/NĐ-CP ({NOT_IN_BRIEF})"),
    (
        "2024-07-01",
        2_340_000,
        "Tài liệu nghiệp vụ bổ sung §4.5 [S] (suy ra từ mức 1,5 lần năm 2025)",
    ),
    ("2026-07-01", 2_530_000, "Nghị định 161/2026/NĐ-CP, tài liệu nghiệp vụ bổ sung §4.5 [S]"),
]
DECREE_27 = (
    "Nghị định 27/2016/NĐ-CP (văn bản năm 2016) [V]; áp dụng từ 01/01/2016 (khoản 2 Điều 10); "
    "VBHN 40/VBHN-BQP (2025) có sửa đổi mức hay không: CHƯA KIỂM CHỨNG"
)
ALLOWANCES = [
    ("sudden_hardship", 3_000_000, 2, None, "điểm a, c khoản 1 Điều 6 Nghị định 27/2016/NĐ-CP"),
    ("sick_relative", 500_000, 2, None, "điểm b, c khoản 1 Điều 6 Nghị định 27/2016/NĐ-CP"),
    ("death", 2_000_000, None, 1, "điểm d khoản 1 Điều 6 Nghị định 27/2016/NĐ-CP"),
]
D62_2012 = (
    "Quyết định 62/2011/QĐ-TTg, khoản 1 Điều 5 [S]: 925.000 đồng ở 15 năm, thêm 5% mỗi năm. "
    "Các lần điều chỉnh theo lương hưu từ 2012 đến 06/2026 CHƯA KIỂM CHỨNG: tỉnh nhập bổ sung"
)
D62_2026 = "Thông tư 103/2026/TT-BQP, áp dụng từ 01/07/2026 [S]"
D62_RATES = [
    (
        "2012-01-01",
        {15: 925_000, 16: 971_250, 17: 1_017_500, 18: 1_063_750, 19: 1_110_000},
        D62_2012,
    ),
    (
        "2026-07-01",
        {15: 2_838_000, 16: 2_966_000, 17: 3_097_000, 18: 3_227_000, 19: 3_353_000},
        D62_2026,
    ),
]
D62_DOSSIER = "Quyết định 62/2011/QĐ-TTg, Điều 7 [S]; mẫu theo TTLT 01/2012/TTLT-BQP-BLĐTBXH-BTC: CHƯA KIỂM CHỨNG"
COMPARABLE = (
    "theo thủ tục tương tự (Quyết định 290/2005) trên Cổng dịch vụ công [S]: CHƯA KIỂM CHỨNG"
)
D49_FUNERAL = "hệ thống của bên thứ ba [S, yếu]; căn cứ (TTLT 138/2015?) CHƯA KIỂM CHỨNG"
DOSSIER = [
    (
        "62_2011",
        "",
        "declaration",
        "Bản khai cá nhân (thân nhân khai nếu người hưởng đã từ trần)",
        True,
        1,
        D62_DOSSIER,
    ),
    (
        "62_2011",
        "",
        "service_papers",
        "Giấy tờ gốc hoặc được coi là gốc về thời gian công tác, tham gia (nếu có)",
        False,
        2,
        D62_DOSSIER,
    ),
    (
        "62_2011",
        "monthly",
        "eligibility_papers",
        "Giấy tờ chứng minh đủ điều kiện hưởng trợ cấp hằng tháng",
        True,
        3,
        D62_DOSSIER,
    ),
    ("62_2011", "", "id_copy", "Bản sao căn cước có chứng thực", True, 4, COMPARABLE),
    (
        "62_2011",
        "",
        "village_minutes",
        "Biên bản họp liên tịch thôn, tổ dân phố",
        True,
        5,
        COMPARABLE,
    ),
    (
        "62_2011",
        "relative",
        "death_record",
        "Trích lục khai tử của người tham gia",
        True,
        6,
        D62_DOSSIER,
    ),
    (
        "49_2015",
        "one_time",
        "declaration",
        "Bản khai cá nhân",
        True,
        1,
        "Quyết định 49/2015/QĐ-TTg; mẫu CHƯA KIỂM CHỨNG",
    ),
    ("49_2015", "", "id_copy", "Bản sao căn cước của người khai", True, 2, D49_FUNERAL),
    (
        "49_2015",
        "funeral",
        "relative_declaration",
        "Bản khai của thân nhân (Mẫu 02-MTP), có xác nhận của UBND xã",
        True,
        3,
        D49_FUNERAL,
    ),
    ("49_2015", "funeral", "death_record", "Trích lục khai tử", True, 4, D49_FUNERAL),
    (
        "49_2015",
        "funeral",
        "allowance_decision",
        "Bản sao quyết định hưởng trợ cấp một lần",
        True,
        5,
        D49_FUNERAL,
    ),
    (
        "49_2015",
        "funeral",
        "heirs_minutes",
        "Biên bản ủy quyền của những người thừa kế (Mẫu 80A)",
        True,
        6,
        D49_FUNERAL,
    ),
]


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("welfare", "BaseSalary")
    AllowanceRate = apps.get_model("welfare", "AllowanceRate")
    Decision62Rate = apps.get_model("welfare", "Decision62Rate")
    DossierItem = apps.get_model("welfare", "DossierItem")
    for day, amount, source in BASE_SALARY:
        BaseSalary.objects.get_or_create(
            valid_from=day, defaults={"amount": amount, "source": source}
        )
    for kind, amount, yearly, per_person, article in ALLOWANCES:
        AllowanceRate.objects.get_or_create(
            kind=kind,
            valid_from="2016-01-01",
            defaults={
                "amount": amount,
                "yearly_limit": yearly,
                "per_person_limit": per_person,
                "article": article,
                "source": DECREE_27,
            },
        )
    for day, amounts, source in D62_RATES:
        for years, amount in amounts.items():
            Decision62Rate.objects.get_or_create(
                years=years, valid_from=day, defaults={"amount": amount, "source": source}
            )
    for scheme, benefit, code, name, required, order, source in DOSSIER:
        DossierItem.objects.get_or_create(
            scheme=scheme,
            code=f"{benefit}_{code}" if benefit else code,
            defaults={
                "benefit": benefit,
                "name": name,
                "required": required,
                "order": order,
                "source": source,
            },
        )


def unseed(apps, schema_editor):
    for name in ("BaseSalary", "AllowanceRate", "Decision62Rate", "DossierItem"):
        apps.get_model("welfare", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
