"""Small closed word lists the place stages reason with (English).

These are grammar, not geography: prepositions that introduce a location,
nouns that say what kind of place a name is, and the words that make a
description ("the camp", "north of") point at a place mentioned elsewhere.
"""

from __future__ import annotations

#: A capitalised word right after one of these is probably a place ("in Pandi").
LOCATIVE_PREPS = frozenset(
    "in at near from outside to into toward towards around across through throughout via "
    "between inside within beyond nearby".split()
)

#: "the town of X", "the city of X": 'of' only counts after these nouns.
PLACE_NOUNS = frozenset(
    "city town village hamlet capital province state county parish district region "
    "municipality borough township suburb area island country governorate prefecture "
    "neighbourhood neighborhood community outskirts countryside vicinity environs suburbs".split()
)

#: A word after a name that says it is an administrative area ("Bulacan province").
ADMIN_SUFFIX = {
    "province": "admin",
    "state": "admin1",
    "governorate": "admin1",
    "region": "admin",
    "county": "admin2",
    "parish": "admin2",
    "district": "admin2",
    "prefecture": "admin",
    "oblast": "admin1",
    # Second-level units by their local names ("Cuauhtemoc municipality", "Ado LGA",
    # "Kinyinya commune", "Bakhmut raion"): the area, not the town it is named after.
    "municipality": "admin2",
    "commune": "admin2",
    "lga": "admin2",
    "raion": "admin2",
    "rayon": "admin2",
    "tehsil": "admin2",
    "upazila": "admin2",
}

#: Words that relate an event to a place without putting it there.
NEAR_BEFORE = (
    "near",
    "nearby",
    "outside",
    "outside of",
    "close to",
    "on the outskirts of",
    "outskirts of",
    "countryside of",
    "vicinity of",
    "area of",
    "just outside",
    "around",
    "north of",
    "south of",
    "east of",
    "west of",
    "northeast of",
    "northwest of",
    "southeast of",
    "southwest of",
    "north-east of",
    "north-west of",
    "south-east of",
    "south-west of",
)

#: "the Gondra district of Uttar Pradesh", "the Mukuru slums in Nairobi": what may
#: stand between a place and the place the text says it lies in.
WITHIN_NOUNS = frozenset(
    "district area region province county neighbourhood neighborhood suburb suburbs slum "
    "slums camp village town township municipality section quarter square market commune "
    "locality city zone".split()
)

#: "the city" / "the camp": which kind of earlier place a description refers to.
REFERENCE_NOUNS = {
    "city": "city",
    "town": "city",
    "village": "city",
    "capital": "capital",
    "country": "country",
    "province": "admin",
    "county": "admin",
    "camp": "base",
    "base": "base",
    "compound": "base",
    "airbase": "base",
    "air base": "base",
    "embassy": "embassy",
    "consulate": "embassy",
    "office": "office",
}

#: Site kinds each reference kind may point at ("the camp" -> a base).
SITE_KINDS = {
    "base": {"base", "camp", "compound", "airbase"},
    "embassy": {"embassy", "consulate", "office"},
    "office": {"office", "embassy", "consulate"},
}

#: Organisation words: a place name followed by one of these starts an organisation name.
ORG_WORDS = frozenset(
    "action party council committee group association union league front army police "
    "university college school hospital department ministry office company corporation "
    "inc ltd club society foundation institute centre center bank airlines airline times "
    "post herald news network agency authority board commission court church mosque "
    "team fc".split()
)

#: Bodies and facilities that carry the name of the place they serve ("Aydin Governorship",
#: "Herat Airport", "the Education Office of Taizz"): the place is where they stand.
BODY_WORDS = ORG_WORDS | frozenset(
    "governorship governor governor's governorate municipality mayoralty administration "
    "cabinet parliament assembly prison jail airport station port harbour harbor mine "
    "plant factory refinery stadium market square bridge dam base barracks camp "
    "headquarters directorate prefecture".split()
)

#: Currencies: a country named before one ("the US dollar", "Turkish lira") names money.
CURRENCY_WORDS = frozenset(
    "dollar dollars euro euros pound pounds sterling yen yuan renminbi rupee rupees riyal "
    "riyals rial rials dinar dinars dirham dirhams lira liras peso pesos ruble rubles "
    "rouble roubles franc francs shekel shekels won rand naira cedi cedis shilling "
    "shillings birr kwacha hryvnia bolivar bolivars taka kyat".split()
)

#: Words an entity span may carry around a name: "City of Santa Ana", "Hebei province".
NAME_PREFIXES = ("city of ", "town of ", "county of ", "state of ", "province of ", "village of ")
FEATURE_SUFFIXES = {
    "province": "admin",
    "region": "admin",
    "state": "admin1",
    "governorate": "admin1",
    "prefecture": "admin",
    "district": "admin",
    "municipality": None,
    "city": None,
    "town": None,
    "village": None,
}
#: "Eastern China", "Central Java": a part of the named place (resolved to the whole).
PART_WORDS = frozenset(
    "eastern western northern southern central north south east west northeast northwest "
    "southeast southwest north-east north-west south-east south-west north-eastern "
    "north-western south-eastern south-western greater upper lower "
    "rural downtown coastal".split()
)
#: Words that are place names somewhere ("Delta" and "Plateau" are Nigerian states,
#: "Midlands" a Zimbabwean province) but inside a longer unknown name are only its
#: generic part: "Danube Delta", "Central Plateau", "West Midlands", "Abu Shok".
#: The longest-known-name fallback never cuts a name down to one of these.
GENERIC_PARTS = frozenset(
    "delta plateau highlands lowlands midlands valley coast coastal basin river lake sea "
    "island islands bay gulf mountain mountains hills heights plain plains desert forest "
    "park port fort mission prince saint st new old great little south north east west "
    "eastern western northern southern central province region district county state city "
    "abu al el ibn bin umm bir wadi jebel jabal tel tell ras ain deir kafr beit khan "
    "zone sector area side".split()
)

#: Abbreviations South Asian reports write for a state or province after a district, in
#: brackets ("Menakuru village (Nellore, AP)", "Poonch district, J&K", "Swat (KPK)"): the
#: ISO 3166-2:IN and :PK subdivision codes and the forms the region's press uses beside
#: them (J&K, TS for Telangana, KPK, AJK). Read only inside such a bracket, where they
#: cannot be a news agency ("(AP)") or a title ("MP"): abbreviation -> (ISO3, state).
STATE_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    **{
        abbr: ("IND", state)
        for state, abbrs in {
            "Andhra Pradesh": "AP",
            "Arunachal Pradesh": "AR",
            "Assam": "AS",
            "Bihar": "BR",
            "Chhattisgarh": "CG CT",
            "Goa": "GA",
            "Gujarat": "GJ",
            "Haryana": "HR",
            "Himachal Pradesh": "HP",
            "Jharkhand": "JH",
            "Jammu and Kashmir": "J&K JK",
            "Karnataka": "KA KN",
            "Kerala": "KL",
            "Madhya Pradesh": "MP",
            "Maharashtra": "MH",
            "Manipur": "MN",
            "Meghalaya": "ML",
            "Mizoram": "MZ",
            "Nagaland": "NL",
            "Odisha": "OD OR",
            "Punjab": "PB",
            "Rajasthan": "RJ",
            "Sikkim": "SK",
            "Tamil Nadu": "TN",
            "Telangana": "TS TG",
            "Tripura": "TR",
            "Uttar Pradesh": "UP",
            "Uttarakhand": "UK UT",
            "West Bengal": "WB",
            "Delhi": "DL",
        }.items()
        for abbr in abbrs.split()
    },
    "KP": ("PAK", "Khyber Pakhtunkhwa"),
    "KPK": ("PAK", "Khyber Pakhtunkhwa"),
    "AJK": ("PAK", "Azad Kashmir"),
    "GB": ("PAK", "Gilgit-Baltistan"),
    "ICT": ("PAK", "Islamabad"),
}
