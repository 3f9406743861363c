"""ACLED event types for political violence, demonstrations and strategic developments.

Two sources are combined. Rules map a PLOVER category and mode to ACLED's
type ("ASSAULT/aerial" -> "Explosions/Remote violence / Air/drone strike").
A small text classifier (TF-IDF word and character n-grams, logistic
regression; built by ``scripts/train_event_models.py``) reads the evidence
sentence with its neighbours and chooses among the ACLED sub-event types the
PLOVER category allows, which separates e.g. an armed clash from an attack on
civilians. Spelling follows ACLED's codebook exactly.
"""

from __future__ import annotations

import functools
import gzip
import pickle
from importlib import resources
from typing import Any

import numpy as np

from vigil.language.embeddings import pooled

#: ACLED sub-event type -> event type (ACLED codebook spelling).
ACLED_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}

#: ACLED sub-event type <-> CASE 2021 task 2 label.
CASE_CODES: dict[str, str] = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
}
FROM_CASE: dict[str, str] = {v: k for k, v in CASE_CODES.items()}

_VIOLENT = [
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Mob violence",
    "Violent demonstration",
    "Excessive force against protesters",
    "Looting/property destruction",
]
#: PLOVER category -> the ACLED sub-event types an event of it can be.
ALLOWED: dict[str, list[str]] = {
    "ASSAULT": _VIOLENT,
    "PROTEST": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
    ],
    "COERCE": [
        "Arrests",
        "Looting/property destruction",
        "Disrupted weapons use",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "MOBILIZE": ["Headquarters or base established", "Change to group/activity", "Other"],
    "RETREAT": ["Non-violent transfer of territory", "Change to group/activity", "Agreement"],
    "AGREE": ["Agreement"],
    "CONCEDE": ["Agreement", "Non-violent transfer of territory"],
    "SANCTION": ["Change to group/activity"],
}
#: ASSAULT modes read from an explicit weapon word: their ACLED type is not in doubt.
_WEAPON_MODES = frozenset(
    {"aerial", "drone", "heavy-weapons", "explosives", "suicide-attack", "unconventional"}
    | {"sexual", "abduct", "crowd-control"}
)
#: Categories whose events are ACLED events even when the classifier is unsure.
_ALWAYS = {"ASSAULT", "PROTEST"}

#: (category, mode) -> sub-event type, used when the classifier is absent or unsure.
RULES: dict[tuple[str, str | None], str] = {
    ("ASSAULT", "aerial"): "Air/drone strike",
    ("ASSAULT", "drone"): "Air/drone strike",
    ("ASSAULT", "heavy-weapons"): "Shelling/artillery/missile attack",
    ("ASSAULT", "explosives"): "Remote explosive/landmine/IED",
    ("ASSAULT", "suicide-attack"): "Suicide bomb",
    ("ASSAULT", "unconventional"): "Chemical weapon",
    ("ASSAULT", "sexual"): "Sexual violence",
    ("ASSAULT", "abduct"): "Abduction/forced disappearance",
    ("ASSAULT", "targeted"): "Attack",
    ("ASSAULT", "beat"): "Attack",
    ("ASSAULT", "primitive"): "Attack",
    ("ASSAULT", "torture"): "Attack",
    ("ASSAULT", "firearms"): "Armed clash",
    ("ASSAULT", None): "Armed clash",
    ("ASSAULT", "destroy"): "Looting/property destruction",
    ("ASSAULT", "crowd-control"): "Excessive force against protesters",
    ("PROTEST", "demo"): "Peaceful protest",
    ("PROTEST", "strike"): "Peaceful protest",
    ("PROTEST", "hunger"): "Peaceful protest",
    ("PROTEST", "boycott"): "Peaceful protest",
    ("PROTEST", "obstruct"): "Peaceful protest",
    ("PROTEST", "riot"): "Violent demonstration",
    ("PROTEST", "vandalize"): "Violent demonstration",
    ("PROTEST", None): "Peaceful protest",
    ("COERCE", "arrest"): "Arrests",
}
#: ACLED sub-event type -> (PLOVER category, mode) for events the classifier finds alone.
TO_PLOVER: dict[str, tuple[str, str | None]] = {
    "Armed clash": ("ASSAULT", None),
    "Government regains territory": ("ASSAULT", None),
    "Non-state actor overtakes territory": ("ASSAULT", None),
    "Chemical weapon": ("ASSAULT", "unconventional"),
    "Air/drone strike": ("ASSAULT", "aerial"),
    "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", None),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Peaceful protest": ("PROTEST", "demo"),
    "Protest with intervention": ("PROTEST", "demo"),
    "Excessive force against protesters": ("ASSAULT", "crowd-control"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("ASSAULT", None),
    "Agreement": ("AGREE", None),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", None),
    "Disrupted weapons use": ("COERCE", "seize"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "destroy"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"),
}

MODEL_FILE = "data/acled_model.pkl.gz"
#: Weight of the coder's event confidence added to the text model's probability of
#: the same sub-event type when a whole report gets one type (:func:`report_subtype`).
#: Chosen by cross-validation on CASE 2021 dev, nested: every outer fold's
#: training folds picked 0.05 from {0, .03, .05, .08, .1, .12, .15, .2, .3}.
CODER_WEIGHT = 0.05


def vector_features(lead: np.ndarray, sents: np.ndarray | None = None) -> np.ndarray:
    """The vector reader's input for one text: its lead vector beside its pooled sentences.

    A single sentence is its own lead and its own pool (``sents`` omitted).
    """
    pool = lead if sents is None or len(sents) == 0 else pooled(sents)
    return np.concatenate([lead, pool]).astype(np.float32)


def acled_record(sub: str) -> dict[str, str]:
    return {"event_type": ACLED_TYPES[sub], "sub_event_type": sub}


class AcledClassifier:
    """Wraps the trained model: ``probs(texts, vectors)`` -> one {sub_event_type: p} per text.

    The model (built by :func:`vigil.events.acled.training.build_acled_model`) has an
    n-gram reader and, optionally, a sentence-vector reader; with vectors given
    their probabilities are averaged, without them the n-gram reader decides
    alone (the ``embed`` stage switched off). The classes are CASE codes; codes
    outside ACLED's taxonomy (natural and man-made disasters, crime, diplomacy)
    are kept as evidence *against* an ACLED event and reported under ``None``.
    """

    def __init__(self, model: Any):
        if not isinstance(model, dict):  # a bare n-gram pipeline
            model = {"text": model, "vector": None, "text_weight": 1.0}
        self.text_model = model["text"]
        self.vector_model = model.get("vector")
        self.text_weight = float(model.get("text_weight", 1.0))
        self.codes: list[str] = [str(c) for c in self.text_model.classes_]
        self.classes: list[str | None] = [FROM_CASE.get(c) for c in self.codes]

    def code_probs(self, texts: list[str], vectors: Any = None) -> Any:
        """Probabilities over the CASE codes (:attr:`codes`), one row per text."""
        return self.mix(self.text_model.predict_proba(texts), vectors)

    def mix(self, p: Any, vectors: Any = None) -> Any:
        """The n-gram reader's probabilities ``p`` averaged with the vector reader's."""
        if self.vector_model is not None and vectors is not None:
            width = getattr(self.vector_model, "n_features_in_", None)
            if width is not None and np.shape(vectors)[-1] != width:
                vectors = None  # another encoder's vectors: the n-gram reader alone
        if vectors is not None and self.vector_model is not None and len(p):
            w = self.text_weight
            p = w * p + (1 - w) * self.vector_model.predict_proba(vectors)
        return p

    def predict_codes(self, texts: list[str], vectors: Any = None) -> list[str]:
        return [self.codes[int(row.argmax())] for row in self.code_probs(texts, vectors)]

    def probs(self, texts: list[str], vectors: Any = None) -> list[dict[str | None, float]]:
        if not texts:
            return []
        return self.as_dicts(self.code_probs(texts, vectors))

    def as_dicts(self, rows: Any) -> list[dict[str | None, float]]:
        """{ACLED sub-event type or None: p} per row of :meth:`code_probs`."""
        # Non-ACLED types compete one by one, like the ACLED ones (no summing): a class
        # several codes share (None) takes their highest probability.
        keys = list(dict.fromkeys(self.classes))
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, len(self.classes))
        cols = [[j for j, c in enumerate(self.classes) if c == k] for k in keys]
        best = (
            np.column_stack([np.maximum(rows[:, js].max(axis=1), 0.0) for js in cols])
            if keys
            else rows[:, :0]
        )
        return [dict(zip(keys, r, strict=True)) for r in best.tolist()]


@functools.cache
def load_classifier() -> AcledClassifier | None:
    """The shipped model, or ``None`` if it has not been built (rules only then)."""
    res = resources.files("vigil.events").joinpath(MODEL_FILE)
    if not res.is_file():
        return None
    with res.open("rb") as fh, gzip.open(fh) as gz:
        return AcledClassifier(pickle.load(gz))  # noqa: S301 - our own packaged model


#: Sub-event types that by ACLED's codebook involve no one killed: a demonstration that
#: stays peaceful (or is only broken up) and a strategic development, which "applies only
#: when nothing violent happened".
NON_LETHAL: frozenset[str] = frozenset(
    {"Peaceful protest", "Protest with intervention"}
    | {sub for sub, etype in ACLED_TYPES.items() if etype == "Strategic developments"}
)


def report_subtype(
    events: list[tuple[str, float]],
    probs: dict[str | None, float],
    weight: float = CODER_WEIGHT,
    lethal: bool = False,
) -> str | None:
    """One ACLED sub-event type for a short report as a whole, or ``None``.

    ``events`` are the coder's (sub-event type, confidence) pairs; ``probs`` the
    text model's reading of the whole report. The text model leads because it
    sees every word, while the rules only fire on trigger words and restrict the
    type to the PLOVER category (often the wrong one for a snippet); the coder's
    events nudge it, so a clear weapon or protest event breaks near-ties. A
    non-ACLED reading (disaster, crime, diplomacy) that still wins means ``None``.

    ``lethal`` says the report states deaths in an event it reports as happening now:
    then a type that by definition kills no one (:data:`NON_LETHAL`) cannot be the
    report's, however the words lean.
    """
    score: dict[str | None, float] = dict(probs)
    if lethal:
        score = {k: v for k, v in score.items() if k not in NON_LETHAL}
    for sub, conf in events:
        if sub in ACLED_TYPES:
            score[sub] = score.get(sub, 0.0) + weight * conf
    if not score:
        return None
    return max(score, key=lambda k: score[k])


def choose(
    category: str, mode: str | None, probs: dict[str | None, float] | None
) -> tuple[str | None, float]:
    """The ACLED sub-event type for an event, and how sure the choice is.

    The text model (with hint words) picks among the types the PLOVER category
    allows; the weapon named by the trigger ("air strike") wins unless the text
    clearly reads otherwise. Violence and protest always get a type; strategic
    developments only when the text model supports one.
    """
    allowed = ALLOWED.get(category)
    if not allowed:
        return None, 0.0
    rule = RULES.get((category, mode))
    if not probs:
        return (rule, 0.5) if rule else (None, 0.0)
    best = max(allowed, key=lambda s: probs.get(s, 0.0))
    p = probs.get(best, 0.0)
    if rule and mode in _WEAPON_MODES and probs.get(rule, 0.0) >= 0.5 * p:
        return rule, max(0.5, probs.get(rule, 0.0))
    if category in _ALWAYS:
        return best, p
    top = max((k for k in probs if k is not None), key=lambda k: probs[k], default=None)
    if p >= 0.25 or (best == top and p >= 0.1):
        return best, p
    return None, 0.0
