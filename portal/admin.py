from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles.roles import ALL_ROLES
from portal.models import AuditEntry, Organization

admin.site.site_header = "Quản trị Cổng thông tin Ban Tuyên giáo"
admin.site.site_title = "Quản trị Ban Tuyên giáo"
admin.site.index_title = "Bảng điều khiển"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class AuditActionFilter(admin.SimpleListFilter):
    """The actions by their Vietnamese names, not their codes."""

    title = "thao tác"
    parameter_name = "thao-tac"

    def lookups(self, request, model_admin):
        from portal.audit import ACTIONS

        used = set(model_admin.get_queryset(request).values_list("action", flat=True).distinct())
        return [(code, label) for code, label in ACTIONS.items() if code in used]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the system and never edited."""

    list_display = ["at", "actor_name", "action_label", "target", "ip_address"]
    list_filter = [AuditActionFilter]
    search_fields = ["actor_name", "target", "detail"]
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description="thao tác", ordering="action")
    def action_label(self, obj):
        from portal.audit import ACTIONS

        return ACTIONS.get(obj.action, obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- staff accounts ----------------------------------------------------------------------------
User = get_user_model()
# Only a superuser may make superusers or grant single permissions; `Quản trị` manages staff
# within the three roles.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, narrowed for site administrators who are not superusers: they
    neither see nor edit superusers, cannot tick "superuser" nor grant single permissions, and
    can put people only in the roles `Phóng viên`, `Biên tập viên` and `Quản trị`. Every change
    is written to the audit log by portal.audit's signal handlers."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        narrowed = []
        for name, options in fieldsets:
            fields = [f for f in options.get("fields", ()) if f not in SUPERUSER_ONLY_FIELDS]
            narrowed.append((name, {**options, "fields": fields}))
        return narrowed

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            from django.contrib.auth.models import Group

            kwargs["queryset"] = Group.objects.filter(name__in=ALL_ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Whatever was posted, a site administrator never makes a superuser.
            if change:
                obj.is_superuser = (
                    User.objects.filter(pk=obj.pk).values_list("is_superuser", flat=True).first()
                    or False
                )
            else:
                obj.is_superuser = False
        super().save_model(request, obj, form, change)
