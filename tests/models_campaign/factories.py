from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from models_campaign.models import (
    AnnualTheme,
    EntryPhoto,
    Field,
    Locality,
    Recognition,
    ShowcaseEntry,
)
from tests.factories import OrganizationFactory, jpeg_file


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Phường số {n}")


class AnnualThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualTheme
        django_get_or_create = ("year",)

    year = 2022
    title = factory.LazyAttribute(lambda o: f"Chuyên đề năm {o.year}")


class ShowcaseEntryFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` for a public one."""

    class Meta:
        model = ShowcaseEntry
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mô hình thử nghiệm số {n}")
    organization = factory.SubFactory(OrganizationFactory)
    locality = factory.SubFactory(LocalityFactory)
    field = factory.SubFactory(FieldFactory)
    year_started = 2020
    summary = "Tóm tắt mô hình."

    class Params:
        published = factory.Trait(
            publication=ShowcaseEntry.Publication.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )

    @factory.post_generation
    def related_articles(self, create, extracted, **kwargs):
        if create and extracted:
            self.related_articles.set(extracted)


class EntryPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryPhoto

    entry = factory.SubFactory(ShowcaseEntryFactory)
    image = factory.LazyFunction(jpeg_file)
    alt = "Ảnh các thành viên mô hình"
    caption = "Buổi sinh hoạt của mô hình"


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    entry = factory.SubFactory(ShowcaseEntryFactory)
    level = Recognition.Level.CITY
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    issuer = "Ủy ban nhân dân thành phố"
