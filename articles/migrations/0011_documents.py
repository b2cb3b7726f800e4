# The documents registry ("Văn bản"): issuing bodies, documents, their relations, attachments and
# citing articles; a GIN index on the search document (PostgreSQL); what each role may do.

import articles.document_models
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from articles.roles import EDITOR, SITE_ADMIN, WRITER, grant_permissions

GIN_INDEX = "document_search_vector_gin"
TABLE = "articles_document"

_WRITER = [
    "articles.add_document", "articles.change_document", "articles.view_document",
    "articles.add_documentattachment", "articles.change_documentattachment",
    "articles.delete_documentattachment", "articles.view_documentattachment",
    "articles.add_documentrelation", "articles.change_documentrelation",
    "articles.delete_documentrelation", "articles.view_documentrelation",
    "articles.view_documentcitation", "articles.view_issuingbody",
]
_EDITOR = [
    *_WRITER, "articles.publish_document", "articles.delete_document",
    "articles.add_issuingbody", "articles.change_issuingbody",
]
ROLE_PERMISSIONS = {
    WRITER: _WRITER,
    EDITOR: _EDITOR,
    SITE_ADMIN: [*_EDITOR, "articles.empty_trash_document", "articles.delete_issuingbody"],
}


def create_gin_index(apps, schema_editor):
    # PostgreSQL only; SQLite searches search_text with LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING gin (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_editorial_core'),
        ('portal', '0003_previewlink_revision_workflowevent'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IssuingBody',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='tên cơ quan ban hành')),
                ('slug', models.SlugField(blank=True, help_text='Để trống để tạo tự động từ tên.', max_length=200, unique=True, verbose_name='đường dẫn')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='thứ tự')),
            ],
            options={
                'verbose_name': 'cơ quan ban hành',
                'verbose_name_plural': 'cơ quan ban hành',
                'ordering': ['order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Nháp'), ('pending', 'Chờ duyệt'), ('published', 'Đã xuất bản'), ('rejected', 'Bị trả lại'), ('unpublished', 'Đã gỡ')], default='draft', max_length=20, verbose_name='trạng thái')),
                ('publish_at', models.DateTimeField(blank=True, help_text='Đặt một thời điểm trong tương lai để hẹn giờ xuất bản.', null=True, verbose_name='thời điểm xuất bản')),
                ('expire_at', models.DateTimeField(blank=True, help_text='Để trống nếu không hết hạn.', null=True, verbose_name='thời điểm hết hạn')),
                ('first_published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='lần đầu xuất bản')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ngày tạo')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lần cuối')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='phiên bản')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='đã xóa lúc')),
                ('kind', models.CharField(choices=[('nghi-quyet', 'Nghị quyết'), ('chi-thi', 'Chỉ thị'), ('ket-luan', 'Kết luận'), ('quy-dinh', 'Quy định'), ('quy-che', 'Quy chế'), ('huong-dan', 'Hướng dẫn'), ('ke-hoach', 'Kế hoạch'), ('chuong-trinh', 'Chương trình'), ('de-an', 'Đề án'), ('quyet-dinh', 'Quyết định'), ('thong-bao', 'Thông báo'), ('cong-van', 'Công văn'), ('bao-cao', 'Báo cáo'), ('luat', 'Luật'), ('nghi-dinh', 'Nghị định'), ('thong-tu', 'Thông tư'), ('khac', 'Văn bản khác')], max_length=20, verbose_name='loại văn bản')),
                ('number', models.CharField(help_text='Như trên văn bản, ví dụ 01-KL/TW, 142-KH/TU, 35/2023/NĐ-CP.', max_length=100, verbose_name='số, ký hiệu')),
                ('number_key', models.CharField(db_index=True, default='', editable=False, max_length=120)),
                ('number_value', models.PositiveIntegerField(editable=False, null=True)),
                ('issued_on', models.DateField(verbose_name='ngày ban hành')),
                ('signer', models.CharField(blank=True, max_length=200, verbose_name='người ký')),
                ('abstract', models.CharField(help_text='Trích yếu nội dung, như trên văn bản.', max_length=1000, verbose_name='trích yếu')),
                ('summary', models.TextField(blank=True, help_text='Vài câu giới thiệu nội dung chính cho bạn đọc.', verbose_name='tóm tắt')),
                ('validity', models.CharField(choices=[('in_force', 'Còn hiệu lực'), ('expired', 'Hết hiệu lực'), ('replaced', 'Đã được thay thế')], default='in_force', max_length=20, verbose_name='hiệu lực')),
                ('slug', models.SlugField(blank=True, help_text='Để trống để tạo tự động từ loại và số văn bản. Không đổi được sau khi xuất bản.', max_length=200, unique=True, verbose_name='đường dẫn')),
                ('search_text', models.TextField(blank=True, default='', editable=False)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(app_label)s_%(class)s_created', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                ('deleted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xóa')),
                ('pending_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='portal.revision', verbose_name='thay đổi chờ duyệt')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa cuối')),
            ],
            options={
                'verbose_name': 'văn bản',
                'verbose_name_plural': 'văn bản',
                'ordering': ['-issued_on', '-pk'],
                'permissions': [('publish_document', 'Có thể duyệt, xuất bản và gỡ văn bản'), ('empty_trash_document', 'Có thể xóa vĩnh viễn văn bản trong thùng rác')],
            },
        ),
        migrations.CreateModel(
            name='DocumentAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=255, upload_to=articles.document_models.attachment_path, verbose_name='tệp')),
                ('title', models.CharField(blank=True, help_text='Ví dụ: Toàn văn, Phụ lục. Để trống: “Toàn văn”.', max_length=200, verbose_name='tên hiển thị')),
                ('file_type', models.CharField(default='', editable=False, max_length=10, verbose_name='định dạng')),
                ('size', models.PositiveIntegerField(default=0, editable=False, verbose_name='dung lượng (byte)')),
                ('text', models.TextField(blank=True, default='', editable=False, verbose_name='nội dung chữ')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='thứ tự')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='articles.document', verbose_name='văn bản')),
            ],
            options={
                'verbose_name': 'tệp đính kèm',
                'verbose_name_plural': 'tệp đính kèm',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DocumentCitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_citations', to='articles.article')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citations', to='articles.document')),
            ],
            options={
                'verbose_name': 'bài viết trích dẫn',
                'verbose_name_plural': 'bài viết trích dẫn',
            },
        ),
        migrations.AddField(
            model_name='document',
            name='citing_articles',
            field=models.ManyToManyField(blank=True, related_name='cited_documents', through='articles.DocumentCitation', to='articles.article', verbose_name='bài viết trích dẫn'),
        ),
        migrations.CreateModel(
            name='DocumentRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('implements', 'Thực hiện'), ('replaces', 'Thay thế'), ('guides', 'Hướng dẫn thực hiện')], max_length=20, verbose_name='quan hệ')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='articles.document', verbose_name='văn bản')),
                ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inverse_relations', to='articles.document', verbose_name='văn bản được nhắc tới')),
            ],
            options={
                'verbose_name': 'văn bản liên quan',
                'verbose_name_plural': 'văn bản liên quan',
            },
        ),
        migrations.AddField(
            model_name='document',
            name='related',
            field=models.ManyToManyField(blank=True, related_name='related_from', through='articles.DocumentRelation', to='articles.document', verbose_name='văn bản liên quan'),
        ),
        migrations.AddField(
            model_name='document',
            name='issuing_body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='articles.issuingbody', verbose_name='cơ quan ban hành'),
        ),
        migrations.AddConstraint(
            model_name='documentcitation',
            constraint=models.UniqueConstraint(fields=('document', 'article'), name='documentcitation_unique'),
        ),
        migrations.AddConstraint(
            model_name='documentrelation',
            constraint=models.UniqueConstraint(fields=('source', 'target', 'kind'), name='documentrelation_unique', violation_error_message='Quan hệ này đã được ghi.'),
        ),
        migrations.AddConstraint(
            model_name='documentrelation',
            constraint=models.CheckConstraint(condition=models.Q(('source', models.F('target')), _negated=True), name='documentrelation_not_self', violation_error_message='Văn bản không thể liên quan tới chính nó.'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['status', '-issued_on'], name='document_status_issued_idx'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['number_value'], name='document_number_value_idx'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('publish_at__isnull', False), _connector='OR'), name='document_published_has_publish_at', violation_error_message='Văn bản đã xuất bản phải có thời điểm xuất bản.'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('expire_at__isnull', True), ('publish_at__isnull', True), ('expire_at__gt', models.F('publish_at')), _connector='OR'), name='document_expire_after_publish', violation_error_message='Thời điểm hết hạn phải sau thời điểm xuất bản.'),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index, elidable=False),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
