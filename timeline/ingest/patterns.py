"""Patterns of page furniture, as data: what a caption, a byline, a link list, a bio, a donation
box or a menu line looks like on news sites. The code that applies them is in clean.py; a new
pattern seen in the wild goes here, with a line in tests/ingest/test_ingest_clean.py."""

from __future__ import annotations

import re

# A photo credit closing the line: "(AP Photo/Jacquelyn Martin, Pool)", "(Photo: Ariel Hermoni/IMoD)".
CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:(?i:photos?|photograph|picture|image|credit|courtesy|pool|handout)|AP|AFP|"
    r"Reuters|REUTERS|Getty(?: Images)?|EPA|Anadolu|Xinhua|GPO|IDF|Shutterstock|Flash90)\b"
    r"[^()]*)\)\s*\.?$"
)
CAPTION_LEAD = re.compile(
    r"^(?:FILE PHOTO|File photo|PHOTO|Photo|Photograph|Image|Caption|IMAGE|Pictured)\s*[:|]\s*\S"
    r"|^FILE\s*[–—:-]\s*[A-Z]"
)
CAPTION_AGENCY = re.compile(r"\b(?:REUTERS|AFP|EPA|AP Photo)/[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+)*\s*$")

LINK_HEADER = re.compile(
    r"^(?:read (?:more|also|next)|also read|more|related(?: (?:posts?|articles?|stories|news|"
    r"content|coverage|topics|reading))?|see also|recommended(?: for you| stories)?|"
    r"you (?:may|might) (?:also )?(?:like|be interested in)|more (?:on|from|about) .{1,40}|"
    r"more (?:stories|news|articles)|most (?:read|popular|viewed|shared)|"
    r"popular (?:articles|stories|posts|now)|latest (?:stories|news|articles|posts)|"
    r"editor'?s (?:choice|picks)|top (?:content|stories).{0,30}|trending(?: now| stories)?|"
    r"explore more|before you go|leave a (?:reply|comment)|comments?|tags?|topics|"
    r"what to read next|in other news|further reading|keep reading|don'?t miss)\s*:?$",
    re.IGNORECASE,
)
INLINE_LINK = re.compile(
    r"^(?:read (?:more|also)|also read|related|see also|recommended|watch)\s*[:|>»-]\s*\S",
    re.IGNORECASE,
)
_NAME = r"[A-Z][A-Za-z.'’-]*\b(?!\d)(?:\s+(?:(?:de|da|del|van|von|al|bin|ibn|le|la)\s+)?[A-Z][A-Za-z.'’-]*\b(?!\d))*"
# "By Jane Doe", "By Jane DoeMar27,2024" (glued by the scraper), "By A and B", "By X, Tel Aviv".
BYLINE = re.compile(
    rf"^By:?\s+(?P<author>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*?)"
    r"(?P<rest>(?:\s*[,|•·–—-]\s*.*|\s*\S*\d.*)?)$"
)
BIO = re.compile(
    r"^(?:About the author\b|As an? (?:[\w-]+ ){0,2}(?:writer|journalist|reporter|editor)\b|"
    r"(?:The )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,5}(?: (?:newsroom|staff|team|desk))? "
    r"(?:is|has been) (?:(?:an?|the) )?"
    r"(?:[\w'’-]+ ){0,6}(?:journalists?|reporters?|correspondent|writers?|editor|columnist|"
    r"contributor|staff|newsroom)\b|"
    r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3} (?:covers|reports on|writes about|writes on)\b)"
)
# BIO starts with one of BIO_STARTS or holds one of BIO_WORDS (its verbs with their spaces): a
# story paragraph with none of them skips the match.
BIO_STARTS = ("About the author", "As a")
BIO_WORDS = (" is ", " has been ", " covers", " reports on", " writes ")
DONATION = re.compile(
    r"^donate\b|\bdonat(?:e|ion) (?:now|today|here|to us|to our)\b|\bmake a donation\b|"
    r"\bsupport (?:us|our (?:work|journalism|reporting|newsroom|mission)|independent "
    r"(?:journalism|reporting|media)|quality journalism|this (?:site|work|journalism))\b|"
    r"\bbecome an? (?:paying |premium )?(?:member|patron|subscriber|supporter)"
    r"(?: today| now)?\s*[.!]?$|\bpaywall\b|^give to\b",
    re.IGNORECASE,
)
# "$5" in an appeal to the reader, not "$95 billion" in a story.
SMALL_AMOUNT = re.compile(
    r"[$€£]\s?\d{1,3}(?:\.\d\d)?(?![\d,.]\d)(?!\s*(?:million|billion|trillion|bn|mn|m|k)\b)",
    re.IGNORECASE,
)
APPEAL = re.compile(r"\b(?:you|your|reader|readers|gifts?|donation|membership)\b", re.IGNORECASE)
# Matched against the lower-cased line: a case-sensitive search is several times faster.
PROMO = re.compile(
    r"\b(?:^newsletters?\b|(?:our|free|daily|weekly|morning|evening) newsletters?|"
    r"newsletter:|sign up|^subscribe|subscribe (?:now|today|to our|here)|follow us|"
    r"google news|download (?:our|the) app|visit our (?:website|site|page|live|dedicated)|"
    r"click here|receive (?:the )?latest news|^a message from|our dedicated page|"
    r"latest updates on|most popular articles|our readers|number of (?:total )?views|"
    r"active viewers|(?:use|accept|uses) cookies|cookie (?:policy|settings)|privacy policy|"
    r"terms of (?:use|service)|get the latest stories|"
    r"share this (?:article|story)|whatsapp channel|telegram channel|forward this story|"
    r"like what you read|have a tip|send us a tip|in your inbox|^sign in|"
    r"(?:get|receive) (?:our|the) (?:\w+ )?briefing|"
    r"most[- ]viewed|most popular (?:articles|stories)|(?:articles|stories) here|"
    r"number of (?:total )?(?:views|readers|viewers))\b",
)
# Every alternative of PROMO contains one of these words: a line without any cannot match, and
# the substring tests cost a fraction of the search (PROMO starts with \b: no literal prefix).
PROMO_WORDS = (
    "newsletter",
    "sign up",
    "subscribe",
    "follow us",
    "google news",
    "download ",
    "visit our",
    "click here",
    "receive ",
    "a message from",
    "our dedicated page",
    "latest updates on",
    "most popular",
    "most viewed",
    "most-viewed",
    "our readers",
    "number of",
    "active viewers",
    "cookie",
    "privacy policy",
    "terms of",
    "get the latest",
    "share this",
    "whatsapp channel",
    "telegram channel",
    "forward this",
    "like what you read",
    "a tip",
    "inbox",
    "sign in",
    "briefing",
    "articles here",
    "stories here",
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved", re.IGNORECASE)
AD = re.compile(
    r"^(?:advertisement|ad|ads|sponsored(?: content)?|promoted|paid (?:content|post)|"
    r"partner content|scroll to continue.*|story continues below.*|continue reading.*|"
    r"continued on page \d+)\s*:?$"
    r"|^(?:advertisement|sponsored(?: content)?|promoted|paid (?:content|post)|partner content)"
    r"\s*[:|–—-]",
    re.IGNORECASE,
)
# "Reporting by Dana Kell; Editing by Tom Ardis", "Associated Press writer Matthew Lee contributed
# to this report.", "This story has been corrected to show..."
CREDITS = re.compile(
    r"^(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\b)"
    r"|\bcontributed (?:reporting )?(?:to )?(?:this|the) (?:report|story|article)\b"
    r"|^this (?:story|article) has been (?:updated|corrected)\b",
    re.IGNORECASE,
)
# What a line CREDITS matches starts with or contains: a line with none of them cannot match.
CREDITS_STARTS = (
    "(",
    "additional ",
    "reporting ",
    "writing ",
    "editing ",
    "compiled ",
    "research ",
    "this ",
)
# The only characters that IGNORECASE matches to ASCII letters but str.lower() does not lower to
# them (İ ı ſ and the Kelvin sign): where one is present, the guard gives way to the search.
CASE_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
# "Published: 17 October 2023", "Posted: 15.04.2024 · 08:20 CET", "Last updated: 30/01/2023 19:05".
STRONG_BIO = re.compile(
    r"^(?:about the author|as an? (?:[\w-]+ ){0,2}(?:writer|journalist|reporter|editor))\b|"
    r"\b(?:covers|has covered|previously (?:covered|reported|worked|served|spent|was)|"
    r"is a (?:small )?team of|follow (?:him|her|them) on)\b",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(
    r"^(?:published|posted|updated|last updated|first published|modified|date)\b(?:\s+on)?"
    r"\s*:?\s*[\w ,.]{0,20}\d",
    re.IGNORECASE,
)
# A line that is only a date, perhaps with a time: "Wednesday, March 27, 2024 10:15 AM ET".
ONLY_DATE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*[|,·-]?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
# A menu bar: three or more short items separated by wide spaces, bars or bullets.
MENU_SEPARATOR = re.compile(r"\s{2,}|\s*[|•·]\s*")
HEADER = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)
NAV_EXTRA = re.compile(
    r"(?:\d+\s*min(?:ute)?s? read|\d+% font size|published:?\s*updated:?|read mode|"
    r"share|tweet|email|print|listen|menu|search|home|skip to (?:main )?content)\s*$"
)
PRINT_PAGE = re.compile(r"\bpage \d+ of the\b.{0,30}edition\s*$")
BULLET = re.compile(r"^[•·▪►»>*-]\s")

GLUED_MONTH = re.compile(
    r"(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s?\d{1,2},)"
)

# A wire dateline on its own line: "NAIROBI, Kenya (AP) _", "CAPE TOWN, South Africa (AP) --",
# "WASHINGTON _".
# Story, not furniture: it says where the story was filed.
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.'’ -]+)?(?:,\s*[A-Z][a-z]+\.? \d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\((?:AP|AFP|UPI|Reuters|Xinhua|[A-Z][A-Za-z. ]+)\)\s*(?:[-_—–]+\s*)?|[-_—–]+\s*)$"
)

# A photo credit alone on its line, under the caption it belongs to: "Chip Somodevilla/Getty
# Images", "Photo: Ariel Hermoni/IMoD", "AFP via Getty Images". A bare agency name ("Reuters")
# is not one: alone on a line it is as often a byline.
CREDIT_ONLY = re.compile(
    r"^\(?(?:(?:(?:photo|image|credit|picture)s?\s*(?:by|:)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})(?:\s+photo)?\s*/\s*[A-Z][\w.'’ -]*"
    r"|(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+)?(?:via\s+)?Getty Images)\)?\.?$",
    re.IGNORECASE,
)
