"""Generate a realistic synthetic corpus of diplomatic news for benchmarks.

    python benchmarks/corpus.py 10000 /tmp/corpus10k [--seed 8] [--formats txt,md,html,jsonl]

Articles are assembled from templates written for this project: fictional outlets with their own
page furniture (navigation, newsletter boxes, ads, "Read more" lists, author bios, photo captions),
real-world office holders and capitals, and sentences stating meetings, calls, visits, warnings,
agreements and cancellations with the date expressions news uses ("on Sunday", "last week",
"March 3", "earlier this year", "in mid-May"). Formats: scraped .txt pages (header line, glued
byline or dateline), .md with YAML front matter, .html pages with meta tags, and .jsonl exports of
25 articles a line each. Article k depends only on (seed, k), so a 1,000-article corpus is the
first thousand articles of the 10,000 one. Seeded random is fine here: this is not the library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

OUTLETS = [
    # name, slug, wire-style dateline?, boilerplate flavour
    ("Harbor Street Wire", "harbor-street-wire", True),
    ("Northgate Israel Report", "northgate", False),
    ("The Capitol Compass", "capitol-compass", False),
    ("Levant Ledger", "levant-ledger", True),
    ("Jerusalem Lantern", "jerusalem-lantern", False),
    ("Gulf Morning Herald", "gulf-morning-herald", False),
    ("Danube Dispatch", "danube-dispatch", True),
    ("Pacific Rim Courier", "pacific-rim-courier", False),
    ("Sahel Observer", "sahel-observer", False),
    ("Baltic Bulletin", "baltic-bulletin", True),
    ("Andes Evening Post", "andes-evening-post", False),
    ("Continental Newswire", "continental-newswire", True),
]

# name, short name, role, country, capital
PEOPLE = [
    ("Antony Blinken", "Blinken", "Secretary of State", "United States", "Washington"),
    ("Lloyd Austin", "Austin", "Defense Secretary", "United States", "Washington"),
    ("Jake Sullivan", "Sullivan", "National Security Adviser", "United States", "Washington"),
    ("Yoav Gallant", "Gallant", "Defense Minister", "Israel", "Tel Aviv"),
    ("Benjamin Netanyahu", "Netanyahu", "Prime Minister", "Israel", "Jerusalem"),
    ("Israel Katz", "Katz", "Foreign Minister", "Israel", "Jerusalem"),
    ("Sergei Lavrov", "Lavrov", "Foreign Minister", "Russia", "Moscow"),
    ("Wang Yi", "Wang", "Foreign Minister", "China", "Beijing"),
    ("Annalena Baerbock", "Baerbock", "Foreign Minister", "Germany", "Berlin"),
    ("David Cameron", "Cameron", "Foreign Secretary", "United Kingdom", "London"),
    ("Stephane Sejourne", "Sejourne", "Foreign Minister", "France", "Paris"),
    ("Hakan Fidan", "Fidan", "Foreign Minister", "Turkey", "Ankara"),
    ("Ayman Safadi", "Safadi", "Foreign Minister", "Jordan", "Amman"),
    ("Sameh Shoukry", "Shoukry", "Foreign Minister", "Egypt", "Cairo"),
    ("Faisal bin Farhan", "Prince Faisal", "Foreign Minister", "Saudi Arabia", "Riyadh"),
    ("Mohammed bin Abdulrahman Al Thani", "Al Thani", "Prime Minister", "Qatar", "Doha"),
    ("Subrahmanyam Jaishankar", "Jaishankar", "External Affairs Minister", "India", "New Delhi"),
    ("Yoko Kamikawa", "Kamikawa", "Foreign Minister", "Japan", "Tokyo"),
    ("Penny Wong", "Wong", "Foreign Minister", "Australia", "Canberra"),
    ("Melanie Joly", "Joly", "Foreign Minister", "Canada", "Ottawa"),
    ("Dmytro Kuleba", "Kuleba", "Foreign Minister", "Ukraine", "Kyiv"),
    ("Hossein Amir-Abdollahian", "Amir-Abdollahian", "Foreign Minister", "Iran", "Tehran"),
    ("Josep Borrell", "Borrell", "EU foreign policy chief", "European Union", "Brussels"),
    ("Antonio Guterres", "Guterres", "Secretary-General", "United Nations", "New York"),
    ("Rafael Grossi", "Grossi", "IAEA Director General", "United Nations", "Vienna"),
    ("Jens Stoltenberg", "Stoltenberg", "NATO Secretary General", "NATO", "Brussels"),
    ("Mauro Vieira", "Vieira", "Foreign Minister", "Brazil", "Brasilia"),
    ("Naledi Pandor", "Pandor", "Foreign Minister", "South Africa", "Pretoria"),
]

TOPICS = [
    "the war in Gaza",
    "Iran's nuclear programme",
    "shipping in the Red Sea",
    "the grain corridor",
    "a ceasefire in Sudan",
    "the release of hostages",
    "sanctions on Moscow",
    "energy supplies for the winter",
    "the border dispute",
    "a new trade agreement",
    "humanitarian aid deliveries",
    "the security of nuclear plants",
]

AUTHORS = [
    "Maya Okafor",
    "Daniel Reyes",
    "Lena Fischer",
    "Omar Haddad",
    "Sofia Marchetti",
    "Tomas Novak",
    "Priya Raman",
    "Hannah Cohen",
    "Kenji Sato",
    "Amira Mansour",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SHORT_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
SHORT_MONTHS += ["Nov.", "Dec."]

FILLER = [
    "Diplomats said the discussions had been frank but that gaps remained on several points.",
    "Officials on both sides declined to give details of what had been agreed.",
    "The talks come amid growing pressure from allies to find a way out of the crisis.",
    "Analysts said the outcome would depend largely on what happens on the ground.",
    "A senior official, who asked not to be named because the talks were private, said progress was slow.",
    "Critics at home accused the government of moving too quickly and of offering too much.",
    "The ministry did not respond to a request for comment.",
    "Both delegations included military advisers as well as diplomats.",
    "Markets barely reacted to the news, which had been widely expected.",
    "Human rights groups urged the negotiators to put civilians first.",
    "It was not immediately clear whether the proposal had the backing of parliament.",
    "The region has been on edge for months, with repeated incidents along the frontier.",
]

CAPTIONS = [
    "{name} speaks to reporters in {city}, {weekday}, {mon} {day}, {year}. (Photo: {author}/Pool)",
    "{name} arrives for talks in {city} on {mon} {day}, {year}. (AP Photo/{author})",
    "FILE - {name} attends a news conference in {city}. (Reuters/{author})",
]

ADS = [
    "Advertisement",
    "ADVERTISEMENT - SCROLL TO CONTINUE",
    "Sponsored: Compare the best travel insurance deals for 2024",
    "Subscribe now: 3 months for $1",
]


@dataclass
class Article:
    index: int
    outlet: str
    outlet_slug: str
    published: dt.date
    title: str
    author: str
    paragraphs: list[str]
    caption: str
    read_more: list[str]
    bio: str
    ad: str
    wire: bool

    @property
    def slug(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-").split("-")
        return "-".join(words[:6])

    @property
    def url(self) -> str:
        return f"https://{self.outlet_slug}.example/{self.published:%Y/%m/%d}/{self.slug}"


def _weekday_before(published: dt.date, rng: random.Random) -> tuple[str, dt.date]:
    back = rng.randint(1, 6)
    day = published - dt.timedelta(days=back)
    return WEEKDAYS[day.weekday()], day


def _date_words(published: dt.date, rng: random.Random) -> str:
    """A date expression of the kinds news uses, relative to the publication date."""
    choice = rng.randrange(12)
    weekday, day = _weekday_before(published, rng)
    if choice < 3:
        return f"on {weekday}"
    if choice == 3:
        return f"on {MONTHS[day.month - 1]} {day.day}"
    if choice == 4:
        return f"on {weekday}, {SHORT_MONTHS[day.month - 1]} {day.day}"
    if choice == 5:
        return "last week"
    if choice == 6:
        return "earlier this month" if published.day > 10 else "last month"
    if choice == 7:
        return "on Thursday" if published.weekday() > 3 else "yesterday"
    if choice == 8:
        earlier = published - dt.timedelta(days=rng.randint(20, 200))
        return f"on {MONTHS[earlier.month - 1]} {earlier.day}, {earlier.year}"
    if choice == 9:
        return "earlier this year"
    if choice == 10:
        return f"{rng.randint(2, 9)} days ago"
    return "this week"


def _future_words(published: dt.date, rng: random.Random) -> str:
    choice = rng.randrange(6)
    later = published + dt.timedelta(days=rng.randint(3, 40))
    if choice == 0:
        return "next week"
    if choice == 1:
        return f"on {WEEKDAYS[rng.randrange(7)]}"
    if choice == 2:
        return f"on {MONTHS[later.month - 1]} {later.day}"
    if choice == 3:
        return "later this month"
    if choice == 4:
        return f"in mid-{MONTHS[later.month - 1]}"
    return "next month"


def _the(country: str) -> str:
    return f"the {country}" if country.startswith(("United", "European")) else country


def _event_sentence(a, b, published: dt.date, rng: random.Random) -> str:
    name_a, short_a, role_a, country_a, _ = a
    name_b, short_b, role_b, country_b, city_b = b
    country_a, country_b = _the(country_a), _the(country_b)
    topic = rng.choice(TOPICS)
    when = _date_words(published, rng)
    future = _future_words(published, rng)
    templates = [
        f"{country_a[0].upper()}{country_a[1:]}'s {role_a.lower()} {name_a} met {name_b} in {city_b} {when} to discuss {topic}.",
        f"{name_a} held talks with {role_b} {name_b} {when}, {short_a}'s office said in a statement.",
        f"{short_a} spoke by phone with {name_b} {when} about {topic}, according to the ministry.",
        f"{name_a} will travel to {city_b} {future} for talks with {short_b} on {topic}.",
        f"A planned visit by {name_a} to {city_b} was postponed {when}, officials said.",
        f"{name_a} warned {when} that {topic} could spiral out of control without a deal.",
        f"{country_a[0].upper()}{country_a[1:]} and {country_b} signed an agreement on {topic} {when} in {city_b}.",
        f"{short_b} said {when} that {country_b} was ready to host {short_a} {future}.",
        f"{name_b} cancelled a meeting with {short_a} that had been set for {future}.",
        f"{role_a} {name_a} arrived in {city_b} {when} on a two-day visit focused on {topic}.",
    ]
    return rng.choice(templates)


def make_article(index: int, seed: int = 8) -> Article:
    """Article number index of the corpus, the same whatever the corpus size."""
    rng = random.Random(seed * 1_000_003 + index)
    outlet, outlet_slug, wire = OUTLETS[rng.randrange(len(OUTLETS))]
    published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    a, b = rng.sample(PEOPLE, 2)
    topic = rng.choice(TOPICS)
    title = rng.choice(
        [
            f"{a[1]} and {b[1]} discuss {topic}",
            f"{a[1]} meets {b[1]} as pressure grows over {topic}",
            f"{a[3]} presses {b[3]} on {topic}",
            f"{a[1]} heads to {b[4]} for talks",
            f"{b[1]} warns of 'grave consequences' over {topic}",
        ]
    )
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        others = rng.sample(PEOPLE, 2)
        pair = (a, b) if rng.random() < 0.6 else tuple(others)
        sentences = [_event_sentence(pair[0], pair[1], published, rng)]
        sentences += rng.sample(FILLER, rng.randint(1, 3))
        if rng.random() < 0.3:
            sentences.append(f'"We have no illusions," {pair[0][1]} told reporters.')
        paragraphs.append(" ".join(sentences))
    cap_weekday, cap_day = _weekday_before(published, rng)
    caption = rng.choice(CAPTIONS).format(
        name=a[0],
        city=b[4],
        weekday=cap_weekday,
        mon=SHORT_MONTHS[cap_day.month - 1],
        day=cap_day.day,
        year=cap_day.year,
        author=rng.choice(AUTHORS),
    )
    read_more = [
        f"{p[1]} says {rng.choice(TOPICS)} talks to resume on {MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {published.year - 1}"
        for p in rng.sample(PEOPLE, 3)
    ]
    author = rng.choice(AUTHORS)
    bio = f"{author} is a diplomatic correspondent for {outlet}, covering the Middle East and Europe since {rng.randint(2005, 2019)}."
    return Article(
        index=index,
        outlet=outlet,
        outlet_slug=outlet_slug,
        published=published,
        title=title[0].upper() + title[1:],
        author=author,
        paragraphs=paragraphs,
        caption=caption,
        read_more=read_more,
        bio=bio,
        ad=rng.choice(ADS),
        wire=wire,
    )


def _long_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def render_txt(article: Article, rng: random.Random) -> str:
    """A scraped page: navigation, a header line / glued byline / dateline, noise around the body."""
    head = [article.outlet, "Home | World | Politics | Business | Opinion", "Subscribe   Sign in"]
    style = rng.randrange(3)
    if style == 0:
        head.insert(0, f"date {article.published.isoformat()} Theme")
    body = list(article.paragraphs)
    if style == 1:
        glued = f"{MONTHS[article.published.month - 1][:3]}{article.published.day},{article.published.year}"
        head.append(f"By {article.author}{glued}")
    if style == 2 or article.wire:
        city = rng.choice(PEOPLE)[4].upper()
        dateline = f"{city}, {MONTHS[article.published.month - 1]} {article.published.day} ({article.outlet}) -"
        body[0] = f"{dateline} {body[0]}"
    lines = head + ["", article.caption, "", article.title, "", article.author, ""]
    for i, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if i == 1:
            lines += [article.ad, ""]
    lines += ["Read more:", *article.read_more, "", article.bio, "", "Get our morning briefing"]
    lines += ["Gifts of $5 or more keep our reporters in the field.", "Most Read"]
    return "\n".join(lines) + "\n"


def render_md(article: Article, rng: random.Random) -> str:
    meta = {
        "title": article.title,
        "date": article.published.isoformat(),
        "url": article.url,
        "publisher": article.outlet,
    }
    front = "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items())
    body = "\n\n".join(article.paragraphs)
    return (
        f"---\n{front}\n---\n# {article.title}\n\n*By {article.author}*\n\n"
        f"![{article.caption}](photo.jpg)\n\n{body}\n\n> {article.ad}\n\n"
        "## Read more\n\n"
        + "\n".join(f"- [{t}](https://x.example/{i})" for i, t in enumerate(article.read_more))
        + f"\n\n---\n_{article.bio}_\n"
    )


def render_html(article: Article, rng: random.Random) -> str:
    e = html.escape
    paras = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    more = "".join(f'<li><a href="/r/{i}">{e(t)}</a></li>' for i, t in enumerate(article.read_more))
    stamp = f"{article.published.isoformat()}T{rng.randint(5, 21):02d}:{rng.randint(0, 59):02d}:00Z"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(article.title)} | {e(article.outlet)}</title>
<meta property="og:title" content="{e(article.title)}">
<meta property="og:url" content="{e(article.url)}">
<meta property="og:site_name" content="{e(article.outlet)}">
<meta property="article:published_time" content="{stamp}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>{e(article.title)}</h1>
<p class="byline">By {e(article.author)} &middot; <time datetime="{stamp}">{_long_date(article.published)}</time></p>
<figure><img src="photo.jpg" alt=""><figcaption>{e(article.caption)}</figcaption></figure>
{paras}
<aside class="ad">{e(article.ad)}</aside>
<section class="related"><h2>Read more</h2><ul>{more}</ul></section>
<p class="bio">{e(article.bio)}</p>
</article></main>
<footer><p>&copy; {article.published.year} {e(article.outlet)}. All rights reserved.</p></footer>
</body></html>
"""


def jsonl_record(article: Article) -> dict:
    text = f"{article.caption}\n\n" + "\n\n".join(article.paragraphs) + f"\n\n{article.bio}"
    return {
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat(),
        "publisher": article.outlet,
        "text": text,
    }


RENDERERS = {"txt": render_txt, "md": render_md, "html": render_html}
JSONL_BATCH = 25


def _format_for(index: int, formats: list[str], seed: int) -> str:
    # Most real corpora are scraped text; the weights keep that shape when all formats are on.
    weights = {"txt": 6, "md": 2, "html": 1, "jsonl": 1}
    rng = random.Random(seed * 7 + index)
    return rng.choices(formats, weights=[weights[f] for f in formats])[0]


def generate(
    count: int, out_dir: Path, seed: int = 8, formats: list[str] | None = None
) -> Iterator[Path]:
    """Write count articles under out_dir; yields every file written."""
    formats = formats or ["txt", "md", "html", "jsonl"]
    unknown = set(formats) - {*RENDERERS, "jsonl"}
    if unknown:
        raise ValueError(f"unknown formats: {', '.join(sorted(unknown))}")
    pending_jsonl: list[dict] = []
    batch = 0

    def flush() -> Path:
        nonlocal batch
        path = out_dir / "exports" / f"export-{batch:05d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pending_jsonl))
        pending_jsonl.clear()
        batch += 1
        return path

    for index in range(count):
        article = make_article(index, seed)
        fmt = _format_for(index, formats, seed)
        if fmt == "jsonl":
            pending_jsonl.append(jsonl_record(article))
            if len(pending_jsonl) == JSONL_BATCH:
                yield flush()
            continue
        rng = random.Random(seed * 13 + index)
        folder = out_dir / article.outlet_slug / f"{article.published:%Y-%m}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{index:06d}-{article.slug}.{fmt}"
        path.write_text(RENDERERS[fmt](article, rng), encoding="utf-8")
        yield path
    if pending_jsonl:
        yield flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path, help="folder to write them to (created)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--formats", default="txt,md,html,jsonl", help="comma-separated subset")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    files = sum(1 for _ in generate(args.count, args.out_dir, args.seed, args.formats.split(",")))
    print(f"{args.count} articles in {files} files under {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
