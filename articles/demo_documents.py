"""Demo content of the documents registry, loaded by `manage.py load_demo` from
`demo_data/documents.yaml`: real documents (their facts as printed on them, summaries written for
this project), a relation between two of them, and one demo article (fictional) that cites them,
so its links and the documents' "Bài viết liên quan" show after `make run`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from portal.demo import content, datafile
from portal.demo.datafile import Record, Rows

DATA_FILE = Path(__file__).parent / "demo_data" / "documents.yaml"
SCHEMA = {
    "issuing_bodies": Rows(("name", "order")),
    "documents": Rows(
        ("kind", "number", "issuing_body", "issued_on", "signer", "abstract", "summary")
    ),
    "relations": Rows(("source", "kind", "target")),
    "article": Record(("title", "category", "summary", "body", "tags")),
}


def data() -> dict:
    return datafile.read(DATA_FILE, SCHEMA)


def load_documents(
    *, editor, writer, note: Callable[[bool, str], None], picture: Callable | None = None
) -> None:
    """Create the registry's demo content if it is not there yet; `note(created, what)`.
    `picture(article, index, by=)` gives the demo article its picture (None: a dry run, which
    writes no file)."""
    from django.utils import timezone

    from articles import document_services, services
    from articles.models import Article, Category, Document, DocumentRelation, IssuingBody

    demo = data()
    bodies = {}
    for row in demo["issuing_bodies"]:
        bodies[row["name"]], created = IssuingBody.objects.get_or_create(
            name=row["name"], defaults={"order": row["order"]}
        )
        note(created, row["name"])
    now = timezone.now().replace(second=0, microsecond=0)
    count = len(demo["documents"])
    documents = {}
    for index, row in enumerate(demo["documents"]):
        document = Document.objects.filter(number=row["number"], kind=row["kind"]).first()
        if document is None:
            fields = {**row, "issuing_body": bodies[row["issuing_body"]]}
            document = document_services.document_save(document=Document(**fields), by=writer)
            document_services.document_publish(
                document=document, by=editor, at=now - timedelta(days=count - index)
            )
            note(True, document.heading)
        documents[row["number"]] = document
    for row in demo["relations"]:
        _relation, created = DocumentRelation.objects.get_or_create(
            source=documents[row["source"]], kind=row["kind"], target=documents[row["target"]]
        )
        note(created, f"{row['source']} – {row['target']}")

    text = demo["article"]
    category = Category.objects.filter(slug=text["category"]).first()
    if category is None or Article.objects.filter(title=text["title"]).exists():
        return
    article = services.article_create(
        title=text["title"], category=category, by=writer, summary=text["summary"],
        body=text["body"], tags=text["tags"], source=content.SOURCE,
    )  # fmt: skip
    if picture is not None:
        picture(article, count, by=writer)
    services.article_publish(article=article, by=editor, at=now - timedelta(hours=1))
    note(True, text["title"])
