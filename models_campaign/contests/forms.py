"""The participant's forms. Labels and messages in Vietnamese; the phone is normalised here."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from models_campaign.contests import services
from models_campaign.models import Locality
from portal.models import Organization
from portal.text import clean_line

PURPOSE = (
    "Ban Tổ chức dùng họ tên, năm sinh, số điện thoại, đơn vị và địa bàn của bạn chỉ để xếp hạng, "
    "liên hệ trao giải và thống kê theo đơn vị, địa bàn. Danh sách công bố chỉ ghi họ và chữ cái "
    "đầu của tên, số điện thoại bị che một phần. Dữ liệu được ẩn danh sau khi cuộc thi kết thúc "
    "{months} tháng; bạn có thể xem hoặc xóa dữ liệu của mình bằng số điện thoại và mã xác nhận."
)


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    birth_year = forms.IntegerField(label="Năm sinh", min_value=1900, required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20)
    unit = forms.ModelChoiceField(
        label="Đơn vị (cơ quan, chi bộ, trường học…)",
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="— Chọn đơn vị —",
    )
    locality = forms.ModelChoiceField(
        label="Địa bàn (phường, xã)",
        queryset=Locality.objects.order_by("order", "name"),
        required=False,
        empty_label="— Chọn địa bàn —",
    )
    consent = forms.BooleanField(
        label="Tôi đồng ý để Ban Tổ chức xử lý các thông tin trên cho mục đích nêu ở trên.",
        error_messages={"required": "Bạn cần đồng ý để tham gia dự thi."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by naive robots.
    website = forms.CharField(label="Để trống ô này", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {"full_name": "name", "phone": "tel", "birth_year": "off"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.attrs.update(inputmode="tel")
        self.fields["birth_year"].widget.attrs.update(inputmode="numeric")
        self.fields["birth_year"].max_value = timezone.now().year
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_full_name(self) -> str:
        name = clean_line(self.cleaned_data["full_name"])
        if len(name.split()) < 2:
            raise forms.ValidationError("Hãy nhập đầy đủ họ và tên.")
        return name

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.now().year:
            raise forms.ValidationError("Năm sinh không hợp lệ.")
        return year

    def clean_phone(self) -> str:
        try:
            return services.normalise_phone(self.cleaned_data["phone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def participant_data(self) -> services.ParticipantData:
        data = self.cleaned_data
        return services.ParticipantData(
            full_name=data["full_name"],
            birth_year=data.get("birth_year"),
            phone=data["phone"],
            unit_id=data["unit"].pk if data.get("unit") else None,
            locality_id=data["locality"].pk if data.get("locality") else None,
        )


class LookupForm(forms.Form):
    phone = forms.CharField(label="Số điện thoại đã dùng khi dự thi", max_length=20)
    receipt = forms.CharField(label="Mã xác nhận (ví dụ: K7MQ-2XPA)", max_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["receipt"].widget.attrs.update(autocomplete="off", autocapitalize="characters")
