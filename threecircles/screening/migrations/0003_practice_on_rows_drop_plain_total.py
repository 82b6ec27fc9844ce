# Each questionnaire and intake keeps the practice it was made for (no more "first care-team
# row"); the plaintext total, which nothing read, is dropped (the sealed result keeps it).

import django.db.models.deletion
from django.db import migrations, models


def backfill_practice(apps, schema_editor):
    Grant = apps.get_model("privacy", "Grant")
    Administration = apps.get_model("screening", "Administration")
    Intake = apps.get_model("screening", "Intake")

    def practice_for(client_id, clinician_id):
        grants = Grant.objects.filter(kind="care_team", client_id=client_id).order_by(
            "starts_at", "pk"
        )
        own = grants.filter(grantee_id=clinician_id).first() if clinician_id else None
        chosen = own or grants.first()
        return chosen.practice_id if chosen else None

    for administration in Administration.objects.filter(practice__isnull=True).iterator():
        administration.practice_id = practice_for(
            administration.client_id, administration.sent_by_id
        )
        administration.save(update_fields=["practice"])
    for intake in Intake.objects.filter(practice__isnull=True).iterator():
        intake.practice_id = practice_for(intake.client_id, intake.started_by_id)
        intake.save(update_fields=["practice"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_create_cache_table'),
        ('privacy', '0003_move_grants_and_rechain_log'),
        ('screening', '0002_before_each_session'),
    ]

    operations = [
        migrations.AddField(
            model_name='administration',
            name='practice',
            field=models.ForeignKey(blank=True, help_text="Whose licensed text it uses: the sender's practice when it was sent.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.practice'),
        ),
        migrations.AddField(
            model_name='intake',
            name='practice',
            field=models.ForeignKey(blank=True, help_text='The practice whose rules (supervisor sign-off) apply.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.practice'),
        ),
        migrations.RunPython(backfill_practice, migrations.RunPython.noop),
        migrations.RemoveField(model_name='administration', name='total'),
    ]
