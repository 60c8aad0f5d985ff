"""Fictional participants for trying the app, screenshots and scale tests.

Everyone here is made up. Personnummer are test numbers only: made-up birth
dates with serials 980-999 (``make_test_number``). The hand-written people are
born 1970-1999; ``bulk_records`` uses birth dates from 1940 on, 20 per day, so
the two never collide below 200,000 generated participants.

``demo_records`` are the hand-written people with their documents (plain data);
``save_demo`` puts them into a vault with what needs the vault: the unit's workplace
register and the avslut, which ``services.method`` pre-fills and closes.
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, time, timedelta

from .models import (Ansvar, AreaRecord, Consent, Contact, GridEntry, IndividuellPlan, Kartlaggning,
                     Kompetenskort, Motivationskors, Participant, ParticipantRecord, PlanContact, Rating,
                     Referral, Samtal, Sammanstallning, Stage, UppfoljningRad, Utvecklingsplan)
from .models.areas import AREA_KEYS
from .models.method import (Anpassning, Arbetstraning, Matchning, MatchningBeslut, SchemaSteg, Uppfoljning, Utfall,
                            Workplace)
from .models.participant import DEFAULT_CONSENT_PARTIES, CaseSource, ReferralForm
from .models.personnummer import make_test_number
from .models.plans import COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES
from .models.selfrating import Sjalvskattning

_NAMESPACE = uuid.UUID("6f1d0c52-3b7e-4c55-9a61-0d6e8f0b7a10")
HANDLAGGARE = "Maria Lindqvist"
HANDLAGGARE_TEL = "0123-45 67 10"
KOMMUN = "Exempelstads kommun"
UNIT_ADDRESS = "Storgatan 1, 123 45 Exempelstad"
AF_HANDLAGGARE, AF_TELEFON = "Johan Berg", "0123-45 00 90"
ERSATTNING = "Anordnarbidrag, 150 kr per deltagardag"


def _id(*parts) -> str:
    """A stable id, so running ``demo`` twice finds the same people."""
    return uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)).hex


# ---- building blocks --------------------------------------------------------------

def _samtal(key: str, today: date, days_ago: list[int], tolk: str = "", running_last: bool = False,
            notes: tuple[str, ...] = ()) -> list[Samtal]:
    """``tolk``: the language of the interpreter at every samtal ("" for none)."""
    out = []
    for n, ago in enumerate(days_ago, 1):
        start = time(9, 0) if n % 2 else time(13, 30)
        slut = time(start.hour, 50) if start.minute == 0 else time(start.hour + 1, 20)
        running = running_last and n == len(days_ago)
        out.append(Samtal(datum=today - timedelta(days=ago), id=_id(key, "samtal", n), start=start,
                          slut=None if running else slut, tidsram_minuter=60 if n > 1 else 50,
                          tolk_narvarande=bool(tolk), tolk_sprak=tolk, anteckning=notes[n - 1] if n <= len(notes) else ""))
    return out


def _fill(k: Kartlaggning, key: str, grid: dict) -> None:
    """grid: area -> (fakta, [(hinder, samtal no)], [(resurs, samtal no)])."""
    for area, (fakta, hinder, resurser) in grid.items():
        def entries(kind, items):
            return [GridEntry(text, _id(key, area, kind, i), k.samtal[n - 1].id)
                    for i, (text, n) in enumerate(items)]
        k.areas[area] = AreaRecord(area, fakta, entries("h", hinder), entries("r", resurser))


def _kartlaggning(key: str, pid: str, samtal: list[Samtal], grid: dict, **fields) -> Kartlaggning:
    k = Kartlaggning(participant_id=pid, id=_id(key, "k"), datum=samtal[0].datum, samtal=samtal, **fields)
    _fill(k, key, grid)
    return k


def _contacts(**names) -> list[PlanContact]:
    return [PlanContact(role, *names.get(role, ("", ""))) for role, _label in PLAN_CONTACT_ROLES]


def _participant(key: str, namn: str, birth: date, serial: int, samordning: bool = False, **fields) -> Participant:
    return Participant(namn=namn, personnummer=make_test_number(birth, serial, samordning), id=_id(key), **fields)


def _af_referral(today: date, ago: int, start: int, end: int, form: ReferralForm, omfattning: int,
                 yrkesomrade: str, tolkbehov: bool = False, forsorjningsstod: bool = True) -> Referral:
    """Arbetsförmedlingen's referral with every field of its form (Bilaga 1): sent two days
    before it reached the unit ``ago`` days ago; the anvisningstid and the ersättning till
    anordnaren from ``start`` to ``end`` days from today (negative: in the past)."""
    period_from, period_to = today + timedelta(days=start), today + timedelta(days=end)
    return Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=ago),
                    datum=today - timedelta(days=ago + 2), af_handlaggare=AF_HANDLAGGARE, af_telefon=AF_TELEFON,
                    form=form, period_from=period_from, period_to=period_to, omfattning_procent=omfattning,
                    yrkesomrade=yrkesomrade, ersattning=ERSATTNING, ersattning_from=period_from,
                    ersattning_to=period_to, tolkbehov=tolkbehov, forsorjningsstod=forsorjningsstod)


def _consent(today: date, signed: int, without: tuple[str, ...] = (), withdrawn: int | None = None,
             told: str = "") -> Consent:
    """Signed ``signed`` days ago for the parties the participant chose (all but ``without``)."""
    return Consent(signed=today - timedelta(days=signed),
                   parties=[p for p in DEFAULT_CONSENT_PARTIES if p not in without],
                   withdrawn=None if withdrawn is None else today - timedelta(days=withdrawn), withdrawn_note=told)


def _entry_ids(k: Kartlaggning, *texts: str) -> list[str]:
    """The ids of the grid entries (hinder or resurser) with these texts: what a matchning rests on."""
    entries = {e.text: e.id for a in k.areas.values() for e in (*a.resurser, *a.hinder)}
    return [entries[t] for t in texts]


# ---- the unit's workplaces ----------------------------------------------------------

_WORKPLACES = {  # key -> the register's fields
    "kafe": dict(arbetsplats="Träffpunktens kafé", adress="Storgatan 14, 123 45 Exempelstad",
                 handledare="Lisa Nord", handledare_telefon="0123-45 72 10",
                 arbetsuppgifter="Servering, kassa, bakning och disk.",
                 anpassningar="Höj- och sänkbar arbetsbänk. Inga lyft över 5 kg. Pauser efter behov."),
    "verkstad": dict(arbetsplats="Återbruket, AME:s verkstad", adress="Industrivägen 8, 123 51 Exempelstad",
                     handledare="Anders Sjö", handledare_telefon="0123-45 72 40",
                     arbetsuppgifter=("Reparation av cyklar och möbler, sortering av skänkta saker, "
                                      "enklare elarbeten."),
                     anpassningar="Arbete vid bänk, sittande eller stående. Lyfthjälpmedel finns."),
    "fastighet": dict(arbetsplats="Exempelstadshem, fastighetsservice", adress="Kvarngatan 10, 123 41 Exempelstad",
                      handledare="Stefan Ahl", handledare_telefon="0123-45 80 15",
                      arbetsuppgifter=("Skötsel av utemiljön, enklare reparationer, tömning av sopkärl, "
                                       "felanmälningar."),
                      anpassningar="Fast arbetslag och skriftligt dagsschema.", egen=False),
    "skolkok": dict(arbetsplats="Skolköket Ängsskolan, Exempelstad", adress="Ängsvägen 2, 123 56 Exempelstad",
                    handledare="Per Holm", handledare_telefon="0123-45 71 00",
                    arbetsuppgifter="Tillagningskök för 400 portioner: disk, förberedelser och servering.",
                    anpassningar="Start efter morgonrusningen. Bilder vid diskmaskinen som visar rutinerna.",
                    egen=False),
    "rosengarden": dict(arbetsplats="Rosengårdens second hand", adress="Torget 3, 123 45 Exempelstad",
                        handledare="Eva Lind", handledare_telefon="0123-45 72 55",
                        arbetsuppgifter="Prismärkning, butik och kassa.", i_bruk=False),
}


def workplace(key: str) -> Workplace:
    """One workplace of the demo register (a new object each time)."""
    return Workplace(id=_id("workplace", key), **_WORKPLACES[key])


def demo_workplaces() -> list[Workplace]:
    """The unit's workplace register of the demo: its own and external ones, one no longer offered."""
    return [workplace(key) for key in _WORKPLACES]


# ---- the hand-written people ------------------------------------------------------

def _lukasz(today: date) -> ParticipantRecord:
    """New: referred by Arbetsförmedlingen, consent signed, first samtal booked."""
    p = _participant("lukasz", "Łukasz Wróbel", date(1979, 3, 14), 981,
                     adress="Lindvägen 4 B, 123 52 Exempelstad", mobil="073-111 22 33",
                     epost="lukasz.wrobel@example.se", sprak="polska, svenska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Magda Wróbel", "fru", "073-111 22 34")],
                     referral=_af_referral(today, 9, -2, 88, ReferralForm.KARTLAGGNING, 50, "Lager och logistik"),
                     consent=_consent(today, 2))
    return ParticipantRecord(p)


def _erik(today: date) -> ParticipantRecord:
    """New: from socialtjänsten, inskrivningssamtal not held yet."""
    p = _participant("erik", "Erik Johansson", date(1996, 8, 2), 982,
                     adress="Stationsgatan 21, 123 40 Exempelstad", mobil="070-222 33 44",
                     forsorjningsstod=True,
                     referral=Referral(source=CaseSource.SOCIALTJANSTEN, received=today - timedelta(days=4),
                                       socialsekreterare="Lena Ek", socialsekreterare_telefon="0123-45 68 25",
                                       note="Har varit utan arbete sedan gymnasiet. Vill ha hjälp att komma igång."),
                     consent=Consent())
    return ParticipantRecord(p)


def _huong(today: date) -> ParticipantRecord:
    """Kartläggning in progress: six samtal with tolk (past the method's five, the sammanställning not
    signed yet: "Att göra" lists it), samordningsnummer, part of the grid."""
    key = "huong"
    p = _participant(key, "Đặng Thị Hương", date(1988, 11, 23), 983, samordning=True,
                     adress="Solrosgatan 9, 123 44 Exempelstad", mobil="076-333 44 55", tolkbehov=True,
                     sprak="vietnamesiska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Nguyễn Văn Minh", "make", "076-333 44 56")],
                     referral=_af_referral(today, 62, -56, 124, ReferralForm.ARBETSLIVSINRIKTAD_REHABILITERING, 50,
                                           "Städ, restaurang", tolkbehov=True),
                     consent=_consent(today, 56))
    samtal = _samtal(key, today, [49, 42, 35, 28, 14, 7], tolk="vietnamesiska",
                     notes=("Tolk på telefon. Vi pratade om hälsa och familj.",
                            "Tolk på plats. Hương berättade om sitt arbete i Vietnam.",
                            "Tolken kom inte. Vi bokade om och pratade kort med bildstöd.",
                            "Tolk på plats. Om fritid och utbildning.",
                            "Tolk på telefon. Vi gick igenom det hon har berättat hittills.",
                            "Tolk på plats. Hương vill prova arbete i ett kök innan vi skriver "
                            "sammanställningen."))
    k = _kartlaggning(key, p.id, samtal, {
        "kroppsfunktioner": ("Har ont i händerna på morgonen. Har inte träffat läkare om det.",
                             [("Värk i händerna gör fint handarbete svårt på morgonen", 1)],
                             [("Promenerar varje dag med barnen till skolan", 1)]),
        "sociala": ("Gift, två barn i skolåldern. Familjen kom till Sverige för tre år sedan. "
                    "Talar lite svenska, mest i affären.",
                    [("Begränsad svenska gör det svårt att förstå instruktioner", 1)],
                    [("Stöttande make som kan hämta barnen", 1), ("Vill lära sig mer svenska", 2)]),
        "arbete": ("Arbetade sex år i en syfabrik och två år i familjens restaurang i Vietnam.",
                   [], [("Van vid att arbeta snabbt och noggrant", 2), ("Erfarenhet av restaurangkök", 2)]),
        "utbildning": ("Nio år grundskola i Vietnam. Läser SFI kurs B på förmiddagarna.", [],
                       [("Går regelbundet på SFI", 2)]),
        "fritid": ("Tycker om att laga mat och sy kläder åt barnen.", [],
                   [("Tycker om att laga mat för många", 2)]),
    }, motivation=Motivationskors(mal="Jag vill arbeta i ett kök.", stage=Stage.BEGRUNDAN))
    return ParticipantRecord(p, [k])


def _sara(today: date) -> ParticipantRecord:
    """Kartläggning just begun: the first samtal is running today. She has withdrawn her
    consent (the socialsekreterare was told): "Att göra" lists it."""
    key = "sara"
    p = _participant(key, "Sara Lindgren", date(1999, 4, 21), 988,
                     adress="Granstigen 2, 123 49 Exempelstad", mobil="070-888 99 00", forsorjningsstod=True,
                     referral=Referral(source=CaseSource.SOCIALTJANSTEN, received=today - timedelta(days=20),
                                       socialsekreterare="Lena Ek", socialsekreterare_telefon="0123-45 68 25"),
                     consent=_consent(today, 12, without=("Försäkringskassan",), withdrawn=3,
                                      told="Lena Ek, socialtjänsten, per telefon samma dag"))
    samtal = _samtal(key, today, [0], running_last=True)
    k = _kartlaggning(key, p.id, samtal, {
        "historik": ("Har inte arbetat sedan hon slutade gymnasiet för fem år sedan. "
                     "Har gjort två korta praktiker som avbröts.",
                     [("Lång tid utan arbete", 1)], [("Gick ut gymnasiet med fullständiga betyg", 1)]),
        "psykiska": ("Sover dåligt och känner sig ofta orolig inför nya situationer.",
                     [("Sömnproblem", 1), ("Oro inför nya människor", 1)], []),
    })
    return ParticipantRecord(p, [k])


def _mehmet_kartlaggning(key: str, pid: str, today: date, days: list[int]) -> Kartlaggning:
    samtal = _samtal(key, today, days)
    return _kartlaggning(key, pid, samtal, {
        "kroppsfunktioner": ("Ryggont sedan många år, värre efter långa pass med truck. "
                             "Går hos sjukgymnast sedan i våras.",
                             [("Ryggont vid tunga lyft och långa pass", 1)],
                             [("Sjukgymnastiken hjälper", 1), ("Vet själv vilka rörelser som gör ont", 2)]),
        "psykiska": ("Beskriver sig som lugn och envis. Blev nedstämd när han förlorade jobbet.",
                     [("Nedstämdhet efter uppsägningen", 2)], [("Lugn och tålmodig", 2)]),
        "stress": ("Blir stressad när han inte förstår vad som förväntas. Sover då sämre.",
                   [("Sömnproblem vid stress", 2)], [("Tar en promenad för att varva ner", 2)]),
        "substans": ("Tar smärtstillande ibland. Röker några cigaretter om dagen.",
                     [("Smärtstillande gör honom trött", 2)], []),
        "historik": ("Kom till Sverige 1998. Arbetade på samma lager i femton år tills det lades ner.",
                     [("Lång tid utan arbete, snart tre år", 1)], [("Femton år hos samma arbetsgivare", 1)]),
        "sociala": ("Gift, tre vuxna barn. Frun arbetar inom hemtjänsten. Bor i villa utanför stan.",
                    [], [("Familjen stöttar honom", 1)]),
        "arbete": ("Lagerarbetare i femton år: plock, truckkörning, inleverans.",
                   [("Klarar inte längre tunga lyft hela dagen", 3)],
                   [("Erfarenhet som lagerarbetare", 3), ("Truckkort A och B", 3)]),
        "utbildning": ("Yrkesskola i Turkiet (elektriker). Svenska för invandrare, godkänd.",
                       [("Osäker på att skriva på dator", 3)], [("Yrkesutbildning som elektriker", 3)]),
        "fritid": ("Fiskar och hjälper grannar att laga saker.", [],
                   [("Händig, tycker om att reparera", 3)]),
        "natverk": ("Socialsekreterare Lena Ek, arbetsförmedlare Johan Berg, sjukgymnast på vårdcentralen.",
                    [], [("Alla drar åt samma håll", 4)]),
    }, motivation=Motivationskors(
        mal="Jag vill ha ett arbete där jag inte behöver lyfta tungt, kanske i en butik eller verkstad.",
        mindre_bra_for_mig="Jag är rädd att ryggen blir sämre.",
        bra_for_mig="Egen lön och att ha något att gå till på morgonen.",
        mindre_bra_for_omgivningen="Jag kan inte hjälpa barnbarnen lika mycket på dagarna.",
        bra_for_omgivningen="Frun slipper oroa sig för ekonomin.",
        stage=Stage.FORBEREDELSE, egna_ord="”Jag har alltid arbetat. Jag vill arbeta igen.”",
        viktighet=9, tilltro=6),
        atgarder_innan_plan="Läkarbedömning av ryggen. Prova på arbete i en verkstad i två veckor.",
        sammanstallning=Sammanstallning(
            text=("Mehmet har deltagit i fyra samtal. Han har lång erfarenhet från lagerarbete och "
                  "beskriver sig som lugn och envis. Ryggbesvären gör att tunga lyft inte längre går."),
            bedomning=("Resurserna väger tungt: erfarenhet, god vilja och ett stöttande nätverk. "
                       "Hindren gäller främst fysisk belastning."),
            rehabiliteringsforslag="Arbetsträning 50 % i lätt lagerarbete eller verkstad.",
            ovriga_atgarder="Kontakt med vårdcentralen om ryggen. Datorkurs på Komvux.",
            deltagarens_kommentar="Det stämmer. Jag vill börja så snart som möjligt.",
            genomgangen=today - timedelta(days=7), signerad=today - timedelta(days=7)))


def _mehmet(today: date) -> ParticipantRecord:
    """Sammanställning read through and signed, matched to the unit's own workshop; the
    Individuell plan is written and waits for the three-party meeting to sign it ("Att göra")."""
    key = "mehmet"
    p = _participant(key, "Mehmet Çelik", date(1971, 5, 30), 984,
                     adress="Ekbacken 12, 123 60 Exempelstad", telefon="0123-22 33 44", mobil="070-444 55 66",
                     sprak="turkiska, svenska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Ayşe Çelik", "fru", "070-444 55 67")],
                     referral=_af_referral(today, 60, -52, 128, ReferralForm.FORSTARKT_FORDJUPAD, 50,
                                           "Lager, verkstad"),
                     consent=_consent(today, 50))
    k = _mehmet_kartlaggning(key, p.id, today, [42, 35, 28, 21])
    matchning = Matchning(
        participant_id=p.id, id=_id(key, "matchning"), datum=today - timedelta(days=5),
        beslut=MatchningBeslut.ARBETSTRANING, workplace_id=workplace("verkstad").id,
        motivering=("Mehmet är händig och har yrkesutbildning som elektriker. I verkstaden kan han arbeta vid "
                    "bänk utan tunga lyft och öka i sin egen takt."),
        grundas_pa=_entry_ids(k, "Händig, tycker om att reparera", "Yrkesutbildning som elektriker",
                              "Lugn och tålmodig", "Klarar inte längre tunga lyft hela dagen"),
        egna_onskemal="Något med händerna, inte bara lager. Gärna nära hemmet.")
    plan = IndividuellPlan(
        participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer, adress=p.adress,
        upprattad=today - timedelta(days=2),
        kontakter=_contacts(arbetsmarknadshandlaggare=(HANDLAGGARE, HANDLAGGARE_TEL),
                            forsorjningsstod=("Lena Ek", "0123-45 68 25"),
                            arbetsformedlingen=(AF_HANDLAGGARE, AF_TELEFON)),
        mal="Ett arbete utan tunga lyft, i en verkstad eller butik, inom ett år.",
        delmal=["Arbetsträna 50 % på Återbruket.", "Läkarbedömning av ryggen.", "Datorkurs på Komvux."],
        ansvarsfordelning=[Ansvar("Boka läkartid på vårdcentralen", p.namn, today + timedelta(days=14)),
                           Ansvar("Besluta om arbetsträning", AF_HANDLAGGARE, today + timedelta(days=10))],
        uppfoljning="Uppföljning en gång i månaden med handledaren i verkstaden.")  # not signed yet
    return ParticipantRecord(p, [k], planer=[plan], matchningar=[matchning])


def _asa(today: date) -> ParticipantRecord:
    """Individuell plan mot arbete signed by all three; matched to the unit's café, where the
    arbetsträning starts once Arbetsförmedlingen has decided."""
    key = "asa"
    p = _participant(key, "Åsa Öberg", date(1983, 2, 17), 985,
                     adress="Björkvägen 7 lgh 1102, 123 47 Exempelstad", mobil="070-123 45 67",
                     epost="asa.oberg@example.se", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Karin Öberg", "syster", "070-765 43 21")],
                     referral=_af_referral(today, 90, -84, 96, ReferralForm.FORSTARKT_ARBETSTRANING, 25,
                                           "Kafé, reception"),
                     consent=_consent(today, 80, without=("Försäkringskassan",)))
    samtal = _samtal(key, today, [70, 63, 56])
    k = _kartlaggning(key, p.id, samtal, {
        "kroppsfunktioner": ("Ryggbesvär sedan en arbetsskada. Går till fysioterapeut varannan vecka.",
                             [("Kan inte lyfta mer än ca 5 kg", 1)], [("Tränar regelbundet", 1)]),
        "psykiska": ("Perioder av nedstämdhet under vintern.", [("Orkar mindre under mörka månader", 2)],
                     [("Vet vad som hjälper: rutiner och att träffa folk", 2)]),
        "historik": ("Arbetade tolv år i storkök innan arbetsskadan.", [],
                     [("Lång och stabil arbetslivserfarenhet", 1)]),
        "sociala": ("Bor ensam. Nära kontakt med sin syster.", [("Ekonomin är ansträngd", 1)],
                    [("Systern stöttar och följer med på möten", 1)]),
        "arbete": ("Storkök i tolv år, kassa i livsmedelsbutik två år. Vill arbeta med människor.",
                   [("Tunga lyft i köksarbete går inte längre", 3)], [("Van vid att arbeta i team", 3)]),
        "fritid": ("Sjunger i kör och bakar.", [], [("Kören ger gemenskap och struktur", 3)]),
    }, motivation=Motivationskors(mal="Ett arbete på halvtid i ett kafé inom ett år.", stage=Stage.HANDLING,
                                  egna_ord="”Jag har suttit hemma för länge.”", viktighet=8, tilltro=6),
        sammanstallning=Sammanstallning(
            text="Åsa har deltagit i tre samtal. Hon har lång erfarenhet av storkök.",
            bedomning="Resurserna väger tungt; hindren gäller fysisk belastning och går att anpassa.",
            rehabiliteringsforslag="Arbetsträning 25 % i kafé med gradvis ökning.",
            genomgangen=today - timedelta(days=49), signerad=today - timedelta(days=49)))
    plan = IndividuellPlan(
        participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer, adress=p.adress,
        upprattad=today - timedelta(days=35),
        kontakter=_contacts(arbetsmarknadshandlaggare=(HANDLAGGARE, HANDLAGGARE_TEL),
                            forsorjningsstod=("Erik Holm", "0123-45 68 20"),
                            arbetsformedlingen=("Johan Berg", "0123-45 00 90")),
        mal="Ett arbete på minst halvtid i kafé eller reception inom ett år.",
        delmal=["Börja arbetsträna 25 % på Träffpunktens kafé.", "Öka till 50 % när ryggen klarar det.",
                "Gå en datorkurs på Komvux."],
        ansvarsfordelning=[Ansvar("Ordna arbetsträningsplats", HANDLAGGARE, today - timedelta(days=28)),
                           Ansvar("Begära läkarintyg om lyftbegränsning", p.namn, today - timedelta(days=21)),
                           Ansvar("Besluta om förstärkt arbetsträning", "Johan Berg", today - timedelta(days=14))],
        uppfoljning="Uppföljning en gång i månaden med handledaren på arbetsplatsen.",
        signerad=today - timedelta(days=35))
    matchning = Matchning(
        participant_id=p.id, id=_id(key, "matchning"), datum=today - timedelta(days=30),
        beslut=MatchningBeslut.ARBETSTRANING, workplace_id=workplace("kafe").id,
        motivering=("Åsa vill arbeta med människor och är van vid kök och kassa. I kaféet finns en höj- och "
                    "sänkbar bänk och inga tunga lyft."),
        grundas_pa=_entry_ids(k, "Van vid att arbeta i team", "Lång och stabil arbetslivserfarenhet",
                              "Kan inte lyfta mer än ca 5 kg"),
        egna_onskemal="Ett kafé där jag träffar folk. Inte storkök igen.")
    return ParticipantRecord(p, [k], planer=[plan], matchningar=[matchning])


def _jonas(today: date) -> ParticipantRecord:
    """Arbetsträning toward full time with monthly follow-up: two uppföljningar, each with its
    Utvecklingsplan (at the second he worked less than the schema planned). The next follow-up
    is due and the referral period ends within a month ("Att göra")."""
    key = "jonas"
    p = _participant(key, "Jonas Müller", date(1990, 7, 9), 986,
                     adress="Kvarngatan 3, 123 41 Exempelstad", mobil="072-555 66 77", forsorjningsstod=False,
                     referral=_af_referral(today, 150, -142, 20, ReferralForm.ARBETSTRANING, 50, "Fastighetsskötsel",
                                           forsorjningsstod=False),
                     consent=_consent(today, 140))
    samtal = _samtal(key, today, [130, 123, 116])
    k = _kartlaggning(key, p.id, samtal, {
        "psykiska": ("Har adhd-diagnos och medicinerar. Fungerar bäst med tydliga rutiner.",
                     [("Svårt att komma igång på morgonen", 1)], [("Medicinen hjälper", 1)]),
        "arbete": ("Har arbetat som vaktmästare på en skola i två år.", [],
                   [("Praktisk och händig", 2), ("God vilja", 2)]),
        "fritid": ("Spelar fotboll i korpen.", [], [("Laget ger rutiner och kamrater", 3)]),
    }, sammanstallning=Sammanstallning(text="Jonas har deltagit i tre samtal.",
                                       bedomning="Goda förutsättningar för arbete inom fastighetsskötsel.",
                                       signerad=today - timedelta(days=110)))
    plan = IndividuellPlan(
        participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer, adress=p.adress,
        upprattad=today - timedelta(days=100),
        kontakter=_contacts(arbetsmarknadshandlaggare=(HANDLAGGARE, HANDLAGGARE_TEL),
                            arbetsformedlingen=("Johan Berg", "0123-45 00 90")),
        mal="Anställning som fastighetsskötare.",
        delmal=["Arbetsträna 50 % hos det kommunala bostadsbolaget.", "Öka till 75 % efter två månader."],
        ansvarsfordelning=[Ansvar("Ordna arbetsträningsplats", HANDLAGGARE, today - timedelta(days=90))],
        uppfoljning="Månatlig uppföljning med handledare.", signerad=today - timedelta(days=100))
    first = Utvecklingsplan(
        participant_id=p.id, id=_id(key, "u1"), datum=today - timedelta(days=60),
        utvecklingsomraden="Komma i tid. Säga till när något är oklart.",
        rader=[UppfoljningRad(today - timedelta(days=60), "Komma i tid")], ansvar_datum=today - timedelta(days=60),
        mitt_ansvar="Jag lägger fram kläderna kvällen innan och tar bussen 06.45.",
        ame_ansvar="AME ringer handledaren varje fredag de första veckorna.",
        avstamning_datum=today - timedelta(days=30), avstamning="Jonas har kommit i tid nästan alla dagar.")
    second = first.continued(today - timedelta(days=30))
    second.id = _id(key, "u2")
    second.rader.append(UppfoljningRad(today - timedelta(days=30), "Arbeta självständigt med enklare uppdrag"))
    second.ansvar_datum = today - timedelta(days=30)
    place = workplace("fastighet")
    matchning = Matchning(
        participant_id=p.id, id=_id(key, "matchning"), datum=today - timedelta(days=98),
        beslut=MatchningBeslut.ARBETSTRANING, workplace_id=place.id,
        motivering=("Jonas är praktisk och har arbetat som vaktmästare. Ett fast arbetslag ger de rutiner "
                    "han behöver."),
        grundas_pa=_entry_ids(k, "Praktisk och händig", "God vilja", "Svårt att komma igång på morgonen"),
        egna_onskemal="Arbete utomhus, gärna med fastigheter.")
    training = Arbetstraning(
        participant_id=p.id, id=_id(key, "at"), datum=today - timedelta(days=90), till=today + timedelta(days=20),
        workplace_id=place.id, arbetsplats=place.arbetsplats, handledare=place.handledare,
        handledare_telefon=place.handledare_telefon, arbetsuppgifter=place.arbetsuppgifter,
        af_beslut_datum=today - timedelta(days=94), af_beslut_referens="Af 2041-77",
        schema=[SchemaSteg(today - timedelta(days=90), 50, 4.0), SchemaSteg(today - timedelta(days=45), 75, 6.0),
                SchemaSteg(today + timedelta(days=15), 100, 8.0)],
        anpassningar=[Anpassning("Start kl. 9 i stället för kl. 7 de första veckorna",
                                 "Fungerade bra; börjar nu kl. 8."),
                      Anpassning("Skriftligt dagsschema med dagens uppgifter",
                                 "Jonas använder det varje morgon."),
                      Anpassning("Samma handledare och arbetslag hela perioden")])
    follow_ups = [
        Uppfoljning(participant_id=p.id, id=_id(key, "f1"), datum=first.datum, arbetstraning_id=training.id,
                    utvecklingsplan_id=first.id, faktisk_procent=50, faktiska_timmar_per_dag=4.0,
                    narvarande="Jonas, Stefan Ahl (handledare), Johan Berg (Arbetsförmedlingen)",
                    hur_det_gar="Jonas kommer i tid och gör sina uppgifter noggrant.",
                    anpassningar="Inga nya behov.", deltagarens_syn="Jag trivs med arbetslaget.",
                    vagen_mot_arbete="Öka till 75 % som planerat.", nasta=second.datum),
        Uppfoljning(participant_id=p.id, id=_id(key, "f2"), datum=second.datum, arbetstraning_id=training.id,
                    utvecklingsplan_id=second.id, faktisk_procent=60, faktiska_timmar_per_dag=5.0,
                    narvarande="Jonas, Stefan Ahl (handledare)",
                    hur_det_gar="Sex timmar om dagen blev för mycket; Jonas arbetar fem timmar tills vidare.",
                    anpassningar="Kortare pass på fredagar.",
                    deltagarens_syn="Jag vill öka, men i min egen takt.",
                    vagen_mot_arbete="Stefan tror på en visstidsanställning till våren.", nasta=today),
    ]
    return ParticipantRecord(p, [k], planer=[plan], utvecklingsplaner=[first, second], matchningar=[matchning],
                             arbetstraningar=[training], uppfoljningar=follow_ups,
                             sjalvskattningar=_jonas_ratings(key, p.id, today, follow_ups))


def _jonas_ratings(key: str, pid: str, today: date, follow_ups) -> list[Sjalvskattning]:
    """Three självskattningar: at the plan, then at each follow-up; rising, work the most."""
    rows = {  # area: (own ratings at the three dates, the handläggare's view, the last comment)
        "kroppsfunktioner": ((6, 6, 7), (6, 7, 7), "Jag sover bättre nu."),
        "psykiska": ((3, 5, 6), (4, 5, 6), "Morgnarna går lättare med schemat."),
        "stress": ((4, 5, 5), (4, 5, 6), ""),
        "substans": ((8, 8, 8), (8, 8, 8), ""),
        "historik": ((5, 5, 6), (5, 5, 5), ""),
        "sociala": ((5, 6, 7), (5, 6, 6), "Arbetslaget är som ett gäng."),
        "arbete": ((3, 5, 7), (4, 5, 7), "Jag klarar fem timmar och vill öka."),
        "utbildning": ((4, 4, 5), (4, 4, 5), ""),
        "fritid": ((7, 7, 8), (7, 7, 7), "Fotbollen på torsdagar."),
        "natverk": ((4, 6, 6), (5, 6, 7), ""),
    }
    days = [today - timedelta(days=100), follow_ups[0].datum, follow_ups[1].datum]
    out = []
    for n, day in enumerate(days):
        r = Sjalvskattning(participant_id=pid, id=_id(key, "sjalvskattning", n), datum=day,
                           uppfoljning_id=follow_ups[n - 1].id if n else None)
        for area, (own, staff, words) in rows.items():
            rating = r.rating(area)
            rating.egen, rating.handlaggare = own[n], staff[n]
            rating.kommentar = words if n == len(days) - 1 else ""
        out.append(r)
    return out


def _viktor(today: date) -> ParticipantRecord:
    """Matched to studies instead of arbetsträning: the monthly follow-up goes on with
    Utvecklingsplaner while he studies (no arbetsträning)."""
    key = "viktor"
    p = _participant(key, "Viktor Lindholm", date(1993, 9, 14), 989,
                     adress="Tallbacken 6, 123 58 Exempelstad", mobil="073-999 00 11", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Gunilla Lindholm", "mamma", "073-999 00 12")],
                     referral=_af_referral(today, 120, -112, 68, ReferralForm.KARTLAGGNING, 100,
                                           "Vård och omsorg"),
                     consent=_consent(today, 112, without=("Hälso- och sjukvården",)))
    samtal = _samtal(key, today, [105, 98, 91, 84])
    k = _kartlaggning(key, p.id, samtal, {
        "utbildning": ("Hoppade av gymnasiet i årskurs två. Har läst in svenska och matematik på Komvux.",
                       [("Saknar gymnasieexamen", 1)], [("Klarade kurserna på Komvux med goda betyg", 1)]),
        "arbete": ("Har arbetat extra som personlig assistent åt en granne i två år.", [],
                   [("Tycker om att hjälpa människor", 2), ("Erfarenhet som personlig assistent", 2)]),
        "psykiska": ("Blir lätt stressad av prov, men har lärt sig planera.", [("Provångest", 3)],
                     [("Planerar veckan i en kalender", 3)]),
        "natverk": ("Mamma och en studievägledare på Komvux.", [], [("Stöttande mamma", 4)]),
    }, sammanstallning=Sammanstallning(
        text="Viktor har deltagit i fyra samtal.",
        bedomning="Motiverad för vård och omsorg; det som saknas är en utbildning.",
        ovriga_atgarder="Kontakt med studie- och yrkesvägledare.", signerad=today - timedelta(days=80)))
    plan = IndividuellPlan(
        participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer, adress=p.adress,
        upprattad=today - timedelta(days=70),
        kontakter=_contacts(arbetsmarknadshandlaggare=(HANDLAGGARE, HANDLAGGARE_TEL),
                            arbetsformedlingen=(AF_HANDLAGGARE, AF_TELEFON), syv=("Nadia Rahimi", "0123-45 90 30")),
        mal="Undersköterska inom två år.", delmal=["Börja på vård- och omsorgsutbildningen på Komvux."],
        ansvarsfordelning=[Ansvar("Söka utbildningen", p.namn, today - timedelta(days=60))],
        uppfoljning="Uppföljning en gång i månaden.", signerad=today - timedelta(days=70))
    matchning = Matchning(
        participant_id=p.id, id=_id(key, "matchning"), datum=today - timedelta(days=75),
        beslut=MatchningBeslut.UTBILDNING, utbildning="Vård- och omsorgsutbildning, Komvux Exempelstad",
        motivering="Viktor vill arbeta i vården och har klarat sina kurser på Komvux; en examen är det som saknas.",
        grundas_pa=_entry_ids(k, "Tycker om att hjälpa människor", "Klarade kurserna på Komvux med goda betyg",
                              "Saknar gymnasieexamen"),
        egna_onskemal="Studera på dagtid och arbeta extra som assistent.")
    u = Utvecklingsplan(participant_id=p.id, id=_id(key, "u1"), datum=today - timedelta(days=20),
                        utvecklingsomraden="Klara första kursen. Planera inför proven.",
                        rader=[UppfoljningRad(today - timedelta(days=20), "Studieteknik")],
                        ansvar_datum=today - timedelta(days=20),
                        mitt_ansvar="Jag läser två timmar varje kväll och frågar läraren tidigt.",
                        ame_ansvar="AME hjälper till att söka studiestöd.")
    follow = Uppfoljning(participant_id=p.id, id=_id(key, "f1"), datum=u.datum, utvecklingsplan_id=u.id,
                         narvarande="Viktor, Nadia Rahimi (studie- och yrkesvägledare)",
                         hur_det_gar="Viktor har börjat på utbildningen och trivs.",
                         deltagarens_syn="Det är mycket att läsa, men jag klarar det.",
                         vagen_mot_arbete="Praktik inom hemtjänsten ingår i utbildningen till våren.",
                         nasta=today + timedelta(days=10))
    return ParticipantRecord(p, [k], planer=[plan], utvecklingsplaner=[u], matchningar=[matchning],
                             uppfoljningar=[follow])


def _amina(today: date) -> ParticipantRecord:
    """Finished: arbetsträning in the school kitchen up to full time, Kompetenskort at avslut,
    and the avslut itself (closed with a slutdokumentation: ``AVSLUT`` below, which needs
    the vault to pre-fill it)."""
    key = "amina"
    p = _participant(key, "Amina Yusuf", date(1985, 12, 1), 987,
                     adress="Hagvägen 15, 123 55 Exempelstad", mobil="070-777 88 99", sprak="somaliska, svenska",
                     forsorjningsstod=True,
                     referral=_af_referral(today, 300, -292, -10, ReferralForm.ARBETSTRANING, 75, "Storkök"),
                     consent=_consent(today, 290))
    samtal = _samtal(key, today, [280, 273, 266])
    k = _kartlaggning(key, p.id, samtal, {
        "kroppsfunktioner": ("Frisk. Blir trött i fötterna efter långa pass stående.", [],
                             [("God fysik", 1)]),
        "sociala": ("Ensamstående med två barn i skolåldern. Bor nära Ängsskolan.",
                    [("Behöver hämta barnen kl. 16", 1)], [("Har ordnat fritids för barnen", 1)]),
        "utbildning": ("Sex år grundskola i Somalia. SFI kurs D klar, läser svenska på Komvux.",
                       [("Skriver svenska med viss svårighet", 2)], [("Har klarat SFI", 2)]),
        "fritid": ("Tycker om att laga mat till släkt och vänner.", [], [("Tycker om att laga mat", 1)]),
        "arbete": ("Har arbetat ideellt i föreningens kök.", [("Saknar arbetslivserfarenhet i Sverige", 2)],
                   [("Van vid att laga mat för många", 2)]),
    }, sammanstallning=Sammanstallning(
        text="Amina har deltagit i tre samtal.",
        bedomning="Goda förutsättningar för arbete i storkök; svenskan i skrift behöver stöd.",
        rehabiliteringsforslag="Arbetsträning i skolköket med gradvis ökning till heltid.",
        signerad=today - timedelta(days=250)))
    plan = IndividuellPlan(participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer,
                           adress=p.adress, upprattad=today - timedelta(days=240), mal="Arbete som köksbiträde.",
                           delmal=["Arbetsträna i skolköket.", "Ta hygienbevis."],
                           signerad=today - timedelta(days=240))
    first = Utvecklingsplan(participant_id=p.id, id=_id(key, "u0"), datum=today - timedelta(days=180),
                            utvecklingsomraden="Lära sig diskmaskinen och köksrutinerna.",
                            rader=[UppfoljningRad(today - timedelta(days=180), "Köksrutinerna")],
                            ansvar_datum=today - timedelta(days=180),
                            mitt_ansvar="Jag frågar Per när jag är osäker.",
                            ame_ansvar="AME sätter upp bilder vid diskmaskinen tillsammans med Per.",
                            avstamning="Amina sköter disken själv.", avstamning_datum=today - timedelta(days=150))
    follow = Utvecklingsplan(participant_id=p.id, id=_id(key, "u1"), datum=today - timedelta(days=150),
                             utvecklingsomraden="Arbeta snabbare vid lunchrusningen.",
                             mitt_ansvar="Jag förbereder grönsakerna innan klockan tio.",
                             ame_ansvar="AME ordnar en kurs i livsmedelshygien.",
                             avstamning="Går mycket bättre.", avstamning_datum=today - timedelta(days=120))
    place = workplace("skolkok")
    matchning = Matchning(
        participant_id=p.id, id=_id(key, "matchning"), datum=today - timedelta(days=235),
        beslut=MatchningBeslut.ARBETSTRANING, workplace_id=place.id,
        motivering="Amina är van vid att laga mat för många och vill arbeta i kök. Skolköket ligger nära hemmet.",
        grundas_pa=_entry_ids(k, "Van vid att laga mat för många", "Tycker om att laga mat",
                              "Saknar arbetslivserfarenhet i Sverige"),
        egna_onskemal="Ett kök, dagtid, så att jag kan hämta barnen.")
    training = Arbetstraning(
        participant_id=p.id, id=_id(key, "at"), datum=today - timedelta(days=220), till=today - timedelta(days=10),
        workplace_id=place.id, arbetsplats=place.arbetsplats, handledare=place.handledare,
        handledare_telefon=place.handledare_telefon, arbetsuppgifter=place.arbetsuppgifter,
        af_beslut_datum=today - timedelta(days=225), af_beslut_referens="Af 1987-12",
        schema=[SchemaSteg(today - timedelta(days=220), 25, 2.0), SchemaSteg(today - timedelta(days=190), 50, 4.0),
                SchemaSteg(today - timedelta(days=160), 75, 6.0), SchemaSteg(today - timedelta(days=100), 100, 8.0)],
        anpassningar=[Anpassning("Arbetsdagen slutar kl. 15.30, så att Amina hinner hämta barnen",
                                 "Fungerade hela perioden."),
                      Anpassning("Bilder vid diskmaskinen som visar rutinerna",
                                 "Behövdes de första månaderna, sedan inte längre."),
                      Anpassning("Stödstrumpor och en matta vid diskbänken", "Mindre trötta fötter.")])
    follow_ups = [
        Uppfoljning(participant_id=p.id, id=_id(key, "f1"), datum=first.datum, arbetstraning_id=training.id,
                    utvecklingsplan_id=first.id, faktisk_procent=50, faktiska_timmar_per_dag=4.0,
                    narvarande="Amina, Per Holm (handledare), Johan Berg (Arbetsförmedlingen)",
                    hur_det_gar="Amina lär sig snabbt och är omtyckt i köket.",
                    anpassningar="Bilderna vid diskmaskinen hjälper.", deltagarens_syn="Jag får bra hjälp av Per.",
                    vagen_mot_arbete="Öka till 75 % nästa månad.", nasta=follow.datum),
        Uppfoljning(participant_id=p.id, id=_id(key, "f2"), datum=follow.datum, arbetstraning_id=training.id,
                    utvecklingsplan_id=follow.id, faktisk_procent=50, faktiska_timmar_per_dag=4.0,
                    narvarande="Amina, Per Holm (handledare)",
                    hur_det_gar="Lunchrusningen är stressig; Amina stannar på 50 % en månad till.",
                    anpassningar="Inga nya.", deltagarens_syn="Jag vill bli snabbare först.",
                    vagen_mot_arbete="Skolköket behöver ett köksbiträde till hösten.",
                    nasta=today - timedelta(days=120)),
    ]
    ratings = dict(narvaro=(5, "Alltid i tid."), motivation=(5, "Tar egna initiativ."),
                   samarbete=(4, "Omtyckt av kollegorna."), noggrannhet=(4, "Följer hygienrutinerna."),
                   ansvar=(4, "Sköter diskrummet självständigt."), instruktioner=(3, "Vill gärna få dem visade."))
    card = Kompetenskort(
        participant_id=p.id, id=_id(key, "kk"), namn=p.namn, personnummer=p.personnummer, adress=p.adress,
        arbetsplats="Skolköket Ängsskolan, Exempelstad", kontaktperson="Per Holm", telefon="0123-45 71 00",
        beskrivning="Tillagningskök för 400 portioner. Disk, förberedelser och servering.",
        betyg=[Rating(key_, *ratings[key_]) for key_, _sv, _en in COMPETENCE_PROPERTIES],
        kompetenser="Livsmedelshygien, disk och servering i storkök.", utvecklingsomrade="Svenska i skrift.",
        datum=today - timedelta(days=14), kontaktperson_underskrift="Per Holm")
    return ParticipantRecord(p, [k], planer=[plan], utvecklingsplaner=[first, follow], kompetenskort=[card],
                             matchningar=[matchning], arbetstraningar=[training], uppfoljningar=follow_ups)


# The avslut of the demo, closed through ``services.method`` once the record is in the vault
# (``save_demo``): participant key -> (days ago, the outcome, the slutdokumentation's sections
# that ``services.method.new_avslut`` cannot pre-fill from the vault).
AVSLUT = {
    "amina": (10, dict(utfall=Utfall.ARBETE, anstallningsform="Nystartsjobb som köksbiträde, 75 %",
                       subventionerad=True, kommentar="Anställs av skolköket från och med nästa månad."), {
        "halsotillstand": "Frisk. Trött i fötterna efter långa pass, bättre med stödstrumpor.",
        "skulder": "Inga skulder.",
        "behov_av_handledning": "Behövde handledning de första månaderna, sedan bara vid nya uppgifter.",
        "handledarens_beskrivning": "Amina är en tillgång i köket och har lärt sig alla stationer. /Per Holm",
    }),
}


_PEOPLE = (("lukasz", _lukasz), ("erik", _erik), ("huong", _huong), ("sara", _sara), ("mehmet", _mehmet),
           ("asa", _asa), ("viktor", _viktor), ("jonas", _jonas), ("amina", _amina))


def demo_records(today: date | None = None) -> list[ParticipantRecord]:
    """Nine fictional participants, one or more at every stage of the method (the avslut
    aside: ``save_demo`` closes it in the vault)."""
    today = today or date.today()
    return [build(today) for _key, build in _PEOPLE]


def save_demo(repo, today: date | None = None, settings: bool = False) -> tuple[int, int]:
    """Put the demo into a vault, in one transaction: the workplace register (the ones not
    there yet), the participants not there yet (by id or personnummer) and, for those added,
    their avslut — pre-filled from the vault (``services.method.new_avslut``), the rest filled
    in, closed through ``services.method.close`` (audited). ``settings``: a vault made for the
    demo, so also the letterhead and the handläggare's own name where the vault has none.
    Returns (added, skipped)."""
    from .models.unit import UnitHeader
    from .services import method
    from .storage import prints as pr

    today = today or date.today()
    added = skipped = 0
    with repo.vault.transaction():
        for w in demo_workplaces():
            if repo.workplace(w.id) is None:
                repo.save_workplace(w)
        if settings:
            if not pr.has_unit_header(repo):
                pr.save_unit_header(repo, UnitHeader(kommun=KOMMUN, adress=UNIT_ADDRESS))
            if not pr.load_handlaggare(repo).namn.strip():
                pr.save_handlaggare(repo, pr.Handlaggare(HANDLAGGARE, HANDLAGGARE_TEL))
        for key, build in _PEOPLE:
            record = build(today)
            p = record.participant
            if repo.id_for_personnummer(p.personnummer) or repo.owners_of_ids([p.id]):
                skipped += 1
                continue
            repo.save_record(record)
            added += 1
            if key in AVSLUT:
                ago, outcome, texts = AVSLUT[key]
                a = method.new_avslut(repo, p.id, today - timedelta(days=ago))
                a.id = _id(key, "avslut")
                for name, value in outcome.items():
                    setattr(a, name, value)
                for name, text in texts.items():
                    if not a.slutdokumentation[name].strip():
                        a.slutdokumentation[name] = text
                method.close(repo, a)
    return added, skipped


# ---- generated people for benchmarks and scale tests ----------------------------------

_FIRST = ("Anna", "Ali", "Emma", "Omar", "Lina", "Johan", "Sofia", "Yusuf", "Maja", "Nils", "Fatima", "Oskar",
          "Elin", "Hassan", "Ida", "Karl", "Leyla", "Mats", "Noor", "Petra")
_LAST = ("Andersson", "Berg", "Çelik", "Dahl", "Ek", "Forsberg", "Hassan", "Holm", "Karlsson", "Lund",
         "Mohammed", "Nyström", "Öberg", "Persson", "Sandberg", "Wróbel", "Åberg", "Nguyen", "Ali", "Strand")
_PHRASES = ("Har ont i ryggen efter långa pass.", "Sover dåligt i perioder.", "Lång tid utan arbete.",
            "Erfarenhet som lagerarbetare.", "Tycker om att laga mat.", "God vilja och gott humör.",
            "Behöver tydliga instruktioner.", "Har körkort B.", "Stöttande familj.", "Talar tre språk.",
            "Blir stressad av tidspress.", "Tränar på gym två gånger i veckan.", "Oro för ekonomin.",
            "Har arbetat i butik.", "Vill arbeta med människor.", "Går på SFI.")


def _generated_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def bulk_records(n: int, samtal_per_participant: int = 5, seed: int = 1,
                 today: date | None = None) -> Iterator[ParticipantRecord]:
    """``n`` valid, fully filled records; the same arguments give the same records."""
    today = today or date(2026, 1, 15)
    rng = random.Random(seed)
    samtal_per_participant = max(1, min(samtal_per_participant, 20))
    for i in range(n):
        birth = date(1940, 1, 1) + timedelta(days=i // 20)
        p = Participant(namn=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        personnummer=make_test_number(birth, 980 + i % 20), id=_generated_id(rng),
                        adress=f"Provgatan {i % 200 + 1}, 123 45 Exempelstad", mobil=f"070-{i % 1000:03d} 00 00",
                        forsorjningsstod=bool(i % 2),
                        referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, omfattning_procent=50),
                        consent=Consent(signed=today - timedelta(days=100)))
        start = today - timedelta(days=90 + i % 60)
        samtal = [Samtal(datum=start + timedelta(days=7 * s), id=_generated_id(rng), start=time(9, 0),
                         slut=time(9, 55), anteckning=rng.choice(_PHRASES))
                  for s in range(samtal_per_participant)]
        k = Kartlaggning(participant_id=p.id, id=_generated_id(rng), datum=start, samtal=samtal)
        for area in AREA_KEYS:
            def entry(_kind):
                return GridEntry(rng.choice(_PHRASES), _generated_id(rng), rng.choice(samtal).id)
            k.areas[area] = AreaRecord(area, " ".join(rng.sample(_PHRASES, 3)),
                                       [entry("h") for _ in range(rng.randint(0, 2))],
                                       [entry("r") for _ in range(rng.randint(1, 2))])
        k.motivation = Motivationskors(mal=rng.choice(_PHRASES), stage=Stage.FORBEREDELSE,
                                       viktighet=rng.randint(0, 10), tilltro=rng.randint(0, 10))
        k.sammanstallning = Sammanstallning(text=" ".join(rng.sample(_PHRASES, 6)))
        planer = []
        if i % 2 == 0:
            planer.append(IndividuellPlan(participant_id=p.id, id=_generated_id(rng), namn=p.namn,
                                          personnummer=p.personnummer, upprattad=today - timedelta(days=20),
                                          mal=rng.choice(_PHRASES), delmal=rng.sample(_PHRASES, 3)))
        yield ParticipantRecord(p, [k], planer=planer)
