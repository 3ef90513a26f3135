"""The fictional company's catalogue and the names, domains and pain points the generator draws from."""
from __future__ import annotations

from dataclasses import dataclass

BRAND = "Vonk"
CRM_SOURCE = "webshop-crm"
TWITTER_ACCOUNT = "@VonkNL"


@dataclass(frozen=True)
class Product:
    """One product: SKU, name, category, price and what people call it in each language."""

    sku: str
    name: str
    category: str
    price: str
    noun_nl: str
    noun_en: str
    popularity: int


PRODUCTS = (
    Product("VK-HP100", "Vonk Buds Pro", "audio", "129.00", "oordopjes", "earbuds", 14),
    Product("VK-HP110", "Vonk Buds Lite", "audio", "59.00", "oordopjes", "earbuds", 12),
    Product("VK-HP200", "Vonk Studio Over-Ear", "audio", "199.00", "koptelefoon", "headphones", 9),
    Product("VK-SP300", "Vonk Boom Speaker", "audio", "89.00", "speaker", "speaker", 8),
    Product("VK-CM400", "Vonk Barista", "kitchen", "449.00", "koffiemachine", "coffee machine", 7),
    Product("VK-CM410", "Vonk Compact Koffie", "kitchen", "179.00", "koffiezetapparaat", "coffee maker", 10),
    Product("VK-KT420", "Vonk Waterkoker", "kitchen", "59.00", "waterkoker", "kettle", 11),
    Product("VK-RV500", "Vonk Robo S", "home", "349.00", "robotstofzuiger", "robot vacuum", 9),
    Product("VK-RV510", "Vonk Robo S Max", "home", "549.00", "robotstofzuiger", "robot vacuum", 6),
    Product("VK-AP520", "Vonk Pure Air", "home", "229.00", "luchtreiniger", "air purifier", 5),
)
BY_SKU = {product.sku: product for product in PRODUCTS}
POPULARITY = tuple(product.popularity for product in PRODUCTS)

# Pain points every product can have, plus the ones that only make sense for some categories.
COMMON_PAIN_POINTS = ("delivery", "price", "service", "returns", "billing", "packaging")
CATEGORY_PAIN_POINTS = {
    "audio": ("breakage", "battery", "software", "size_fit", "usability"),
    "kitchen": ("breakage", "usability", "size_fit"),
    "home": ("breakage", "battery", "software", "usability", "size_fit"),
}

# The structural problem R&D should catch: this product's battery complaints surge at the end.
EMERGING_SKU = "VK-HP100"
EMERGING_PAIN_POINT = "battery"
EMERGING_DAYS = 42

FIRST_NAMES_NL = (
    "Jan", "Sanne", "Pieter", "Lotte", "Bram", "Femke", "Daan", "Anouk", "Thijs", "Eva", "Joost", "Iris",
    "Sem", "Fleur", "Ruben", "Noor", "Wouter", "Marieke", "Lars", "Sophie", "Gert", "Ingrid", "Kees", "Annelies",
    "Mohamed", "Fatima", "Youssef", "Sara", "Jeroen", "Esther", "Bas", "Linda", "Tim", "Marloes", "Niels", "Romy",
)
LAST_NAMES_NL = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van Dijk", "Kok", "Jacobs", "el Amrani", "Yilmaz", "Verhoeven", "Postma", "Kuipers",
)
FIRST_NAMES_EN = (
    "James", "Emma", "Oliver", "Olivia", "Harry", "Amelia", "Jack", "Isla", "George", "Grace", "Noah", "Chloe",
    "Liam", "Mia", "Ethan", "Ella", "Daniel", "Lucy", "Samuel", "Hannah",
)
LAST_NAMES_EN = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Clarke", "Hughes",
)
EMAIL_DOMAINS = (
    "gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "xs4all.nl", "live.nl", "icloud.com",
    "planet.nl", "yahoo.com",
)
# Placeholder identifiers sources send when there is no real author; identity resolution must block them.
BLOCKED_AUTHORS = ({"email": "noreply@example.com"}, {"twitter": "anonymous"}, {"name": "anonymous"})
HANDLE_WORDS = (
    "koffieliefhebber", "techfan", "gadgetguru", "muziekmens", "stofvrij", "fietser", "thuiswerker",
    "audiophile", "nerd", "hollandse", "dutchie", "reviewer", "mama", "papa", "studentje", "opa",
)
