# What each supporter may see moves to privacy's grants: one consent record per scope.

from django.db import migrations, models

SCOPES = {
    "share_sobriety": "sobriety",
    "share_streak": "checkins",
    "share_slips": "slips",
    "share_middle_circle": "middle_circle",
    "share_plan": "plan",
}


def sharing_to_grants(apps, schema_editor):
    SupportMember = apps.get_model("network", "SupportMember")
    Grant = apps.get_model("privacy", "Grant")
    for member in SupportMember.objects.select_related("invitation").order_by("pk"):
        for field, scope in SCOPES.items():
            if getattr(member, field):
                Grant.objects.create(
                    kind="supporter",
                    client_id=member.client_id,
                    grantee_id=member.invitation.accepted_by_id,
                    scope=scope,
                    role=member.relationship,
                    invitation_id=member.invitation_id,
                    reason="Shared by the client",
                    starts_at=member.created_at,
                    ends_at=member.revoked_at,
                    created_by_id=member.client_id,
                )


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0001_initial'),
        ('privacy', '0002_grants_and_keyed_log'),
    ]

    operations = [
        migrations.RunPython(sharing_to_grants, migrations.RunPython.noop),
        migrations.RemoveField(model_name='supportmember', name='share_middle_circle'),
        migrations.RemoveField(model_name='supportmember', name='share_plan'),
        migrations.RemoveField(model_name='supportmember', name='share_slips'),
        migrations.RemoveField(model_name='supportmember', name='share_sobriety'),
        migrations.RemoveField(model_name='supportmember', name='share_streak'),
        migrations.AlterField(
            model_name='supportmember',
            name='relationship',
            field=models.CharField(choices=[('sponsor', 'Sponsor'), ('accountability', 'Accountability partner'), ('partner', 'Spouse or partner'), ('family', 'Family member'), ('group', 'Group member'), ('friend', 'Friend'), ('other', 'Other')], max_length=20),
        ),
    ]
