from django.db import migrations

ROOTS = [
    ("policy", "Chủ trương, chính sách về chuyển đổi số"),
    ("public_services", "Dịch vụ công trực tuyến"),
    ("shopping", "Mua sắm trực tuyến"),
    ("payment", "Thanh toán trực tuyến"),
    ("safety", "Bảo vệ bản thân trên môi trường số"),
    ("local_platforms", "Các nền tảng số khác của địa phương"),
]


def create_roots(apps, schema_editor):
    Topic = apps.get_model("questionbank", "Topic")
    for position, (key, name) in enumerate(ROOTS):
        Topic.objects.get_or_create(root_key=key, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("questionbank", "0001_initial")]
    operations = [migrations.RunPython(create_roots, migrations.RunPython.noop)]
