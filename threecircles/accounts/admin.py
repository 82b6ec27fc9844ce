"""What the Django admin must never show: allauth's second factors and e-mail addresses, the
task queue (its arguments carry addresses), and permission groups we do not use.

The staff-account and practice screens are registered by `privacy`, which logs every change
in the tamper-evident log.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

for model in (EmailAddress, Authenticator, DBTaskResult, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
