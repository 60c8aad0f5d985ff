"""Fictional participants for trying the app, screenshots and scale tests.

Everyone here is made up. Personnummer are test numbers only: made-up birth
dates with serials 980-999 (``make_test_number``). The hand-written people are
born 1970-1999; ``bulk_records`` uses birth dates from 1940 on, 20 per day, so
the two never collide below 200,000 generated participants.
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
from .models.participant import CaseSource, ReferralForm
from .models.personnummer import make_test_number
from .models.plans import COMPETENCE_PROPERTIES, PLAN_CONTACT_ROLES

_NAMESPACE = uuid.UUID("6f1d0c52-3b7e-4c55-9a61-0d6e8f0b7a10")
HANDLAGGARE = "Maria Lindqvist"
HANDLAGGARE_TEL = "0123-45 67 10"


def _id(*parts) -> str:
    """A stable id, so running ``demo`` twice finds the same people."""
    return uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)).hex


# ---- building blocks --------------------------------------------------------------

def _samtal(key: str, today: date, days_ago: list[int], tolk: bool = False, running_last: bool = False,
            notes: tuple[str, ...] = ()) -> list[Samtal]:
    out = []
    for n, ago in enumerate(days_ago, 1):
        start = time(9, 0) if n % 2 else time(13, 30)
        slut = time(start.hour, 50) if start.minute == 0 else time(start.hour + 1, 20)
        running = running_last and n == len(days_ago)
        out.append(Samtal(datum=today - timedelta(days=ago), id=_id(key, "samtal", n), start=start,
                          slut=None if running else slut, tidsram_minuter=60 if n > 1 else 50,
                          tolk_narvarande=tolk, anteckning=notes[n - 1] if n <= len(notes) else ""))
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


# ---- the hand-written people ------------------------------------------------------

def _lukasz(today: date) -> ParticipantRecord:
    """New: referred by Arbetsförmedlingen, consent signed, first samtal booked."""
    p = _participant("lukasz", "Łukasz Wróbel", date(1979, 3, 14), 981,
                     adress="Lindvägen 4 B, 123 52 Exempelstad", mobil="073-111 22 33",
                     epost="lukasz.wrobel@example.se", sprak="polska, svenska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Magda Wróbel", "fru", "073-111 22 34")],
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=9),
                                       af_handlaggare="Johan Berg", af_telefon="0123-45 00 90",
                                       form=ReferralForm.KARTLAGGNING, period_from=today - timedelta(days=2),
                                       period_to=today + timedelta(days=88), omfattning_procent=50,
                                       yrkesomrade="Lager och logistik", tolkbehov=False, forsorjningsstod=True),
                     consent=Consent(signed=today - timedelta(days=2)))
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
    """Kartläggning in progress: two samtal with tolk, samordningsnummer, part of the grid."""
    key = "huong"
    p = _participant(key, "Đặng Thị Hương", date(1988, 11, 23), 983, samordning=True,
                     adress="Solrosgatan 9, 123 44 Exempelstad", mobil="076-333 44 55", tolkbehov=True,
                     sprak="vietnamesiska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Nguyễn Văn Minh", "make", "076-333 44 56")],
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=30),
                                       af_handlaggare="Johan Berg", af_telefon="0123-45 00 90",
                                       form=ReferralForm.ARBETSTRANING, omfattning_procent=50,
                                       yrkesomrade="Städ, restaurang", tolkbehov=True, forsorjningsstod=True),
                     consent=Consent(signed=today - timedelta(days=21)))
    samtal = _samtal(key, today, [14, 7], tolk=True,
                     notes=("Tolk på telefon. Vi pratade om hälsa och familj.",
                            "Tolk på plats. Hương berättade om sitt arbete i Vietnam."))
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
    """Kartläggning just begun: the first samtal is running today."""
    key = "sara"
    p = _participant(key, "Sara Lindgren", date(1999, 4, 21), 988,
                     adress="Granstigen 2, 123 49 Exempelstad", mobil="070-888 99 00", forsorjningsstod=True,
                     referral=Referral(source=CaseSource.SOCIALTJANSTEN, received=today - timedelta(days=20),
                                       socialsekreterare="Lena Ek", socialsekreterare_telefon="0123-45 68 25"),
                     consent=Consent(signed=today - timedelta(days=12)))
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
    """Sammanställning read through and signed; matchning is next."""
    key = "mehmet"
    p = _participant(key, "Mehmet Çelik", date(1971, 5, 30), 984,
                     adress="Ekbacken 12, 123 60 Exempelstad", telefon="0123-22 33 44", mobil="070-444 55 66",
                     sprak="turkiska, svenska", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Ayşe Çelik", "fru", "070-444 55 67")],
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=60),
                                       af_handlaggare="Johan Berg", af_telefon="0123-45 00 90",
                                       form=ReferralForm.FORSTARKT_FORDJUPAD, omfattning_procent=50,
                                       yrkesomrade="Lager, verkstad", tolkbehov=False, forsorjningsstod=True),
                     consent=Consent(signed=today - timedelta(days=50)))
    return ParticipantRecord(p, [_mehmet_kartlaggning(key, p.id, today, [42, 35, 28, 21])])


def _asa(today: date) -> ParticipantRecord:
    """Individuell plan mot arbete signed by all three."""
    key = "asa"
    p = _participant(key, "Åsa Öberg", date(1983, 2, 17), 985,
                     adress="Björkvägen 7 lgh 1102, 123 47 Exempelstad", mobil="070-123 45 67",
                     epost="asa.oberg@example.se", forsorjningsstod=True,
                     kontaktpersoner=[Contact("Karin Öberg", "syster", "070-765 43 21")],
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=90),
                                       af_handlaggare="Johan Berg", af_telefon="0123-45 00 90",
                                       form=ReferralForm.FORSTARKT_ARBETSTRANING, omfattning_procent=25,
                                       yrkesomrade="Kafé, reception", tolkbehov=False, forsorjningsstod=True),
                     consent=Consent(signed=today - timedelta(days=80)))
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
    return ParticipantRecord(p, [k], planer=[plan])


def _jonas(today: date) -> ParticipantRecord:
    """Arbetsträning with monthly follow-up: two Utvecklingsplaner."""
    key = "jonas"
    p = _participant(key, "Jonas Müller", date(1990, 7, 9), 986,
                     adress="Kvarngatan 3, 123 41 Exempelstad", mobil="072-555 66 77", forsorjningsstod=False,
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=150),
                                       af_handlaggare="Johan Berg", af_telefon="0123-45 00 90",
                                       form=ReferralForm.ARBETSTRANING, omfattning_procent=50,
                                       yrkesomrade="Fastighetsskötsel", tolkbehov=False, forsorjningsstod=False),
                     consent=Consent(signed=today - timedelta(days=140)))
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
    return ParticipantRecord(p, [k], planer=[plan], utvecklingsplaner=[first, second])


def _amina(today: date) -> ParticipantRecord:
    """Finished: Kompetenskort written at avslut."""
    key = "amina"
    p = _participant(key, "Amina Yusuf", date(1985, 12, 1), 987,
                     adress="Hagvägen 15, 123 55 Exempelstad", mobil="070-777 88 99", sprak="somaliska, svenska",
                     forsorjningsstod=True,
                     referral=Referral(source=CaseSource.ARBETSFORMEDLINGEN, received=today - timedelta(days=300),
                                       af_handlaggare="Johan Berg", form=ReferralForm.ARBETSTRANING,
                                       omfattning_procent=75, yrkesomrade="Storkök"),
                     consent=Consent(signed=today - timedelta(days=290)))
    samtal = _samtal(key, today, [280, 273, 266])
    k = _kartlaggning(key, p.id, samtal, {
        "fritid": ("Tycker om att laga mat till släkt och vänner.", [], [("Tycker om att laga mat", 1)]),
        "arbete": ("Har arbetat ideellt i föreningens kök.", [("Saknar arbetslivserfarenhet i Sverige", 2)],
                   [("Van vid att laga mat för många", 2)]),
    }, sammanstallning=Sammanstallning(text="Amina har deltagit i tre samtal.", signerad=today - timedelta(days=250)))
    plan = IndividuellPlan(participant_id=p.id, id=_id(key, "plan"), namn=p.namn, personnummer=p.personnummer,
                           adress=p.adress, upprattad=today - timedelta(days=240), mal="Arbete som köksbiträde.",
                           delmal=["Arbetsträna i skolköket.", "Ta hygienbevis."],
                           signerad=today - timedelta(days=240))
    follow = Utvecklingsplan(participant_id=p.id, id=_id(key, "u1"), datum=today - timedelta(days=150),
                             utvecklingsomraden="Arbeta snabbare vid lunchrusningen.",
                             mitt_ansvar="Jag förbereder grönsakerna innan klockan tio.",
                             ame_ansvar="AME ordnar en kurs i livsmedelshygien.",
                             avstamning="Går mycket bättre.", avstamning_datum=today - timedelta(days=120))
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
    return ParticipantRecord(p, [k], planer=[plan], utvecklingsplaner=[follow], kompetenskort=[card])


def demo_records(today: date | None = None) -> list[ParticipantRecord]:
    """Eight fictional participants, one or more at every stage of the method."""
    today = today or date.today()
    return [build(today) for build in (_lukasz, _erik, _huong, _sara, _mehmet, _asa, _jonas, _amina)]


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
