from django.contrib import admin

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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the system and never edited."""

    list_display = ["at", "actor_name", "action_label", "target", "ip_address"]
    list_filter = ["action"]
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
