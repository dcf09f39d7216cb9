"""Site chrome inside the story area: promos, sign-up boxes, share bars, captions, date stamps.

Every rule here applies only to *short* blocks, so running text is never dropped by a keyword:

- promo lines ("SEE ALSO: ...", "Read more: ...", "Related: ...", "You may also like",
  "More Switzerland News", "Access More", "Sign up for ...", "Follow us on ...") of at most
  `MAX_PROMO_WORDS` (40) words;
- link lists: a block of at most `MAX_LINKED_WORDS` (30) words whose text is at least
  `LINK_DENSITY` (60 %) link text (a headline pointing elsewhere), unless it ends with a
  colon: that introduces what follows, a quote from the linked source ("<a>Naughy
  Feeling</a> <a>commented on the post</a>:", "<a>@xaxo6v</a>:"), and dropping it leaves
  the quote without its speaker;
- sign-up pitches: a block of at most `MAX_PITCH_WORDS` (30) words naming a newsletter,
  an inbox or a subscription;
- photo credits and captions ("Photo: AP", "(credit: NASA)", "© Reuters") of at most
  `MAX_CAPTION_WORDS` (25) words, and a credit for the post's thumbnail ("Thumbnail image
  by ...", "The thumbnail image used in this post, "Voting", is by KCIvey, used under ...")
  of at most `MAX_PROMO_WORDS` (40): the thumbnail is the picture a listing shows beside
  the headline, never part of the story, so its credit only puzzles a reader; and, of the
  same length, a picture's credit under its licence: "by Flickr user X", or a photo,
  image or picture "by X" "published (used, licensed) under" a licence ("Photo of an Air
  France A330 by Flickr user Caribb published under a Creative Commons license");
- date stamps ("Updated at 1:23 p.m.", "Published 18 November 2019") of at most 12 words;
- separators (no word characters, or "___"), but not an ellipsis alone ("[...]", "(…)"):
  that marks a cut between two paragraphs of a quote, and the reader should see it.

False-positive risk: a one-line paragraph of the story that starts "Listen," or "Subscribe";
kept low by the word limits and by anchoring every pattern at the start of the block.
"""

import re

from wiredesk.extract.keywords import Keys

MAX_PROMO_WORDS = 40
MAX_LINKED_WORDS = 30
LINK_DENSITY = 0.6
MAX_CAPTION_WORDS = 25
MAX_STAMP_WORDS = 12

_PROMO = re.compile(
    r"^\W{0,3}(?:see also|related(?: post| posts| articles?| stories| story| coverage| "
    r"content| reading| links?)?\s*:|read (?:more|also|next)|also read|more\s*:|see more|"
    r"watch\s*:|recommended(?: for you| reading)?\s*:?$|you (?:may|might) (?:also )?like|"
    r"popular on\b|most (?:read|popular)\b|don'?t miss|trending\b|more from\b|"
    r"more (?:stories|news|articles)\b|click here\b|sign ?up\b|subscribe\b|"
    r"get (?:the latest|our|the day'?s)\b|follow (?:us|me|him|her|them|@?[\w.]+(?: \w+){0,3} "
    r"on)\b|explore further|listen\s*(?::|to\b|here\b)|download\s*:|itunes\s*:|"
    r"share (?:this|on)\b|tags?\s*:|categor(?:y|ies)\s*:|filed under\b|topics?\s*:|advertisement$|"
    r"access more$|join (?:us|our)\b|support (?:us|our)\b|tell us what\b|comments?$|"
    r"\d+\s+comments?$|leave a (?:comment|reply)|print$|email$|image \d+ of \d+|"
    r"this (?:article|story) (?:was|is) (?:first|originally) published|continue reading)",
    re.I,
)
MAX_PITCH_WORDS = 30
# a call to sign up together with what is sent ("Sign up for our newsletter", "Get the
# day's news in your inbox"); a word like "subscription" alone is a topic, not a pitch
_PITCH = re.compile(
    r"\b(?:sign(?:ing)?[ -]?up|subscrib\w*|join|get|receive|delivered)\b.{0,60}?"
    r"\b(?:newsletters?|inbox|e-?mails?|updates|alerts)\b|"
    r"\b(?:newsletters?|inbox)\b.{0,40}?\b(?:sign(?:ing)?[ -]?up|subscrib\w*)\b",
    re.I,
)
# every match of `_PITCH` holds one of these (see `keywords`)
_PITCH_KEYS = Keys("newsletter", "inbox", "mail", "updates", "alerts")
_MORE_X_NEWS = re.compile(r"^more(?: \w+){1,4} (?:news|stories|headlines)$", re.I)
_CAPTION = re.compile(
    r"^\W{0,3}(?:photo(?:graph)?s?|image|picture|credit|video|illustration|source)\s*(?::|by\b)|"
    r"\((?:photo|image|credit|picture)s?\s*(?::|by\b)[^)]*\)\s*$|"
    r"^\W{0,3}©|\b(?:getty images|ap photo|afp photo|reuters/|shutterstock|istock)\b|"
    r"\bphotos? ©",
    re.I,
)
_CAPTION_KEYS = Keys(
    "photo",
    "image",
    "picture",
    "credit",
    "video",
    "illustration",
    "source",
    "©",
    "reuters/",
    "shutterstock",
    "istock",
)
_THUMBNAIL_CREDIT = re.compile(
    r"^\W{0,3}(?:the\s+)?thumbnail\b.*?\b(?:by|courtesy|from|source|licen[cs]e|accredited)\b",
    re.I,
)
_FLICKR_CREDIT = re.compile(r"\bby\s+flickr\s+user\b", re.I)
_PICTURE = re.compile(r"\b(?:photo(?:graph)?|image|picture|flickr)s?\b", re.I)
_PICTURE_KEYS = Keys("photo", "image", "picture", "flickr")
_UNDER_LICENCE = re.compile(
    r"\bby\b.*?\b(?:published|used|licensed)\s+under\b.*?\b(?:licen[cs]e|creative\s+commons)",
    re.I,
)
_STAMP = re.compile(
    r"^\W{0,3}(?:(?:last\s+)?(?:updated|published|posted|modified|created|date)\b|"
    r"tempo de leitura|reading time|\d+\s+min(?:ute)?s?\s+read$|기사입력|입력)",
    re.I,
)
_SEPARATOR = re.compile(r"^[\W_]*$")
_ELLIPSIS = re.compile(r"^[\[(]?\s*(?:\.\s?\.\s?\.|…)\s*[\])]?$")


def words(text: str) -> int:
    return len(text.split())


def is_promo(text: str, count: int | None = None) -> bool:
    """A promo, sign-up or share line. `count`: the text's words, when already counted (the
    rules here ask for it several times a block)."""
    t = text.strip()
    count = words(t) if count is None else count
    if count > MAX_PROMO_WORDS:
        return False
    if _PROMO.match(t) or _MORE_X_NEWS.match(t):
        return True
    return count <= MAX_PITCH_WORDS and _PITCH_KEYS.may_match(t) and bool(_PITCH.search(t))


def is_link_list(text: str, link_chars: int, count: int | None = None) -> bool:
    """A short block that is mostly link text: a pointer to another page."""
    t = text.strip()
    if not t or t.endswith(":"):
        return False
    count = words(t) if count is None else count
    return count <= MAX_LINKED_WORDS and link_chars >= LINK_DENSITY * len(t)


def is_caption(text: str, count: int | None = None) -> bool:
    """A photo credit or caption run into the text."""
    t = text.strip()
    count = words(t) if count is None else count
    if count <= MAX_PROMO_WORDS and is_picture_credit(t):
        return True
    return count <= MAX_CAPTION_WORDS and _CAPTION_KEYS.may_match(t) and bool(_CAPTION.search(t))


def is_picture_credit(text: str) -> bool:
    """The credit of the thumbnail, or of a picture under its licence (see the module)."""
    if _THUMBNAIL_CREDIT.match(text):
        return True
    if not _PICTURE_KEYS.may_match(text):  # "flickr" is one: `_FLICKR_CREDIT` needs it too
        return False
    if _FLICKR_CREDIT.search(text):
        return True
    return bool(_PICTURE.search(text)) and bool(_UNDER_LICENCE.search(text))


def is_stamp(text: str, count: int | None = None) -> bool:
    """A date or reading-time stamp."""
    t = text.strip()
    count = words(t) if count is None else count
    return count <= MAX_STAMP_WORDS and bool(_STAMP.match(t))


def is_separator(text: str) -> bool:
    t = text.strip()
    return bool(_SEPARATOR.match(t)) and not _ELLIPSIS.match(t)
