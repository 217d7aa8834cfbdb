"""Who may award the forms migration 0002 left without an authority on some days: Chiến sĩ
tiên tiến and Đơn vị tiên tiến (the military and militia titles of Law 06/2022/QH15 Art. 80.5,
whose text the brief has truncated) at any date, and Chiến sĩ thi đua cơ sở and Tập thể lao động
tiên tiến after the district level ended on 30/06/2025. Every row is marked CHƯA KIỂM CHỨNG with
its reasoning (domain brief §6.1, addendum §5.1 and §5.3), so every seeded form has an authority
on every day; the province corrects them on the parameter pages
(/tham-so/awards.awardauthority/) from Decree 152/2025/NĐ-CP and Law 06/2026/QH16."""

from django.db import migrations

ART_80 = "Điều 80 Luật Thi đua, khen thưởng 06/2022/QH15 [S]"
ART_80_5 = (
    f"{ART_80}: khoản 5 (quân đội, công an, dân quân thường trực) bị cắt trong tài liệu nghiệp "
    "vụ §6.1 — CHƯA KIỂM CHỨNG; thẩm quyền suy theo danh hiệu tương đương"
)
BEFORE_2024 = (
    "; áp dụng cho các năm trước 01/01/2024 theo giả định cùng thẩm quyền (Luật 2003 sửa đổi "
    "2013): CHƯA KIỂM CHỨNG"
)
AFTER_REFORM = (
    "Chủ tịch UBND cấp xã nhận thẩm quyền của Chủ tịch UBND cấp huyện từ 01/07/2025 theo phân "
    "cấp của Nghị định 152/2025/NĐ-CP (hiệu lực 01/07/2025) — CHƯA KIỂM CHỨNG: tài liệu nghiệp vụ "
    "§6.1 ghi 'có lẽ là Chủ tịch UBND cấp xã', bổ sung §5.3 chưa tìm được điều khoản; Luật "
    "06/2026/QH16 (hiệu lực 01/10/2026) có thể thay đổi"
)
POWERS = [
    (
        "chien_si_tien_tien",
        "district",
        "2004-01-01",
        "2025-06-30",
        f"{ART_80_5} 'Lao động tiên tiến' (cấp huyện){BEFORE_2024}; cấp huyện kết thúc 30/06/2025",
    ),
    (
        "chien_si_tien_tien",
        "commune",
        "2024-01-01",
        None,
        f"{ART_80_5} 'Lao động tiên tiến' (Chủ tịch UBND cấp xã, từ 01/01/2024)",
    ),
    (
        "don_vi_tien_tien",
        "district",
        "2004-01-01",
        "2025-06-30",
        f"{ART_80_5} 'Tập thể lao động tiên tiến' (cấp huyện){BEFORE_2024}; cấp huyện kết thúc "
        "30/06/2025",
    ),
    (
        "don_vi_tien_tien",
        "commune",
        "2025-07-01",
        None,
        f"{ART_80_5} 'Tập thể lao động tiên tiến'; {AFTER_REFORM}",
    ),
    ("chien_si_thi_dua_co_so", "commune", "2025-07-01", None, AFTER_REFORM),
    ("tap_the_lao_dong_tien_tien", "commune", "2025-07-01", None, AFTER_REFORM),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardAuthority = apps.get_model("awards", "AwardAuthority")
    forms = {form.code: form for form in AwardForm.objects.all()}
    for code, level, start, end, source in POWERS:
        if code not in forms:
            continue
        AwardAuthority.objects.get_or_create(
            form=forms[code],
            level=level,
            valid_from=start,
            defaults={"valid_to": end, "source": source},
        )


def unseed(apps, schema_editor):
    AwardAuthority = apps.get_model("awards", "AwardAuthority")
    for code, level, start, _end, source in POWERS:
        AwardAuthority.objects.filter(
            form__code=code, level=level, valid_from=start, source=source
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_reference_data")]

    operations = [migrations.RunPython(seed, unseed)]
