"""One counter table for every reference series: decision notices and gifts carried over, numbers kept."""

from django.db import migrations, models


def carry_over(apps, schema_editor):
    Counter = apps.get_model("transparency", "SeriesCounter")
    for old_name, series in (("ReferenceCounter", "notice"), ("GiftReferenceCounter", "gift")):
        Old = apps.get_model("transparency", old_name)
        Counter.objects.bulk_create(Counter(series=series, year=row.year, last=row.last) for row in Old.objects.all())


def carry_back(apps, schema_editor):
    Counter = apps.get_model("transparency", "SeriesCounter")
    for old_name, series in (("ReferenceCounter", "notice"), ("GiftReferenceCounter", "gift")):
        Old = apps.get_model("transparency", old_name)
        Old.objects.bulk_create(Old(year=row.year, last=row.last) for row in Counter.objects.filter(series=series))


class Migration(migrations.Migration):
    dependencies = [("transparency", "0003_registers")]

    operations = [
        migrations.CreateModel(
            name="SeriesCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "series",
                    models.CharField(
                        choices=[
                            ("notice", "Decision notices (2026/015)"),
                            ("gift", "Gifts and hospitality (GH2026/004)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="ReferenceCounter"),
        migrations.DeleteModel(name="GiftReferenceCounter"),
        migrations.RenameModel(old_name="SeriesCounter", new_name="ReferenceCounter"),
        migrations.AddConstraint(
            model_name="referencecounter",
            constraint=models.UniqueConstraint(fields=("series", "year"), name="unique_reference_counter"),
        ),
    ]
