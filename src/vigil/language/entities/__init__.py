"""Canonical entities: each real-world actor once per document, with all its mentions.

The ``entities`` component (factory :func:`make_entity_linker`) fills
``doc.entities`` with :class:`vigil.records.Entity` records, ids ``e1, e2, ...`` in
order of first mention. It is rule-based on top of the one spaCy parse:

* a knowledge ruler (:mod:`.ruler`) over the bundled ``data/knowledge.json``
  (countries with ISO alpha-3 codes, short forms and demonyms; organisations;
  office titles; sector keywords; built by ``scripts/build_knowledge.py``);
* corrections of the statistical NER (:mod:`.candidates`): places tagged PERSON,
  photo credits, swallowed possessives, title words tagged ORG, cut-off first names;
  the corrected spans are written back to ``doc.spacy.ents``;
* institutions by common noun: "Iraq's parliament" -> *Parliament of Iraq*,
  "NZ Government"/"New Zealand authorities" -> *Government of New Zealand*, and the
  bare "the Government"/"the military" -> that of the focus country, which is
  stored in ``doc.meta["focus_country"]``;
* clustering (:mod:`.cluster`): transliteration skeletons (Qassem = Qasem),
  surnames, acronyms generated from names (NZDF), short forms;
* titles and roles (:mod:`.roles`): "Defence Minister Ron Mark" -> role, country
  (explicit, the role's organisation, or the focus country for a state office),
  sector; then (:mod:`.mentions`) descriptions ("a top Iranian commander"), missed
  surnames and third-person pronouns outside quotations ("he said") become mentions
  of the person they refer to, and (:mod:`.attributes`) each cluster gets its name,
  type, country, sector and role.

The focus country is the publisher's when the metadata tells (``country``, the URL's
country-code domain, or ``timezone``), else the most mentioned one.

Mentions may nest: "US Secretary of State Mike Pompeo" is a mention of the person,
and its "US" a mention of the United States.

Sectors are CAMEO/PLOVER actor sector codes: GOV, MIL, LEG, JUD, COP (police),
PTY (party), REB, CVL, MED, BUS, IGO, EDU, HLH, REL, SPY.

API for later stages (quotes, quantities, events)::

    from vigil.language.entities import find_entity, entity_for_text, person_before

    find_entity(doc, start, end)          # entity whose tightest mention covers the span
    entity_for_text(doc, "the military")  # resolve a phrase; near=offset picks the closest
    person_before(doc, offset)            # last person mentioned before offset (pronouns)
"""

from __future__ import annotations

from vigil.language.entities.api import entity_for_text, find_entity, person_before
from vigil.language.entities.linker import EntityLinker, focus_country, make_entity_linker

__all__ = [
    "EntityLinker",
    "entity_for_text",
    "find_entity",
    "focus_country",
    "make_entity_linker",
    "person_before",
]
