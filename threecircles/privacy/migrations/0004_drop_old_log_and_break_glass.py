from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0003_move_grants_and_rechain_log'),
    ]

    operations = [
        migrations.RemoveField(model_name='accessevent', name='prev_hash'),
        migrations.RemoveField(model_name='accessevent', name='hash'),
        migrations.AlterField(
            model_name='accessevent',
            name='seq',
            field=models.BigIntegerField(help_text="Position in this client's chain, from 1."),
        ),
        migrations.AddConstraint(
            model_name='accessevent',
            constraint=models.UniqueConstraint(fields=('client_id', 'seq'), name='one_event_per_chain_place'),
        ),
        migrations.DeleteModel(name='AccessLogHead'),
        migrations.DeleteModel(name='BreakGlassGrant'),
    ]
