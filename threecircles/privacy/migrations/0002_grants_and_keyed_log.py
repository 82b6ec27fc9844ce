# Grants (care team, supporters, emergency access) in one model; the access log re-chained per
# client and MACed under a key derived from THREECIRCLES_KEYS; second-factor resets.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_create_cache_table'),
        ('privacy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Grant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('care_team', 'Care team'), ('supporter', 'Supporter'), ('break_glass', 'Emergency access')], max_length=20)),
                ('scope', models.CharField(choices=[('record', 'The clinical record'), ('sobriety', 'Sobriety status and sober time'), ('checkins', 'Check-in regularity'), ('slips', 'Slips (that one happened)'), ('slip_reviews', 'Slip reviews'), ('middle_circle', 'Middle-circle alerts'), ('plan', 'Healthy sex plan'), ('milestones', 'Milestones'), ('support_requests', 'Support requests')], max_length=30)),
                ('role', models.CharField(blank=True, help_text="Care-team role, or the supporter's relationship.", max_length=20)),
                ('reason', models.CharField(blank=True, max_length=300)),
                ('starts_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ends_at', models.DateTimeField(blank=True, help_text='Exclusive; empty: open.', null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grants_on_me', to=settings.AUTH_USER_MODEL)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grantee', models.ForeignKey(blank=True, help_text="Empty while a supporter's invitation is not accepted yet.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='grants_held', to=settings.AUTH_USER_MODEL)),
                ('invitation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='grants', to='accounts.invitation')),
                ('practice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='grants', to='accounts.practice')),
            ],
            options={
                'ordering': ['-starts_at', '-pk'],
                'indexes': [models.Index(fields=['grantee', 'kind', 'client'], name='privacy_gra_grantee_775170_idx'), models.Index(fields=['client', 'kind'], name='privacy_gra_client__0cc8fd_idx')],
            },
        ),
        migrations.CreateModel(
            name='AccessChainHead',
            fields=[
                ('client_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('seq', models.BigIntegerField(default=0)),
                ('mac', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name='SecondFactorReset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=300)),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('approved_at', models.DateTimeField(blank=True, null=True)),
                ('token_hash', models.CharField(blank=True, max_length=64)),
                ('expires_at', models.DateTimeField()),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('cancelled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='second_factor_resets', to=settings.AUTH_USER_MODEL)),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-started_at'],
            },
        ),
        migrations.AddField(
            model_name='accessevent',
            name='basis',
            field=models.CharField(choices=[('self', 'Own record'), ('care_team', 'Care team'), ('supporter', 'Supporter'), ('break_glass', 'Emergency access'), ('administration', 'Account administration'), ('system', 'Three Circles')], default='system', max_length=20),
        ),
        migrations.AddField(
            model_name='accessevent',
            name='seq',
            field=models.BigIntegerField(null=True, help_text="Position in this client's chain, from 1."),
        ),
        migrations.AddField(
            model_name='accessevent',
            name='key_id',
            field=models.CharField(default='', max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='accessevent',
            name='mac',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='client_id',
            field=models.BigIntegerField(help_text='Whose record or account.'),
        ),
    ]
