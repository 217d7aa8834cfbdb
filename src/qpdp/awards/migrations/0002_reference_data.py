"""Forms of award, who may give them, title prerequisites and reward multiples, each row with
its source (domain brief §6, addendum §5). What the brief marks UNVERIFIED says so in its row;
powers the brief cannot place (Chiến sĩ tiên tiến, Đơn vị tiên tiến: Art. 80.5 truncated; the
commune chair's powers after 01/07/2025 beyond Art. 80; Law 06/2026/QH16 from 01/10/2026) are not
seeded: the province adds them from the texts."""

from django.db import migrations

FORMS = [
    ("giay_khen", "Giấy khen", True, True, 1),
    ("lao_dong_tien_tien", "Lao động tiên tiến", False, True, 2),
    ("chien_si_tien_tien", "Chiến sĩ tiên tiến", False, True, 3),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", False, True, 4),
    ("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến", True, False, 5),
    ("don_vi_tien_tien", "Đơn vị tiên tiến", True, False, 6),
    ("bang_khen_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", True, True, 7),
    ("chien_si_thi_dua_tinh", "Chiến sĩ thi đua cấp tỉnh", False, True, 8),
]
ART_80 = "Điều 80 Luật Thi đua, khen thưởng 06/2022/QH15 (hiệu lực 01/01/2024) [S]"
BEFORE_2024 = (
    "; áp dụng cho các năm trước 01/01/2024 theo giả định cùng thẩm quyền (Luật 2003 sửa đổi "
    "2013): CHƯA KIỂM CHỨNG"
)
PROVINCE = "thẩm quyền và điều khoản của Bằng khen, Chiến sĩ thi đua cấp tỉnh: CHƯA KIỂM CHỨNG"
POWERS = [
    ("giay_khen", "commune", "2004-01-01", None, ART_80 + BEFORE_2024),
    ("lao_dong_tien_tien", "commune", "2024-01-01", None, ART_80),
    (
        "giay_khen",
        "district",
        "2004-01-01",
        "2025-06-30",
        ART_80 + BEFORE_2024 + "; cấp huyện kết thúc 30/06/2025",
    ),
    ("lao_dong_tien_tien", "district", "2004-01-01", "2025-06-30", ART_80 + BEFORE_2024),
    ("chien_si_thi_dua_co_so", "district", "2004-01-01", "2025-06-30", ART_80 + BEFORE_2024),
    ("tap_the_lao_dong_tien_tien", "district", "2004-01-01", "2025-06-30", ART_80 + BEFORE_2024),
    ("bang_khen_tinh", "province", "2004-01-01", None, PROVINCE),
    ("chien_si_thi_dua_tinh", "province", "2004-01-01", None, PROVINCE),
]
PREREQUISITES = [
    (
        "chien_si_thi_dua_co_so",
        "lao_dong_tien_tien",
        "chien_si_tien_tien",
        1,
        "Tiêu chuẩn Chiến sĩ thi đua cơ sở (đạt Lao động tiên tiến hoặc Chiến sĩ tiên tiến) [S]; "
        "điều khoản trong Luật 2022: CHƯA KIỂM CHỨNG",
    ),
    (
        "chien_si_thi_dua_tinh",
        "chien_si_thi_dua_co_so",
        None,
        3,
        "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở: theo thực tiễn, CHƯA KIỂM CHỨNG với Luật 2022",
    ),
]
D152 = "Điều 54 Nghị định 152/2025/NĐ-CP (hiệu lực 01/07/2025) [S]"
D91 = (
    "Nghị định 91/2017/NĐ-CP theo hỏi đáp pháp luật [S]; ngày áp dụng (ngày ban hành 31/07/2017) "
    "CHƯA KIỂM CHỨNG"
)
RATES = [
    ("giay_khen", False, "2017-07-31", "0.15", D91),
    ("giay_khen", True, "2017-07-31", "0.30", D91 + "; gấp đôi mức cá nhân"),
    ("giay_khen", False, "2024-01-01", None, "Nghị định 98/2023/NĐ-CP: mức CHƯA KIỂM CHỨNG"),
    ("giay_khen", True, "2024-01-01", None, "Nghị định 98/2023/NĐ-CP: mức CHƯA KIỂM CHỨNG"),
    ("giay_khen", False, "2025-07-01", None, D152 + "; mức Giấy khen CHƯA KIỂM CHỨNG"),
    ("giay_khen", True, "2025-07-01", None, D152 + "; mức Giấy khen CHƯA KIỂM CHỨNG"),
    ("lao_dong_tien_tien", False, "2025-07-01", "0.30", D152),
    ("chien_si_tien_tien", False, "2025-07-01", "0.30", D152),
    ("chien_si_thi_dua_co_so", False, "2025-07-01", "1.00", D152),
    ("chien_si_thi_dua_tinh", False, "2025-07-01", "3.00", D152),
    ("tap_the_lao_dong_tien_tien", True, "2025-07-01", "0.80", D152),
    ("don_vi_tien_tien", True, "2025-07-01", "0.80", D152),
    ("bang_khen_tinh", False, "2025-07-01", "1.50", D152),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardAuthority = apps.get_model("awards", "AwardAuthority")
    TitlePrerequisite = apps.get_model("awards", "TitlePrerequisite")
    RewardRate = apps.get_model("awards", "RewardRate")
    forms = {}
    for code, name, collective, individual, order in FORMS:
        forms[code], _created = AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "for_collective": collective,
                "for_individual": individual,
                "order": order,
            },
        )
    for form, level, start, end, source in POWERS:
        AwardAuthority.objects.get_or_create(
            form=forms[form],
            level=level,
            valid_from=start,
            defaults={"valid_to": end, "source": source},
        )
    for form, requires, alternative, years, source in PREREQUISITES:
        TitlePrerequisite.objects.get_or_create(
            form=forms[form],
            requires=forms[requires],
            valid_from="2004-01-01",
            defaults={
                "or_requires": forms[alternative] if alternative else None,
                "years": years,
                "source": source,
            },
        )
    for form, collective, start, multiple, source in RATES:
        RewardRate.objects.get_or_create(
            form=forms[form],
            collective=collective,
            valid_from=start,
            defaults={"multiple": multiple, "source": source},
        )


def unseed(apps, schema_editor):
    apps.get_model("awards", "AwardForm").objects.filter(code__in=[f[0] for f in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
