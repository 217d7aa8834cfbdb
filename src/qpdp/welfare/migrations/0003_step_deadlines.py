"""The deadline of each step of a Decision 62/2011 or 49/2015 case, so a fresh install shows the
overdue cases. No text in the domain brief sets them (Decision 62/2011 Art. 7.2 gives only the
route: village head → commune → higher levels; addendum §4.2), so every row is a provisional
value marked CHƯA KIỂM CHỨNG, in force from the day each decision took effect; the province
replaces them on the parameter pages (/tham-so/welfare.stepdeadline/) once its own rule is known.
"""

from django.db import migrations

PROVISIONAL = (
    "Giá trị tạm định — CHƯA KIỂM CHỨNG: tài liệu nghiệp vụ không có thời hạn cho từng bước hồ "
    "sơ Quyết định 62/2011 và 49/2015 (Điều 7 khoản 2 Quyết định 62/2011 chỉ quy định tuyến hồ "
    "sơ, tài liệu nghiệp vụ bổ sung §4.2); tỉnh tự quy định"
)
DEADLINES = [
    ("received", 10, f"{PROVISIONAL}: 10 ngày để xã kiểm tra hồ sơ"),
    ("checked", 7, f"{PROVISIONAL}: 7 ngày để gửi cấp trên sau khi kiểm tra"),
    ("sent_up", 30, f"{PROVISIONAL}: 30 ngày để cấp trên phê duyệt hoặc trả lại"),
    (
        "returned",
        30,
        f"{PROVISIONAL}: 30 ngày để bổ sung hồ sơ bị trả lại, theo thời hạn bổ sung giấy tờ "
        "30 ngày của Thông tư 95/2016/TT-BQP Điều 5 (chế độ Nghị định 27/2016, tài liệu nghiệp "
        "vụ bổ sung §4.1) áp dụng tương tự",
    ),
    ("approved", 30, f"{PROVISIONAL}: 30 ngày để chi trả sau khi có quyết định"),
]
IN_FORCE = {
    "62_2011": ("2012-01-01", "Quyết định 62/2011/QĐ-TTg có hiệu lực 01/01/2012"),
    "49_2015": ("2016-01-01", "Quyết định 49/2015/QĐ-TTg có hiệu lực 01/01/2016"),
}


def seed(apps, schema_editor):
    StepDeadline = apps.get_model("welfare", "StepDeadline")
    for scheme, (start, in_force) in IN_FORCE.items():
        for status, days, source in DEADLINES:
            StepDeadline.objects.get_or_create(
                scheme=scheme,
                status=status,
                valid_from=start,
                defaults={"days": days, "source": f"{source}; áp dụng từ ngày {in_force}."},
            )


def unseed(apps, schema_editor):
    StepDeadline = apps.get_model("welfare", "StepDeadline")
    for scheme, (start, _in_force) in IN_FORCE.items():
        StepDeadline.objects.filter(
            scheme=scheme, valid_from=start, source__startswith=PROVISIONAL
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("welfare", "0002_reference_data")]

    operations = [migrations.RunPython(seed, unseed)]
