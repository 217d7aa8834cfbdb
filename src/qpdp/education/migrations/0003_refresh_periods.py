"""A refresh period for every target group, so a fresh install shows who is due again and which
certificates have lapsed. No text sets a civilian refresher interval (domain brief addendum
§3.4: not in the Law, Decree 13/2014 as amended or Circular 38/2014), so each row is a
provisional value marked CHƯA KIỂM CHỨNG, in force from the day the Law on Defense and Security
Education took effect; the province replaces it on the parameter pages
(/tham-so/education.refreshperiod/) once its own rule is known."""

from django.db import migrations

START = "2014-01-01"
YEARS = 5
SOURCE = (
    "Giá trị tạm định 5 năm (một lần trong mỗi nhiệm kỳ 5 năm) — CHƯA KIỂM CHỨNG: Luật Giáo dục "
    "quốc phòng và an ninh, Nghị định 13/2014/NĐ-CP (sửa đổi 2020) và Thông tư 38/2014/TT-BQP "
    "không quy định thời hạn bồi dưỡng lại (tài liệu nghiệp vụ bổ sung §3.4; Thông tư "
    "24/2014/TT-BQP Điều 24 chỉ quy định lớp cập nhật trong quân đội); áp dụng từ ngày Luật có "
    "hiệu lực 01/01/2014; tỉnh tự quy định"
)


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("education", "TargetGroup")
    RefreshPeriod = apps.get_model("education", "RefreshPeriod")
    for group in TargetGroup.objects.all():
        RefreshPeriod.objects.get_or_create(
            group=group, valid_from=START, defaults={"years": YEARS, "source": SOURCE}
        )


def unseed(apps, schema_editor):
    apps.get_model("education", "RefreshPeriod").objects.filter(
        valid_from=START, source=SOURCE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0002_reference_data")]

    operations = [migrations.RunPython(seed, unseed)]
