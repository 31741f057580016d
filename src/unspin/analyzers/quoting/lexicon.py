"""Words that introduce or name an attributed statement.

unspin counts *statements*: something a source says, writes, reports or publishes (PARC's
"assertion" type, plus beliefs a source voices, "argues", "believes"), not wishes, plans or
evidence ("wants", "plans", "shows", "found"). See docs/quotes.md for the decision.
"""

from __future__ import annotations

# Verbs of communication that take a reported statement (lemmas, as spaCy writes them).
SPEECH_VERBS: frozenset[str] = frozenset("""
    say tell state explain confirm add note mention continue point argue claim insist warn announce
    report write declare deny admit acknowledge reveal stress emphasize emphasise assert maintain
    contend suggest reply respond answer ask recall remark comment observe predict promise vow pledge
    complain allege testify tweet post concede disclose affirm reiterate underline highlight indicate
    caution boast joke quip shout yell conclude estimate assure counter retort inform recount
    charge accuse lament exclaim whisper muse speculate believe think feel hint signal agree
    clarify specify describe detail brag grumble scoff sneak tease urge demand propose
    announce proclaim testify predict guarantee swear acknowledge theorize theorise posit
""".split())

# Verbs that count only with a content clause in a fixed frame ("drew attention to the fact that").
FRAME_VERBS: frozenset[str] = frozenset("draw make call".split())

# Particles that belong to the cue ("pointed out", "went on").
CUE_PARTICLES: frozenset[str] = frozenset("out on up".split())

# Head nouns of descriptions that stand for a source the article does not name.
ANONYMOUS_HEADS: frozenset[str] = frozenset("""
    source official spokesman spokeswoman spokesperson aide adviser advisor insider person people
    officer diplomat expert analyst observer witness resident activist member staffer employee
    representative someone anyone critic supporter ally associate friend relative neighbor
    neighbour worker lawyer attorney investigator authority
""".split())

PRONOUNS_PERSON: frozenset[str] = frozenset("he she him her".split())
PRONOUNS_GROUP: frozenset[str] = frozenset("they them we it".split())
FIRST_PERSON: frozenset[str] = frozenset("i me we us".split())
