"""Sign-up, confirmation, preferences and unsubscribe pages: what a reader and a bot can do."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from test_newsletter_support import active_subscriber, make_world
from wiredesk.newsletter import ratelimit, tokens
from wiredesk.newsletter.models import EditionNewsletter, Subscriber, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    # The pages under test read the clock, so the stories are of the real last hours.
    return make_world(timezone.now(), stories=2)


def sign_up(client: Client, email: str, ip: str = "192.0.2.1", **extra: str):
    return client.post(
        "/newsletter/switzerland/", {"email": email, "language": "en", **extra}, REMOTE_ADDR=ip
    )


def test_the_answer_never_tells_whether_an_address_is_subscribed(edition):
    active_subscriber("known@example.org", edition)
    Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="pending@example.org"), edition=edition
    )
    answers = [
        sign_up(Client(), email, ip=f"192.0.2.{i}")
        for i, email in enumerate(["new@example.org", "known@example.org", "pending@example.org"])
    ]
    assert {a.status_code for a in answers} == {302}
    assert len({a["Location"] for a in answers}) == 1
    pages = {Client().get(answers[0]["Location"]).content for _ in range(2)}
    assert len(pages) == 1
    # Everyone gets a mail: a confirmation, or for the known reader the preferences link.
    assert len(mail.outbox) == 3
    [known] = [m for m in mail.outbox if m.to == ["known@example.org"]]
    assert "/newsletter/preferences/" in known.body and "/confirm/" not in known.body


def post_sign_up(client: Client, email: str, ip: str, **headers: str):
    data = {"email": email, "language": "en"}
    return client.post("/newsletter/switzerland/", data, REMOTE_ADDR=ip, **headers)


def test_sign_up_from_the_editions_own_page_needs_no_token(edition):
    client = Client(enforce_csrf_checks=True)
    answer = post_sign_up(client, "new@example.org", "192.0.2.1", HTTP_SEC_FETCH_SITE="same-origin")
    assert answer.status_code == 302
    answer = post_sign_up(client, "other@example.org", "192.0.2.9", HTTP_ORIGIN="http://testserver")
    assert answer.status_code == 302
    assert Subscription.objects.filter(subscriber__email="new@example.org").exists()
    assert len(mail.outbox) == 2


def test_a_sign_up_posted_from_another_site_is_refused_and_stores_nothing(edition):
    answer = post_sign_up(
        Client(), "new@example.org", "192.0.2.1", HTTP_ORIGIN="https://evil.example"
    )
    assert answer.status_code == 403
    answer = post_sign_up(
        Client(), "new@example.org", "192.0.2.1", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert answer.status_code == 403
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_strangers_form_does_not_change_a_subscribers_settings(edition):
    subscriber = active_subscriber("known@example.org", edition, tz="Asia/Tokyo", language="fr")
    sign_up(Client(), "known@example.org", language="de")
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.time_zone) == ("fr", "Asia/Tokyo")


def test_consent_is_recorded(edition):
    sign_up(Client(), "new@example.org", ip="198.51.100.7")
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.consent_ip == "198.51.100.7"
    assert subscription.consent_at and subscription.edition == edition
    assert subscription.consent_form.startswith("signup /newsletter/switzerland/")


def test_sign_up_bombing_one_address_is_capped_silently(edition):
    for i in range(ratelimit.PER_ADDRESS[0] + 3):
        assert sign_up(Client(), "victim@example.org", ip=f"203.0.113.{i}").status_code == 302
    assert len(mail.outbox) == ratelimit.PER_ADDRESS[0]


def test_one_ip_is_slowed_down(edition):
    limit = ratelimit.PER_IP[0]
    codes = [sign_up(Client(), f"r{i}@example.org").status_code for i in range(limit + 1)]
    assert codes == [302] * limit + [429]
    assert len(mail.outbox) == limit


def test_honeypot_mails_nothing(edition):
    assert sign_up(Client(), "bot@example.org", website="http://spam").status_code == 302
    assert mail.outbox == []


def test_confirmation_links_expire_and_cannot_be_forged(edition):
    sign_up(Client(), "new@example.org")
    subscription = Subscription.objects.get()
    token = tokens.confirm_token(subscription.pk)
    assert tokens.read_confirm_token(token) == subscription.pk
    assert tokens.read_confirm_token(token, max_age=-1) is None
    forged = tokens.confirm_token(subscription.pk)[:-2] + "xx"
    assert Client().post(f"/newsletter/confirm/{forged}/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING


def test_get_on_the_unsubscribe_link_only_shows_a_page(edition):
    subscriber = active_subscriber("r@example.org", edition)
    url = f"/newsletter/unsubscribe/{subscriber.token}/switzerland/"
    page = Client().get(url)
    assert page.status_code == 200 and b'<form method="post"' in page.content
    assert subscriber.subscriptions.get().status == Subscription.Status.ACTIVE
    answer = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200  # never a redirect
    assert subscriber.subscriptions.get().status == Subscription.Status.UNSUBSCRIBED
    assert Client().post(f"/newsletter/unsubscribe/wrong/{edition.slug}/").status_code == 404


def test_preferences_change_hour_zone_language_and_editions(edition):
    subscriber = active_subscriber("r@example.org", edition)
    other = make_world(timezone.now(), stories=1, slug="russia")
    client = Client()
    url = f"/newsletter/preferences/{subscriber.token}/"
    page = client.get(url)
    assert page.status_code == 200 and b"Asia/Tokyo" in page.content
    answer = client.post(
        url,
        {
            "language": "de",
            "time_zone": "Asia/Tokyo",
            "delivery_hour": "18",
            "editions": [other.pk],
        },
    )
    assert answer.status_code == 200
    assert b"Gespeichert" in answer.content  # the page answers in the new language
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.time_zone, subscriber.delivery_hour) == (
        "de",
        "Asia/Tokyo",
        18,
    )
    statuses = dict(subscriber.subscriptions.values_list("edition__slug", "status"))
    assert statuses == {"switzerland": "unsubscribed", "russia": "active"}


@pytest.mark.parametrize(
    ("language", "words"),
    [("de", "Anmelden"), ("fr", "Inscription"), ("it", "Iscriviti"), ("en", "Sign up")],
)
def test_sign_up_page_in_each_language(edition, language, words):
    page = Client().get(f"/newsletter/switzerland/?lang={language}")
    assert page.status_code == 200
    assert words.encode() in page.content


def test_confirmation_mail_in_the_chosen_language(edition):
    EditionNewsletter.objects.create(edition=edition, languages=["de", "fr", "it", "en"])
    Client().post("/newsletter/switzerland/", {"email": "r@example.org", "language": "fr"})
    [message] = mail.outbox
    assert "Confirmez" in message.subject
    assert Subscriber.objects.get().language == "fr"


def test_each_edition_offers_its_own_languages(edition):
    page = Client().get("/newsletter/switzerland/")
    assert b'<select name="language"' not in page.content  # only English: nothing to choose
    offer = EditionNewsletter.objects.create(edition=edition, languages=["de", "fr", "it", "en"])
    page = Client().get("/newsletter/switzerland/")
    for name in ("Deutsch", "Français", "Italiano", "English"):
        assert name.encode() in page.content
    offer.languages = ["de", "fr"]
    offer.save()
    Client().post("/newsletter/switzerland/", {"email": "r@example.org", "language": "it"})
    assert Subscriber.objects.get().language == "de"  # not offered: the edition's first


def test_preview_page_is_for_staff_only(edition, admin_client):
    assert Client().get("/newsletter/preview/switzerland/").status_code == 302
    page = admin_client.get("/newsletter/preview/switzerland/?lang=de")
    assert (
        page.status_code == 200
        and b"Story 0 from Bern"
        in admin_client.get("/newsletter/preview/switzerland/?format=html").content
    )
    text = admin_client.get("/newsletter/preview/switzerland/?format=text")
    assert text["Content-Type"].startswith("text/plain")
