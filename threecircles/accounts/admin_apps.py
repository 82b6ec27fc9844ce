from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, on our site: the same sign-in, second step and limits as everyone."""

    default_site = "threecircles.accounts.admin_site.AdminSite"
