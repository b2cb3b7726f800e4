from django.contrib import admin

from portal.models import Organization

admin.site.site_header = "Quản trị Cổng thông tin Ban Tuyên giáo"
admin.site.site_title = "Quản trị Ban Tuyên giáo"
admin.site.index_title = "Bảng điều khiển"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
