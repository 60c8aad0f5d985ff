"""The twelve areas of the Kartläggningsmall, in the form's order.

Titles are the names printed on the paper form (kept in Swedish on printouts);
explanations and open questions are written in our own words.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_

INDIVID = "individ"
OMGIVNING = "omgivning"


@dataclass(frozen=True)
class Area:
    key: str
    group: str
    form_title: str  # name printed on the Swedish paper form
    title: str  # UI name (English msgid; the Swedish catalogue gives the form name)
    explanation: str
    questions: tuple[str, ...]


AREAS: tuple[Area, ...] = (
    Area("kroppsfunktioner", INDIVID, "Kroppsfunktioner", N_("Body functions"),
         N_("Physical health, bodily complaints and how you look after your body."),
         (N_("How is your health at the moment?"),
          N_("Is there anything in your body that makes some tasks hard?"),
          N_("What do you do to feel well physically?"))),
    Area("psykiska", INDIVID, "Psykiska funktioner", N_("Mental functions"),
         N_("Mental health, crises, general well-being and personality as it bears on work."),
         (N_("How have you been feeling lately?"),
          N_("What helps you when things feel heavy?"),
          N_("How would people who know you describe you?"))),
    Area("stress", INDIVID, "Stressreaktioner/Psykosomatik", N_("Stress reactions/Psychosomatics"),
         N_("When stress arises, what triggers it and how it shows."),
         (N_("In which situations do you feel stressed?"),
          N_("How do you notice that you are stressed?"),
          N_("What do you do to calm down?"))),
    Area("substans", INDIVID, "Substansintag", N_("Substance intake"),
         N_("Everything taken into the body: food, medication, alcohol, tobacco, drugs; use as well as misuse."),
         (N_("What do your eating and sleeping habits look like?"),
          N_("Do you take any medication, and how does it affect you?"),
          N_("How do alcohol, tobacco or other substances fit into your life?"))),
    Area("historik", INDIVID, "Historik", N_("History"),
         N_("Events that matter for today's situation; the participant decides what matters."),
         (N_("What has happened in your life that matters for where you are today?"),
          N_("What are you proud of having managed?"))),
    Area("individ_ovrigt", INDIVID, "Övrigt", N_("Other"),
         N_("Anything else about the person that bears on work."),
         (N_("Is there anything else about you that we have not talked about?"),)),
    Area("sociala", OMGIVNING, "Sociala förhållanden", N_("Social circumstances"),
         N_("Upbringing, family, friends, housing, economy, language, religion, view of health; how a job would change the family economy."),
         (N_("Who are the important people in your life?"),
          N_("How do you live, and how does your economy work?"),
          N_("What would a job mean for your family?"))),
    Area("arbete", OMGIVNING, "Arbetsförhållanden", N_("Work circumstances"),
         N_("Work experience, what can be used, what is missing, possible future work areas."),
         (N_("What work have you done before?"),
          N_("What did you like most about it?"),
          N_("What kind of work could you imagine doing?"))),
    Area("utbildning", OMGIVNING, "Utbildning - kompetens", N_("Education - competence"),
         N_("Schooling and other competences gained by experience."),
         (N_("What schooling do you have, here or in another country?"),
          N_("What have you learned outside school that you are good at?"))),
    Area("fritid", OMGIVNING, "Fritidsintressen", N_("Leisure interests"),
         N_("Leisure interests: often a door to work, sometimes a competitor."),
         (N_("What do you like to do in your free time?"),
          N_("Could any of your interests lead to a job?"))),
    Area("natverk", OMGIVNING, "Professionellt nätverk", N_("Professional network"),
         N_("The professionals around the participant, whether it is enough and whether they pull the same way."),
         (N_("Which professionals are you in contact with?"),
          N_("Do they help you toward your own goal?"),
          N_("Is anyone missing?"))),
    Area("omgivning_ovrigt", OMGIVNING, "Övrigt", N_("Other"),
         N_("Anything else in the surroundings that bears on work."),
         (N_("Is there anything else around you that we should know?"),)),
)

AREA_KEYS: tuple[str, ...] = tuple(a.key for a in AREAS)
AREAS_BY_KEY = {a.key: a for a in AREAS}
INDIVID_AREAS = tuple(a for a in AREAS if a.group == INDIVID)
OMGIVNING_AREAS = tuple(a for a in AREAS if a.group == OMGIVNING)
