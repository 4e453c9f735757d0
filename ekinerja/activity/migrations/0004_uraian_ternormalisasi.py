from django.db import migrations, models

BATCH = 2000


def fill_normalised_descriptions(apps, schema_editor):
    """Most stored texts are plain ASCII with single spaces: the database lowercases those in one
    statement. The rest (blank runs, line breaks, tabs, non-ASCII letters) go through the same
    Python rule the services use, so both paths agree."""
    Activity = apps.get_model("activity", "Activity")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE activity_activity SET uraian_norm = substr(lower(trim(uraian)), 1, 255)"
        )
    if connection.vendor == "postgresql":
        messy = Activity.objects.filter(uraian__regex=r"(\s\s|[\t\r\n]|[^\x20-\x7e])")
    else:
        messy = Activity.objects.extra(where=["uraian GLOB '*[^ -~]*' OR uraian LIKE '%  %'"])
    batch = []
    for activity in messy.only("pk", "uraian").iterator(chunk_size=BATCH):
        activity.uraian_norm = " ".join(activity.uraian.lower().split())[:255]
        batch.append(activity)
        if len(batch) >= BATCH:
            Activity.objects.bulk_update(batch, ["uraian_norm"])
            batch = []
    Activity.objects.bulk_update(batch, ["uraian_norm"])


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0003_aktivitas_tanpa_indeks_pegawai"),
        ("org", "0001_initial"),
        ("people", "0001_initial"),
        ("planning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="uraian_norm",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_normalised_descriptions, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["instansi", "tanggal", "uraian_norm"], name="aktivitas_uraian_harian"
            ),
        ),
    ]
