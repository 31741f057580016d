"""Actors: who is who in an article, what the article calls them, and who its quotes come from.

The five short articles below are this project's own, one per kind of failure found when unspin
read other outlets' reports (issue 13); none copies an outlet's wording.
"""

from __future__ import annotations

import json

from unspin.analyzers.actors import label_scores, score_label
from unspin.article import Article
from unspin.pipeline import load_pipeline
from unspin.readers import from_text
from unspin.render.html import render_html

PIPELINE = ("boilerplate", "spacy", "entities", "places", "quotes", "actors", "sources")


def analyze(text: str) -> Article:
    return load_pipeline(PIPELINE)(from_text(text))


def actor_named(article: Article, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in article.actors if a.name == name)


def label(actor, text: str):  # type: ignore[no-untyped-def]
    return next(lab for lab in actor.labels if lab.text == text)


# -- the example article -------------------------------------------------------------------

def test_seed_isis_is_called_mercenaries_again_and_again(seed_text: str) -> None:
    a = analyze(seed_text)
    isis = actor_named(a, "ISIS")
    mercenaries = label(isis, "mercenaries")
    assert isis.kind == "organisation"
    assert mercenaries.count >= 15 and mercenaries.repeated and mercenaries.kind == "label"
    assert mercenaries.evaluative, mercenaries.score
    for m in mercenaries.mentions:  # "mercenaries", "mercenary" (ISIS mercenary cells)
        assert seed_text[m.start:m.end].lower().startswith("mercenar")


def test_seed_turkey_is_the_occupation(seed_text: str) -> None:
    a = analyze(seed_text)
    turkey = actor_named(a, "Turkey")
    occupation = label(turkey, "occupation")
    assert occupation.count >= 5 and occupation.repeated
    # Its evaluative flag is whatever the learnt table says: "occupation" scores below the threshold
    # (PTC/BABE annotators seldom mark it; docs/actors.md). The score is the table's, not hand-set.
    assert (occupation.score, occupation.evaluative) == (round(score_label("occupation")[0], 4),
                                                         score_label("occupation")[1])
    assert all(seed_text[m.start:m.end].lower() == "occupation" for m in occupation.mentions)
    # "Turkish" is Turkey's adjective, and "The occupation also targeted ..." is Turkey too.
    roles = {(m.text, m.role) for m in turkey.mentions}
    assert ("Turkish", "adjective") in roles and ("The occupation", "label") in roles


def test_seed_omar_speaks_all_his_attributions_and_there_are_two_sources(seed_text: str) -> None:
    a = analyze(seed_text)
    omar = actor_named(a, "Abdul Karim Omar")
    assert omar.kind == "person"
    assert sum(q.speaker.actor == omar.id for q in a.quotes) == 18
    assert all(q.speaker.name == "Abdul Karim Omar" for q in a.quotes if q.speaker.actor == omar.id)
    assert {m.role for m in omar.mentions} >= {"name", "short_name", "pronoun", "description"}
    assert len(a.sources) == 2 and a.summary["sourcing"]["sources"] == 2
    assert a.sources[0].actor == omar.id and a.sources[0].quotes == 18
    assert a.summary["sourcing"]["counted_by"] == "actor"


def test_every_offset_indexes_the_text(seed_text: str) -> None:
    a = analyze(seed_text)
    for actor in a.actors:
        for m in actor.mentions:
            assert seed_text[m.start:m.end] == m.text
        for lab in actor.labels:
            assert lab.count == len(lab.mentions)
            for u in lab.mentions:
                assert 0 <= u.start < u.end <= len(seed_text)


# -- five kinds of failure, in articles of our own -----------------------------------------

def test_an_anonymous_group_and_its_later_short_forms_are_one_source() -> None:
    a = analyze("Dam talks stall in the capital\n\n"
                "Security sources said the negotiators left the capital on Tuesday without an agreement.\n\n"
                "The sources said a new round of talks could start next month.\n\n"
                "The delegations will meet again in March, sources added.\n")
    assert len(a.quotes) == 3
    assert len({q.speaker.actor for q in a.quotes}) == 1
    (source,) = a.sources
    assert (source.name, source.kind, source.quotes) == ("Security sources", "anonymous", 3)
    actor = actor_named(a, "Security sources")
    assert actor.kind == "anonymous"
    assert [m.text for m in actor.mentions] == ["Security sources", "The sources", "sources"]


def test_she_said_goes_to_the_woman_not_the_agency_that_cited_her() -> None:
    a = analyze("Flood waters recede in the river valley\n\n"
                "The wards of the district hospital were full on Monday, the Reuters news agency reported, "
                "citing Maria Lopez, a nurse who has worked there for ten years.\n\n"
                '"We have run out of beds and clean water," she said.\n')
    direct = next(q for q in a.quotes if q.kind == "direct")
    assert direct.speaker.text == "she" and direct.speaker.name == "Maria Lopez"
    assert direct.speaker.actor == actor_named(a, "Maria Lopez").id


def test_the_agency_quoted_her_as_saying() -> None:
    a = analyze("Flood waters recede in the river valley\n\n"
                "The Reuters news agency quoted Maria Lopez, a nurse at the district hospital, "
                "as saying that the wards were full.\n\n"
                '"We have run out of beds and clean water," she said.\n')
    assert {q.speaker.name for q in a.quotes} == {"Maria Lopez"}
    assert len(a.sources) == 1


def test_an_unnamed_official_and_the_official_are_one_source() -> None:
    a = analyze("Border crossing to reopen\n\n"
                "An interior ministry official told reporters that the border would reopen on Friday.\n\n"
                "The official said trucks carrying food and medicine would cross first.\n")
    (source,) = a.sources
    assert (source.name, source.kind, source.quotes) == ("interior ministry official", "anonymous", 2)


def test_a_second_official_is_another_source() -> None:
    a = analyze("Border crossing to reopen\n\n"
                "An interior ministry official told reporters that the border would reopen on Friday.\n\n"
                "Another official said the crossing would stay closed until the weekend.\n")
    assert len(a.sources) == 2


def test_a_headline_ending_in_say_z_has_a_speaker() -> None:
    for title, who in (("Rebels shelled the northern suburbs overnight, say residents", "residents"),
                       ("Two hospitals hit by air strikes, says UN", "UN")):
        a = analyze(f"{title}\n\nShells fell on three districts of the town before dawn.\n")
        (q,) = a.quotes
        assert q.text == title.rsplit(",", 1)[0]
        assert q.speaker.text == who and q.speaker.actor is not None
        assert a.sources[0].name == who


def test_a_woman_named_like_two_places_is_a_person_and_her_surname_is_her() -> None:
    a = analyze("Convoy Driver Describes Night Of Shelling\n\n"
                "Georgia Orlando, a teacher at the village school, said the shelling started at midnight.\n\n"
                '"We hid the children in the cellar until dawn," Orlando said.\n\n'
                "Orlando said the convoy reached the town the next afternoon.\n")
    before = load_pipeline(("boilerplate", "spacy", "entities", "places", "quotes"))(from_text(a.text))
    assert {e.label for e in before.entities if e.text in ("Georgia", "Orlando")} == {"GPE"}  # the model's mistake
    assert any(p.name == "Orlando" for p in before.places)
    person = actor_named(a, "Georgia Orlando")
    # ... corrected where the article shows the truth:
    assert {(e.text, e.label, e.canonical) for e in a.entities if e.text in ("Georgia", "Orlando")} == {
        ("Georgia", "PERSON", "Georgia Orlando"), ("Orlando", "PERSON", "Georgia Orlando")}
    assert not any(p.name in ("Georgia", "Orlando") for p in a.places)
    assert person.kind == "person"
    assert [m.text for m in person.mentions if m.role in ("name", "short_name")] == [
        "Georgia Orlando", "Orlando", "Orlando"]
    assert {q.speaker.actor for q in a.quotes} == {person.id}
    assert len(a.sources) == 1
    # Capitalised headline words the model took for a person ("Driver Describes") are nobody.
    assert not any(a.kind == "person" and "Describes" in a.name for a in a.actors)


def test_a_title_makes_a_name_a_person_and_joins_the_full_name() -> None:
    a = analyze("Convoy reaches the town\n\n"
                "Jordan Denver, who drove the first truck, told the agency that the shelling started at midnight.\n\n"
                "Ms Denver said the convoy reached the town the next afternoon.\n")
    (source,) = a.sources
    assert source.name == "Jordan Denver" and source.quotes == 2


# -- scores, output ------------------------------------------------------------------------

def test_scores_come_from_the_shipped_learnt_table() -> None:
    table = label_scores()
    assert len(table.lemmas) > 5000 and 0 < table.threshold < 1
    assert score_label("no-such-word-here") == (0.0, False)
    assert score_label("official")[1] is False  # a plain role noun is not evaluative


def test_json_has_actors_and_ids_that_resolve(seed_text: str) -> None:
    a = analyze(seed_text)
    data = json.loads(json.dumps(a.to_dict()))
    ids = {x["id"] for x in data["actors"]}
    for actor in data["actors"]:
        assert set(actor) == {"id", "name", "kind", "mentions", "labels"}
        assert actor["kind"] in {"person", "organisation", "group", "place", "anonymous"}
        for m in actor["mentions"]:
            assert set(m) == {"start", "end", "text", "role"}
        for lab in actor["labels"]:
            assert {"text", "count", "evaluative", "score", "mentions"} <= set(lab)
            assert all(set(u) == {"start", "end"} for u in lab["mentions"])
    assert all(q["speaker"]["actor"] in ids for q in data["quotes"] if q["speaker"]["actor"])
    assert all(s["actor"] in ids for s in data["sources"])


def test_html_escapes_hostile_actor_names_and_labels() -> None:
    a = analyze("Talks resume\n\n"
                'Dana <script>alert(1)</script> Reyes said: "We will return to the table on Monday."\n\n'
                "The <b>Union</b> of Dock Workers said the strike was over.\n")
    assert any("<b>Union" in actor.name for actor in a.actors)  # the hostile text did become an actor
    page = render_html(a)
    section = page[page.index('<section id="actors">'):]
    section = section[:section.index("</section>")]
    assert "Who is who and what they are called" in section
    assert "&lt;b&gt;Union&lt;/b" in section and "<b>Union" not in page
    assert "<script>alert" not in page


def test_repeated_evaluative_labels_feed_the_repetition_technique(seed_text: str) -> None:
    a = load_pipeline(("boilerplate", "spacy", "entities", "quotes", "techniques", "actors", "sources"))(
        from_text(seed_text))
    added = [t for t in a.techniques if t.technique == "Repetition" and t.explanation.startswith("From the actor labels")]
    eligible = {(m.start, m.end) for x in a.actors for lab in x.labels
                if lab.kind == "label" and lab.evaluative and lab.repeated for m in lab.mentions}
    mercenaries = {(m.start, m.end) for m in label(actor_named(a, "ISIS"), "mercenaries").mentions}
    assert added and {(t.start, t.end) for t in added} <= eligible
    assert mercenaries & {(t.start, t.end) for t in added}
    tagged = [t for t in a.techniques if t.technique == "Repetition" and t not in added]
    for t in added:  # only where the tagger missed it
        assert not any(s.start < t.end and t.start < s.end for s in tagged)


def test_actors_survive_the_json_round_trip(seed_text: str) -> None:
    a = analyze(seed_text)
    back = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert back.actors == a.actors
    assert [q.speaker.actor for q in back.quotes] == [q.speaker.actor for q in a.quotes]
    assert [s.actor for s in back.sources] == [s.actor for s in a.sources]


def test_one_actor_keeps_one_speaker_colour() -> None:
    from unspin.render.common import speaker_slots

    a = analyze("Dam talks stall in the capital\n\n"
                "Security sources said the negotiators left the capital on Tuesday without an agreement.\n\n"
                "The sources said a new round of talks could start next month.\n")
    assert speaker_slots(a) == [0, 0]
