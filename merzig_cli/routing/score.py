"""Route an inquiry to the right actor and contact person, with reasons.

The coordinator must be able to check a suggestion in seconds, so every
suggestion says why: matched topics and words, target group, language,
responsibility area of the contact. Scores combine three signals a human
would use too: the topics the question is about (taxonomy keywords), the
words of the Steckbrief (name, summary, offers, description), and whether
the actor serves this group in this language.

A suggestion needs evidence: a detected topic the actor covers, or a
distinctive word of the question in its Steckbrief (no function word, no
empty word, no word that most Steckbriefe contain). "confident" means that
such a suggestion exists and scores well. When nothing fits, the answer says
so and names the Anlaufstelle from ``config.yaml`` rather than a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..core.clock import today
from ..core.languages import language_name
from ..schema.actor import Actor, Contact
from ..schema.config import Taxonomy, pick_label
from ..workspace.loader import Workspace
from .contacts import is_office, office_fallback, pick_contact
from .index import (
    FUNCTION_WORDS,
    PhraseWords,
    Vocabulary,
    idf,
    is_common,
    phrase_in,
    phrase_parts,
    query_terms,
    separable_verbs,
    words,
)
from .index_cache import Texts, index_parts
from .language import (
    LanguageNames,
    absent_speakers,
    asker_language,
    language_names,
    offered,
    speaks,
)
from .result import RouteResult, Suggestion

# Field weights: what an actor calls itself says more than its long description.
FIELD_WEIGHTS = {"name": 1.6, "summary": 1.3, "offers": 1.2, "description": 0.9, "other": 0.8}
TOPIC_WEIGHT = 4.0
GROUP_FACTOR = 1.3  # serves the asker's group
OTHER_GROUP_FACTOR = 0.7  # names its groups, and this one is not among them
LANGUAGE_FACTOR = 1.25  # the chosen contact person speaks the asker's language
PLACE_LANGUAGE_FACTOR = 1.1  # the actor names the language, the chosen contact does not
MIN_TOPIC = 0.7  # a topic must be matched at least this well to count
MIN_WORD = 0.6  # a distinctive word must be matched at least this well to be evidence
SPLIT_POWER = 1.0  # how much a word that names several topics counts for each


@dataclass
class _Profile:
    actor: Actor
    fields: dict[str, float]  # word -> best field weight
    offer_topics: set[str]
    contact_topics: set[str]
    groups: set[str]


def _texts(actor: Actor) -> Texts:
    """The texts of a Steckbrief that routing reads, each with the weight of its field."""
    texts: Texts = [
        (f"{actor.name} {actor.id.replace('-', ' ')}", FIELD_WEIGHTS["name"]),
        (actor.summary, FIELD_WEIGHTS["summary"]),
    ]
    for offer in actor.offers:
        texts.append((f"{offer.name} {offer.summary or ''}", FIELD_WEIGHTS["offers"]))
        texts.append((offer.eligibility, FIELD_WEIGHTS["other"]))
    texts.append((actor.description, FIELD_WEIGHTS["description"]))
    texts.append((" ".join(actor.legal_basis), FIELD_WEIGHTS["other"]))
    texts.append((" ".join(c.role or "" for c in actor.contacts), FIELD_WEIGHTS["other"]))
    en = actor.translations.get("en")
    if en is not None:
        english = f"{en.name or ''} {en.summary or ''} {en.description or ''}"
        texts.append((english, FIELD_WEIGHTS["other"]))
    return texts


def _profile(actor: Actor, fields: dict[str, float]) -> _Profile:
    return _Profile(
        actor=actor,
        fields=fields,
        offer_topics={t for o in actor.offers for t in o.topics},
        contact_topics={t for c in actor.contacts for t in c.topics},
        groups=set(actor.target_groups) | {g for o in actor.offers for g in o.target_groups},
    )


@cache
def topic_words(keywords: tuple[str, ...], label: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """A topic's single keyword and label words, and its multi-word keywords."""
    single: set[str] = set()
    phrases: list[str] = []
    for kw in keywords:
        parts = phrase_parts(kw)
        if len(parts) > 1:
            phrases.append(kw)
        else:
            single.update(parts)
    single.update(w for w in words(label) if w not in FUNCTION_WORDS and len(w) > 3)
    return frozenset(single), tuple(phrases)


@lru_cache(maxsize=8)
def phrase_words(phrases: tuple[str, ...]) -> PhraseWords:
    """The words of a taxonomy's multi-word keywords, indexed once per taxonomy."""
    return PhraseWords(phrases)


def detect_topics(
    taxonomy: Taxonomy, terms: list[str], vocab: Vocabulary, text_words: list[str] | None = None
) -> list[tuple[str, float]]:
    """Topics the question is about, strongest first, from keywords and labels.

    ``terms`` are the subject words; multi-word keywords ("arbeit suchen") are
    looked up in ``text_words``, every word of the question (default: ``terms``).
    """
    scores: dict[str, float] = {}
    per_word: dict[str, dict[str, float]] = {}
    matches = {q: dict(vocab.matches(q)) for q in terms}
    table = [(topic.id, *topic_words(tuple(topic.keywords), topic.label.get("de", "")))
             for topic in taxonomy.topics.values()]  # fmt: skip
    text = text_words or terms
    positions = phrase_words(tuple(p for *_, phrases in table for p in phrases)).positions(text)
    for topic_id, single, phrases in table:
        for q in terms:
            known = matches[q]
            best = max((known[v] for v in known.keys() & single), default=0.0)
            if best >= MIN_TOPIC:
                per_word.setdefault(q, {})[topic_id] = best
        total = sum(1.0 for p in phrases if phrase_in(p, text, positions))
        if total:
            scores[topic_id] = total
    # A word that points to several topics ("Kinder") says less about each of them.
    for found in per_word.values():
        share = len(found) ** -SPLIT_POWER
        for topic_id, best in found.items():
            scores[topic_id] = scores.get(topic_id, 0.0) + best * share
    return sorted(scores.items(), key=lambda x: -x[1])


def _relevance(p: _Profile, topic: str, taxonomy: Taxonomy) -> float:
    """How central ``topic`` is to an actor: its own topics, offers, then relatives."""
    if topic in p.actor.topics:
        return max(1.0 - 0.1 * p.actor.topics.index(topic), 0.6)
    if topic in p.offer_topics or topic in p.contact_topics:
        return 0.6
    parent = taxonomy.topics[topic].parent if topic in taxonomy.topics else None
    children = {t.id for t in taxonomy.topics.values() if t.parent == topic}
    if parent in p.actor.topics or children & set(p.actor.topics):
        return 0.3
    return 0.0


def _label(taxonomy: Taxonomy, topic: str) -> str:
    t = taxonomy.topics.get(topic)
    return pick_label(t.label, "de") if t else topic


@dataclass
class _Index:
    profiles: list[_Profile]
    vocab: Vocabulary
    _found: dict[str, dict[int, list[tuple[str, float]]]] = field(default_factory=dict)
    _levels: dict[str, list[float]] = field(default_factory=dict)

    def found(self, q: str) -> dict[int, list[tuple[str, float]]]:
        """Profile number -> the words of that Steckbrief that ``q`` stands for, with similarity."""
        if q not in self._found:
            hits: dict[int, list[tuple[str, float]]] = {}
            matches = [(v, s) for v, s in self.vocab.matches(q) if s >= MIN_WORD]
            for i, p in enumerate(self.profiles):
                here = [(v, s) for v, s in matches if v in p.fields]
                if here:
                    hits[i] = here
            self._found[q] = hits
            self._levels[q] = [max(s for _, s in here) for here in hits.values()]
        return self._found[q]

    def frequency(self, q: str, level: float) -> int:
        """In how many Steckbriefe ``q`` stands in a form matched at least ``level`` well.

        All forms of a word count together ("Schule", "Schulen", "Schüler"), so a
        form that only one Steckbrief spells so is not taken for a rare word.
        """
        self.found(q)
        return sum(1 for best in self._levels[q] if best >= level)

    def common_term(self, q: str) -> bool:
        """A question word whose forms most Steckbriefe contain ("Beratung", "beraten").

        It is no evidence even where it ends a rarer compound ("Kontoberatung").
        """
        return is_common(self.frequency(q, 0.9), len(self.profiles))


def _index(ws: Workspace) -> _Index:
    """Word profiles of every actor but the Anlaufstelle, and the shared vocabulary."""
    actors = [a for a in ws.actors.values() if not is_office(a, ws)]
    topic_texts = [t for topic in ws.taxonomy.topics.values()
                   for t in [*topic.keywords, *topic.label.values()]]  # fmt: skip
    fields, vocab = index_parts(ws.root, {a.id: _texts(a) for a in actors}, topic_texts)
    return _Index([_profile(a, fields[a.id]) for a in actors], vocab)


def _topic_score(p: _Profile, weights: dict[str, float], tax: Taxonomy) -> tuple[float, list[str]]:
    """Detected topics the actor covers; specialists a little ahead of generalists."""
    score, matched = 0.0, []
    for topic, weight in weights.items():
        rel = _relevance(p, topic, tax)
        score += TOPIC_WEIGHT * weight * rel
        if rel >= 0.6:
            matched.append(topic)
    focus = 1.0 / (1.0 + 0.08 * max(len(p.actor.topics) - 2, 0))
    return score * focus, matched


def _text_score(
    number: int, p: _Profile, terms: list[str], index: _Index, rare: set[str]
) -> tuple[float, list[str]]:
    """Question words found in the Steckbrief, rare words weighing more (inverse document
    frequency); returns the score and the distinctive words, the only ones that are evidence.

    A word's frequency counts every Steckbrief with a form of it matched as well
    or better, so a loose match ("Kinder" in "Kindergeld") is as common as the
    word is loosely. A common word ("Ausbildung" in many Steckbriefe) still adds
    its small weight to an actor that has other evidence, but is never a reason
    on its own.
    """
    score, matched = 0.0, []
    n = len(index.profiles)
    for q in terms:
        best, evidence = 0.0, False
        for v, sim in index.found(q).get(number, ()):
            frequency = index.frequency(q, sim)
            best = max(best, sim * p.fields[v] * idf(frequency, n))
            evidence = evidence or (q in rare and not is_common(frequency, n))
        score += best
        if evidence:
            matched.append(q)
    return score, matched


class Router:
    """Answers questions over one loaded workspace.

    The word index of the Steckbriefe and the language names are made (or read
    from the cache) once, and what each question word matches is kept for the
    next question: routing many questions (the quality measurement) costs the
    index once, not once per question.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.index = _index(ws)
        self.names: LanguageNames = language_names(ws.root)

    def route(
        self,
        question: str,
        group: str | None = None,
        lang: str | None = None,
        topics: list[str] | None = None,
        day: dt.date | None = None,
        limit: int = 5,
    ) -> RouteResult:
        """Rank actors and contact persons for ``question``; see the module doc for how."""
        ws, index, names = self.ws, self.index, self.names
        day = day or today()
        tax = ws.taxonomy
        spoken = asker_language(question, names)
        from_question = lang is None and bool(spoken.codes)
        lang = lang or (spoken.codes[0] if spoken.codes else None)
        joined = separable_verbs(
            question, lambda w: any(s >= 0.9 for _, s in index.vocab.matches(w))
        )
        terms = [joined.get(t, t) for t in query_terms(question) if t not in spoken.words]
        rare = {t for t in terms if not index.common_term(t)}
        text_words = [w for w in words(question) if w not in spoken.words]
        detected = detect_topics(tax, terms, index.vocab, text_words)
        top = detected[0][1] if detected else 1.0
        weights = {topic: score / top for topic, score in detected}
        for topic in topics or []:
            weights[topic] = max(weights.get(topic, 0.0), 1.5)
        ranked: list[Suggestion] = []
        skipped: list[str] = []
        absent: list[dict[str, object]] = []
        for number, p in enumerate(index.profiles):
            topic_score, matched_topics = _topic_score(p, weights, tax)
            text_score, matched_words = _text_score(number, p, terms, index, rare)
            if not matched_topics and not matched_words:
                continue  # no evidence: a score from relatives alone is no suggestion
            score = topic_score + text_score
            reasons = []
            if matched_topics:
                reasons.append("Themen: " + ", ".join(_label(tax, t) for t in matched_topics))
            if matched_words:
                reasons.append("Wörter: " + ", ".join(matched_words))
            contact, area = pick_contact(p.actor, weights, lang, day)
            if contact is None:
                skipped.append(p.actor.id)
                continue
            score *= group_factor(p, group, tax, reasons)
            away = absent_speakers(p.actor, contact, lang, day)
            score *= language_factor(p.actor, contact, lang, away, reasons, names.label(lang or ""))
            absent.extend(away)
            if area:
                reasons.append(
                    f"{contact.name} ist zuständig für " + ", ".join(_label(tax, t) for t in area)
                )
            if not p.actor.publish:
                reasons.append("nicht veröffentlicht (steht nicht in der Broschüre)")
            ranked.append(
                Suggestion(p.actor, contact, score, matched_topics, matched_words, reasons)
            )
        ranked.sort(key=lambda s: (-s.score, s.actor.id))
        confident = bool(ranked)  # every one of them rests on a topic or a distinctive word
        shown = {s.actor.id for s in ranked[:limit]} if confident else set()
        return RouteResult(
            question=question,
            topics=detected,
            suggestions=ranked[:limit] if confident else [],
            fallback=None if confident else office_fallback(ws, day),
            confident=confident,
            language=lang,
            language_from_question=from_question,
            skipped_absent=skipped,
            absent_contacts=[a for a in absent if a["actor"] in shown],
        )


def route(
    ws: Workspace,
    question: str,
    group: str | None = None,
    lang: str | None = None,
    topics: list[str] | None = None,
    day: dt.date | None = None,
    limit: int = 5,
) -> RouteResult:
    """One question's answer, from a :class:`Router` made for it (many questions: keep one)."""
    return Router(ws).route(question, group, lang, topics, day, limit)


def group_factor(p: _Profile, group: str | None, tax: Taxonomy, reasons: list[str]) -> float:
    """Factor for serving the asker's target group; adds the reason."""
    if not group:
        return 1.0
    if group in p.groups:
        entry = tax.target_groups.get(group)
        reasons.append("Zielgruppe: " + (pick_label(entry.label, "de") if entry else group))
        return GROUP_FACTOR
    return OTHER_GROUP_FACTOR if p.groups else 1.0


def language_factor(
    actor: Actor,
    contact: Contact,
    lang: str | None,
    away: list[dict[str, object]],
    reasons: list[str],
    name: str = "",
) -> float:
    """Factor for the asker's language; the reasons claim only what the files say.

    Only the contact's own list says that this person speaks a language; the
    actor's list says that counselling in it is possible at the place.
    """
    if not lang or lang == "de":
        return 1.0
    name = name or language_name(lang)
    factor = 1.0
    if speaks(contact, lang):
        reasons.append(f"{contact.name} spricht {name}")
        factor = LANGUAGE_FACTOR
    elif contact.languages:
        reasons.append(f"{contact.name} spricht kein {name}")
    elif lang in actor.languages:
        reasons.append(f"bei dieser Stelle auf {name} möglich")
        factor = PLACE_LANGUAGE_FACTOR
    elif not offered(actor, lang):
        reasons.append(f"keine Beratung auf {name} angegeben")
    for a in away:
        reasons.append(f"{a['contact_name']} (spricht {name}) ist bis {a['until']} abwesend")
    return factor
