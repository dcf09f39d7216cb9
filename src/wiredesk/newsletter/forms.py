"""The sign-up and preferences forms."""

from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from wiredesk.editions.models import Edition
from wiredesk.newsletter.digest import LANGUAGES

TIME_ZONES = sorted(available_timezones() - {"localtime", "Factory"})
HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    # A honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(required=False, label="Website")

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z.replace("_", " ")) for z in TIME_ZONES]
    )
    delivery_hour = forms.TypedChoiceField(label=_("Delivery time"), choices=HOURS, coerce=int)
    editions = forms.ModelMultipleChoiceField(
        label=_("Editions"),
        queryset=Edition.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
