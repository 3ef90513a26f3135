"""Vocabulary the feedback texts are composed from: sentences and clauses in Dutch and English."""
from __future__ import annotations

# Placeholders: {noun} what people call the product, {name} its product name, {days}, {hours}, {brand}.
PRAISE = {
    "nl": (
        "Super blij met mijn nieuwe {noun}, echt een aanrader!", "Wat een fijne {noun}, ik geniet er elke dag van.",
        "De {name} doet precies wat hij moet doen. Top!", "Snel geleverd en prima verpakt, dank jullie wel {brand}!",
        "Geen enkel probleem gehad, werkt perfect.", "Beste aankoop van dit jaar, mijn {noun} is geweldig.",
        "Heel tevreden over de {name}, zou hem zo weer kopen.", "Klantenservice reageerde binnen een uur, chapeau!",
        "Fijn product voor een eerlijke prijs.", "Mijn vrouw is er ook helemaal blij mee, geweldige {noun}.",
        "Echt genieten van de {name}, kwaliteit is prima.", "Niet verwacht dat een {noun} zo goed kon zijn!",
    ),
    "en": (
        "Love my new {noun}, highly recommend!", "The {name} is brilliant, exactly what I needed.",
        "Great {noun}, works perfectly out of the box.", "Fast delivery and well packed, thanks {brand}!",
        "Really happy with the {name}, would buy again.", "Customer service sorted my question in minutes, great job.",
        "Best purchase this year, the {noun} is amazing.", "Solid build quality and a fair price.",
        "No problems at all, does what it says.", "Wasn't expecting a {noun} this good!",
    ),
}

# Short clauses naming one pain point; complaints and contrast sentences are built around them.
# A "category:" prefix limits a clause to that product category.
PAIN_CLAUSES = {
    "nl": {
        "breakage": ("na twee weken kapot", "het scharnier is afgebroken", "hij doet het na {days} dagen al niet meer",
                     "er zit nu al een barst in de behuizing"),
        "battery": ("de batterij is binnen {hours} uur leeg", "de batterij houdt het niet vol",
                    "audio:de oplaadcase laadt niet meer op", "hij laadt niet meer volledig op"),
        "delivery": ("pakket werd pas na {days} dagen geleverd", "de bezorging was weer te laat",
                     "de doos kwam beschadigd aan", "het pakket is nooit aangekomen"),
        "price": ("veel te duur voor wat je krijgt", "een week later was hij 50 euro goedkoper",
                  "de prijs is echt belachelijk"),
        "service": ("de klantenservice reageert niet", "al {days} dagen geen antwoord op mijn mail",
                    "de klantenservice is onbereikbaar", "ik word steeds doorverbonden en niemand helpt me"),
        "usability": ("kitchen:ik snap niet hoe ik de melkopschuimer moet ontkalken, de handleiding is onduidelijk",
                      "de handleiding is onduidelijk", "de knoppen zijn veel te onlogisch",
                      "ik krijg hem niet gekoppeld"),
        "size_fit": ("kitchen:hij past niet onder mijn keukenkastje", "audio:de oordopjes vallen steeds uit mijn oren",
                     "veel groter dan op de foto", "home:hij past niet onder de bank",
                     "audio:de koptelefoon knelt na een half uur"),
        "software": ("de app crasht steeds", "na de laatste update werkt de app niet meer",
                     "de firmware-update blijft hangen", "de app verliest steeds de verbinding"),
        "returns": ("mijn retour is na {days} dagen nog steeds niet verwerkt", "ik wacht nog steeds op mijn geld terug",
                    "retourneren is een drama"),
        "billing": ("ik ben twee keer afgeschreven", "de factuur klopt niet", "betalen met iDEAL lukte niet"),
        "packaging": ("zoveel plastic in de verpakking", "de verpakking was half open",
                      "een enorme doos voor zo'n klein ding"),
    },
    "en": {
        "breakage": ("it broke after two weeks", "the hinge snapped", "stopped working after {days} days",
                     "there's already a crack in the casing"),
        "battery": ("the battery dies within {hours} hours", "battery life is terrible",
                    "audio:the charging case won't charge anymore", "it never charges fully"),
        "delivery": ("the parcel took {days} days to arrive", "delivery was late again",
                     "the box arrived damaged", "my package never arrived"),
        "price": ("way too expensive for what you get", "it dropped 50 euros a week after I bought it",
                  "the price is ridiculous"),
        "service": ("customer service never replies", "no answer to my email for {days} days",
                    "support is impossible to reach", "I keep getting transferred and nobody helps"),
        "usability": ("the manual is useless", "the buttons make no sense", "I can't get it to pair",
                      "kitchen:I can't figure out how to descale it, the instructions are unclear"),
        "size_fit": ("kitchen:it doesn't fit under my cupboard", "audio:the earbuds keep falling out of my ears",
                     "much bigger than in the picture", "home:it doesn't fit under the sofa"),
        "software": ("the app keeps crashing", "the app stopped working after the last update",
                     "the firmware update gets stuck", "the app keeps losing the connection"),
        "returns": ("my return still isn't processed after {days} days", "still waiting for my refund",
                    "returning it is a nightmare"),
        "billing": ("I was charged twice", "the invoice is wrong", "payment failed at checkout"),
        "packaging": ("so much plastic in the packaging", "the packaging was half open",
                      "a huge box for such a small thing"),
    },
}

COMPLAINT_OPENERS = {
    "nl": ("", "Mijn {noun}: ", "Helaas, ", "Echt balen, ", "Niet blij met de {name}: ", "{brand}, ", "Pff, "),
    "en": ("", "My {noun}: ", "Unfortunately ", "Really annoyed, ", "Not happy with the {name}: ", "{brand}, "),
}
COMPLAINT_CLOSERS = {
    "nl": ("", " Erg teleurgesteld.", " Nooit meer.", " Wie herkent dit?", " Dit is toch niet normaal.",
           " Wat een teleurstelling.", " Ik wil mijn geld terug."),
    "en": ("", " Very disappointed.", " Never again.", " Anyone else?", " This is not ok.", " Want my money back."),
}
CONTRAST_OPENERS = {
    "nl": ("Mooi toestel", "audio:Geluid is top", "Ziet er strak uit", "kitchen:Koffie smaakt prima", "home:Zuigt goed",
           "Op zich een fijne {noun}"),
    "en": ("Nice device", "audio:Sound is great", "Looks sleek", "kitchen:Coffee tastes fine", "home:Cleans well",
           "Decent {noun} overall"),
}
CONTRAST_JOINS = {"nl": (", maar ", ", alleen ", ". Jammer dat "), "en": (", but ", ", however ", ". Shame that ")}

QUESTIONS = {
    "nl": (
        "Werkt deze ook met een iPhone?", "Werkt de {name} ook met Google Home?", "Weet iemand of de {noun} stil is?",
        "Is de {name} binnenkort weer op voorraad?", "Hoe lang gaat de batterij van de {name} mee?",
        "Kan ik de {noun} ook ophalen in de winkel?", "Zit er garantie op de {name}?",
        "Twijfel tussen de {name} en een ander merk, iemand ervaring?",
    ),
    "en": (
        "Does this work with Android?", "Does the {name} work with Alexa?", "Is the {noun} loud?",
        "When will the {name} be back in stock?", "How long is the warranty on the {name}?",
        "Torn between the {name} and another brand, any experiences?",
    ),
}
NEUTRAL = {
    "nl": (
        "Vandaag de {noun} binnengekregen, eens kijken hoe hij bevalt.", "Net de {name} besteld.",
        "De {name} staat nu in de aanbieding bij {brand}.", "Mijn {noun} is vandaag bezorgd.",
        "Gebruik de {name} nu een maand, doet wat hij moet doen.", "Heeft iemand de nieuwe {name} al gezien?",
    ),
    "en": (
        "Got the {noun} today, let's see how it goes.", "Just ordered the {name}.",
        "The {name} is on sale at {brand} right now.", "Been using the {name} for a month, it's ok.",
    ),
}

EMOJI = {
    "praise": ("😍", "👍", "🙌", "❤️", "😊", "🔥"),
    "complaint": ("😡", "👎", "😤", "🙄", "😢", "🤬"),
    "contrast": ("🤷", "😕"),
    "question": ("🤔", "🙏"),
    "neutral": ("📦", "👀", "🙂"),
}
# Words that get elongated ("suuuper") when a text is made more emphatic.
ELONGATE = ("super", "echt", "blij", "slecht", "so", "really", "love", "top", "nooit", "never")
