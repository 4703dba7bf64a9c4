"""Claims and conflicts -> schema.org in JSON-LD: Claim nodes, and ClaimReview drafts of who changed position."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlsplit

from claimtrack.config import GroupingSettings
from claimtrack.conflicts.explain import when
from claimtrack.dates import wording
from claimtrack.dates.periods import span_days
from claimtrack.models import Appearance, Claim, Conflict

#: Our own terms beside schema.org's; an IRI prefix JSON-LD tools keep apart from schema.org.
CLAIMTRACK_PREFIX = "urn:claimtrack:"
CLAIMREVIEW_CONTEXT = ["https://schema.org", {"claimtrack": CLAIMTRACK_PREFIX}]


def web_url(url: str | None) -> bool:
    """An http(s) address: a sidecar's 'javascript:alert(1)' would run where the JSON-LD's url is followed."""
    return bool(url) and urlsplit(url.strip()).scheme.lower() in {"http", "https"}


#: JSON-LD is embedded in HTML <script> blocks, where '</script>' in a quote would end the block: '<', '>' and
#: '&' are written as JSON escapes, which every JSON reader reads back as the same characters.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(data: object) -> str:
    """JSON text that can sit inside an HTML <script> element as it is."""
    return json.dumps(data, indent=2, ensure_ascii=False).translate(_SCRIPT_SAFE)


def _appearance_node(appearance: Appearance) -> dict:
    document = appearance.document
    node: dict = {"@type": "NewsArticle"}
    if web_url(document.url):
        node["url"] = document.url
    if document.title:
        node["headline"] = document.title
    if document.published:
        node["datePublished"] = document.published.isoformat()
    if document.outlet:
        node["publisher"] = {"@type": "Organization", "name": document.outlet}
    node["claimtrack:path"] = document.path
    node["claimtrack:start"] = appearance.start
    node["claimtrack:end"] = appearance.end
    return node


#: Last words of a speaker's name that make it a body, not a person: "The Armenian authorities", "Russian Defense
#: Ministry", names the institutions table need not know.
ORGANISATION_HEADS = frozenset(
    """authorities authority ministry ministries government governments office department kremlin administration
    committee council service commission organization organisation company agency embassy parliament army forces
    military police court union party bank foundation institute university cabinet presidency mission secretariat
    delegation""".split()
)


def is_organisation_name(name: str, known: Callable[[str], bool]) -> bool:
    """A speaker's name that names a country, institution or body: in the institutions table (`known`), or
    ending in a word such as 'ministry' or 'authorities'."""
    words = re.findall(r"[^\W\d_]+", name.casefold())
    return known(name) or bool(words and words[-1] in ORGANISATION_HEADS)


def _author(claim: Claim, is_organisation: Callable[[str], bool]) -> dict:
    speaker = claim.speaker
    name = speaker.name or speaker.mention or "unknown"
    if speaker.name and is_organisation_name(speaker.name, is_organisation):
        node: dict = {"@type": "Organization", "name": name}
        if claim.voice and claim.voice != name:
            node["parentOrganization"] = {"@type": "Organization", "name": claim.voice}
        return node
    node = {"@type": "Person", "name": name}
    if speaker.title:
        node["jobTitle"] = speaker.title
    if claim.voice:
        node["affiliation"] = {"@type": "Organization", "name": claim.voice}
    return node


def to_schemaorg(
    topic: str, claims: list[Claim], conflicts: list[Conflict], is_organisation: Callable[[str], bool]
) -> str:
    """Each claim as a schema.org Claim in JSON-LD (author, datePublished, appearance, firstAppearance,
    text), with claimtrack's position and conflicts beside it under the 'claimtrack:' prefix."""
    involved: dict[str, list[dict]] = defaultdict(list)
    for conflict in conflicts:
        for role, mine, other in (
            ("earlier", conflict.earlier, conflict.later),
            ("later", conflict.later, conflict.earlier),
        ):
            involved[mine.id].append(
                {
                    "claimtrack:kind": conflict.kind,
                    "claimtrack:role": role,
                    "claimtrack:with": f"{CLAIMTRACK_PREFIX}claim:{other.id}",
                    "claimtrack:confidence": conflict.confidence,
                    "claimtrack:explanation": conflict.explanation,
                }
            )
    graph = []
    for claim in claims:
        stance = claim.stances.get(topic)
        node = _claim_node(claim, is_organisation)
        node["claimtrack:topic"] = topic
        node["claimtrack:position"] = stance.position if stance else None
        node["claimtrack:confidence"] = stance.confidence if stance else None
        node["claimtrack:evidence"] = stance.evidence if stance else None
        node["claimtrack:date"] = json.loads(claim.date.model_dump_json())
        node["claimtrack:appearanceCount"] = claim.appearance_count
        node["claimtrack:conflicts"] = involved.get(claim.id, [])
        graph.append(node)
    return script_safe_json({"@context": CLAIMREVIEW_CONTEXT, "@graph": graph}) + "\n"


def _claim_node(claim: Claim, is_organisation: Callable[[str], bool]) -> dict:
    """A claim as schema.org's Claim: its words, who said it, when, and where it appeared."""
    appearances = claim.appearances  # in publication order, the first appearance first
    node: dict = {
        "@type": "Claim",
        "@id": f"{CLAIMTRACK_PREFIX}claim:{claim.id}",
        "text": claim.text,
        "author": _author(claim, is_organisation),
    }
    if (published := wording.iso(claim.date)) is not None:
        node["datePublished"] = published
    node["appearance"] = [_appearance_node(a) for a in appearances]
    if appearances:
        node["firstAppearance"] = _appearance_node(appearances[0])
    return node


#: PolitiFact's Flip-O-Meter, as a schema.org Rating: how far a speaker changed position (3 is no change).
FLIP_O_METER = {"Full Flop": 1, "Half Flip": 2, "No Flip": 3}


def flip_rating(conflict: Conflict) -> str | None:
    """The Flip-O-Meter rating a conflict suggests to a fact-checker, or None when it rates no one's change.

    One person taking the opposite position is a Full Flop. Two people of one voice doing so, or a question
    being settled (undecided to decided, or back), is a Half Flip: a change, but not one person's word against
    their own. Two voices disagreeing, or opposite claims whose order is unknown, change no one's position."""
    if conflict.kind == "reversal":
        return "Full Flop" if conflict.same == "person" else "Half Flip"
    if conflict.kind == "shift":
        return "Half Flip"
    return None


def to_claimreview(
    topic: str,
    question: str,
    claims: list[Claim],
    conflicts: list[Conflict],
    is_organisation: Callable[[str], bool],
    settings: GroupingSettings | None = None,
) -> str:
    """ClaimReview drafts in JSON-LD for a fact-checker to review, rated in the way of PolitiFact's Flip-O-Meter
    (reviewRating.alternateName): one per reversal or shift (a Full Flop or a Half Flip), with both claims as
    itemReviewed, and a No Flip for each speaker who took one position at two times certainly apart and never
    changed it. Each is marked a draft (creativeWorkStatus) and has no author or publication date: the
    fact-checker who reviews it gives them."""
    settings = settings or GroupingSettings()
    graph = []
    changed: set[str] = set()
    for conflict in conflicts:
        rating = flip_rating(conflict)
        if rating is None:
            continue
        if conflict.same == "person" and conflict.earlier.speaker.id:
            changed.add(conflict.earlier.speaker.id)
        graph.append(
            _review(
                topic,
                question,
                conflict.earlier,
                conflict.later,
                rating,
                conflict.explanation,
                conflict.kind,
                conflict.confidence,
                is_organisation,
            )
        )
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.speaker.id and span_days(claim.date, settings) is not None and claim.stances.get(topic):
            by_speaker[claim.speaker.id].append(claim)
    for speaker_id, own in sorted(by_speaker.items()):
        positions = {claim.stances[topic].position for claim in own}
        if speaker_id in changed or len(positions) != 1 or None in positions:
            continue
        own.sort(key=lambda claim: span_days(claim.date, settings))
        first, last = own[0], own[-1]
        if span_days(first.date, settings)[1] >= span_days(last.date, settings)[0]:
            continue  # not certainly two times
        position = positions.pop()
        explanation = (
            f"{first.speaker.name} held one position on \u201c{question}\u201d ({position}) {when(first)} and "
            f"{when(last)}, in {len(own)} claims, and took no other."
        )
        graph.append(_review(topic, question, first, last, "No Flip", explanation, None, None, is_organisation))
    document = {"@context": CLAIMREVIEW_CONTEXT, "claimtrack:draft": True, "@graph": graph}
    return script_safe_json(document) + "\n"


def _review(
    topic: str,
    question: str,
    earlier: Claim,
    later: Claim,
    rating: str,
    explanation: str,
    kind: str | None,
    confidence: float | None,
    is_organisation: Callable[[str], bool],
) -> dict:
    name = earlier.speaker.name or earlier.speaker.mention or "an unnamed speaker"
    if earlier.speaker.id != later.speaker.id:
        name = earlier.voice or name
    node: dict = {
        "@type": "ClaimReview",
        "@id": f"{CLAIMTRACK_PREFIX}review:{earlier.id}:{later.id}",
        "name": f"Draft: {name} on \u201c{question}\u201d",
        "claimReviewed": f"{name} changed position on \u201c{question}\u201d",
        "itemReviewed": [_claim_node(earlier, is_organisation), _claim_node(later, is_organisation)],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": str(FLIP_O_METER[rating]),
            "bestRating": str(max(FLIP_O_METER.values())),
            "worstRating": str(min(FLIP_O_METER.values())),
            "alternateName": rating,
            "ratingExplanation": explanation,
        },
        "reviewBody": explanation,
        "creativeWorkStatus": "Draft",
        "claimtrack:draft": True,
        "claimtrack:topic": topic,
    }
    if kind is not None:
        node["claimtrack:kind"] = kind
        node["claimtrack:confidence"] = confidence
    return node
