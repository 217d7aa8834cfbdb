"""Target groups and the posts that put a person in one, from the domain brief (§4 and addendum
§3). Rows, not constants: the province corrects them from the official texts. Refresh intervals
are not seeded: no text sets one (addendum §3.4, UNVERIFIED); the province enters its own."""

from django.db import migrations

DECREE = "Nghị định 13/2014/NĐ-CP, Điều 2 (sửa đổi bởi Nghị định 139/2020/NĐ-CP)"
PERIODS = "Thông tư 38/2014/TT-BQP"
LAW_14 = (
    "Luật Giáo dục quốc phòng và an ninh, điểm d khoản 2 Điều 14 (sửa đổi bởi Luật 98/2025/QH15)"
)
AFTER_2025 = (
    "Nhóm của chức vụ cấp xã sau 01/07/2025 CHƯA KIỂM CHỨNG (tài liệu nghiệp vụ bổ sung §3.1): "
    "theo quy định trước cải cách"
)

GROUPS = [
    ("1", "Đối tượng 1", "central", 176, f"{DECREE}, điểm a khoản 1; {PERIODS}", 1),
    ("2", "Đối tượng 2", "military_region", 120, f"{DECREE}, điểm b khoản 1; {PERIODS}", 2),
    ("3", "Đối tượng 3", "province", 96, f"{DECREE}, điểm c khoản 1; {PERIODS}", 3),
    (
        "4",
        "Đối tượng 4",
        "commune",
        32,
        f"{DECREE}, điểm d, đ, e khoản 1; {PERIODS}; cấp triệu tập sau 01/07/2025 chưa kiểm chứng",
        4,
    ),
    (
        "equivalent_3",
        "Tương đương đối tượng 3 (người quản lý doanh nghiệp ngoài nhà nước)",
        "province",
        96,
        f"{DECREE}, khoản 2; {PERIODS}",
        5,
    ),
    ("village_head", "Trưởng thôn, tổ trưởng tổ dân phố", "commune", 32, LAW_14, 6),
    (
        "mass_org_head",
        "Người đứng đầu tổ chức chính trị - xã hội ở thôn, tổ dân phố",
        "commune",
        32,
        LAW_14,
        7,
    ),
    (
        "religious",
        "Chức sắc, chức việc tôn giáo; người tiêu biểu trong văn hóa, xã hội, khoa học, nghệ thuật",
        "province",
        None,
        f"{DECREE}, khoản 3; {PERIODS} (khung 4 ngày, 2 ngày)",
        8,
    ),
    (
        "elder",
        "Già làng, trưởng dòng họ",
        "commune",
        None,
        f"{DECREE}, khoản 3; {PERIODS} (2 ngày)",
        9,
    ),
]

POSTS = [
    (
        "Bí thư Đảng ủy xã, phường",
        "3",
        f"{DECREE}, điểm c khoản 1 (cán bộ chủ trì cấp xã). {AFTER_2025}",
    ),
    ("Chủ tịch Hội đồng nhân dân xã, phường", "3", f"{DECREE}, điểm c khoản 1. {AFTER_2025}"),
    ("Chủ tịch Ủy ban nhân dân xã, phường", "3", f"{DECREE}, điểm c khoản 1. {AFTER_2025}"),
    ("Phó Chủ tịch Ủy ban nhân dân xã, phường", "4", f"{DECREE}, điểm đ khoản 1. {AFTER_2025}"),
    (
        "Chỉ huy trưởng Ban Chỉ huy quân sự xã, phường",
        "4",
        f"{DECREE}, điểm đ khoản 1. {AFTER_2025}",
    ),
    ("Công chức xã, phường", "4", f"{DECREE}, điểm đ khoản 1. {AFTER_2025}"),
    ("Đại biểu Hội đồng nhân dân xã, phường", "4", f"{DECREE}, điểm d khoản 1. {AFTER_2025}"),
    ("Người hoạt động không chuyên trách ở xã, phường", "4", f"{DECREE}, điểm đ khoản 1."),
    ("Trưởng thôn", "village_head", LAW_14),
    ("Tổ trưởng tổ dân phố", "village_head", LAW_14),
    ("Trưởng ban công tác Mặt trận thôn, tổ dân phố", "mass_org_head", LAW_14),
    ("Chi hội trưởng Hội Cựu chiến binh thôn, tổ dân phố", "mass_org_head", LAW_14),
    ("Chi hội trưởng Hội Liên hiệp phụ nữ thôn, tổ dân phố", "mass_org_head", LAW_14),
    ("Chi hội trưởng Hội Nông dân thôn, tổ dân phố", "mass_org_head", LAW_14),
    ("Bí thư Chi đoàn thanh niên thôn, tổ dân phố", "mass_org_head", LAW_14),
]


def seed(apps, schema_editor):
    TargetGroup = apps.get_model("education", "TargetGroup")
    Post = apps.get_model("education", "Post")
    groups = {}
    for code, name, level, periods, basis, order in GROUPS:
        groups[code], _created = TargetGroup.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "convened_by": level,
                "periods": periods,
                "legal_basis": basis,
                "order": order,
            },
        )
    for name, group, source in POSTS:
        Post.objects.get_or_create(name=name, defaults={"group": groups[group], "source": source})


def unseed(apps, schema_editor):
    apps.get_model("education", "Post").objects.filter(name__in=[p[0] for p in POSTS]).delete()
    TargetGroup = apps.get_model("education", "TargetGroup")
    TargetGroup.objects.filter(code__in=[g[0] for g in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
