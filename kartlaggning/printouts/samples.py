"""Fictional, fully filled documents for previews, docs and tests.

Everyone here is made up; the personnummer is the Skatteverket test number
19121212-1212 (valid check digit, not a real person).
"""
from __future__ import annotations

from datetime import date, time

from ..models.kartlaggning import (AreaRecord, GridEntry, Kartlaggning, Motivationskors, Samtal,
                                   Sammanstallning, Stage)
from ..models.participant import Consent, Contact, Participant, Referral, ReferralForm
from ..models.plans import (Ansvar, IndividuellPlan, Kompetenskort, PlanContact, Rating,
                            UppfoljningRad, Utvecklingsplan)
from .meta import PrintInfo, UnitHeader

TEST_PNR = "191212121212"
HANDLAGGARE = "Maria Lindqvist"


def sample_header(logo_png: bytes | None = None) -> UnitHeader:
    return UnitHeader(kommun="Exempelstads kommun", forvaltning="Utbildning och arbete",
                      enhet="Arbetsmarknadsenheten",
                      adress="Storgatan 12, 123 45 Exempelstad\nTelefon 0123-45 67 00",
                      logo_png=logo_png)


def sample_info(version: int = 3) -> PrintInfo:
    return PrintInfo(version=version, printed=date(2026, 11, 22))


def sample_participant() -> Participant:
    return Participant(
        namn="Åsa Öberg", personnummer=TEST_PNR, id="p-1",
        adress="Björkvägen 7 lgh 1102, 123 47 Exempelstad",
        telefon="0123-12 34 56", mobil="070-123 45 67", epost="asa.oberg@example.se",
        kontaktpersoner=[Contact("Karin Öberg", "syster", "070-765 43 21"),
                         Contact("Ahmed Yilmaz", "god man", "0123-98 76 54")],
    )


def sample_kartlaggning() -> Kartlaggning:
    s1 = Samtal(datum=date(2026, 10, 6), id="s1", start=time(9, 0), slut=time(9, 55))
    s2 = Samtal(datum=date(2026, 10, 13), id="s2", start=time(9, 0), slut=time(9, 50), tolk_narvarande=True,
                tolk_sprak="finska")
    s3 = Samtal(datum=date(2026, 10, 20), id="s3", start=time(13, 30), slut=time(14, 20))
    k = Kartlaggning(participant_id="p-1", id="k-1", datum=date(2026, 10, 6), samtal=[s1, s2, s3])

    def area(key, fakta, hinder=(), resurser=()):
        k.areas[key] = AreaRecord(key, fakta,
                                  [GridEntry(t, id=f"{key}-h{i}", samtal_id=s) for i, (t, s) in enumerate(hinder)],
                                  [GridEntry(t, id=f"{key}-r{i}", samtal_id=s) for i, (t, s) in enumerate(resurser)])

    area("kroppsfunktioner",
         "Ryggbesvär sedan en arbetsskada 2019. Går till fysioterapeut varannan vecka. "
         "Sover dåligt när värken är svår.",
         [("Kan inte lyfta mer än ca 5 kg", "s1"), ("Svårt att stå stilla länge", "s1")],
         [("Tränar regelbundet med stöd av fysioterapeut", "s1"), ("Promenerar varje dag", "s2")])
    area("psykiska",
         "Beskriver perioder av nedstämdhet under vintern. Har haft samtalskontakt på vårdcentralen.",
         [("Orkar mindre under mörka månader", "s2")],
         [("Vet vad som hjälper: rutiner och att träffa folk", "s2")])
    area("stress",
         "Blir stressad av tidspress och många instruktioner på en gång. Märks som huvudvärk.",
         [("Tidspress ger huvudvärk", "s2")], [("Skriver listor och tar en sak i taget", "s3")])
    area("substans",
         "Tar smärtstillande vid behov. Röker inte sedan 2022. Dricker sällan alkohol.",
         [("Smärtstillande gör henne trött på förmiddagen", "s2")],
         [("Slutade röka på egen hand", "s2")])
    area("historik",
         "Arbetade tolv år i storkök innan arbetsskadan. Flyttade till Exempelstad 2021.",
         [], [("Lång och stabil arbetslivserfarenhet", "s1")])
    area("sociala",
         "Bor ensam i hyreslägenhet. Nära kontakt med sin syster. Har försörjningsstöd sedan 2023.",
         [("Ekonomin är ansträngd", "s1")], [("Systern stöttar och följer med på möten", "s1")])
    area("arbete",
         "Storkök (12 år), kassa i livsmedelsbutik (2 år). Vill arbeta med människor, gärna i kafé eller reception.",
         [("Tunga lyft i köksarbete går inte längre", "s3")],
         [("Van vid att arbeta i team och under ansvar", "s3"), ("Har hygienutbildning", "s3")])
    area("utbildning",
         "Grundskola och restaurangprogram på gymnasiet. Körkort B.",
         [("Osäker på datorer", "s3")], [("Körkort B", "s3")])
    area("fritid", "Sjunger i kör, bakar.", [], [("Kören ger gemenskap och struktur", "s3")])
    area("natverk",
         "Socialsekreterare Erik Holm, arbetsförmedlare Johan Berg, fysioterapeut på vårdcentralen.",
         [], [("Kontaktpersonerna drar åt samma håll", "s3")])
    k.motivation = Motivationskors(
        mal="Jag vill ha ett arbete på halvtid inom ett år, gärna i ett kafé, och sedan öka.",
        mindre_bra_for_mig="Rädd att ryggen inte håller. Mindre tid för träningen.",
        bra_for_mig="Egen lön, komma ut bland folk, känna mig behövd.",
        mindre_bra_for_omgivningen="Systern får hjälpa mindre till med mina ärenden på dagtid.",
        bra_for_omgivningen="Systern slipper oroa sig. Jag kan hjälpa mina syskonbarn mer.",
        stage=Stage.FORBEREDELSE,
        egna_ord="”Jag har suttit hemma för länge. Jag vill tillbaka till ett sammanhang.”",
        viktighet=8, tilltro=5)
    k.atgarder_innan_plan = ("Läkarintyg om lyftbegränsning begärs från vårdcentralen.\n"
                             "Studiebesök på kafé i Träffpunkten innan planen skrivs.")
    k.sammanstallning = Sammanstallning(
        text=("Åsa har deltagit i tre kartläggningssamtal under oktober 2026, ett av dem med tolk "
              "på plats. Hon har lång erfarenhet av storkök och är van vid att arbeta i team. "
              "Sedan en arbetsskada 2019 har hon ryggbesvär som gör tunga lyft omöjliga.\n\n"
              "Hon beskriver själv att rutiner och att träffa människor gör henne starkare, och att "
              "tidspress och många instruktioner samtidigt ger huvudvärk."),
        bedomning=("Åsas resurser – erfarenhet, ansvarstagande och en stöttande syster – väger tungt. "
                   "Hindren gäller främst fysisk belastning och stress, och bedöms kunna hanteras "
                   "med anpassningar."),
        rehabiliteringsforslag="Arbetsträning 25 % i kafé med gradvis ökning till 50 % efter tre månader.",
        ovriga_atgarder="Kontakt med vårdcentralen om smärtlindring. Datorkurs på Komvux.",
        deltagarens_kommentar="Jag känner igen mig. Jag vill börja på förmiddagar.",
        genomgangen=date(2026, 10, 27), signerad=date(2026, 10, 27))
    return k


def sample_plan() -> IndividuellPlan:
    kontakter = [PlanContact("arbetsmarknadshandlaggare", HANDLAGGARE, "0123-45 67 10"),
                 PlanContact("forsorjningsstod", "Erik Holm", "0123-45 68 20"),
                 PlanContact("arbetsformedlingen", "Johan Berg", "0123-45 00 90"),
                 PlanContact("syv", "Leila Haddad", "0123-45 69 30"),
                 PlanContact("ovrig1", "Sofia Nilsson, fysioterapeut", "0123-11 22 33"),
                 PlanContact("ovrig2", "", "")]
    return IndividuellPlan(
        participant_id="p-1", id="plan-1", namn="Åsa Öberg", personnummer=TEST_PNR,
        adress="Björkvägen 7 lgh 1102, 123 47 Exempelstad", upprattad=date(2026, 11, 3),
        kontakter=kontakter,
        mal="Jag ska ha ett arbete på minst halvtid i kafé eller reception senast i december 2027.",
        delmal=["Börja arbetsträna 25 % på Träffpunktens kafé i november.",
                "Öka till 50 % när ryggen klarar det, senast i februari.",
                "Gå datorkursen på Komvux under våren.",
                "Ta fram ett CV tillsammans med studie- och yrkesvägledaren."],
        ansvarsfordelning=[
            Ansvar("Ordna arbetsträningsplats på Träffpunktens kafé", HANDLAGGARE, date(2026, 11, 10)),
            Ansvar("Anmäla till datorkurs på Komvux", "Leila Haddad", date(2026, 12, 1)),
            Ansvar("Begära läkarintyg om lyftbegränsning", "Åsa Öberg", date(2026, 11, 17)),
            Ansvar("Besluta om förstärkt arbetsträning", "Johan Berg", date(2026, 11, 24))],
        uppfoljning="Uppföljning en gång i månaden med handledaren på arbetsplatsen. "
                    "Nästa trepartsmöte i februari 2027.",
    )


def sample_utvecklingsplan() -> Utvecklingsplan:
    return Utvecklingsplan(
        participant_id="p-1", id="u-1", datum=date(2026, 12, 8),
        utvecklingsomraden="Komma i tid varje dag. Våga fråga när något är oklart. Orka hela passet.",
        rader=[UppfoljningRad(date(2026, 12, 8), "Komma i tid och meddela frånvaro före kl. 8"),
               UppfoljningRad(date(2027, 1, 12), "Fråga handledaren när en instruktion är oklar")],
        ansvar_datum=date(2026, 12, 8),
        mitt_ansvar="Jag ställer två väckarklockor och tar bussen 07.12. Jag skriver upp frågor "
                    "i ett block och tar dem med handledaren efter lunch.",
        ame_ansvar="AME ser till att handledaren har tid för frågor efter lunch och att "
                   "arbetsuppgifterna inte kräver tunga lyft. Handläggaren ringer en gång i veckan.",
        avstamning_datum=date(2027, 1, 12),
        avstamning="Åsa har kommit i tid alla dagar utom en, då hon ringde innan. Frågorna efter "
                   "lunch fungerar bra.")


def sample_kompetenskort() -> Kompetenskort:
    betyg = [Rating("narvaro", 5, "Alltid i tid, meddelar frånvaro."),
             Rating("motivation", 4, "Tar egna initiativ i kaféet."),
             Rating("samarbete", 4, "Omtyckt av kollegor och gäster."),
             Rating("noggrannhet", 3, "Behöver påminnelse om dagliga checklistor."),
             Rating("ansvar", 4, "Sköter kassan självständigt."),
             Rating("instruktioner", 3, "Förstår muntliga instruktioner bäst när de visas.")]
    return Kompetenskort(
        participant_id="p-1", id="kk-1", namn="Åsa Öberg", personnummer=TEST_PNR,
        adress="Björkvägen 7 lgh 1102, 123 47 Exempelstad",
        arbetsplats="Träffpunktens kafé, Kyrkogatan 3, Exempelstad",
        kontaktperson="Pia Sandberg", telefon="0123-45 70 40",
        beskrivning="Kafé med lunchservering för 40 gäster. Åsa har arbetat med disk, "
                    "servering, kassa och bakning av kaffebröd, fyra förmiddagar i veckan.",
        betyg=betyg,
        kompetenser="Van vid livsmedelshygien och kassahantering. Lugn och vänlig i mötet med gäster.",
        utvecklingsomrade="Datorvana (beställningar i kassasystemet). Lyft och arbetsställning.",
        datum=date(2027, 5, 28), kontaktperson_underskrift="Pia Sandberg")


def sample_referral() -> Referral:
    """Bilaga 1 as Arbetsförmedlingen filled it in for the sample participant."""
    return Referral(
        datum=date(2026, 9, 21), received=date(2026, 9, 23), af_handlaggare="Johan Berg",
        af_telefon="010-486 12 34", form=ReferralForm.ARBETSLIVSINRIKTAD_REHABILITERING,
        period_from=date(2026, 10, 5), period_to=date(2027, 4, 2), omfattning_procent=50,
        yrkesomrade="Kafé, restaurang eller reception",
        ersattning="Särskild ersättning enligt avtal med Arbetsförmedlingen",
        ersattning_from=date(2026, 10, 5), ersattning_to=date(2027, 4, 2),
        tolkbehov=False, forsorjningsstod=True)


def sample_consent(withdrawn: bool = False) -> Consent:
    """The sample participant's consent (with all five parties but healthcare);
    ``withdrawn``: withdrawn in February, her socialsekreterare told."""
    consent = Consent(signed=date(2026, 10, 6), giltig_till=date(2027, 10, 5),
                      parties=["Arbetsförmedlingen", "Försäkringskassan", "Socialtjänsten",
                               "Arbetsmarknadsenheten"])
    if withdrawn:
        consent.withdrawn = date(2027, 2, 15)
        consent.withdrawn_note = "Socialsekreterare Erik Holm och arbetsförmedlare Johan Berg, per telefon"
    return consent
