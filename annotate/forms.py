"""The workspace's forms. They parse what the browser sends; the services decide what is valid."""

from django import forms

from claims.models import (
    EntityKind,
    Form,
    LabelKind,
    Modality,
    Polarity,
    Stance,
    Status,
    WhenSource,
)


class ClaimCreateForm(forms.Form):
    """A selection in the browser: offsets in UTF-16 code units, and the text selected."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    quote = forms.CharField(strip=False)
    claim_type = forms.CharField(max_length=50)
    when = forms.CharField(required=False, max_length=10)
    idempotency_key = forms.CharField(required=False, max_length=64)


class ClaimForm(forms.Form):
    claim_type = forms.CharField(max_length=50)
    when = forms.CharField(required=False, max_length=64, label="When (TIMEX3)")
    when_suggested = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    polarity = forms.ChoiceField(choices=Polarity.choices)
    modality = forms.ChoiceField(choices=Modality.choices)
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        when, suggested = data.pop("when").strip(), data.pop("when_suggested")
        data.pop("version")
        data["when"] = when
        if not when:
            data["when_source"] = WhenSource.NONE
        else:
            data["when_source"] = WhenSource.SUGGESTED if when == suggested else WhenSource.TYPED
        return data


class AttributionForm(forms.Form):
    source = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_source = forms.CharField(required=False, max_length=300, label="or a new source")
    new_source_kind = forms.ChoiceField(choices=EntityKind.choices, required=False)
    source_kind = forms.CharField(max_length=50)
    form = forms.ChoiceField(choices=Form.choices, initial=Form.REPORTED)
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.NEUTRAL)
    cue_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    cue_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    cue_quote = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    cited_by = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntityForm(forms.Form):
    """Add a participant or the place to a claim: an existing entity, or a new one by name."""

    role = forms.ChoiceField(choices=[("participant", "participant"), ("place", "place")])
    entity = forms.IntegerField(required=False)
    name = forms.CharField(required=False, max_length=300)
    kind = forms.ChoiceField(choices=EntityKind.choices, required=False)
    remove = forms.BooleanField(required=False)
    version = forms.IntegerField()


class ArticleMetadataForm(forms.Form):
    title = forms.CharField(max_length=500)
    outlet = forms.CharField(required=False, max_length=200)
    published = forms.DateField(required=False)
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")


class SuggestionForm(forms.Form):
    key = forms.CharField(max_length=100)
    claim = forms.IntegerField(required=False)


class LinkForm(forms.Form):
    """A link from the open claim to a candidate (or, with `incoming`, from it)."""

    to_claim = forms.IntegerField()
    relation = forms.CharField(max_length=50)
    note = forms.CharField(required=False, strip=False, max_length=2000)
    incoming = forms.BooleanField(required=False)
    search = forms.CharField(required=False, max_length=200)


class LinkUpdateForm(forms.Form):
    relation = forms.CharField(required=False, max_length=50)
    note = forms.CharField(required=False, strip=False, max_length=2000)
    reverse = forms.BooleanField(required=False)
    version = forms.IntegerField()


class LabelForm(forms.Form):
    kind = forms.ChoiceField(choices=LabelKind.choices)
    value = forms.SlugField(max_length=50)
    name = forms.CharField(max_length=100)
    color = forms.RegexField(regex=r"^#[0-9a-fA-F]{6}$", initial="#888888")
    hotkey = forms.CharField(required=False, max_length=1, strip=True)
    description = forms.CharField(required=False, max_length=2000)
    hidden = forms.BooleanField(required=False)
    symmetric = forms.BooleanField(required=False)


class ReviewForm(forms.Form):
    """A decision on one version; the optional fields are corrections made before accepting."""

    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    version = forms.IntegerField()
    comment = forms.CharField(required=False, strip=False, max_length=4000)
    claim_type = forms.CharField(required=False, max_length=50)
    when = forms.CharField(required=False, max_length=64)
    note = forms.CharField(required=False, strip=False)
    corrected = forms.BooleanField(required=False)

    def changes(self) -> dict:
        if not self.cleaned_data["corrected"]:
            return {}
        data = self.cleaned_data
        changes = {"claim_type": data["claim_type"], "note": data["note"]}
        when = data["when"].strip()
        changes.update(when=when, when_source=WhenSource.TYPED if when else WhenSource.NONE)
        return changes


class ExportForm(forms.Form):
    """An export's format and filters, as the export screen and the API send them."""

    format = forms.CharField(max_length=20, initial="jsonl")
    status = forms.MultipleChoiceField(required=False, choices=Status.choices)
    annotator = forms.MultipleChoiceField(required=False)
    claim_type = forms.MultipleChoiceField(required=False)
    published_from = forms.DateField(required=False)
    published_to = forms.DateField(required=False)

    def __init__(self, *args, annotators=(), claim_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annotator"].choices = [(name, name) for name in annotators]
        self.fields["claim_type"].choices = [(label.value, label.name) for label in claim_types]

    def filters(self) -> dict:
        """Keyword arguments for exports.selection_for (no status means gold)."""
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "annotator": data["annotator"],
            "claim_type": data["claim_type"],
            "published_from": data["published_from"],
            "published_to": data["published_to"],
        }


class ImportForm(forms.Form):
    format = forms.CharField(max_length=20)
    status = forms.ChoiceField(
        choices=[(Status.SUBMITTED, "Submitted, for review"), (Status.ACCEPTED, "Accepted (gold)")],
        initial=Status.SUBMITTED,
        required=False,
    )
