"""Route an inquiry to the right actor and contact person, with reasons.

The coordinator must be able to check a suggestion in seconds, so every
suggestion says why: matched topics and words, target group, language,
responsibility area of the contact. Scores combine three signals a human
would use too: the topics the question is about (taxonomy keywords), the
words of the Steckbrief (name, summary, offers, description), and whether
the actor serves this group in this language. When nothing fits well, the
answer says so and offers the Anlaufstelle's general contact rather than a
guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.languages import language_name
from ..core.text import fold, words
from ..schema.actor import Actor, Contact
from ..schema.config import Taxonomy, pick_label
from ..workspace.loader import Workspace
from .index import STOPWORDS, Vocabulary, idf, phrase_in, query_terms, tokens_of

# Field weights: what an actor calls itself says more than its long description.
FIELD_WEIGHTS = {"name": 1.6, "summary": 1.3, "offers": 1.2, "description": 0.9, "other": 0.8}
TOPIC_WEIGHT = 4.0
GROUP_FACTOR = 1.3  # serves the asker's group
OTHER_GROUP_FACTOR = 0.7  # names its groups, and this one is not among them
LANGUAGE_FACTOR = 1.25
MIN_SCORE = 1.5  # below this, nothing fits well enough to suggest it
MIN_TOPIC = 0.7  # a topic must be matched at least this well to count


@dataclass
class Suggestion:
    """One ranked suggestion: actor, the contact person to call, and why."""

    actor: Actor
    contact: Contact | None
    score: float
    topics: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        c = self.contact
        return {
            "actor": self.actor.id,
            "actor_name": self.actor.name,
            "contact": c.id if c else None,
            "contact_name": c.name if c else None,
            "contact_role": c.role if c else None,
            "email": (c.email if c else None) or self.actor.email,
            "phone": (c.phone if c else None) or self.actor.phone,
            "score": round(self.score, 2),
            "topics": self.topics,
            "words": self.words,
            "reasons": self.reasons,
        }


@dataclass
class RouteResult:
    question: str
    topics: list[tuple[str, float]]
    suggestions: list[Suggestion]
    fallback: Suggestion | None
    confident: bool
    skipped_absent: list[str] = field(default_factory=list)
    absent_contacts: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "confident": self.confident,
            "topics": [{"id": t, "weight": round(w, 2)} for t, w in self.topics],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "fallback": self.fallback.to_dict() if self.fallback else None,
            "skipped_absent": self.skipped_absent,
            "absent_contacts": self.absent_contacts,
        }


@dataclass
class _Profile:
    actor: Actor
    fields: dict[str, float]  # word -> best field weight
    offer_topics: set[str]
    contact_topics: set[str]
    groups: set[str]
    languages: set[str]


def _profile(actor: Actor) -> _Profile:
    weighted: dict[str, float] = {}

    def add(text: str | None, weight: float) -> None:
        for w in tokens_of(text):
            weighted[w] = max(weighted.get(w, 0.0), weight)

    add(f"{actor.name} {actor.id.replace('-', ' ')}", FIELD_WEIGHTS["name"])
    add(actor.summary, FIELD_WEIGHTS["summary"])
    for offer in actor.offers:
        add(f"{offer.name} {offer.summary or ''}", FIELD_WEIGHTS["offers"])
        add(offer.eligibility, FIELD_WEIGHTS["other"])
    add(actor.description, FIELD_WEIGHTS["description"])
    add(" ".join(actor.legal_basis), FIELD_WEIGHTS["other"])
    add(" ".join(c.role or "" for c in actor.contacts), FIELD_WEIGHTS["other"])
    en = actor.translations.get("en")
    if en is not None:
        add(f"{en.summary or ''} {en.description or ''}", FIELD_WEIGHTS["other"])
    return _Profile(
        actor=actor,
        fields=weighted,
        offer_topics={t for o in actor.offers for t in o.topics},
        contact_topics={t for c in actor.contacts for t in c.topics},
        groups=set(actor.target_groups) | {g for o in actor.offers for g in o.target_groups},
        languages=set(actor.languages) | {lang for c in actor.contacts for lang in c.languages},
    )


def detect_topics(
    taxonomy: Taxonomy, terms: list[str], vocab: Vocabulary
) -> list[tuple[str, float]]:
    """Topics the question is about, strongest first, from keywords and labels."""
    scores: dict[str, float] = {}
    for topic in taxonomy.topics.values():
        single: set[str] = set()
        phrases: list[str] = []
        for kw in topic.keywords:
            parts = [w for w in words(kw) if w not in STOPWORDS]
            if len(parts) > 1:
                phrases.append(kw)
            else:
                single.update(parts)
        for label in [topic.label.get("de", "")]:
            single.update(w for w in words(label) if w not in STOPWORDS and len(w) > 3)
        total = 0.0
        for q in terms:
            best = max((s for v, s in vocab.matches(q) if v in single), default=0.0)
            if best >= MIN_TOPIC:
                total += best
        total += sum(1.0 for phrase in phrases if phrase_in(phrase, terms))
        if total:
            scores[topic.id] = total
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


def speaks(actor: Actor, contact: Contact, lang: str) -> bool:
    """Whether ``contact`` counsels in ``lang`` (no list of their own: the actor's)."""
    return lang in (contact.languages or actor.languages)


def _pick_contact(
    actor: Actor, topics: dict[str, float], lang: str | None, day: dt.date
) -> tuple[Contact | None, list[str]]:
    """The present contact who speaks the language, then whose responsibility fits best."""
    present = [c for c in actor.contacts if not c.is_absent(day)]
    if not present:
        return None, []

    def score(c: Contact) -> tuple[bool, float]:
        s = sum(topics.get(t, 0.0) for t in c.topics) + (0.1 if c.is_general else 0.0)
        return (bool(lang) and speaks(actor, c, lang or ""), s)

    best = max(present, key=score)
    return best, [t for t in best.topics if t in topics]


def _absent_until(contact: Contact, day: dt.date) -> dt.date:
    return max(a.end for a in contact.absent if a.start <= day <= a.end)


def absent_speakers(
    actor: Actor, chosen: Contact, lang: str | None, day: dt.date
) -> list[dict[str, object]]:
    """Who would speak ``lang`` but is away, when the chosen contact does not speak it."""
    if not lang or lang == "de" or speaks(actor, chosen, lang):
        return []
    return [
        {
            "actor": actor.id,
            "contact": c.id,
            "contact_name": c.name,
            "language": lang,
            "until": _absent_until(c, day).isoformat(),
        }
        for c in actor.contacts
        if c.is_absent(day) and lang in c.languages
    ]


def is_office(actor: Actor, ws: Workspace) -> bool:
    """The Anlaufstelle's own Steckbrief: it routes, it is not a routing target."""
    office = ws.config.office
    if office.email and actor.email and fold(office.email) == fold(actor.email):
        return True
    return bool(office.name) and fold(actor.name).startswith(fold(office.name))


def _label(taxonomy: Taxonomy, topic: str) -> str:
    t = taxonomy.topics.get(topic)
    return pick_label(t.label, "de") if t else topic


@dataclass
class _Index:
    profiles: list[_Profile]
    vocab: Vocabulary
    df: dict[str, int]


def _index(ws: Workspace) -> _Index:
    """Word profiles of every actor but the Anlaufstelle, and the shared vocabulary."""
    profiles = [_profile(a) for a in ws.actors.values() if not is_office(a, ws)]
    vocab = Vocabulary()
    df: dict[str, int] = {}
    for p in profiles:
        vocab.add(p.fields)
        for w in p.fields:
            df[w] = df.get(w, 0) + 1
    for topic in ws.taxonomy.topics.values():
        for text in [*topic.keywords, *topic.label.values()]:
            vocab.add(words(text))
    return _Index(profiles, vocab, df)


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


def _text_score(p: _Profile, terms: list[str], index: _Index) -> tuple[float, list[str]]:
    """Question words found in the Steckbrief, rare words weighing more."""
    score, matched = 0.0, []
    n = len(index.profiles)
    for q in terms:
        best = 0.0
        for v, sim in index.vocab.matches(q):
            weight = p.fields.get(v)
            if weight:
                best = max(best, sim * weight * idf(index.df.get(v, 0), n))
        if best > 0.3:
            score += best
            matched.append(q)
    return score, matched


def route(
    ws: Workspace,
    question: str,
    group: str | None = None,
    lang: str | None = None,
    topics: list[str] | None = None,
    day: dt.date | None = None,
    limit: int = 5,
) -> RouteResult:
    """Rank actors and contact persons for ``question``; see the module doc for how."""
    day = day or dt.date.today()
    tax = ws.taxonomy
    index = _index(ws)
    terms = query_terms(question)
    detected = detect_topics(tax, terms, index.vocab)
    top = detected[0][1] if detected else 1.0
    weights = {topic: score / top for topic, score in detected}
    for topic in topics or []:
        weights[topic] = max(weights.get(topic, 0.0), 1.5)
    ranked: list[Suggestion] = []
    skipped: list[str] = []
    absent: list[dict[str, object]] = []
    for p in index.profiles:
        topic_score, matched_topics = _topic_score(p, weights, tax)
        text_score, matched_words = _text_score(p, terms, index)
        score = topic_score + text_score
        if score <= 0:
            continue
        reasons = []
        if matched_topics:
            reasons.append("Themen: " + ", ".join(_label(tax, t) for t in matched_topics))
        if matched_words:
            reasons.append("Wörter: " + ", ".join(matched_words))
        contact, area = _pick_contact(p.actor, weights, lang, day)
        if contact is None:
            skipped.append(p.actor.id)
            continue
        score *= _audience(p, contact, group, lang, tax, reasons)
        away = absent_speakers(p.actor, contact, lang, day)
        for a in away:
            reasons.append(
                f"{a['contact']} (spricht {language_name(str(a['language']))}) "
                f"ist bis {a['until']} abwesend"
            )
        absent.extend(away)
        if area:
            reasons.append(
                f"{contact.name} ist zuständig für " + ", ".join(_label(tax, t) for t in area)
            )
        ranked.append(Suggestion(p.actor, contact, score, matched_topics, matched_words, reasons))
    ranked.sort(key=lambda s: (-s.score, s.actor.id))
    confident = bool(ranked) and ranked[0].score >= MIN_SCORE
    shown = {s.actor.id for s in ranked[:limit]} if confident else set()
    return RouteResult(
        question=question,
        topics=detected,
        suggestions=ranked[:limit] if confident else [],
        fallback=None if confident else general_contact(ws, day),
        confident=confident,
        skipped_absent=skipped,
        absent_contacts=[a for a in absent if a["actor"] in shown],
    )


def _audience(
    p: _Profile,
    contact: Contact,
    group: str | None,
    lang: str | None,
    tax: Taxonomy,
    reasons: list[str],
) -> float:
    """Factor for serving the asker's group, and for the chosen contact's language; adds reasons."""
    factor = 1.0
    if group:
        if group in p.groups:
            factor *= GROUP_FACTOR
            entry = tax.target_groups.get(group)
            reasons.append("Zielgruppe: " + (pick_label(entry.label, "de") if entry else group))
        elif p.groups:
            factor *= OTHER_GROUP_FACTOR
    if lang and lang != "de":
        if speaks(p.actor, contact, lang):
            factor *= LANGUAGE_FACTOR
            reasons.append(f"spricht {language_name(lang)}")
        elif lang in p.languages:
            reasons.append(f"{contact.name} spricht kein {language_name(lang)}")
        else:
            reasons.append(f"keine Beratung auf {language_name(lang)} angegeben")
    return factor


def general_contact(ws: Workspace, day: dt.date) -> Suggestion | None:
    """The Anlaufstelle's general contact person, for questions nothing fits."""
    office = next((a for a in ws.actors.values() if is_office(a, ws)), None)
    if office is None:
        return None
    present = [c for c in office.contacts if not c.is_absent(day)]
    contact = next((c for c in present if c.is_general), present[0] if present else None)
    return Suggestion(office, contact, 0.0, reasons=["allgemeine Ansprechperson der Anlaufstelle"])
