"""`wiredesk geotag --rerun`: the archive re-tagged and re-routed, resumably; editors win."""

from __future__ import annotations

import io
from itertools import count

import pytest
from django.core.management import call_command

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions import retag
from wiredesk.editions.models import Edition, Placement, RetagRun
from wiredesk.editions.placing import route_article
from wiredesk.geo.version import tagger_version
from wiredesk.sources.models import Licence, Source

pytestmark = pytest.mark.django_db
_serial = count(1)

SWISS_STORY = (
    "Swiss voters rejected a pension reform on Sunday. Turnout was highest in the canton of "
    "Vaud. The Federal Council in Bern said it would prepare a new proposal."
)
PERU_STORY = (
    "Peru's congress voted on Thursday to remove the president after a week of protests in "
    "Lima and Cusco.\n\nThe vice president was sworn in the same evening, and Peru's "
    "armed forces said they would respect the constitution.\n\nPeruvian markets were calm. "
    "The sol held steady, and bankers in Lima expected no change in rates.\n\nPeru has had "
    "six presidents in seven years. Analysts said the crisis would weigh on mining, the "
    "country's main export, though talks with a buyer in Geneva went ahead."
)


@pytest.fixture
def editions() -> dict[str, Edition]:
    return {
        slug: Edition.objects.create(slug=slug, name=name, countries=countries)
        for slug, name, countries in [
            ("switzerland", "Switzerland News", ["CH"]),
            ("peru", "Peru News", ["PE"]),
        ]
    }


@pytest.fixture
def source() -> Source:
    licence = Licence.objects.create(
        name="Open", attribution_template="{source}", all_editions=True
    )
    return Source.objects.create(name="Agency", slug="agency", licence=licence)


def stored(source: Source, body: str, headline: str, stale: dict[str, float]) -> Article:
    """An article as an older tagger left it: the countries in `stale`, routed by them."""
    n = next(_serial)
    article = Article.objects.create(
        source=source,
        guid=f"g{n}",
        url=f"https://partner.example/{n}",
        headline=headline,
        body_html=f"<p>{body}</p>",
        body_text=body,
    )
    for i, (code, score) in enumerate(stale.items()):
        ArticleCountry.objects.create(article=article, country=code, score=score, is_main=i == 0)
    route_article(article)
    return article


def placed_in(article: Article) -> set[str]:
    return set(article.placements.filter(hidden=False).values_list("edition__slug", flat=True))


def rerun(*args: str) -> str:
    out = io.StringIO()
    call_command("geotag", "--rerun", "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_rerun_retags_and_reroutes_every_article(editions, source) -> None:
    peru = stored(source, PERU_STORY, "Peru removes its president", {"PE": 0.6, "CH": 0.4})
    swiss = stored(source, SWISS_STORY, "Swiss reject pension reform", {"CH": 1.0})
    assert placed_in(peru) == {"peru", "switzerland"}  # the old tagger's passing mention

    assert "re-tagged and re-routed 2 articles" in rerun()

    peru.refresh_from_db()
    assert peru.main_country == "PE" and placed_in(peru) == {"peru"}
    assert placed_in(swiss) == {"switzerland"}
    run = RetagRun.objects.get()
    assert run.finished_at is not None and run.tagger == tagger_version()
    assert run.last_article_id == swiss.pk and run.articles == 2


def test_a_stopped_pass_resumes_after_its_last_batch(editions, source, monkeypatch) -> None:
    first = stored(source, PERU_STORY, "Peru removes its president", {"CH": 1.0})
    second = stored(source, PERU_STORY, "Peru, again", {"CH": 1.0})
    calls: list[int] = []
    real = retag.retag_article

    def crash_on_second(article, rules):
        calls.append(article.pk)
        if article.pk == second.pk and len(calls) == 2:
            raise KeyboardInterrupt  # stopped mid-pass, inside the second batch
        real(article, rules)

    monkeypatch.setattr(retag, "retag_article", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        rerun("--batch", "1")
    run = RetagRun.objects.get()
    assert run.finished_at is None and run.last_article_id == first.pk
    assert placed_in(Article.objects.get(pk=second.pk)) == {"switzerland"}  # rolled back

    assert "resuming after article" in rerun("--batch", "1")
    assert calls[2:] == [second.pk]  # the first article is not done twice
    assert placed_in(Article.objects.get(pk=second.pk)) == {"peru"}
    assert RetagRun.objects.get().finished_at is not None


def test_restart_starts_a_new_pass(editions, source) -> None:
    stored(source, PERU_STORY, "Peru removes its president", {"PE": 1.0})
    rerun()
    rerun("--restart")
    assert RetagRun.objects.count() == 2


def test_an_editors_correction_wins_over_the_model(editions, source) -> None:
    article = stored(source, PERU_STORY, "Peru removes its president", {"PE": 1.0})
    article.countries.all().delete()
    ArticleCountry.objects.create(
        article=article, country="CH", score=1.0, is_main=True, by_editor=True
    )
    article.main_country = "CH"
    article.save()
    route_article(article)
    moved = Placement.objects.create(
        edition=editions["peru"], article=article, reason=Placement.Reason.EDITOR
    )

    rerun()

    article.refresh_from_db()
    assert article.main_country == "CH"
    assert list(article.countries.values_list("country", "by_editor")) == [("CH", True)]
    assert placed_in(article) == {"switzerland", "peru"}
    moved.refresh_from_db()
    assert moved.reason == Placement.Reason.EDITOR


def test_a_placement_an_editor_hid_or_pinned_survives_rerouting(editions, source) -> None:
    article = stored(source, SWISS_STORY, "Swiss reject pension reform", {"CH": 1.0, "PE": 0.5})
    hidden = article.placements.get(edition=editions["peru"])
    hidden.hidden = True
    hidden.save()
    pinned = article.placements.get(edition=editions["switzerland"])
    pinned.pinned = True
    pinned.save()

    rerun()

    assert article.placements.get(edition=editions["peru"]).hidden  # not deleted, not shown
    assert article.placements.get(edition=editions["switzerland"]).pinned


def test_rerun_refuses_files(editions) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("geotag", "--rerun", "some.jsonl", stdout=io.StringIO())


def test_a_source_that_tags_countries_has_its_tags_count(editions, source) -> None:
    text = (
        "Copper prices rose in Lima as Peru's mines reopened after the strike. The ministry "
        "in Lima said exports would recover. Traders in Santiago, Chile, expected more "
        "supply.\n\nPeru's output fell by a tenth last year."
    )
    untagged = stored(source, text, "Peru's mines reopen", {"PE": 1.0})
    Article.objects.filter(pk=untagged.pk).update(categories=["Chile", "Mining"])
    rerun()
    before = dict(untagged.countries.values_list("country", "score"))

    source.tags_countries = True
    source.save()
    rerun("--restart")
    after = dict(untagged.countries.values_list("country", "score"))
    assert after["CL"] > before["CL"]  # the partner filed it under Chile
    assert after["PE"] < before["PE"]  # and not under Peru, which it names
