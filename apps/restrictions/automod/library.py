"""AutoMod's term library: what each category catches, and from which level.

A channel's AutoMod level (1-4) catches every entry whose level is at or below it: level 1 holds
only the most severe (slurs, threats, sexual violence, scam and invite links), level 4 the most
(mild swearing, everyday insults, bare domain names). Entries are terms as the compiler reads them
(`*` for any letters; leetspeak, repeats and separators are handled there, so no spelling
variants are listed), except links, which are regular expressions over normalised text.

Our own list, kept short on purpose: the maintained libraries we looked at (better-profanity's
flat word list, the LDNOOBW lists, the `obscenity` npm package) have no categories and no
severities, which is what a level over categories needs, and list their leetspeak variants as
words, which the compiler already covers.
"""

from dataclasses import dataclass

from apps.restrictions.models import AUTOMOD_MAX_LEVEL, AutoModCategory


@dataclass(frozen=True)
class Entry:
    category: str
    level: int
    term: str
    raw: bool = False  # a regular expression (links) rather than a term
    name: str = ""  # what a moderator is shown for a raw entry
    # A raw entry can only match text holding one of these: the filter skips its regex otherwise.
    gate: tuple[str, ...] = ()


def _terms(category: str, level: int, terms: str) -> list[Entry]:
    return [Entry(category, level, term.strip()) for term in terms.split(",") if term.strip()]


_C = AutoModCategory

_WORDS = [
    # Insults and aggression
    *_terms(_C.AGGRESSION, 1, "i will kill you, ill kill you, im going to kill you, i hope you die"),
    *_terms(_C.AGGRESSION, 2, "retard, retarded, subhuman"),
    *_terms(_C.AGGRESSION, 3, "moron, imbecile, scumbag, dumbass, dipshit, shut the fuck up, stfu, piece of shit"),
    *_terms(_C.AGGRESSION, 4, "idiot, idiots, stupid, loser, losers, dumb, shut up, trash player, noob, noobs, clown"),
    # Harassment
    *_terms(_C.HARASSMENT, 1, "kill yourself, kill urself, kys, go die, hang yourself, neck yourself, drink bleach"),
    *_terms(_C.HARASSMENT, 2, "nobody likes you, everyone hates you, i know where you live, youre worthless"),
    *_terms(_C.HARASSMENT, 3, "ugly, fatass, fatso"),
    *_terms(_C.HARASSMENT, 4, "you suck, nobody asked, uninstall"),
    # Sexual content
    *_terms(_C.SEXUAL, 1, "rape, raped, rapist, raping, child porn, cp links, pedo, pedophile"),
    *_terms(
        _C.SEXUAL,
        2,
        "porn, porno, pornhub, send nudes, nudes, blowjob, handjob, cum, cumming, cumshot, jizz, dildo, anal, "
        "horny, onlyfans",
    ),
    *_terms(
        _C.SEXUAL,
        3,
        "dick, dicks, dickhead, cock, cocks, cocksucker, pussy, pussies, tits, titties, boobs, slut*, whore*, "
        "hooker, thot, penis, vagina",
    ),
    *_terms(_C.SEXUAL, 4, "sexy, nsfw, booty, thicc, milf, bussy"),
    # Hate
    *_terms(
        _C.HATE,
        1,
        "nigger*, nigga*, faggot*, fag, fags, kike*, chink, chinks, spic, spics, wetback*, tranny, trannies, "
        "gas the jews, heil hitler, sieg heil, white power, 1488, towelhead*, sandnigger*",
    ),
    *_terms(_C.HATE, 2, "nazi, nazis, dyke, coon, gook*, raghead*, beaner*, gypsy scum, untermensch"),
    *_terms(_C.HATE, 3, "shemale, ladyboy, go back to your country"),
    *_terms(_C.HATE, 4, "so gay, libtard, feminazi"),
    # Profanity
    *_terms(_C.PROFANITY, 2, "cunt*, motherfuck*"),
    *_terms(
        _C.PROFANITY,
        3,
        "fuck*, fck*, fuk*, phuck*, shit, shits, shitty, shitting, shithead*, bitch*, asshole*, bastard*, "
        "wanker*, twat*, bollocks, prick, douche*, jackass, bullshit, mf",
    ),
    *_terms(
        _C.PROFANITY, 4, "ass, arse, damn, dammit, goddamn, hell, crap, piss*, bloody, bugger, sod off, frick*, wtf"
    ),
]

# Links and spam: regular expressions over normalised text (lower case). Named for moderators.
_TLDS = r"(?:com|net|org|gg|io|tv|ly|xyz|ru|co|me|app|link|live|info|biz|top|club|site|online|shop|store|uk|de|to)"
_LINKS = [
    Entry(
        _C.LINKS,
        1,
        r"(?:discord(?:app)?\s*\.\s*(?:gg|com/invite)|t\s*\.\s*me)\s*/",
        raw=True,
        name="invite link",
        gate=("/",),
    ),
    Entry(
        _C.LINKS,
        1,
        r"\bfree\s+(?:coins|robux|v-?bucks|skins|gift\s*cards?)\b",
        raw=True,
        name="free-coins scam",
        gate=("free",),
    ),
    Entry(_C.LINKS, 2, r"\b(?:https?://|www\.)\S", raw=True, name="web address", gate=("://", "www.")),
    Entry(
        _C.LINKS,
        3,
        rf"(?<=[a-z0-9])(?:\.|\s?[(\[]dot[)\]]\s?){_TLDS}\b(?!\.\w)",
        raw=True,
        name="domain",
        gate=(".", "dot"),
    ),
    Entry(
        _C.LINKS,
        4,
        r"\b(?:follow\s*(?:4|for)\s*follow|f4f|sub\s*(?:4|for)\s*sub|check\s+(?:out\s+)?my\s+(?:channel|stream|profile))\b",
        raw=True,
        name="self-promotion",
        gate=("f4f", "follow", "sub", "check"),
    ),
]

ENTRIES: tuple[Entry, ...] = tuple(_WORDS + _LINKS)
LEVELS = range(1, AUTOMOD_MAX_LEVEL + 1)


def entries_for(level: int, categories=()) -> list[Entry]:
    """The entries a channel at `level` watching `categories` (empty: all) catches."""
    wanted = set(categories) or set(AutoModCategory.values)
    return [entry for entry in ENTRIES if entry.level <= level and entry.category in wanted]
