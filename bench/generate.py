"""Generate a benchmark corpus: synthetic news articles about diplomatic meetings, deterministic from a seed.

Articles recombine the structure of real diplomatic news (page furniture, headline, date line,
meeting sentences with city and weekday, officials introduced by title, quotations in several quote
styles, absent countries, filler) with invented people, real countries and gazetteer cities.
Article i depends only on (seed, i), so a small corpus is a prefix of a larger one.

    python bench/generate.py --count 10000 --seed 1 --out bench/out/corpus-10000
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = """Adrian Amara Anders Anika Bastien Beatriz Boris Camila Cedric Dalia Darius Elena Emil Farah
Felix Greta Hakan Ines Ivo Jana Joaquim Kamal Karin Lars Leila Luca Malik Marta Mateo Nadia Nils Omar
Oskar Petra Rafael Rania Sami Selma Stellan Tamar Tobias Ulla Viktor Yara Yusuf Zofia Henrik Maren
Idris Noor Caspar Liesel Arvid Ottilie Soren Mirela Dragan Ilse Florin Aurelio""".split()
LAST = """Albrecht Andersen Baptiste Barzani Bergstrom Castellano Dahlberg Demir Eklund Falk Ferreira Gallo
Halvorsen Hadid Ibarra Jansen Kaya Kowalczyk Lindqvist Lombardi Madsen Marchetti Navarro Nakamura
Okafor Ostrowski Petrov Quintero Rasmussen Rahimi Sandoval Schreiber Tanaka Torvald Umarov Valente
Vasquez Weller Yilmaz Zeller Moreau Lefort Haddad Brandt Soltani Kovac Mendes Aalto Duarte Ferrand
Holm Ivanova Jurado Karlsson Lund Morin Novak Orsini""".split()

# ISO2 -> (name as news writes it, demonym); cities come from the gazetteer
COUNTRIES = {
    "FR": ("France", "French"), "US": ("the United States", "US"), "GB": ("Britain", "British"),
    "DE": ("Germany", "German"), "IT": ("Italy", "Italian"), "ES": ("Spain", "Spanish"),
    "NL": ("the Netherlands", "Dutch"), "BE": ("Belgium", "Belgian"), "PL": ("Poland", "Polish"),
    "RU": ("Russia", "Russian"), "CN": ("China", "Chinese"), "JP": ("Japan", "Japanese"),
    "IN": ("India", "Indian"), "BR": ("Brazil", "Brazilian"), "CA": ("Canada", "Canadian"),
    "AU": ("Australia", "Australian"), "TR": ("Turkey", "Turkish"), "IR": ("Iran", "Iranian"),
    "IQ": ("Iraq", "Iraqi"), "SY": ("Syria", "Syrian"), "EG": ("Egypt", "Egyptian"),
    "SA": ("Saudi Arabia", "Saudi"), "JO": ("Jordan", "Jordanian"), "QA": ("Qatar", "Qatari"),
    "MA": ("Morocco", "Moroccan"), "NG": ("Nigeria", "Nigerian"), "KE": ("Kenya", "Kenyan"),
    "ZA": ("South Africa", "South African"), "MX": ("Mexico", "Mexican"), "AR": ("Argentina", "Argentine"),
    "SE": ("Sweden", "Swedish"), "NO": ("Norway", "Norwegian"), "AT": ("Austria", "Austrian"),
    "CH": ("Switzerland", "Swiss"), "GR": ("Greece", "Greek"), "UA": ("Ukraine", "Ukrainian"),
    "KR": ("South Korea", "South Korean"), "ID": ("Indonesia", "Indonesian"), "PK": ("Pakistan", "Pakistani"),
    "AE": ("the United Arab Emirates", "Emirati"),
}
VENUES = ["Geneva", "Vienna", "Brussels", "New York", "Munich", "Istanbul", "Doha", "Lausanne", "Oslo",
          "Helsinki", "Astana", "Sochi", "Bonn", "Marrakesh", "Montreux"]
ROLES = [("foreign minister", "Foreign Minister"), ("defence minister", "Defence Minister"),
         ("prime minister", "Prime Minister"), ("president", "President"),
         ("finance minister", "Finance Minister"), ("foreign ministry spokesman", "foreign ministry spokesman"),
         ("ambassador to the United Nations", "Ambassador"), ("interior minister", "Interior Minister")]
TOPICS = ["the campaign against the militants", "the humanitarian crisis in the region", "border security",
          "the reconstruction effort", "sanctions and their enforcement", "a ceasefire in the north",
          "energy supplies for the coming winter", "the refugee situation", "maritime security",
          "nuclear non-proliferation", "trade and investment", "the fight against terrorism financing"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
QUOTE_SUBJECTS = ["We", "The allies", "Our governments", "All of us", "The ministers here",
                  "Our partners", "Our countries", "The people of the region"]
QUOTE_VERBS = ["must do more to", "are determined to", "have agreed to", "cannot afford to fail to",
               "will continue to", "are ready to", "need to find a way to", "have a duty to"]
QUOTE_OBJECTS = ["support the people on the ground", "cut off the sources of finance",
                 "protect civilians in every city", "bring all sides to the table",
                 "keep the pressure on the militants", "rebuild what has been destroyed",
                 "find a durable political solution", "strengthen our collective effort",
                 "respect international law", "share intelligence more quickly"]
FILLER = [
    "The talks came after weeks of setbacks on the ground and growing pressure on governments to act.",
    "Officials said the discussions covered military, political and humanitarian questions.",
    "Analysts said the outcome would depend on how quickly the pledges were turned into action.",
    "Diplomats described the atmosphere as constructive, though several differences remained.",
    "Some delegations pressed for a firmer timetable, while others urged caution.",
    "The final communique did not mention several of the issues raised in the opening session.",
    "Observers noted that the coalition has grown steadily since it was formed last year.",
    "Aid agencies have warned that the situation could deteriorate further in the coming months.",
    "A further round of talks is expected before the end of the year, officials said.",
    "Security around the conference venue was tight, with several streets closed to traffic.",
    "The agenda also included a session on the financing of reconstruction projects.",
    "Several smaller delegations attended as observers and did not sign the joint statement.",
]
TEASERS = ["Leaders gather for summit on regional security", "Markets react to new trade figures",
           "Life on the canals of the north", "What lies ahead for the coalition", "Music show: the week in review",
           "Floods force thousands from their homes", "New president sworn in after close election"]
AGENCIES = ["the United Nations", "the Red Cross", "local officials", "aid groups", "the World Bank",
            "monitoring groups", "the International Organization for Migration"]
BACKGROUND = [
    "The conflict has forced more than {n},000 people from their homes since {year}, according to {agency}.",
    "Talks on {topic} have stalled repeatedly over the past {small} years.",
    "Negotiators worked late into the night on the wording of the text, delegates said.",
    "The {ordinal} session lasted {small} hours and ended with a short briefing for reporters.",
    "Prices of basic goods have risen by {small}0 percent since {month}, according to {agency}.",
    "Around {n} officials and experts took part in the working groups that prepared the meeting.",
    "The previous round, held in {month} {year}, ended without agreement on {topic}.",
    "Funding for {topic} fell short of the target by about {small}0 percent last year, {agency} said.",
    "Roads into the {direction} of the country remain closed, and supplies arrive by air.",
    "Several proposals on {topic} were set aside for further study by a technical committee.",
]
ORDINALS = ["first", "second", "third", "closing", "opening", "final"]
DIRECTIONS = ["north", "south", "east", "west"]
QUOTES = [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")]


class Cast:
    """The people and places of one article, drawn from a random generator."""

    def __init__(self, rng: random.Random, cities: dict[str, str]):
        self.rng = rng
        codes = rng.sample(sorted(COUNTRIES), 7)
        self.host, self.absent = codes[0], codes[5:]
        self.present = codes[:5]
        self.city = cities[self.host] if rng.random() < 0.75 or not VENUES else rng.choice(VENUES)
        self.people = []
        used = set()
        for code in self.present[:4]:
            last = rng.choice([n for n in LAST if n not in used])
            used.add(last)
            first = rng.choice([n for n in FIRST if n not in used])
            used.add(first)
            self.people.append((first, last, rng.choice(ROLES[:5] if code != self.host else ROLES), code))

    def name(self, person) -> str:
        """Full name."""
        return f"{person[0]} {person[1]}"

    def intro(self, person) -> str:
        """First mention with title, in one of the styles news uses."""
        first, last, (role, title), code = person
        dem, country = COUNTRIES[code][1], COUNTRIES[code][0]
        style = self.rng.randrange(4)
        if style == 0:
            return f"{first} {last}, the {dem} {role},"
        if style == 1:
            return f"{dem} {title} {first} {last}"
        if style == 2:
            return f"{country[0].upper() + country[1:]}'s {role}, {first} {last},"
        return f"{title} {first} {last} of {country}"


def quotation(rng: random.Random) -> str:
    """Invented quoted words: one or two sentences."""
    words = f"{rng.choice(QUOTE_SUBJECTS)} {rng.choice(QUOTE_VERBS)} {rng.choice(QUOTE_OBJECTS)}"
    if rng.random() < 0.4:
        words += f". {rng.choice(QUOTE_SUBJECTS)} {rng.choice(QUOTE_VERBS)} {rng.choice(QUOTE_OBJECTS)}"
    return words


def quote_sentence(rng: random.Random, cast: Cast, person, weekday: str) -> str:
    """A sentence quoting a person, in one of several quote styles and word orders."""
    open_, close = rng.choice(QUOTES)
    words = quotation(rng)
    last = person[1]
    style = rng.randrange(5)
    if style == 0:
        return f"{open_}{words},{close} {last} said."
    if style == 1:
        return f"{open_}{words}{close}, said {cast.name(person)}."
    if style == 2:
        return f"{cast.intro(person)} said on {weekday}: {open_}{words}.{close}"
    if style == 3:
        return f"{last} told reporters that {open_}{words[0].lower() + words[1:]}{close}."
    return f"{open_}{words},{close} {cast.intro(person)} said at a news conference."


def meeting_sentence(rng: random.Random, cast: Cast, weekday: str, topic: str) -> str:
    """The sentence that tells of the meeting: where, when and who."""
    host_name, host_dem = COUNTRIES[cast.host]
    others = [COUNTRIES[c][0] for c in cast.present[1:4]]
    listed = f"{', '.join(others[:-1])} and {others[-1]}"
    n = rng.randrange(5, 40)
    style = rng.randrange(5)
    if style == 0:
        return f"Foreign ministers from {n} countries met in {cast.city} on {weekday} to discuss {topic}."
    if style == 1:
        return (f"At talks in {cast.city} on {topic} on {weekday}, ministers and diplomats from {listed} "
                f"vowed to keep up the pressure.")
    if style == 2:
        return (f"{cast.intro(cast.people[0])} hosted a conference in {cast.city} on {weekday} "
                f"about {topic}, attended by ministers from {listed}.")
    if style == 3:
        return (f"Representatives from around {n} countries, including {listed}, gathered in {cast.city} "
                f"on {weekday} for a meeting on {topic}.")
    return (f"With the {host_dem} government playing host, ministers from {listed} have been meeting "
            f"in {cast.city} on {weekday} to discuss {topic}.")


def attendee_sentence(rng: random.Random, cast: Cast, a, b) -> str:
    """A sentence naming two people who took part."""
    if rng.random() < 0.5:
        return f"{cast.intro(a)} will take part in the talks with {cast.intro(b).rstrip(',')}."
    return f"{cast.intro(a)} attended the meeting alongside {cast.name(b)}."


def absent_sentence(rng: random.Random, cast: Cast) -> str:
    """A sentence saying which countries were not there."""
    a, b = (COUNTRIES[c][0] for c in cast.absent)
    cap = a[0].upper() + a[1:]
    if rng.random() < 0.5:
        return f"{cap}, which was not invited to the conference, said it had rejected the overtures."
    present = [COUNTRIES[c][0] for c in cast.present[:2]]
    return f"The coalition, which includes {present[0]} and {present[1]} but not {a} or {b}, met after weeks of setbacks."


def background(rng: random.Random, year: int) -> str:
    """A background sentence with no meeting, person or quotation: the text news wraps around facts."""
    return rng.choice(BACKGROUND).format(
        n=rng.randrange(2, 900), year=rng.randrange(year - 8, year), agency=rng.choice(AGENCIES),
        topic=rng.choice(TOPICS), small=rng.randrange(2, 9), ordinal=rng.choice(ORDINALS),
        month=rng.choice(MONTHS), direction=rng.choice(DIRECTIONS))


def furniture(rng: random.Random, lines: list[str]) -> None:
    """Page furniture: teasers with "Read more", as scraped pages carry."""
    for teaser in rng.sample(TEASERS, rng.randrange(0, 4)):
        lines += [teaser, "", "Read more", "", ""]


def article(seed: int, index: int, cities: dict[str, str]) -> tuple[str, str]:
    """(file name, text) of article `index` of the corpus for `seed`."""
    rng = random.Random(f"{seed}:{index}")
    cast = Cast(rng, cities)
    published = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    held = published - dt.timedelta(days=rng.randrange(0, 6))
    weekday = WEEKDAYS[held.weekday()]
    topic = rng.choice(TOPICS)
    target = rng.randrange(3000, 8000)
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += ["Don't miss", "", ""]
        furniture(rng, lines)
    host_name = COUNTRIES[cast.host][0]
    lines += [f"Ministers meet in {cast.city} to discuss {topic}", ""]
    style = rng.randrange(3)
    if style == 0:
        lines += [f"{published.day:02d} {MONTHS[published.month - 1]}, {published.year}", ""]
    elif style == 1:
        lines += [f"{MONTHS[published.month - 1]} {published.day}, {published.year} (Photo Credit: AFP)", ""]
    else:
        lines += ["Text by FRANCE 24", "", f"Latest update : {published.isoformat()}", ""]
    body = [meeting_sentence(rng, cast, weekday, topic)]
    a, b, c = cast.people[0], cast.people[1], cast.people[2]
    body.append(attendee_sentence(rng, cast, a, b))
    body.append(quote_sentence(rng, cast, a, weekday))
    body.append(absent_sentence(rng, cast))
    body.append(quote_sentence(rng, cast, b, weekday))
    body.append(f"{cast.intro(c)} said {host_name} and its partners would meet again next month.")
    body.append(quote_sentence(rng, cast, c, weekday))
    size = sum(len(x) for x in lines) + sum(len(x) for x in body)
    filler = rng.sample(FILLER, len(FILLER))
    while size < target:
        roll = rng.random()
        if filler and roll < 0.4:
            chunk = filler.pop()
        elif roll < 0.78:
            chunk = background(rng, published.year)
        elif roll < 0.88:
            chunk = attendee_sentence(rng, cast, *rng.sample(cast.people, 2))
        else:
            chunk = quote_sentence(rng, cast, rng.choice(cast.people), weekday)
        body.insert(rng.randrange(2, len(body) + 1), chunk)
        size += len(chunk) + 2
    paragraphs, i = [], 0
    while i < len(body):
        n = rng.randrange(1, 3)
        paragraphs.append(" ".join(body[i:i + n]))
        i += n
    for para in paragraphs:
        lines += [para, ""]
    if style == 2:
        lines += [f"Date created : {published.isoformat()}", ""]
    furniture(rng, lines)
    text = "\n".join(lines).rstrip() + "\n"
    name = f"{index:06d}_{hashlib.sha1(text.encode()).hexdigest()[:16]}.txt"
    return name, text


def city_table() -> dict[str, str]:
    """ISO2 -> the capital's name as the gazetteer knows it (the country's name if none is known)."""
    from kg.extract import gazetteer

    table = gazetteer.countries()
    out = {}
    for code in COUNTRIES:
        capital = table.capital.get(code)
        city = gazetteer.city(capital) if capital else None
        out[code] = city.name if city and city.country == code else VENUES[len(out) % len(VENUES)]
    return out


def generate(*, count: int, seed: int, out: str | Path) -> list[Path]:
    """Write `count` articles for `seed` into `out`; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cities = city_table()
    paths = []
    for index in range(count):
        name, text = article(seed, index, cities)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> int:
    """Command line: --count N --seed S --out DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    paths = generate(count=args.count, seed=args.seed, out=args.out)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {total / 1e6:.1f} MB -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
