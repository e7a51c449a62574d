"""Static reference data of the synthetic world: statuses, orbits, agencies, pads, vehicles, missions.

Everything here is hand-written for the fake. Agency, pad and vehicle identities follow the real
world (names, countries, pad coordinates, service years) closely enough that dashboards built on
the fake look plausible; numeric ids are LL2-like but not guaranteed to match the live API.

Vehicle cadence is given as piecewise-linear "launches per year" curves. Modern years are close to
real counts; Cold-War years are deliberately compressed (roughly a quarter of the real rate) so that
a world of a few thousand launches still has a modern cadence of a couple of hundred a year.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Small enumerations (LL2 ids)
# --------------------------------------------------------------------------------------------
GO, TBD, SUCCESS, FAILURE, HOLD, IN_FLIGHT, PARTIAL_FAILURE, TBC, PAYLOAD_DEPLOYED = 1, 2, 3, 4, 5, 6, 7, 8, 9
FINAL_STATUSES = frozenset({SUCCESS, FAILURE, PARTIAL_FAILURE})
PENDING_STATUSES = frozenset({GO, TBD, HOLD, TBC})

STATUSES: dict[int, tuple[str, str, str]] = {
    GO: ("Go for Launch", "Go", "Current T-0 confirmed by official or reliable sources."),
    TBD: ("To Be Determined", "TBD",
          "Current date is a 'No Earlier Than' estimation based on unreliable or interpreted sources."),
    SUCCESS: ("Launch Successful", "Success",
              "The launch vehicle successfully inserted its payload(s) into the target orbit(s)."),
    FAILURE: ("Launch Failure", "Failure",
              "Either the launch vehicle did not reach orbit, or the payload(s) failed to separate."),
    HOLD: ("On Hold", "Hold", "Launch has been paused, and a new T-0 is pending."),
    IN_FLIGHT: ("Launch in Flight", "In Flight", "The launch vehicle has lifted off from the launch pad."),
    PARTIAL_FAILURE: ("Launch was a Partial Failure", "Partial Failure",
                      "The launch vehicle reached orbit but the payload(s) were not delivered to the target orbit."),
    TBC: ("To Be Confirmed", "TBC", "Awaiting official confirmation - current NET is known with some certainty."),
    PAYLOAD_DEPLOYED: ("Payload Deployed", "Payload Deployed",
                       "The payload(s) separated from the launch vehicle; the outcome is not yet confirmed."),
}

SEC, MIN, HOUR, MORNING, AFTERNOON, DAY, MONTH, QUARTER, YEAR = 0, 1, 2, 3, 4, 5, 7, 8, 14
NET_PRECISIONS: dict[int, tuple[str, str, str]] = {
    0: ("Second", "SEC", "The T-0 is accurate to the second."),
    1: ("Minute", "MIN", "The T-0 is accurate to the minute."),
    2: ("Hour", "HR", "The T-0 is accurate to the hour."),
    3: ("Morning (local time)", "AM", "The T-0 is expected in the morning, local time."),
    4: ("Afternoon (local time)", "PM", "The T-0 is expected in the afternoon, local time."),
    5: ("Day", "DAY", "The T-0 is accurate to the day."),
    6: ("Week", "W", "The T-0 is accurate to the week."),
    7: ("Month", "M", "The T-0 is accurate to the month."),
    8: ("Quarter", "Q", "The T-0 is accurate to the quarter."),
    14: ("Year", "Y", "The T-0 is accurate to the year."),
}

AGENCY_TYPES = {1: "Government", 2: "Multinational", 3: "Commercial", 4: "Educational", 5: "Private", 6: "Unknown"}
GOV, MULTI, COM = 1, 2, 3


@dataclass(frozen=True)
class Country:
    id: int
    name: str
    alpha_2: str
    alpha_3: str
    nationality: str


COUNTRIES: dict[str, Country] = {c.alpha_3: c for c in (
    Country(1, "United States of America", "US", "USA", "American"),
    Country(2, "Russia", "RU", "RUS", "Russian"),
    Country(3, "China", "CN", "CHN", "Chinese"),
    Country(4, "France", "FR", "FRA", "French"),
    Country(5, "Japan", "JP", "JPN", "Japanese"),
    Country(6, "India", "IN", "IND", "Indian"),
    Country(7, "New Zealand", "NZ", "NZL", "New Zealander"),
    Country(8, "Kazakhstan", "KZ", "KAZ", "Kazakhstani"),
    Country(9, "French Guiana", "GF", "GUF", "French Guianese"),
    Country(10, "South Korea", "KR", "KOR", "South Korean"),
    Country(11, "Israel", "IL", "ISR", "Israeli"),
    Country(12, "Iran", "IR", "IRN", "Iranian"),
    Country(13, "North Korea", "KP", "PRK", "North Korean"),
    Country(14, "Marshall Islands", "MH", "MHL", "Marshallese"),
    Country(15, "Germany", "DE", "DEU", "German"),
    Country(16, "Italy", "IT", "ITA", "Italian"),
    Country(17, "United Kingdom", "GB", "GBR", "British"),
    Country(18, "Canada", "CA", "CAN", "Canadian"),
    Country(19, "Soviet Union", "SU", "SUN", "Soviet"),
)}

# Celestial bodies: (id, name, type, diameter m, mass kg, gravity m/s2, day length, atmosphere)
CELESTIAL_BODIES = {
    1: ("Earth", "Planet", 12742000.0, 5.972e24, 9.807, "1 00:00:00", True,
        "Our home planet, the third planet from the Sun."),
    2: ("Moon", "Moon", 3474800.0, 7.342e22, 1.62, "29 12:44:03", False,
        "Earth's only natural satellite."),
    3: ("Mars", "Planet", 6779000.0, 6.417e23, 3.721, "1 00:37:22", True,
        "The fourth planet from the Sun, target of many robotic missions."),
    4: ("Sun", "Star", 1392700000.0, 1.989e30, 274.0, None, True, "The star at the centre of the Solar System."),
}
EARTH, MOON, MARS, SUN = 1, 2, 3, 4


@dataclass(frozen=True)
class Orbit:
    id: int
    name: str
    abbrev: str
    body: int
    suborbital: bool = False


ORBITS: dict[int, Orbit] = {o.id: o for o in (
    Orbit(1, "Geostationary Orbit", "GEO", EARTH),
    Orbit(2, "Geostationary Transfer Orbit", "GTO", EARTH),
    Orbit(3, "Medium Earth Orbit", "MEO", EARTH),
    Orbit(4, "Heliocentric N/A", "Helio-N/A", SUN),
    Orbit(5, "Highly Elliptical Orbit", "HEO", EARTH),
    Orbit(6, "Lunar Orbit", "LO", MOON),
    Orbit(7, "Mars Orbit", "MO", MARS),
    Orbit(8, "Low Earth Orbit", "LEO", EARTH),
    Orbit(9, "Polar Orbit", "PO", EARTH),
    Orbit(10, "Suborbital", "Sub", EARTH, suborbital=True),
    Orbit(11, "Sun-Synchronous Orbit", "SSO", EARTH),
    Orbit(12, "Trans Lunar Injection", "TLI", MOON),
    Orbit(13, "Very Low Earth Orbit", "VLEO", EARTH),
    Orbit(14, "Geosynchronous Orbit", "GSO", EARTH),
    Orbit(15, "Sun-Earth L2", "L2", SUN),
    Orbit(16, "Lunar flyby", "LF", MOON),
)}
GEO, GTO, MEO, HELIO, HEO, LO, MO, LEO, PO, SUB, SSO, TLI, VLEO, GSO, L2, LF = range(1, 17)
MOON_ORBITS = frozenset(o.id for o in ORBITS.values() if o.body == MOON)


# --------------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    abbrev: str
    type: int
    countries: tuple[str, ...]
    founding_year: int | None
    administrator: str | None
    launchers: str
    spacecraft: str
    description: str
    featured: bool = False
    wiki: str | None = None
    info: str | None = None
    parent: str | None = None


SPACEX, CASC, ROSCOSMOS, SOVIET, ARIANESPACE, ULA, ROCKETLAB, ISRO, JAXA, BLUE, NASA = (
    121, 88, 63, 66, 115, 124, 147, 31, 37, 141, 44)
KHRUNICHEV, VKS, USAF, NORTHROP, MHI, EXPACE, LANDSPACE, GALACTIC, CHINAROCKET, FIREFLY = (
    96, 193, 161, 257, 1002, 194, 259, 1021, 1019, 265)
ESA, CNES, KARI, ISA, ISA_IRAN, NADA, VIRGIN, ABL, MCDONNELL, MARTIN, GD, CHRYSLER, BOEING, CAS = (
    27, 175, 1037, 1006, 1005, 1007, 1024, 1030, 1008, 1009, 1010, 1011, 80, 1012)
ISAS = 1013

AGENCIES: dict[int, Agency] = {a.id: a for a in (
    Agency(SPACEX, "SpaceX", "SpX", COM, ("USA",), 2002, "CEO: Elon Musk", "Falcon | Starship", "Dragon",
           "Space Exploration Technologies Corp. designs, builds and launches the reusable Falcon and "
           "Starship rockets and the Dragon spacecraft. It flies from Cape Canaveral, Kennedy Space Center, "
           "Vandenberg and Starbase in Texas.", True, "https://en.wikipedia.org/wiki/SpaceX",
           "https://www.spacex.com/"),
    Agency(CASC, "China Aerospace Science and Technology Corporation", "CASC", GOV, ("CHN",), 1999,
           "General Manager: (state appointed)", "Long March", "Shenzhou | Tianzhou | Chang'e",
           "The main contractor of the Chinese space programme, builder and operator of the Long March "
           "family of launch vehicles.", True, "https://en.wikipedia.org/wiki/China_Aerospace_Science_and_Technology_Corporation"),
    Agency(ROSCOSMOS, "Russian Federal Space Agency (ROSCOSMOS)", "RFSA", GOV, ("RUS",), 1992,
           "Director General", "Soyuz | Proton | Angara", "Soyuz | Progress",
           "The state corporation responsible for the Russian space programme and the crewed Soyuz flights "
           "to the International Space Station.", True, "https://en.wikipedia.org/wiki/Roscosmos"),
    Agency(SOVIET, "Soviet Space Program", "CCCP", GOV, ("SUN",), 1955, None, "R-7 | Proton | Kosmos | N1",
           "Vostok | Voskhod | Soyuz | Luna | Venera",
           "The space programme of the Soviet Union, which launched the first satellite and the first human "
           "into orbit.", False, "https://en.wikipedia.org/wiki/Soviet_space_program"),
    Agency(ARIANESPACE, "Arianespace", "ASA", COM, ("FRA",), 1980, "CEO", "Ariane | Vega", "",
           "The world's first commercial launch service provider, operating Ariane and Vega from the Guiana "
           "Space Centre in Kourou.", True, "https://en.wikipedia.org/wiki/Arianespace",
           "https://www.arianespace.com/"),
    Agency(ULA, "United Launch Alliance", "ULA", COM, ("USA",), 2006, "CEO", "Atlas | Delta | Vulcan", "",
           "A joint venture of Lockheed Martin and Boeing providing launches for the US government with the "
           "Atlas V, Delta IV and Vulcan rockets.", True, "https://en.wikipedia.org/wiki/United_Launch_Alliance",
           "https://www.ulalaunch.com/"),
    Agency(ROCKETLAB, "Rocket Lab", "RL", COM, ("USA", "NZL"), 2006, "CEO: Peter Beck", "Electron | Neutron",
           "Photon", "A launch and spacecraft company flying the small Electron rocket from New Zealand and "
           "Virginia.", True, "https://en.wikipedia.org/wiki/Rocket_Lab", "https://www.rocketlabusa.com/"),
    Agency(ISRO, "Indian Space Research Organization", "ISRO", GOV, ("IND",), 1969, "Chairman",
           "PSLV | GSLV | LVM3 | SSLV", "Chandrayaan | Gaganyaan",
           "India's national space agency, launching from the Satish Dhawan Space Centre at Sriharikota.",
           True, "https://en.wikipedia.org/wiki/Indian_Space_Research_Organisation", "https://www.isro.gov.in/"),
    Agency(JAXA, "Japan Aerospace Exploration Agency", "JAXA", GOV, ("JPN",), 2003, "President",
           "H-IIA | H3 | Epsilon", "HTV | SLIM",
           "Japan's national aerospace agency, formed from the merger of ISAS, NAL and NASDA.", True,
           "https://en.wikipedia.org/wiki/JAXA", "https://global.jaxa.jp/"),
    Agency(BLUE, "Blue Origin", "BO", COM, ("USA",), 2000, "CEO", "New Shepard | New Glenn", "Blue Moon",
           "A spaceflight company developing the suborbital New Shepard and the orbital New Glenn.", True,
           "https://en.wikipedia.org/wiki/Blue_Origin", "https://www.blueorigin.com/"),
    Agency(NASA, "National Aeronautics and Space Administration", "NASA", GOV, ("USA",), 1958, "Administrator",
           "Space Shuttle | SLS | Saturn", "Orion | Space Shuttle | Apollo",
           "The civil space agency of the United States.", True,
           "https://en.wikipedia.org/wiki/NASA", "https://www.nasa.gov/"),
    Agency(KHRUNICHEV, "Khrunichev State Research and Production Space Center", "KhSC", GOV, ("RUS",), 1916,
           None, "Proton | Angara | Rokot", "", "Manufacturer of the Proton and Angara rockets.", False,
           "https://en.wikipedia.org/wiki/Khrunichev_State_Research_and_Production_Space_Center"),
    Agency(VKS, "Russian Aerospace Defence Forces", "VKO", GOV, ("RUS",), 2011, None, "", "",
           "The branch of the Russian armed forces that launches military satellites from Plesetsk.", False,
           "https://en.wikipedia.org/wiki/Russian_Aerospace_Forces"),
    Agency(USAF, "United States Air Force", "USAF", GOV, ("USA",), 1947, None, "Titan | Thor", "",
           "Operated many early American launch vehicles and military satellite programmes.", False,
           "https://en.wikipedia.org/wiki/United_States_Air_Force"),
    Agency(NORTHROP, "Northrop Grumman Space Systems", "NGSS", COM, ("USA",), 1982, None,
           "Antares | Minotaur | Pegasus", "Cygnus",
           "Builder of the Antares, Minotaur and Pegasus rockets and the Cygnus cargo spacecraft.", False,
           "https://en.wikipedia.org/wiki/Northrop_Grumman_Space_Systems"),
    Agency(MHI, "Mitsubishi Heavy Industries", "MHI", COM, ("JPN",), 1884, None, "H-IIA | H-IIB | H3", "",
           "Manufacturer and operator of Japan's H-II family of launch vehicles.", False,
           "https://en.wikipedia.org/wiki/Mitsubishi_Heavy_Industries"),
    Agency(EXPACE, "ExPace", "EXPACE", COM, ("CHN",), 2016, None, "Kuaizhou", "",
           "A commercial subsidiary of CASIC flying the solid-fuelled Kuaizhou rockets.", False),
    Agency(LANDSPACE, "LandSpace", "LS", COM, ("CHN",), 2015, None, "Zhuque", "",
           "A private Chinese launch company; its Zhuque-2 was the first methane-fuelled rocket to reach orbit.",
           False, "https://en.wikipedia.org/wiki/LandSpace"),
    Agency(GALACTIC, "Galactic Energy", "GE", COM, ("CHN",), 2018, None, "Ceres", "",
           "A private Chinese launch company flying the small Ceres-1 rocket.", False),
    Agency(CHINAROCKET, "China Rocket Co. Ltd.", "CRC", COM, ("CHN",), 2016, None, "Jielong", "",
           "A commercial subsidiary of CASC flying the Jielong (Smart Dragon) rockets.", False),
    Agency(FIREFLY, "Firefly Aerospace", "FA", COM, ("USA",), 2017, None, "Alpha", "Blue Ghost",
           "An American company building the Alpha rocket and the Blue Ghost lunar lander.", False,
           "https://en.wikipedia.org/wiki/Firefly_Aerospace"),
    Agency(ESA, "European Space Agency", "ESA", MULTI, ("FRA", "DEU", "ITA"), 1975, "Director General", "Ariane | Vega",
           "ATV", "The intergovernmental space agency of Europe.", True, "https://en.wikipedia.org/wiki/European_Space_Agency",
           "https://www.esa.int/"),
    Agency(CNES, "Centre National d'Etudes Spatiales", "CNES", GOV, ("FRA",), 1961, None, "Diamant", "",
           "The French space agency, which launched France's first satellite on a Diamant rocket.", False,
           "https://en.wikipedia.org/wiki/CNES"),
    Agency(KARI, "Korea Aerospace Research Institute", "KARI", GOV, ("KOR",), 1989, None, "Naro | Nuri", "Danuri",
           "South Korea's aerospace research agency.", False, "https://en.wikipedia.org/wiki/Korea_Aerospace_Research_Institute"),
    Agency(ISA, "Israel Aerospace Industries", "IAI", COM, ("ISR",), 1953, None, "Shavit", "",
           "Israel's aerospace manufacturer, builder of the Shavit launcher.", False),
    Agency(ISA_IRAN, "Iranian Space Agency", "ISA", GOV, ("IRN",), 2004, None, "Safir | Simorgh | Qaem", "",
           "Iran's government space agency.", False),
    Agency(NADA, "National Aerospace Development Administration", "NADA", GOV, ("PRK",), 2013, None, "Unha | Chollima",
           "", "North Korea's space agency.", False),
    Agency(VIRGIN, "Virgin Orbit", "VO", COM, ("USA",), 2017, None, "LauncherOne", "",
           "Air-launched small satellites from a modified Boeing 747; ceased operations in 2023.", False),
    Agency(ABL, "ABL Space Systems", "ABL", COM, ("USA",), 2017, None, "RS1", "",
           "An American company that developed the RS1 small launcher.", False),
    Agency(MCDONNELL, "McDonnell Douglas", "MD", COM, ("USA",), 1967, None, "Delta", "Mercury | Gemini",
           "Builder of the Delta rockets and the Mercury and Gemini capsules.", False),
    Agency(MARTIN, "Martin Marietta", "MM", COM, ("USA",), 1961, None, "Titan", "",
           "Builder of the Titan rockets.", False),
    Agency(GD, "General Dynamics", "GD", COM, ("USA",), 1952, None, "Atlas", "",
           "Builder of the Atlas rockets.", False),
    Agency(CHRYSLER, "Army Ballistic Missile Agency", "ABMA", GOV, ("USA",), 1956, None, "Juno | Redstone", "",
           "The US Army agency that launched Explorer 1, the first American satellite.", False),
    Agency(BOEING, "Boeing", "BA", COM, ("USA",), 1916, None, "Delta | SLS core stage", "Starliner",
           "American aerospace manufacturer, builder of Delta II, Delta IV and the Starliner capsule.", False),
    Agency(CAS, "Chinese Academy of Sciences Space", "CASSPACE", GOV, ("CHN",), 2018, None, "Lijian", "",
           "Commercial launch arm of the Chinese Academy of Sciences, flying Kinetica-1.", False),
    Agency(ISAS, "Institute of Space and Astronautical Science", "ISAS", GOV, ("JPN",), 1964, None, "Mu | Lambda",
           "", "Japan's space science institute, which launched Japan's first satellite.", False),
)}


# --------------------------------------------------------------------------------------------
# Locations and pads (real coordinates)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Location:
    id: int
    name: str
    country: str
    lat: float
    lon: float
    timezone: str
    description: str


LOCATIONS: dict[int, Location] = {l.id: l for l in (
    Location(12, "Cape Canaveral SFS, FL, USA", "USA", 28.4889, -80.5778, "America/New_York",
             "Cape Canaveral Space Force Station, on Florida's Atlantic coast, has hosted American launches since 1950."),
    Location(27, "Kennedy Space Center, FL, USA", "USA", 28.5729, -80.649, "America/New_York",
             "NASA's primary launch centre on Merritt Island, home of Launch Complex 39."),
    Location(11, "Vandenberg SFB, CA, USA", "USA", 34.742, -120.5724, "America/Los_Angeles",
             "A Space Force base on the California coast, used for polar and sun-synchronous launches."),
    Location(15, "Baikonur Cosmodrome, Republic of Kazakhstan", "KAZ", 45.92, 63.342, "Asia/Qyzylorda",
             "The world's first spaceport, leased by Russia from Kazakhstan; Gagarin flew from here."),
    Location(6, "Plesetsk Cosmodrome, Russian Federation", "RUS", 62.927, 40.577, "Europe/Moscow",
             "Russia's northern military spaceport, used for high-inclination orbits."),
    Location(18, "Vostochny Cosmodrome, Siberia, Russian Federation", "RUS", 51.884, 128.334, "Asia/Yakutsk",
             "Russia's newest spaceport, in the Amur region of the Far East."),
    Location(7, "Kapustin Yar, Russian Federation", "RUS", 48.5861, 45.7203, "Europe/Volgograd",
             "A missile test range that launched many small Kosmos satellites."),
    Location(17, "Jiuquan Satellite Launch Center, People's Republic of China", "CHN", 40.958, 100.291,
             "Asia/Shanghai", "China's first launch centre, in the Gobi desert; home of the crewed Shenzhou flights."),
    Location(16, "Xichang Satellite Launch Center, People's Republic of China", "CHN", 28.2463, 102.0266,
             "Asia/Shanghai", "A launch centre in Sichuan province used for geostationary missions."),
    Location(19, "Taiyuan Satellite Launch Center, People's Republic of China", "CHN", 38.849, 111.608,
             "Asia/Shanghai", "A launch centre in Shanxi province used for sun-synchronous orbits."),
    Location(8, "Wenchang Space Launch Site, People's Republic of China", "CHN", 19.6145, 110.951,
             "Asia/Shanghai", "China's coastal launch site on Hainan island, home of the heavy Long March 5."),
    Location(13, "Guiana Space Centre, French Guiana", "GUF", 5.236, -52.775, "America/Cayenne",
             "Europe's spaceport near Kourou, close to the equator."),
    Location(10, "Rocket Lab Launch Complex 1, Mahia Peninsula, New Zealand", "NZL", -39.2615, 177.8649,
             "Pacific/Auckland", "The world's first private orbital launch site, on the Mahia Peninsula."),
    Location(21, "Wallops Island, Virginia, USA", "USA", 37.8402, -75.4881, "America/New_York",
             "NASA's Wallops Flight Facility and the Mid-Atlantic Regional Spaceport."),
    Location(14, "Satish Dhawan Space Centre, India", "IND", 13.7199, 80.2304, "Asia/Kolkata",
             "India's spaceport on Sriharikota island."),
    Location(9, "Tanegashima Space Center, Japan", "JPN", 30.4009, 130.9775, "Asia/Tokyo",
             "Japan's largest launch site, on Tanegashima island."),
    Location(26, "Uchinoura Space Center, Japan", "JPN", 31.2513, 131.0813, "Asia/Tokyo",
             "ISAS's launch site in Kagoshima prefecture, home of the Mu and Epsilon rockets."),
    Location(143, "SpaceX Starbase, TX, USA", "USA", 25.997, -97.1569, "America/Chicago",
             "SpaceX's Starship factory and launch site at Boca Chica, Texas."),
    Location(24, "Kwajalein Atoll, Marshall Islands", "MHL", 9.0477, 167.7431, "Pacific/Kwajalein",
             "Omelek Island, where all Falcon 1 flights took place."),
    Location(29, "Corn Ranch, Van Horn, TX, USA", "USA", 31.4229, -104.757, "America/Chicago",
             "Blue Origin's suborbital launch site in West Texas."),
    Location(30, "Naro Space Center, South Korea", "KOR", 34.4319, 127.535, "Asia/Seoul",
             "South Korea's spaceport in South Jeolla province."),
    Location(31, "Palmachim Airbase, State of Israel", "ISR", 31.8848, 34.6802, "Asia/Jerusalem",
             "Israeli air force base that launches Shavit rockets westward over the sea."),
    Location(32, "Semnan Space Center, Islamic Republic of Iran", "IRN", 35.2347, 53.921, "Asia/Tehran",
             "Iran's main launch site."),
    Location(33, "Sohae Satellite Launching Station, Democratic People's Republic of Korea", "PRK", 39.66,
             124.705, "Asia/Pyongyang", "North Korea's launch site near the Chinese border."),
)}


@dataclass(frozen=True)
class Pad:
    id: int
    name: str
    location: int
    lat: float
    lon: float
    agencies: tuple[int, ...] = ()
    wiki: str | None = None
    description: str = ""
    active: bool = True


PADS: dict[int, Pad] = {p.id: p for p in (
    Pad(80, "Space Launch Complex 40", 12, 28.56194122, -80.57735736, (SPACEX,),
        "https://en.wikipedia.org/wiki/Cape_Canaveral_Space_Launch_Complex_40"),
    Pad(29, "Space Launch Complex 41", 12, 28.58341025, -80.58303644, (ULA,),
        "https://en.wikipedia.org/wiki/Cape_Canaveral_Space_Launch_Complex_41"),
    Pad(12, "Space Launch Complex 37B", 12, 28.531986, -80.565056, (ULA,),
        "https://en.wikipedia.org/wiki/Cape_Canaveral_Space_Launch_Complex_37", active=False),
    Pad(36, "Launch Complex 36", 12, 28.4709, -80.5377, (BLUE,),
        "https://en.wikipedia.org/wiki/Cape_Canaveral_Launch_Complex_36"),
    Pad(14, "Launch Complex 17B", 12, 28.4458, -80.5661, (), None, active=False),
    Pad(15, "Launch Complex 14", 12, 28.4911, -80.5472, (), None, active=False),
    Pad(19, "Launch Complex 19", 12, 28.5068, -80.5543, (), None, active=False),
    Pad(34, "Launch Complex 34", 12, 28.5217, -80.5611, (), None, active=False),
    Pad(35, "Launch Complex 26A", 12, 28.4433, -80.5712, (), None, active=False),
    Pad(87, "Launch Complex 39A", 27, 28.60822681, -80.60428186, (SPACEX, NASA),
        "https://en.wikipedia.org/wiki/Kennedy_Space_Center_Launch_Complex_39#Launch_Pad_39A"),
    Pad(88, "Launch Complex 39B", 27, 28.62711233, -80.62101503, (NASA,),
        "https://en.wikipedia.org/wiki/Kennedy_Space_Center_Launch_Complex_39#Launch_Pad_39B"),
    Pad(16, "Space Launch Complex 4E", 11, 34.632, -120.611, (SPACEX,),
        "https://en.wikipedia.org/wiki/Vandenberg_Space_Launch_Complex_4"),
    Pad(17, "Space Launch Complex 2W", 11, 34.7557, -120.6224, (), None, active=False),
    Pad(18, "Space Launch Complex 3E", 11, 34.6401, -120.5895, (ULA,)),
    Pad(20, "Space Launch Complex 6", 11, 34.5813, -120.6266, (ULA,)),
    Pad(21, "Space Launch Complex 8", 11, 34.5763, -120.6323, (NORTHROP,)),
    Pad(32, "1/5", 15, 45.92, 63.342, (ROSCOSMOS,), "https://en.wikipedia.org/wiki/Gagarin%27s_Start",
        "Gagarin's Start, the pad from which Sputnik 1 and Vostok 1 were launched.", active=False),
    Pad(33, "31/6", 15, 45.996, 63.564, (ROSCOSMOS,), "https://en.wikipedia.org/wiki/Baikonur_Cosmodrome_Site_31"),
    Pad(40, "81/24", 15, 46.071, 62.985, (KHRUNICHEV,)),
    Pad(41, "200/39", 15, 46.04, 62.707, (KHRUNICHEV,)),
    Pad(42, "110/37", 15, 45.9647, 63.305, (), None, "The N1 and Energia pad.", active=False),
    Pad(43, "45/1", 15, 45.943, 63.653, (), None, "Zenit launch pad.", active=False),
    Pad(44, "90/20", 15, 46.08, 62.93, (), None, "Tsyklon-2 launch pad.", active=False),
    Pad(50, "43/3", 6, 62.927, 40.467, (VKS,)),
    Pad(51, "43/4", 6, 62.929, 40.457, (VKS,)),
    Pad(52, "133/3", 6, 62.887, 40.847, (VKS,)),
    Pad(53, "35/1", 6, 62.927, 40.575, (VKS,)),
    Pad(54, "32/2", 6, 62.907, 40.787, (VKS,), None, "Tsyklon-3 launch pad.", active=False),
    Pad(55, "Site 1S", 18, 51.884, 128.334, (ROSCOSMOS,)),
    Pad(56, "Site 107", 7, 48.5861, 45.7203, (), None, active=False),
    Pad(60, "Launch Area 4 (SLS-1 / 921)", 17, 40.958, 100.291, (CASC,)),
    Pad(61, "Launch Complex 43/94", 17, 41.118, 100.318, (CASC,)),
    Pad(62, "Launch Complex 43/95A", 17, 40.9606, 100.2988, (EXPACE, LANDSPACE, GALACTIC)),
    Pad(63, "Launch Complex 96B", 17, 40.9575, 100.2912, (LANDSPACE,)),
    Pad(64, "Launch Complex 2", 16, 28.2455, 102.0267, (CASC,)),
    Pad(65, "Launch Complex 3", 16, 28.2469, 102.0278, (CASC,)),
    Pad(66, "Launch Complex 9", 19, 38.8491, 111.608, (CASC,)),
    Pad(67, "Launch Complex 16", 19, 38.8461, 111.6081, (CASC,)),
    Pad(68, "Wenchang Space Launch Site LC-101", 8, 19.6145, 110.951, (CASC,)),
    Pad(69, "Wenchang Space Launch Site LC-201", 8, 19.6188, 110.937, (CASC,)),
    Pad(70, "Ensemble de Lancement Ariane 3", 13, 5.239, -52.768, (ARIANESPACE,),
        "https://en.wikipedia.org/wiki/ELA-3", active=False),
    Pad(71, "Ensemble de Lancement Ariane 4", 13, 5.2625, -52.7878, (ARIANESPACE,),
        "https://en.wikipedia.org/wiki/ELA-4"),
    Pad(72, "Soyuz Launch Complex", 13, 5.3019, -52.8346, (ARIANESPACE,), None, active=False),
    Pad(73, "Ensemble de Lancement Vega", 13, 5.236, -52.775, (ARIANESPACE,)),
    Pad(74, "Ensemble de Lancement Ariane 2", 13, 5.232, -52.775, (ARIANESPACE,), None, active=False),
    Pad(81, "Rocket Lab Launch Complex 1A", 10, -39.2615, 177.8649, (ROCKETLAB,)),
    Pad(82, "Rocket Lab Launch Complex 1B", 10, -39.2622, 177.8647, (ROCKETLAB,)),
    Pad(83, "Rocket Lab Launch Complex 2", 21, 37.8337, -75.4881, (ROCKETLAB,)),
    Pad(84, "Launch Area 0A", 21, 37.8338, -75.4881, (NORTHROP,)),
    Pad(90, "First Launch Pad", 14, 13.7336, 80.2351, (ISRO,)),
    Pad(91, "Second Launch Pad", 14, 13.7199, 80.2304, (ISRO,)),
    Pad(92, "Yoshinobu Launch Complex", 9, 30.4009, 130.9775, (JAXA, MHI)),
    Pad(93, "Mu Center", 26, 31.2513, 131.0813, (JAXA,)),
    Pad(94, "Orbital Launch Mount A", 143, 25.9968, -97.1544, (SPACEX,)),
    Pad(95, "Omelek Island", 24, 9.0477206, 167.7431292, (SPACEX,), None, active=False),
    Pad(96, "West Texas Suborbital Launch Site/ Corn Ranch", 29, 31.4229, -104.757, (BLUE,)),
    Pad(97, "Naro Launch Complex", 30, 34.4319, 127.535, (KARI,)),
    Pad(98, "Palmachim Launch Pad", 31, 31.8848, 34.6802, (ISA,)),
    Pad(99, "Semnan Launch Pad", 32, 35.2347, 53.921, (ISA_IRAN,)),
    Pad(100, "Sohae Launch Pad", 33, 39.66, 124.705, (NADA,)),
)}


# --------------------------------------------------------------------------------------------
# Launcher families and configurations
# --------------------------------------------------------------------------------------------
FAMILIES: dict[int, tuple[str, int | None, int | None]] = {  # id: (name, manufacturer agency, parent family)
    1: ("Falcon", SPACEX, None), 2: ("Starship", SPACEX, None), 3: ("Long March", CASC, None),
    4: ("R-7", SOVIET, None), 5: ("Soyuz", ROSCOSMOS, 4), 6: ("Proton", KHRUNICHEV, None),
    7: ("Ariane", ARIANESPACE, None), 8: ("Atlas", GD, None), 9: ("Vulcan", ULA, None),
    10: ("Delta", MCDONNELL, None), 11: ("Titan", MARTIN, None), 12: ("Saturn", NASA, None),
    13: ("Space Shuttle", NASA, None), 14: ("Electron", ROCKETLAB, None), 15: ("PSLV", ISRO, None),
    16: ("GSLV", ISRO, None), 17: ("H-II", MHI, None), 18: ("New Glenn", BLUE, None),
    19: ("New Shepard", BLUE, None), 20: ("Kuaizhou", EXPACE, None), 21: ("Zhuque", LANDSPACE, None),
    22: ("Kosmos", SOVIET, None), 23: ("Tsyklon", SOVIET, None), 24: ("Zenit", SOVIET, None),
    25: ("Angara", KHRUNICHEV, None), 26: ("Vega", ARIANESPACE, None), 27: ("Minotaur", NORTHROP, None),
    28: ("Pegasus", NORTHROP, None), 29: ("Antares", NORTHROP, None), 30: ("Scout", NASA, None),
    31: ("Thor", USAF, None), 32: ("N1", SOVIET, None), 33: ("Mu", ISAS, None), 34: ("Ceres", GALACTIC, None),
    35: ("SLS", NASA, None), 36: ("Diamant", CNES, None), 37: ("Juno", CHRYSLER, None), 38: ("Vanguard", NASA, None),
    39: ("Epsilon", JAXA, None), 40: ("Shavit", ISA, None), 41: ("Safir", ISA_IRAN, None), 42: ("Unha", NADA, None),
    43: ("Nuri", KARI, None), 44: ("Rokot", KHRUNICHEV, None), 45: ("Alpha", FIREFLY, None),
    46: ("Jielong", CHINAROCKET, None), 47: ("Lijian", CAS, None), 48: ("LauncherOne", VIRGIN, None),
    49: ("Energia", SOVIET, None), 50: ("SSLV", ISRO, None), 51: ("LVM3", ISRO, 16),
}

Weights = tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class LauncherConfig:
    id: int
    name: str
    full_name: str
    variant: str
    families: tuple[int, ...]
    manufacturer: int
    lsp: tuple[tuple[int, int], ...]       # ((until_year, agency), ...): who flies it, by era
    cadence: Weights                       # launches/year breakpoints, linear in between
    pads: tuple[tuple[int, float, int], ...]  # (pad, weight, from_year)
    missions: tuple[tuple[str, float], ...]   # (mission kind, weight)
    failure_rate: float = 0.04
    reusable: bool = False
    stages: tuple[int, int] = (2, 2)
    length: float | None = None
    diameter: float | None = None
    launch_mass: float | None = None       # tonnes
    leo: float | None = None               # kg
    gto: float | None = None
    thrust: float | None = None            # kN at liftoff
    cost: int | None = None                # USD
    wiki: str | None = None
    description: str = ""
    alias: str = ""
    spacex_rocket: str | None = None       # the r-spacex rocket this maps to

    def first_year(self) -> int:
        return self.cadence[0][0]

    def last_year(self) -> int:
        return self.cadence[-1][0]


def _c(*points: tuple[int, float]) -> Weights:
    return tuple(points)


# Mission-kind weights shared by several vehicles
_SOV_MIX = (("kosmos", 6), ("molniya", 1.2), ("meteor", 0.6), ("progress", 0.8), ("venera", 0.1))
_USA_EARLY = (("explorer", 2), ("usa", 3), ("tiros", 1), ("intelsat", 1), ("pioneer", 0.3))
_CHINA_LEO = (("yaogan", 4), ("shiyan", 2), ("gaofen", 2), ("jilin", 1.5), ("satnet", 1.2), ("qianfan", 0.8),
              ("fengyun", 0.5))
_CHINA_GTO = (("zhongxing", 2), ("beidou", 2), ("tianlian", 0.5), ("tjs", 1.5), ("fengyun", 0.5))
_RUS_MIX = (("kosmos", 4), ("progress", 1.5), ("glonass", 1.2), ("meteor", 0.5), ("resurs", 0.4), ("oneweb", 0.6),
            ("bion", 0.1))
_GTO_COMM = (("intelsat", 1.5), ("ses", 1.5), ("eutelsat", 1.2), ("directv", 0.6), ("comsat", 2))

CONFIGS: dict[int, LauncherConfig] = {c.id: c for c in (
    # ---- Soviet Union / Russia ----------------------------------------------------------------
    LauncherConfig(1, "Sputnik 8K71PS", "Sputnik 8K71PS", "8K71PS", (4,), SOVIET, ((9999, SOVIET),),
                   _c((1957, 0), (1958, 0)), ((32, 1, 0),), (("sputnik", 1),), 0.3, length=29.2, diameter=10.3,
                   launch_mass=267, leo=500, thrust=3900, wiki="https://en.wikipedia.org/wiki/Sputnik_(rocket)",
                   description="The modified R-7 missile that launched the first artificial satellites."),
    LauncherConfig(2, "Vostok-K", "Vostok-K 8K72K", "8K72K", (4,), SOVIET, ((9999, SOVIET),),
                   _c((1960, 1.5), (1964, 1.5)), ((32, 1, 0),), (("korabl", 1), ("kosmos", 2), ("luna", 0.6)),
                   0.15, stages=(3, 3), length=30.8, diameter=10.3, launch_mass=287, leo=4725, thrust=3904,
                   wiki="https://en.wikipedia.org/wiki/Vostok-K", description="Three-stage R-7 derivative that "
                   "carried the Vostok crewed spacecraft."),
    LauncherConfig(3, "Voskhod", "Voskhod 11A57", "11A57", (4,), SOVIET, ((9999, SOVIET),),
                   _c((1963, 2), (1966, 6), (1976, 4)), ((32, 1, 0), (50, 1, 1966)), (("kosmos", 8), ("voskhod", 0.4)),
                   0.06, stages=(3, 3), length=44.0, diameter=10.3, launch_mass=298, leo=5900, thrust=4050,
                   description="R-7 variant used for the Voskhod crewed flights and many Zenit reconnaissance satellites."),
    LauncherConfig(4, "Molniya-M", "Molniya-M 8K78M", "8K78M", (4,), SOVIET, ((1991, SOVIET), (9999, VKS)),
                   _c((1964, 1), (1970, 3), (1990, 3), (2000, 1), (2010, 0.3)), ((50, 2, 0), (32, 1, 0)),
                   (("molniya", 5), ("venera", 0.6), ("kosmos", 1)), 0.05, stages=(4, 4), length=43.4,
                   diameter=10.3, launch_mass=305, thrust=3980,
                   description="Four-stage R-7 for high elliptical Molniya orbits and early planetary probes."),
    LauncherConfig(5, "Soyuz", "Soyuz 11A511", "11A511", (4, 5), SOVIET, ((9999, SOVIET),),
                   _c((1966, 1), (1970, 3), (1976, 2)), ((32, 1, 0), (33, 1, 0)), (("soyuz_crew", 1), ("kosmos", 2)),
                   0.05, length=45.6, diameter=10.3, launch_mass=308, leo=6450, thrust=4050),
    LauncherConfig(6, "Soyuz-U", "Soyuz-U 11A511U", "11A511U", (4, 5), SOVIET, ((1991, SOVIET), (9999, ROSCOSMOS)),
                   _c((1973, 3), (1978, 12), (1988, 12), (1995, 6), (2005, 3), (2017, 1)),
                   ((33, 2, 0), (32, 1, 0), (50, 3, 0), (51, 2, 0)),
                   (("kosmos", 6), ("progress", 2), ("soyuz_crew", 1), ("resurs", 0.5), ("bion", 0.2)), 0.025,
                   length=51.1, diameter=10.3, launch_mass=313, leo=6900, thrust=4150,
                   wiki="https://en.wikipedia.org/wiki/Soyuz-U",
                   description="The most-flown rocket in history, workhorse of the Soviet and Russian programmes."),
    LauncherConfig(7, "Soyuz-FG", "Soyuz-FG", "FG", (4, 5), ROSCOSMOS, ((9999, ROSCOSMOS),),
                   _c((2001, 2), (2005, 4), (2019, 2)), ((32, 2, 0), (33, 1, 0)),
                   (("soyuz_crew", 2), ("progress", 2), ("comsat", 0.3)), 0.015, length=49.5, diameter=10.3,
                   launch_mass=305, leo=7100, thrust=4146, description="Upgraded Soyuz that flew crews to the ISS until 2019."),
    LauncherConfig(8, "Soyuz 2.1a", "Soyuz 2.1a", "2.1a", (4, 5), ROSCOSMOS, ((9999, ROSCOSMOS),),
                   _c((2004, 1), (2010, 3), (2019, 8), (2024, 9)), ((33, 2, 0), (50, 2, 0), (55, 1, 2016)),
                   (("soyuz_crew", 2), ("progress", 3), ("kosmos", 2), ("resurs", 0.5), ("bion", 0.1), ("meteor", 0.4)),
                   0.02, stages=(3, 3), length=46.3, diameter=10.3, launch_mass=312, leo=7020, thrust=4146,
                   wiki="https://en.wikipedia.org/wiki/Soyuz-2", description="Digitally controlled Soyuz with "
                   "an upgraded third stage; flies crews and cargo to the ISS."),
    LauncherConfig(9, "Soyuz 2.1b", "Soyuz 2.1b", "2.1b", (4, 5), ROSCOSMOS, ((9999, ROSCOSMOS),),
                   _c((2006, 1), (2012, 4), (2020, 7), (2024, 7)), ((50, 2, 0), (51, 2, 0), (33, 1, 0), (55, 1, 2016)),
                   (("glonass", 3), ("kosmos", 3), ("oneweb", 2), ("meteor", 1), ("luna_rus", 0.15)), 0.025,
                   stages=(3, 3), length=46.3, diameter=10.3, launch_mass=312, leo=8200, thrust=4146),
    LauncherConfig(10, "Soyuz ST-B", "Soyuz ST-B", "ST-B", (4, 5), ROSCOSMOS, ((9999, ARIANESPACE),),
                   _c((2011, 1), (2015, 3), (2021, 2), (2022, 0.5)), ((72, 1, 0),),
                   (("galileo", 3), ("oneweb", 2), ("comsat", 1)), 0.03, stages=(4, 4), length=46.2,
                   diameter=10.3, launch_mass=308, leo=8200, gto=3250,
                   description="Soyuz operated by Arianespace from French Guiana between 2011 and 2022."),
    LauncherConfig(11, "Kosmos-3M", "Kosmos-3M", "3M", (22,), SOVIET, ((1991, SOVIET), (9999, VKS)),
                   _c((1967, 2), (1975, 5), (1988, 4), (1995, 1.5), (2010, 0.5)), ((50, 2, 0), (56, 1, 0)),
                   (("kosmos", 1),), 0.04, length=32.4, diameter=2.4, launch_mass=109, leo=1500, thrust=1485),
    LauncherConfig(12, "Tsyklon-3", "Tsyklon-3", "3", (23,), SOVIET, ((1991, SOVIET), (9999, VKS)),
                   _c((1977, 1), (1980, 3), (1990, 2), (2000, 0.5), (2009, 0.2)), ((54, 1, 0), (44, 0.5, 0)),
                   (("kosmos", 3), ("meteor", 1)), 0.04, stages=(3, 3), length=39.3, diameter=3.0,
                   launch_mass=186, leo=4100),
    LauncherConfig(13, "Proton-K", "Proton-K", "K", (6,), KHRUNICHEV, ((1991, SOVIET), (9999, KHRUNICHEV)),
                   _c((1967, 1), (1970, 2.5), (1985, 3), (1995, 2.5), (2005, 1), (2012, 0.3)), ((40, 1, 0), (41, 1, 0)),
                   (("kosmos", 3), ("luna", 0.7), ("venera", 0.4), ("station", 0.3), ("comsat", 1)), 0.08,
                   stages=(3, 4), length=53.0, diameter=7.4, launch_mass=693, leo=19760, gto=4900, thrust=10470,
                   wiki="https://en.wikipedia.org/wiki/Proton-K"),
    LauncherConfig(14, "Proton-M", "Proton-M Briz-M", "M Briz-M", (6,), KHRUNICHEV, ((9999, KHRUNICHEV),),
                   _c((2001, 1), (2008, 8), (2014, 8), (2018, 2), (2023, 1)), ((40, 1, 0), (41, 1, 0)),
                   _GTO_COMM + (("glonass", 1), ("ekspress", 2)), 0.08, stages=(4, 4), length=58.2, diameter=7.4,
                   launch_mass=705, leo=23000, gto=6920, thrust=10026, cost=65000000,
                   wiki="https://en.wikipedia.org/wiki/Proton-M"),
    LauncherConfig(15, "N1", "N1", "N1-L3", (32,), SOVIET, ((9999, SOVIET),), _c((1969, 0), (1972, 0)),
                   ((42, 1, 0),), (("n1_test", 1),), 1.0, stages=(5, 5), length=105.3, diameter=17.0,
                   launch_mass=2750, leo=95000, thrust=45400,
                   description="The Soviet Moon rocket; all four test flights failed."),
    LauncherConfig(16, "Zenit-2", "Zenit-2", "2", (24,), SOVIET, ((1991, SOVIET), (9999, ROSCOSMOS)),
                   _c((1985, 0.5), (1990, 1), (2004, 0.3)), ((43, 1, 0),), (("kosmos", 1),), 0.12, length=57.0,
                   diameter=3.9, launch_mass=459, leo=13740),
    LauncherConfig(17, "Rokot", "Rokot / Briz-KM", "KM", (44,), KHRUNICHEV, ((9999, KHRUNICHEV),),
                   _c((2000, 0.5), (2010, 1), (2019, 0.5)), ((52, 1, 0),), (("kosmos", 2), ("gonets", 2)), 0.06,
                   stages=(3, 3), length=29.2, diameter=2.5, launch_mass=107, leo=1950),
    LauncherConfig(18, "Angara 1.2", "Angara 1.2", "1.2", (25,), KHRUNICHEV, ((9999, VKS),),
                   _c((2014, 0.2), (2022, 1), (2024, 1)), ((53, 1, 0),), (("kosmos", 1),), 0.05,
                   length=41.5, diameter=2.9, launch_mass=171, leo=3500),
    LauncherConfig(19, "Angara A5", "Angara A5 Persei", "A5", (25,), KHRUNICHEV, ((9999, ROSCOSMOS),),
                   _c((2014, 0.2), (2021, 0.5), (2024, 1)), ((53, 1, 0), (55, 1, 2024)), (("kosmos", 1), ("test", 0.5)),
                   0.1, stages=(3, 4), length=55.4, diameter=8.9, launch_mass=759, leo=24500, gto=5400),
    LauncherConfig(20, "Energia", "Energia", "Buran", (49,), SOVIET, ((9999, SOVIET),), _c((1987, 0), (1988, 0)),
                   ((42, 1, 0),), (("test", 1),), 0.3, length=58.8, diameter=17.6, launch_mass=2400, leo=100000),
    # ---- United States -------------------------------------------------------------------------
    LauncherConfig(30, "Vanguard", "Vanguard", "", (38,), NASA, ((9999, NASA),), _c((1957, 1), (1959, 1)),
                   ((35, 1, 0),), (("vanguard", 1),), 0.6, stages=(3, 3), length=23.0, diameter=1.14,
                   launch_mass=10.05, leo=11.3),
    LauncherConfig(31, "Juno I", "Juno I", "", (37,), CHRYSLER, ((9999, CHRYSLER),), _c((1958, 0.8), (1958, 0.8)),
                   ((35, 1, 0),), (("explorer", 1),), 0.4, stages=(4, 4), length=21.2, diameter=1.78, leo=11),
    LauncherConfig(32, "Thor-Delta", "Thor-Delta", "", (31, 10), MCDONNELL, ((9999, NASA),),
                   _c((1960, 1.5), (1965, 3), (1975, 3), (1989, 1)), ((14, 2, 0), (17, 1, 0)), _USA_EARLY, 0.06,
                   stages=(3, 3), length=31.0, diameter=2.44, launch_mass=51.6, leo=226),
    LauncherConfig(33, "Atlas-Agena", "Atlas LV-3 Agena", "Agena", (8,), GD, ((9999, USAF),),
                   _c((1960, 2), (1965, 3), (1978, 0.5)), ((35, 1, 0), (17, 1, 0)),
                   (("usa", 3), ("ranger", 0.6), ("mariner", 0.5)), 0.12, length=36.0, diameter=3.05, leo=2700),
    LauncherConfig(34, "Atlas LV-3B", "Atlas LV-3B", "LV-3B", (8,), GD, ((9999, NASA),), _c((1962, 0), (1963, 0)),
                   ((15, 1, 0),), (("mercury", 1),), 0.1, stages=(1, 1), length=28.7, diameter=3.05, leo=1360),
    LauncherConfig(35, "Titan II GLV", "Titan II GLV", "GLV", (11,), MARTIN, ((9999, NASA),), _c((1964, 0), (1966, 0)),
                   ((19, 1, 0),), (("gemini", 1),), 0.0, length=33.2, diameter=3.05, leo=3580),
    LauncherConfig(36, "Scout", "Scout", "", (30,), NASA, ((9999, NASA),), _c((1961, 1), (1970, 1.5), (1994, 0.3)),
                   ((17, 1, 0),), (("explorer", 2), ("usa", 1)), 0.1, stages=(4, 4), length=23.0, diameter=1.01,
                   leo=210),
    LauncherConfig(37, "Saturn IB", "Saturn IB", "IB", (12,), NASA, ((9999, NASA),), _c((1966, 0.5), (1975, 0.2)),
                   ((34, 1, 0), (88, 1, 1973)), (("apollo_earth", 1),), 0.0, length=68.0, diameter=6.6,
                   launch_mass=589, leo=21000),
    LauncherConfig(38, "Saturn V", "Saturn V", "", (12,), NASA, ((9999, NASA),), _c((1967, 0), (1973, 0)),
                   ((87, 1, 0), (88, 0.2, 0)), (("apollo", 1),), 0.0, stages=(3, 3), length=110.6, diameter=10.1,
                   launch_mass=2970, leo=140000, thrust=35100, cost=185000000,
                   wiki="https://en.wikipedia.org/wiki/Saturn_V",
                   description="The super heavy-lift rocket of the Apollo programme."),
    LauncherConfig(39, "Titan IIIC", "Titan IIIC", "IIIC", (11,), MARTIN, ((9999, USAF),),
                   _c((1965, 0.5), (1970, 1.2), (1982, 0.5)), ((35, 1, 0),), (("usa", 3), ("dsp", 1)), 0.1,
                   stages=(3, 4), length=42.0, diameter=3.05, leo=13100),
    LauncherConfig(40, "Titan IV", "Titan IVB", "IVB", (11,), MARTIN, ((9999, USAF),),
                   _c((1989, 0.5), (1995, 1.5), (2005, 0.5)), ((29, 1, 0), (18, 0.5, 0)), (("usa", 3), ("dsp", 1)),
                   0.06, stages=(3, 4), length=44.0, diameter=3.05, leo=21680),
    LauncherConfig(41, "Space Shuttle", "Space Shuttle", "", (13,), NASA, ((9999, NASA),),
                   _c((1981, 1), (1985, 4), (1986, 2), (1988, 1.5), (1992, 3), (2003, 1), (2006, 1), (2011, 1)),
                   ((87, 2, 0), (88, 1, 0)), (("sts", 1),), 0.015, reusable=True, length=56.1, diameter=8.7,
                   launch_mass=2030, leo=27500, thrust=30160, cost=450000000,
                   wiki="https://en.wikipedia.org/wiki/Space_Shuttle",
                   description="NASA's partially reusable crewed orbiter system, flown 135 times."),
    LauncherConfig(42, "Delta II", "Delta II 7925", "7925", (10,), BOEING, ((2006, BOEING), (9999, ULA)),
                   _c((1989, 3), (1995, 4), (2000, 4), (2008, 2), (2018, 0.3)), ((14, 2, 0), (17, 1, 0)),
                   (("gps_ii", 3), ("iridium", 0.5), ("explorer", 1), ("mars", 0.4)), 0.02, stages=(3, 3),
                   length=38.9, diameter=2.44, launch_mass=231, leo=6100, gto=2170),
    LauncherConfig(43, "Atlas V", "Atlas V 551", "551", (8,), ULA, ((9999, ULA),),
                   _c((2002, 1), (2010, 5), (2015, 9), (2020, 5), (2024, 4), (2026, 3)), ((29, 3, 0), (18, 1, 0)),
                   (("nrol", 2), ("gps_iii", 0.5), ("sbirs", 0.5), ("kuiper", 1), ("starliner", 0.3), ("mars", 0.2),
                    ("comsat", 1)), 0.005, length=62.2, diameter=3.81, launch_mass=590, leo=18850, gto=8900,
                   thrust=9500, cost=153000000, wiki="https://en.wikipedia.org/wiki/Atlas_V"),
    LauncherConfig(44, "Delta IV Heavy", "Delta IV Heavy", "Heavy", (10,), ULA, ((9999, ULA),),
                   _c((2004, 0.3), (2012, 1), (2024, 0.5)), ((12, 1, 0), (20, 1, 0)), (("nrol", 3), ("orion_test", 0.1)),
                   0.02, length=72.0, diameter=15.0, launch_mass=733, leo=28790, gto=14210, cost=350000000),
    LauncherConfig(45, "Vulcan VC2S", "Vulcan Centaur VC2S", "VC2S", (9,), ULA, ((9999, ULA),),
                   _c((2024, 2), (2025, 6), (2026, 20)), ((29, 1, 0), (20, 0.3, 2026)),
                   (("nrol", 1), ("gps_iii", 1), ("kuiper", 3), ("ussf", 1)), 0.03, length=61.6, diameter=5.4,
                   launch_mass=546, leo=19000, gto=8400, wiki="https://en.wikipedia.org/wiki/Vulcan_Centaur"),
    LauncherConfig(46, "Pegasus XL", "Pegasus XL", "XL", (28,), NORTHROP, ((9999, NORTHROP),),
                   _c((1994, 1), (2000, 2), (2010, 0.5), (2021, 0.2)), ((21, 1, 0), (84, 0.5, 0)),
                   (("explorer", 2), ("usa", 1)), 0.05, stages=(3, 3), length=17.6, diameter=1.27, leo=443),
    LauncherConfig(47, "Minotaur IV", "Minotaur IV", "IV", (27,), NORTHROP, ((9999, NORTHROP),),
                   _c((2010, 0.5), (2020, 0.3)), ((21, 1, 0), (84, 1, 0)), (("usa", 1),), 0.02, stages=(4, 4),
                   length=23.9, diameter=2.34, leo=1735),
    LauncherConfig(48, "Antares 230+", "Antares 230+", "230+", (29,), NORTHROP, ((9999, NORTHROP),),
                   _c((2013, 1), (2016, 2), (2023, 1)), ((84, 1, 0),), (("cygnus", 1),), 0.05, length=42.5,
                   diameter=3.9, launch_mass=298, leo=8000),
    LauncherConfig(49, "SLS Block 1", "Space Launch System (SLS) Block 1", "Block 1", (35,), NASA, ((9999, NASA),),
                   _c((2022, 0), (2024, 0), (2027, 0.5)), ((88, 1, 0),), (("artemis", 1),), 0.0, length=98.0,
                   diameter=8.4, launch_mass=2610, leo=95000, thrust=39144, cost=2000000000,
                   wiki="https://en.wikipedia.org/wiki/Space_Launch_System",
                   description="NASA's super heavy-lift rocket for the Artemis lunar programme."),
    LauncherConfig(50, "New Shepard", "New Shepard", "", (19,), BLUE, ((9999, BLUE),),
                   _c((2015, 1), (2019, 2), (2022, 3), (2025, 6)), ((96, 1, 0),), (("ns", 1),), 0.02, reusable=True,
                   stages=(1, 1), length=18.0, diameter=3.7, launch_mass=75,
                   description="Blue Origin's reusable suborbital rocket for space tourism and research."),
    LauncherConfig(51, "New Glenn", "New Glenn", "", (18,), BLUE, ((9999, BLUE),),
                   _c((2025, 2), (2026, 8), (2027, 12)), ((36, 1, 0),),
                   (("kuiper", 3), ("blue_moon", 0.5), ("escapade", 0.2), ("comsat", 1)), 0.05, reusable=True,
                   length=98.0, diameter=7.0, launch_mass=1600, leo=45000, gto=13600,
                   wiki="https://en.wikipedia.org/wiki/New_Glenn"),
    LauncherConfig(52, "Firefly Alpha", "Firefly Alpha", "Alpha", (45,), FIREFLY, ((9999, FIREFLY),),
                   _c((2021, 1), (2024, 1), (2026, 3)), ((17, 1, 0),), (("smallsat", 1),), 0.25, length=29.75,
                   diameter=1.82, leo=1170),
    LauncherConfig(53, "LauncherOne", "LauncherOne", "", (48,), VIRGIN, ((9999, VIRGIN),),
                   _c((2020, 1), (2022, 2), (2023, 0)), ((21, 1, 0),), (("smallsat", 1),), 0.3, length=21.3,
                   diameter=1.6, leo=500),
    # ---- SpaceX ----------------------------------------------------------------------------------
    LauncherConfig(60, "Falcon 1", "Falcon 1", "", (1,), SPACEX, ((9999, SPACEX),), _c((2006, 0), (2009, 0)),
                   ((95, 1, 0),), (("smallsat", 1),), 0.6, length=22.25, diameter=1.68, launch_mass=30.1, leo=450,
                   thrust=420, cost=6700000, wiki="https://en.wikipedia.org/wiki/Falcon_1",
                   description="SpaceX's first rocket, flown five times from Omelek Island.", spacex_rocket="Falcon 1"),
    LauncherConfig(61, "Falcon 9", "Falcon 9 v1.0", "v1.0", (1,), SPACEX, ((9999, SPACEX),), _c((2010, 0), (2013, 0)),
                   ((80, 1, 0),), (("crs", 1),), 0.1, length=54.9, diameter=3.66, launch_mass=333, leo=10450,
                   spacex_rocket="Falcon 9"),
    LauncherConfig(62, "Falcon 9", "Falcon 9 v1.1", "v1.1", (1,), SPACEX, ((9999, SPACEX),),
                   _c((2013, 2), (2014, 6), (2015, 6), (2016, 1)), ((80, 3, 0), (16, 1, 0)),
                   (("crs", 1), ("comsat", 2), ("ses", 1), ("orbcomm", 0.5), ("dscovr", 0.1)), 0.05, length=68.4,
                   diameter=3.66, launch_mass=506, leo=13150, gto=4850, spacex_rocket="Falcon 9"),
    LauncherConfig(63, "Falcon 9", "Falcon 9 Full Thrust", "Full Thrust", (1,), SPACEX, ((9999, SPACEX),),
                   _c((2015, 1), (2016, 7), (2017, 18), (2018, 7), (2018, 7)),
                   ((80, 3, 0), (87, 2, 2017), (16, 1, 0)),
                   (("crs", 1), ("comsat", 2), ("ses", 1), ("iridium", 1), ("nrol", 0.2), ("intelsat", 0.5)), 0.01,
                   reusable=True, length=70.0, diameter=3.66, launch_mass=549, leo=22800, gto=8300,
                   spacex_rocket="Falcon 9"),
    LauncherConfig(64, "Falcon 9", "Falcon 9 Block 5", "Block 5", (1,), SPACEX, ((9999, SPACEX),),
                   _c((2018, 14), (2019, 11), (2020, 26), (2021, 31), (2022, 60), (2023, 91), (2024, 128),
                      (2025, 165), (2026, 170)),
                   ((80, 5, 0), (87, 2, 0), (16, 3, 0)),
                   (("starlink", 14), ("crs", 0.6), ("crew_dragon", 0.5), ("transporter", 0.4), ("bandwagon", 0.2),
                    ("comsat", 1.2), ("ses", 0.4), ("gps_iii", 0.2), ("nrol", 0.5), ("sda", 0.5), ("ax", 0.15),
                    ("oneweb", 0.2), ("intuitive", 0.08), ("cygnus", 0.1), ("o3b", 0.2)), 0.003, reusable=True,
                   length=70.0, diameter=3.66, launch_mass=549, leo=22800, gto=8300, thrust=7607, cost=69750000,
                   wiki="https://en.wikipedia.org/wiki/Falcon_9_Block_5", alias="F9",
                   description="The final, fully reusable version of Falcon 9; boosters fly twenty times or more.",
                   spacex_rocket="Falcon 9"),
    LauncherConfig(65, "Falcon Heavy", "Falcon Heavy", "", (1,), SPACEX, ((9999, SPACEX),),
                   _c((2018, 0.5), (2019, 2), (2020, 0), (2021, 0), (2022, 1), (2023, 5), (2024, 2), (2026, 2)),
                   ((87, 1, 0),), (("ussf", 2), ("comsat", 1), ("psyche", 0.2), ("europa", 0.1)), 0.02, reusable=True,
                   stages=(2, 3), length=70.0, diameter=12.2, launch_mass=1420, leo=63800, gto=26700, thrust=22819,
                   cost=97000000, wiki="https://en.wikipedia.org/wiki/Falcon_Heavy", spacex_rocket="Falcon Heavy"),
    LauncherConfig(66, "Starship", "Starship", "", (2,), SPACEX, ((9999, SPACEX),),
                   _c((2023, 2), (2024, 4), (2025, 5), (2026, 12)), ((94, 1, 0),), (("starship_flight", 1),), 0.3,
                   reusable=True, length=121.0, diameter=9.0, launch_mass=5000, leo=100000, thrust=74400,
                   wiki="https://en.wikipedia.org/wiki/SpaceX_Starship",
                   description="SpaceX's fully reusable super heavy-lift launch system.", spacex_rocket="Starship"),
    # ---- Rocket Lab -----------------------------------------------------------------------------
    LauncherConfig(70, "Electron", "Electron", "", (14,), ROCKETLAB, ((9999, ROCKETLAB),),
                   _c((2017, 1), (2018, 3), (2019, 6), (2020, 7), (2021, 6), (2022, 9), (2023, 10), (2024, 16),
                      (2026, 20)),
                   ((81, 2, 0), (82, 1, 2022), (83, 0.3, 2023)), (("rocketlab", 1),), 0.06, reusable=True,
                   length=18.0, diameter=1.2, launch_mass=13, leo=300, cost=7500000,
                   wiki="https://en.wikipedia.org/wiki/Rocket_Lab_Electron"),
    # ---- Europe -----------------------------------------------------------------------------------
    LauncherConfig(80, "Diamant", "Diamant A", "A", (36,), CNES, ((9999, CNES),), _c((1965, 0.5), (1975, 0.3)),
                   ((74, 1, 0),), (("french_sat", 1),), 0.25, stages=(3, 3), length=19.0, diameter=1.34, leo=80),
    LauncherConfig(81, "Ariane 4", "Ariane 44L", "44L", (7,), ARIANESPACE, ((9999, ARIANESPACE),),
                   _c((1988, 2), (1993, 4), (2003, 0.5)), ((74, 1, 0),), _GTO_COMM + (("spot", 0.5),), 0.03,
                   stages=(3, 3), length=58.4, diameter=3.8, launch_mass=470, gto=4900),
    LauncherConfig(82, "Ariane 5", "Ariane 5 ECA", "ECA", (7,), ARIANESPACE, ((9999, ARIANESPACE),),
                   _c((2002, 1), (2006, 4), (2016, 5), (2020, 3), (2023, 1)), ((70, 1, 0),),
                   _GTO_COMM + (("atv", 0.2), ("galileo", 0.3)), 0.03, length=53.0, diameter=5.4, launch_mass=780,
                   leo=21000, gto=10865, cost=178000000, wiki="https://en.wikipedia.org/wiki/Ariane_5"),
    LauncherConfig(83, "Ariane 62", "Ariane 62", "62", (7,), ARIANESPACE, ((9999, ARIANESPACE),),
                   _c((2024, 1), (2025, 4), (2026, 8)), ((71, 1, 0),), (("galileo", 1), ("csos", 1), ("comsat", 1),
                                                                     ("sentinel", 1)), 0.05, length=56.0,
                   diameter=5.4, launch_mass=530, leo=10350, gto=4500, wiki="https://en.wikipedia.org/wiki/Ariane_6"),
    LauncherConfig(84, "Vega", "Vega", "", (26,), ARIANESPACE, ((9999, ARIANESPACE),),
                   _c((2012, 1), (2015, 3), (2020, 2), (2024, 0.5)), ((73, 1, 0),), (("sentinel", 1), ("vega_ride", 1)),
                   0.07, stages=(4, 4), length=30.0, diameter=3.0, launch_mass=137, leo=1500),
    LauncherConfig(85, "Vega C", "Vega C", "C", (26,), ARIANESPACE, ((9999, ARIANESPACE),),
                   _c((2022, 1), (2024, 1), (2026, 3)), ((73, 1, 0),), (("sentinel", 1), ("vega_ride", 1)), 0.1,
                   stages=(4, 4), length=35.0, diameter=3.4, launch_mass=210, leo=2300),
    # ---- China ------------------------------------------------------------------------------------
    LauncherConfig(100, "Long March 2C", "Long March 2C", "2C", (3,), CASC, ((9999, CASC),),
                   _c((1975, 0.5), (1990, 0.8), (2005, 2), (2020, 5), (2024, 6)), ((61, 1, 0), (66, 1, 0), (64, 0.5, 0)),
                   _CHINA_LEO, 0.03, length=43.0, diameter=3.35, launch_mass=245, leo=3850),
    LauncherConfig(101, "Long March 2D", "Long March 2D", "2D", (3,), CASC, ((9999, CASC),),
                   _c((1992, 0.5), (2005, 1), (2015, 3), (2022, 8), (2024, 6)), ((61, 1, 0), (66, 2, 0)), _CHINA_LEO,
                   0.02, length=41.1, diameter=3.35, launch_mass=232, leo=3500),
    LauncherConfig(102, "Long March 2F", "Long March 2F/G", "2F/G", (3,), CASC, ((9999, CASC),),
                   _c((1999, 0.3), (2003, 0.3), (2016, 0.5), (2021, 1), (2024, 2)), ((60, 1, 0),),
                   (("shenzhou", 3), ("tiangong", 0.3)), 0.0, length=62.0, diameter=3.35, launch_mass=464, leo=8400,
                   wiki="https://en.wikipedia.org/wiki/Long_March_2F",
                   description="The human-rated Long March that flies the Shenzhou spacecraft."),
    LauncherConfig(103, "Long March 3B", "Long March 3B/E", "3B/E", (3,), CASC, ((9999, CASC),),
                   _c((1996, 0.5), (2005, 2), (2012, 5), (2018, 12), (2022, 10), (2024, 12)), ((64, 1, 0), (65, 1, 0)),
                   _CHINA_GTO + (("change", 0.15),), 0.02, stages=(3, 3), length=56.3, diameter=3.35,
                   launch_mass=458, gto=5500),
    LauncherConfig(104, "Long March 4B", "Long March 4B", "4B", (3,), CASC, ((9999, CASC),),
                   _c((1999, 0.5), (2010, 1.5), (2020, 3), (2024, 3)), ((66, 1, 0), (61, 0.5, 0)),
                   (("fengyun", 1), ("gaofen", 2), ("yaogan", 1)), 0.02, stages=(3, 3), length=48.0,
                   diameter=3.35, leo=4200),
    LauncherConfig(105, "Long March 5", "Long March 5", "5", (3,), CASC, ((9999, CASC),),
                   _c((2016, 1), (2020, 3), (2024, 3), (2026, 4)), ((68, 1, 0),),
                   (("tianwen", 0.1), ("change", 0.4), ("tjs", 1), ("css_module", 0.5), ("satnet", 1)), 0.05,
                   length=57.0, diameter=5.0, launch_mass=869, leo=25000, gto=14000,
                   wiki="https://en.wikipedia.org/wiki/Long_March_5"),
    LauncherConfig(106, "Long March 6A", "Long March 6A", "6A", (3,), CASC, ((9999, CASC),),
                   _c((2022, 2), (2024, 7), (2026, 10)), ((67, 1, 0),), (("qianfan", 3), ("yaogan", 1)), 0.02,
                   length=50.0, diameter=3.35, leo=4500),
    LauncherConfig(107, "Long March 7", "Long March 7", "7", (3,), CASC, ((9999, CASC),),
                   _c((2016, 1), (2021, 2), (2024, 2)), ((69, 1, 0),), (("tianzhou", 2),), 0.01, length=53.1,
                   diameter=3.35, launch_mass=597, leo=13500),
    LauncherConfig(108, "Long March 8", "Long March 8", "8", (3,), CASC, ((9999, CASC),),
                   _c((2020, 0.5), (2024, 2), (2026, 6)), ((69, 1, 0), (68, 0.3, 0)), (("qianfan", 2), ("satnet", 1)),
                   0.03, length=50.3, diameter=3.35, leo=7600),
    LauncherConfig(109, "Long March 12", "Long March 12", "12", (3,), CASC, ((9999, CASC),),
                   _c((2024, 1), (2025, 3), (2026, 6)), ((69, 1, 0),), (("satnet", 1),), 0.03, length=62.0,
                   diameter=3.8, leo=10000),
    LauncherConfig(110, "Long March 1", "Long March 1", "1", (3,), CASC, ((9999, CASC),), _c((1970, 0), (1971, 0)),
                   ((60, 1, 0),), (("dfh", 1),), 0.0, stages=(3, 3), length=29.86, diameter=2.25, leo=300),
    LauncherConfig(111, "Kuaizhou-1A", "Kuaizhou-1A", "1A", (20,), EXPACE, ((9999, EXPACE),),
                   _c((2017, 1), (2020, 3), (2024, 4)), ((62, 1, 0),), (("jilin", 1), ("smallsat", 1)), 0.08,
                   stages=(4, 4), length=19.4, diameter=1.4, leo=400),
    LauncherConfig(112, "Zhuque-2", "Zhuque-2", "2", (21,), LANDSPACE, ((9999, LANDSPACE),),
                   _c((2022, 1), (2024, 3), (2026, 5)), ((63, 1, 0),), (("smallsat", 1),), 0.2, length=49.5,
                   diameter=3.35, leo=6000),
    LauncherConfig(113, "Ceres-1", "Ceres-1", "1", (34,), GALACTIC, ((9999, GALACTIC),),
                   _c((2020, 1), (2023, 7), (2026, 8)), ((62, 1, 0),), (("jilin", 1), ("smallsat", 1)), 0.06,
                   stages=(4, 4), length=19.0, diameter=1.4, leo=400),
    LauncherConfig(114, "Jielong-3", "Jielong-3", "3", (46,), CHINAROCKET, ((9999, CHINAROCKET),),
                   _c((2022, 1), (2024, 3), (2026, 4)), ((66, 1, 0),), (("jilin", 1), ("smallsat", 1)), 0.02,
                   stages=(4, 4), length=31.0, diameter=2.65, leo=1500),
    LauncherConfig(115, "Kinetica-1", "Kinetica-1", "1", (47,), CAS, ((9999, CAS),), _c((2022, 1), (2024, 2)),
                   ((62, 1, 0),), (("smallsat", 1),), 0.1, stages=(4, 4), length=30.0, diameter=2.65, leo=2000),
    # ---- Japan ------------------------------------------------------------------------------------
    LauncherConfig(120, "Mu-3S-II", "Mu-3S-II", "3S-II", (33,), ISAS, ((9999, ISAS),), _c((1985, 0.5), (1995, 0.3)),
                   ((93, 1, 0),), (("isas_sci", 1),), 0.05, stages=(3, 3), length=27.8, diameter=1.41, leo=770),
    LauncherConfig(121, "H-IIA 202", "H-IIA 202", "202", (17,), MHI, ((2003, 1013), (9999, MHI)),
                   _c((2001, 1), (2006, 2.5), (2015, 3), (2024, 2), (2025, 1)), ((92, 1, 0),),
                   (("qzs", 1), ("igs", 2), ("himawari", 0.5), ("jaxa_sci", 0.6), ("slim", 0.1)), 0.02, length=53.0,
                   diameter=4.0, launch_mass=289, leo=10000, gto=4100),
    LauncherConfig(122, "H-IIB", "H-IIB", "B", (17,), MHI, ((9999, MHI),), _c((2009, 1), (2020, 1)), ((92, 1, 0),),
                   (("htv", 1),), 0.0, length=56.6, diameter=5.2, launch_mass=531, leo=19000),
    LauncherConfig(123, "H3-22S", "H3-22S", "22S", (17,), MHI, ((9999, MHI),), _c((2023, 1), (2024, 3), (2026, 6)),
                   ((92, 1, 0),), (("qzs", 1), ("igs", 1), ("htvx", 0.5), ("jaxa_sci", 0.5)), 0.08, length=57.0,
                   diameter=5.2, launch_mass=422, gto=4000),
    LauncherConfig(124, "Epsilon", "Epsilon", "", (39,), JAXA, ((9999, JAXA),), _c((2013, 0.5), (2022, 0.5)),
                   ((93, 1, 0),), (("jaxa_sci", 1),), 0.15, stages=(3, 4), length=26.0, diameter=2.6, leo=1500),
    # ---- India ------------------------------------------------------------------------------------
    LauncherConfig(130, "PSLV", "PSLV-XL", "XL", (15,), ISRO, ((9999, ISRO),),
                   _c((1993, 0.5), (2000, 1), (2010, 2), (2017, 3), (2024, 2)), ((90, 1, 0),),
                   (("eos", 2), ("cartosat", 1), ("irnss", 0.5), ("isro_ride", 1), ("chandrayaan", 0.05),
                    ("isro_sci", 0.2)), 0.04, stages=(4, 4), length=44.0, diameter=2.8, launch_mass=320, leo=3800),
    LauncherConfig(131, "GSLV Mk II", "GSLV Mk II", "Mk II", (16,), ISRO, ((9999, ISRO),),
                   _c((2001, 0.3), (2010, 0.5), (2018, 1), (2024, 1)), ((91, 1, 0),), (("gsat", 2), ("nvs", 1)), 0.2,
                   stages=(3, 3), length=49.1, diameter=2.8, launch_mass=420, gto=2250),
    LauncherConfig(132, "LVM3", "LVM3", "M3", (16, 51), ISRO, ((9999, ISRO),),
                   _c((2014, 0.5), (2019, 1), (2023, 2), (2026, 4)), ((91, 1, 0),),
                   (("gsat", 1), ("oneweb", 1), ("chandrayaan", 0.3), ("gaganyaan", 0.3)), 0.02, stages=(3, 3),
                   length=43.4, diameter=4.0, launch_mass=640, leo=10000, gto=4000,
                   wiki="https://en.wikipedia.org/wiki/LVM3"),
    LauncherConfig(133, "SSLV", "SSLV", "", (50,), ISRO, ((9999, ISRO),), _c((2022, 1), (2024, 1)), ((90, 1, 0),),
                   (("eos", 1),), 0.3, stages=(3, 4), length=34.0, diameter=2.0, leo=500),
    # ---- Others -----------------------------------------------------------------------------------
    LauncherConfig(140, "Shavit-2", "Shavit-2", "2", (40,), ISA, ((9999, ISA),), _c((1988, 0.2), (2023, 0.2)),
                   ((98, 1, 0),), (("ofeq", 1),), 0.2, stages=(3, 3), length=26.4, diameter=1.35, leo=350),
    LauncherConfig(141, "Safir-1B", "Safir-1B", "1B", (41,), ISA_IRAN, ((9999, ISA_IRAN),),
                   _c((2009, 0.3), (2024, 0.8)), ((99, 1, 0),), (("iran_sat", 1),), 0.45, length=22.0, diameter=1.25,
                   leo=65),
    LauncherConfig(142, "Unha-3", "Unha-3", "3", (42,), NADA, ((9999, NADA),), _c((2012, 0.2), (2016, 0.2), (2023, 0.4)),
                   ((100, 1, 0),), (("kms", 1),), 0.5, stages=(3, 3), length=30.0, diameter=2.4, leo=100),
    LauncherConfig(143, "Nuri", "Nuri (KSLV-II)", "KSLV-II", (43,), KARI, ((9999, KARI),),
                   _c((2021, 1), (2023, 1), (2026, 1)), ((97, 1, 0),), (("nuri", 1),), 0.25, stages=(3, 3),
                   length=47.2, diameter=3.5, launch_mass=200, leo=3300),
)}

# --------------------------------------------------------------------------------------------
# Programs
# --------------------------------------------------------------------------------------------
PROGRAM_TYPES = {1: "Human Spaceflight", 2: "Robotic Exploration", 3: "Communication Constellation",
                 4: "Navigation Constellation", 5: "Space Station"}


@dataclass(frozen=True)
class Program:
    id: int
    name: str
    type: int
    agencies: tuple[int, ...]
    start: str
    end: str | None
    description: str
    wiki: str | None = None


PROGRAMS: dict[str, Program] = {
    "iss": Program(17, "International Space Station", 5, (NASA, ROSCOSMOS, ESA, JAXA), "1998-11-20T06:40:00Z", None,
                   "A modular space station in low Earth orbit, continuously crewed since 2000.",
                   "https://en.wikipedia.org/wiki/International_Space_Station"),
    "starlink": Program(25, "Starlink", 3, (SPACEX,), "2018-02-22T14:17:00Z", None,
                        "SpaceX's satellite internet constellation in low Earth orbit.", "https://en.wikipedia.org/wiki/Starlink"),
    "apollo": Program(1, "Apollo", 1, (NASA,), "1961-05-25T00:00:00Z", "1972-12-19T19:24:59Z",
                      "NASA's programme that landed the first humans on the Moon.", "https://en.wikipedia.org/wiki/Apollo_program"),
    "artemis": Program(4, "Artemis", 1, (NASA, ESA, JAXA), "2017-12-11T00:00:00Z", None,
                       "NASA-led programme to return humans to the Moon.", "https://en.wikipedia.org/wiki/Artemis_program"),
    "commercial_crew": Program(5, "Commercial Crew Program", 1, (NASA, SPACEX, BOEING), "2011-04-18T00:00:00Z", None,
                               "NASA's programme buying crew transport to the ISS from commercial providers.",
                               "https://en.wikipedia.org/wiki/Commercial_Crew_Program"),
    "css": Program(19, "Tiangong space station", 5, (CASC,), "2021-04-29T03:23:15Z", None,
                   "China's modular space station in low Earth orbit.", "https://en.wikipedia.org/wiki/Tiangong_space_station"),
    "change": Program(20, "Chinese Lunar Exploration Program", 2, (CASC,), "2007-10-24T10:05:04Z", None,
                      "China's robotic lunar programme, the Chang'e missions.",
                      "https://en.wikipedia.org/wiki/Chinese_Lunar_Exploration_Program"),
    "clps": Program(27, "Commercial Lunar Payload Services", 2, (NASA,), "2018-11-29T00:00:00Z", None,
                    "NASA's programme buying delivery of payloads to the lunar surface.",
                    "https://en.wikipedia.org/wiki/Commercial_Lunar_Payload_Services"),
    "luna": Program(30, "Luna", 2, (SOVIET,), "1959-01-02T16:41:00Z", "1976-08-09T15:04:12Z",
                    "The Soviet robotic lunar programme.", "https://en.wikipedia.org/wiki/Luna_programme"),
    "gps": Program(32, "Global Positioning System", 4, (USAF,), "1978-02-22T23:44:00Z", None,
                   "The US satellite navigation system.", "https://en.wikipedia.org/wiki/Global_Positioning_System"),
    "galileo": Program(33, "Galileo", 4, (ESA,), "2005-12-28T05:19:00Z", None,
                       "Europe's satellite navigation system.", "https://en.wikipedia.org/wiki/Galileo_(satellite_navigation)"),
    "beidou": Program(34, "BeiDou", 4, (CASC,), "2000-10-30T16:02:00Z", None,
                      "China's satellite navigation system.", "https://en.wikipedia.org/wiki/BeiDou"),
    "shuttle": Program(8, "Space Shuttle Program", 1, (NASA,), "1981-04-12T12:00:04Z", "2011-07-08T15:29:04Z",
                       "NASA's reusable crewed orbiter programme.", "https://en.wikipedia.org/wiki/Space_Shuttle_program"),
    "soyuz": Program(10, "Soyuz", 1, (SOVIET, ROSCOSMOS), "1967-04-23T00:35:00Z", None,
                     "The Soviet and Russian crewed spacecraft programme.", "https://en.wikipedia.org/wiki/Soyuz_programme"),
}

# --------------------------------------------------------------------------------------------
# Mission kinds: how a launch's mission is named, typed and where it goes.
#   template placeholders: {n} running number of this kind, {g}/{m} group/member, {r} roman numeral,
#   {n2} zero-padded number, {word} a whimsical phrase (Rocket Lab style)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissionKind:
    key: str
    template: str
    type: str
    orbits: tuple[tuple[int, float], ...]
    description: str
    crewed: bool = False
    program: str | None = None
    start: int = 1          # the first number of the series
    crew: tuple[int, int] = (0, 0)   # min/max crew size
    agencies: tuple[int, ...] = ()
    eras: tuple[tuple[int, str, int], ...] = ()   # (from year, template, first number): series renamed over time
    spacecraft: str | None = None    # crewed spacecraft configuration key

    def era(self, year: int) -> int:
        index = 0
        for i, (since, _t, _s) in enumerate(self.eras):
            if year >= since:
                index = i
        return index

    def template_for(self, year: int) -> tuple[str, int]:
        if not self.eras:
            return self.template, self.start
        _since, template, start = self.eras[self.era(year)]
        return template, start


_K = MissionKind
MISSION_KINDS: dict[str, MissionKind] = {k.key: k for k in (
    _K("sputnik", "Sputnik {n}", "Technology", ((LEO, 1),), "One of the first artificial satellites of Earth."),
    _K("vanguard", "Vanguard {n}", "Technology", ((LEO, 1),), "An early American scientific satellite."),
    _K("vostok", "Vostok {n}", "Human Exploration", ((LEO, 1),), "A single-seat Soviet crewed orbital flight.",
       True, crew=(1, 1), agencies=(SOVIET,), spacecraft="vostok"),
    _K("korabl", "Korabl-Sputnik {n}", "Test Flight", ((LEO, 1),), "An uncrewed test flight of the Vostok spacecraft."),
    _K("voskhod", "Voskhod {n}", "Human Exploration", ((LEO, 1),), "A multi-crew Soviet orbital flight.", True,
       crew=(2, 3), agencies=(SOVIET,), spacecraft="voskhod"),
    _K("mercury", "Mercury-Atlas {n}", "Human Exploration", ((LEO, 1),), "A Project Mercury crewed orbital flight.",
       True, crew=(1, 1), start=6, agencies=(NASA,), spacecraft="mercury"),
    _K("gemini", "Gemini {n}", "Human Exploration", ((LEO, 1),), "A two-person Project Gemini flight.", True,
       crew=(2, 2), start=3, agencies=(NASA,), spacecraft="gemini"),
    _K("apollo", "Apollo {n}", "Human Exploration", ((TLI, 6), (LEO, 1)),
       "A crewed Apollo mission launched on Saturn V toward the Moon.", True, "apollo", start=4, crew=(3, 3),
       agencies=(NASA,), spacecraft="apollo"),
    _K("apollo_earth", "Apollo-Saturn {n}", "Test Flight", ((LEO, 1),), "A Saturn IB flight of the Apollo programme.",
       False, "apollo", start=201),
    _K("n1_test", "N1 Test Flight {n}", "Test Flight", ((LO, 1),), "A test flight of the Soviet lunar rocket."),
    _K("luna", "Luna {n}", "Robotic Exploration", ((TLI, 3), (LO, 2)), "A Soviet robotic mission to the Moon.",
       False, "luna"),
    _K("luna_rus", "Luna {n}", "Robotic Exploration", ((TLI, 1),), "A Russian robotic lunar lander.", False,
       start=25),
    _K("venera", "Venera {n}", "Planetary Science", ((HELIO, 1),), "A Soviet probe to Venus."),
    _K("ranger", "Ranger {n}", "Robotic Exploration", ((TLI, 1),), "An American probe sent to impact the Moon."),
    _K("mariner", "Mariner {n}", "Planetary Science", ((HELIO, 1),), "An American planetary probe."),
    _K("kosmos", "Kosmos {n}", "Government/Top Secret", ((LEO, 5), (PO, 2), (SSO, 1), (HEO, 0.5)),
       "A Soviet or Russian government satellite, designated in the Kosmos series.", start=1),
    _K("molniya", "Molniya-{n}", "Communications", ((HEO, 1),), "A communications satellite in a Molniya orbit."),
    _K("meteor", "Meteor-M No.{n}", "Earth Science", ((SSO, 1),), "A Russian weather satellite."),
    _K("progress", "Progress MS-{n}", "Resupply", ((LEO, 1),), "An uncrewed cargo ship to the space station.",
       False, "iss", eras=((0, "Progress {n}", 1), (1989, "Progress M-{n}", 1), (2008, "Progress M-{n}M", 1),
                           (2015, "Progress MS-{n}", 1))),
    _K("soyuz_crew", "Soyuz MS-{n}", "Human Exploration", ((LEO, 1),),
       "A Soyuz crew rotation flight to the space station.", True, "soyuz", crew=(2, 3),
       agencies=(ROSCOSMOS,), spacecraft="soyuz",
       eras=((0, "Soyuz {n}", 1), (1980, "Soyuz T-{n}", 2), (1987, "Soyuz TM-{n}", 1), (2002, "Soyuz TMA-{n}", 1),
             (2010, "Soyuz TMA-{n}M", 1), (2016, "Soyuz MS-{n}", 1))),
    _K("glonass", "Glonass-K {n}", "Navigation", ((MEO, 1),), "A satellite of Russia's GLONASS navigation system."),
    _K("resurs", "Resurs-P No.{n}", "Earth Science", ((SSO, 1),), "A Russian Earth observation satellite."),
    _K("bion", "Bion-M No.{n}", "Biology", ((LEO, 1),), "A biological research capsule."),
    _K("gonets", "Gonets-M {n}", "Communications", ((LEO, 1),), "Russian low-orbit messaging satellites."),
    _K("ekspress", "Ekspress-AMU{n}", "Communications", ((GTO, 1),), "A Russian geostationary communications satellite."),
    _K("station", "Salyut {n}", "Human Exploration", ((LEO, 1),), "A module of an early space station."),
    _K("explorer", "Explorer {n}", "Astrophysics", ((LEO, 3), (HEO, 1)), "A NASA Explorer science satellite."),
    _K("pioneer", "Pioneer {n}", "Heliophysics", ((HELIO, 1),), "A NASA Pioneer deep space probe."),
    _K("tiros", "TIROS-{n}", "Earth Science", ((LEO, 1), (SSO, 1)), "An early weather satellite."),
    _K("usa", "USA {n}", "Government/Top Secret", ((LEO, 2), (GTO, 1), (HEO, 1), (SSO, 1)),
       "A classified payload for the US government.", start=1),
    _K("dsp", "DSP-{n}", "Government/Top Secret", ((GTO, 1),), "A missile warning satellite."),
    _K("intelsat", "Intelsat {n}", "Communications", ((GTO, 1),), "A commercial geostationary communications satellite.",
       start=1),
    _K("sts", "STS-{n}", "Human Exploration", ((LEO, 1),), "A Space Shuttle mission.", True, "shuttle", crew=(5, 7),
       agencies=(NASA,), spacecraft="shuttle"),
    _K("gps_ii", "GPS IIR-{n}", "Navigation", ((MEO, 1),), "A GPS navigation satellite.", False, "gps"),
    _K("gps_iii", "GPS III SV{n2}", "Navigation", ((MEO, 1),), "A third-generation GPS navigation satellite.", False,
       "gps"),
    _K("iridium", "Iridium NEXT {n}", "Communications", ((PO, 1),), "A batch of Iridium NEXT satellites."),
    _K("mars", "Mars Mission {n}", "Planetary Science", ((HELIO, 1), (MO, 1)), "A robotic mission to Mars."),
    _K("nrol", "NROL-{n}", "Government/Top Secret", ((LEO, 2), (HEO, 1), (SSO, 1), (PO, 1)),
       "A payload for the US National Reconnaissance Office.", start=1),
    _K("sbirs", "SBIRS GEO-{n}", "Government/Top Secret", ((GTO, 1),), "A missile warning satellite."),
    _K("kuiper", "Project Kuiper KA-{n2}", "Communications", ((LEO, 1),), "A batch of Amazon Kuiper broadband satellites."),
    _K("starliner", "Starliner {n}", "Test Flight", ((LEO, 1),), "A flight of Boeing's CST-100 Starliner.", False,
       "commercial_crew"),
    _K("ussf", "USSF-{n}", "Government/Top Secret", ((GSO, 1), (GTO, 1)), "A US Space Force mission.", start=12),
    _K("orion_test", "Orion EFT-{n}", "Test Flight", ((HEO, 1),), "A test flight of the Orion spacecraft."),
    _K("artemis", "Artemis {r}", "Human Exploration", ((TLI, 1),), "A mission of the Artemis lunar programme.", False,
       "artemis"),
    _K("ns", "NS-{n}", "Tourism", ((SUB, 1),), "A suborbital flight of New Shepard.", False, start=1),
    _K("blue_moon", "Blue Moon MK{n}", "Robotic Exploration", ((TLI, 1),), "Blue Origin's lunar lander.", False,
       "artemis"),
    _K("escapade", "ESCAPADE {n}", "Planetary Science", ((HELIO, 1),), "Twin small probes to Mars."),
    _K("smallsat", "{word}", "Technology", ((SSO, 2), (LEO, 2)), "A small satellite mission."),
    _K("crs", "CRS-{n}", "Resupply", ((LEO, 1),), "A commercial cargo resupply mission to the ISS.", False, "iss"),
    _K("crew_dragon", "Crew-{n}", "Human Exploration", ((LEO, 1),),
       "A Crew Dragon crew rotation mission to the International Space Station.", True, "commercial_crew",
       crew=(4, 4), agencies=(NASA,), spacecraft="crew_dragon"),
    _K("ax", "Ax-{n}", "Human Exploration", ((LEO, 1),), "A private astronaut mission to the ISS.", True, "iss",
       crew=(4, 4), agencies=(SPACEX,), spacecraft="crew_dragon"),
    _K("starlink", "Starlink Group {g}-{m}", "Communications", ((LEO, 6), (VLEO, 1)),
       "A batch of satellites for the Starlink mega-constellation - SpaceX's space-based internet system.", False,
       "starlink"),
    _K("transporter", "Transporter-{n}", "Dedicated Rideshare", ((SSO, 1),),
       "A SpaceX rideshare mission carrying dozens of small satellites to sun-synchronous orbit."),
    _K("bandwagon", "Bandwagon-{n}", "Dedicated Rideshare", ((LEO, 1),), "A mid-inclination SpaceX rideshare mission."),
    _K("comsat", "{op} {n}", "Communications", ((GTO, 5), (GEO, 1)), "A geostationary communications satellite."),
    _K("ses", "SES-{n}", "Communications", ((GTO, 1),), "A satellite for the operator SES.", start=8),
    _K("eutelsat", "Eutelsat {n}B", "Communications", ((GTO, 1),), "A satellite for Eutelsat.", start=5),
    _K("directv", "DirecTV-{n}", "Communications", ((GTO, 1),), "A direct broadcast satellite.", start=9),
    _K("orbcomm", "ORBCOMM OG2 Mission {n}", "Communications", ((LEO, 1),), "Machine-to-machine satellites."),
    _K("dscovr", "DSCOVR", "Earth Science", ((L2, 1),), "A space weather observatory."),
    _K("sda", "SDA Tranche {n}", "Government/Top Secret", ((LEO, 1), (PO, 1)), "Space Development Agency satellites."),
    _K("intuitive", "IM-{n}", "Robotic Exploration", ((TLI, 1),), "An Intuitive Machines Nova-C lunar lander.",
       False, "clps"),
    _K("cygnus", "Cygnus NG-{n}", "Resupply", ((LEO, 1),), "A Cygnus cargo mission to the ISS.", False, "iss", start=1),
    _K("o3b", "O3b mPOWER {n}", "Communications", ((MEO, 1),), "Medium orbit broadband satellites."),
    _K("oneweb", "OneWeb #{n}", "Communications", ((PO, 1),), "A batch of OneWeb broadband satellites."),
    _K("psyche", "Psyche", "Planetary Science", ((HELIO, 1),), "A probe to a metal-rich asteroid."),
    _K("europa", "Europa Clipper", "Planetary Science", ((HELIO, 1),), "A probe to Jupiter's moon Europa."),
    _K("starship_flight", "Starship Flight {n}", "Test Flight", ((SUB, 1),),
       "An integrated test flight of Starship and Super Heavy.", start=1),
    _K("rocketlab", "{word}", "Technology", ((SSO, 2), (LEO, 2)), "A dedicated Electron mission for small satellites."),
    _K("french_sat", "Asterix {n}", "Technology", ((LEO, 1),), "An early French satellite."),
    _K("spot", "SPOT-{n}", "Earth Science", ((SSO, 1),), "A French Earth observation satellite."),
    _K("atv", "ATV-{n}", "Resupply", ((LEO, 1),), "A European cargo ship to the ISS.", False, "iss"),
    _K("galileo", "Galileo L{n}", "Navigation", ((MEO, 1),), "Satellites of Europe's Galileo system.", False, "galileo"),
    _K("csos", "CSO-{n}", "Government/Top Secret", ((SSO, 1),), "A French military observation satellite."),
    _K("sentinel", "Sentinel-{n}", "Earth Science", ((SSO, 1),), "A Copernicus Earth observation satellite."),
    _K("vega_ride", "VV{n2}", "Dedicated Rideshare", ((SSO, 1),), "A Vega mission carrying several small payloads."),
    _K("yaogan", "Yaogan-{n} Group {m2}", "Government/Top Secret", ((LEO, 2), (SSO, 1)),
       "A Chinese remote-sensing satellite group, widely believed to serve military reconnaissance."),
    _K("shiyan", "Shiyan {n}", "Technology", ((LEO, 1), (SSO, 1)), "A Chinese technology demonstration satellite."),
    _K("gaofen", "Gaofen {n}", "Earth Science", ((SSO, 1),), "A Chinese high-resolution Earth observation satellite."),
    _K("jilin", "Jilin-1 Gaofen {n}", "Earth Science", ((SSO, 1),), "Commercial Earth-imaging satellites."),
    _K("satnet", "SatNet LEO Group {n2}", "Communications", ((LEO, 1),),
       "A batch of satellites for the Chinese state-owned Guowang constellation."),
    _K("qianfan", "Qianfan Polar Group {n2}", "Communications", ((PO, 1),),
       "A batch of satellites for the Thousand Sails broadband constellation."),
    _K("fengyun", "Fengyun-{n}", "Earth Science", ((SSO, 2), (GTO, 1)), "A Chinese weather satellite."),
    _K("zhongxing", "Zhongxing-{n}", "Communications", ((GTO, 1),), "A Chinese communications satellite."),
    _K("beidou", "Beidou-3 M{n}", "Navigation", ((MEO, 2), (GTO, 1)), "A BeiDou navigation satellite.", False, "beidou"),
    _K("tianlian", "Tianlian II-0{n}", "Communications", ((GTO, 1),), "A Chinese data relay satellite."),
    _K("tjs", "TJS-{n}", "Government/Top Secret", ((GTO, 1),), "A Chinese experimental geostationary satellite."),
    _K("shenzhou", "Shenzhou {n}", "Human Exploration", ((LEO, 1),), "A Chinese crewed mission.", True, "css",
       start=5, crew=(1, 3), agencies=(CASC,), spacecraft="shenzhou"),
    _K("tiangong", "Tiangong-{n}", "Human Exploration", ((LEO, 1),), "A Chinese space laboratory."),
    _K("tianzhou", "Tianzhou {n}", "Resupply", ((LEO, 1),), "A cargo mission to the Tiangong station.", False, "css"),
    _K("css_module", "Tiangong module {n}", "Human Exploration", ((LEO, 1),), "A module of the Tiangong station.",
       False, "css"),
    _K("change", "Chang'e {n}", "Robotic Exploration", ((TLI, 1), (LO, 1)), "A Chinese robotic lunar mission.", False,
       "change"),
    _K("tianwen", "Tianwen-{n}", "Planetary Science", ((HELIO, 1),), "A Chinese planetary exploration mission."),
    _K("dfh", "Dong Fang Hong {n}", "Communications", ((LEO, 1),), "China's first satellites."),
    _K("isas_sci", "ASTRO-{n}", "Astrophysics", ((LEO, 1),), "A Japanese space science satellite."),
    _K("qzs", "QZS-{n}", "Navigation", ((GSO, 1),), "A Quasi-Zenith Satellite System navigation satellite."),
    _K("igs", "IGS-Optical {n}", "Government/Top Secret", ((SSO, 1),), "A Japanese reconnaissance satellite."),
    _K("himawari", "Himawari-{n}", "Earth Science", ((GTO, 1),), "A Japanese weather satellite."),
    _K("jaxa_sci", "JAXA Science {n}", "Astrophysics", ((SSO, 1), (LEO, 1)), "A JAXA science mission."),
    _K("slim", "SLIM", "Robotic Exploration", ((TLI, 1),), "JAXA's Smart Lander for Investigating Moon."),
    _K("htv", "HTV-{n}", "Resupply", ((LEO, 1),), "A Japanese cargo ship to the ISS.", False, "iss"),
    _K("htvx", "HTV-X{n}", "Resupply", ((LEO, 1),), "Japan's new cargo ship to the ISS.", False, "iss"),
    _K("eos", "EOS-{n2}", "Earth Science", ((SSO, 1),), "An Indian Earth observation satellite."),
    _K("cartosat", "Cartosat-{n}", "Earth Science", ((SSO, 1),), "An Indian cartography satellite."),
    _K("irnss", "IRNSS-1{letter}", "Navigation", ((GSO, 1),), "A satellite of India's NavIC navigation system."),
    _K("nvs", "NVS-0{n}", "Navigation", ((GTO, 1),), "A second-generation NavIC navigation satellite."),
    _K("isro_ride", "PSLV-C{n}", "Dedicated Rideshare", ((SSO, 1),), "A PSLV mission with many small satellites.",
       start=20),
    _K("isro_sci", "Aditya-L{n}", "Heliophysics", ((L2, 1),), "An Indian solar observatory."),
    _K("gsat", "GSAT-{n}", "Communications", ((GTO, 1),), "An Indian communications satellite."),
    _K("chandrayaan", "Chandrayaan-{n}", "Robotic Exploration", ((TLI, 1), (LO, 1)), "An Indian lunar mission."),
    _K("gaganyaan", "Gaganyaan G{n}", "Test Flight", ((LEO, 1),), "An uncrewed test flight of India's crew vehicle."),
    _K("ofeq", "Ofeq-{n}", "Government/Top Secret", ((LEO, 1),), "An Israeli reconnaissance satellite.", start=1),
    _K("iran_sat", "Nahid-{n}", "Technology", ((LEO, 1),), "An Iranian satellite."),
    _K("kms", "Kwangmyongsong-{n}", "Technology", ((SSO, 1),), "A North Korean satellite."),
    _K("nuri", "Nuri Flight {n}", "Test Flight", ((SSO, 1),), "A flight of South Korea's Nuri rocket."),
    _K("observatory", "{word} Observatory", "Astrophysics", ((L2, 1),), "A space telescope."),
    _K("test", "Test Flight {n}", "Test Flight", ((LEO, 1), (GTO, 1)), "A test flight of a new launch vehicle."),
)}

# First year a mission series can be drawn for a random launch (before that, the vehicle flies other kinds)
KIND_SINCE = {
    "starlink": 2019, "transporter": 2021, "bandwagon": 2022, "crew_dragon": 2020, "ax": 2022, "intuitive": 2024,
    "o3b": 2022, "sda": 2023, "kuiper": 2023, "satnet": 2024, "qianfan": 2024, "oneweb": 2019, "blue_moon": 2025,
    "gaganyaan": 2024, "nvs": 2023, "htvx": 2025, "tianzhou": 2017, "css_module": 2021, "jilin": 2015,
    "shenzhou": 2004, "tiangong": 2011, "gps_iii": 2018, "sbirs": 2011, "starliner": 2019, "ussf": 2019,
    "escapade": 2025, "europa": 2024, "psyche": 2023, "tianwen": 2020, "chandrayaan": 2008, "change": 2007,
    "slim": 2023, "glonass": 2011, "ekspress": 2003, "meteor": 2009, "resurs": 2013, "bion": 2013, "gonets": 2005,
    "ses": 2010, "directv": 2005, "cygnus": 2013, "atv": 2008, "galileo": 2011, "sentinel": 2014, "csos": 2018,
    "vega_ride": 2012, "iridium": 2017, "orbcomm": 2014, "dscovr": 2015, "qzs": 2010, "igs": 2003, "htv": 2009,
    "eos": 2020, "cartosat": 2005, "irnss": 2013, "gsat": 2001, "isro_sci": 2023, "yaogan": 2006, "shiyan": 2004,
    "gaofen": 2013, "beidou": 2017, "tianlian": 2008, "tjs": 2015, "nrol": 1996, "gps_ii": 1997, "kuaizhou": 2017,
    "luna_rus": 2023, "artemis": 2022, "crs": 2012, "progress": 1978, "soyuz_crew": 1967, "sts": 1981,
}

COMSAT_OPERATORS = ("Intelsat", "SES", "Eutelsat", "Viasat", "Thaicom", "Arabsat", "Nilesat", "Turksat", "Hispasat",
                    "JCSAT", "KoreaSat", "AsiaSat", "Amazonas", "Astra", "Inmarsat", "Echostar", "Optus", "Yahsat")
WHIMSY_A = ("Owl", "Running", "Late", "Quick", "Silent", "Bright", "Wise", "Coming", "Beyond", "Harder", "Still",
            "Another", "Out", "Ready", "Solar", "Baby", "Wandering", "Humming", "Lonely", "Restless")
WHIMSY_B = ("Night", "Out Of Toes", "Fuel", "Thunder", "Stars", "Horizon", "Ocean", "Kiwi", "Comet", "Signal",
            "Dawn", "Dragonfly", "Echo", "Atlas", "Harvest", "Tide", "Lantern", "Spark", "Whale", "Summit")

# Launches with fixed dates and names: milestones that make the synthetic history recognisable.
# (utc iso, config id, mission name, mission kind, pad, status, orbit or None, crew size)
LANDMARKS: tuple[tuple[str, int, str, str, int, int, int | None, int], ...] = (
    ("1957-10-04T19:28:34Z", 1, "Sputnik 1", "sputnik", 32, SUCCESS, LEO, 0),
    ("1957-11-03T02:30:42Z", 1, "Sputnik 2", "sputnik", 32, SUCCESS, LEO, 0),
    ("1957-12-06T16:44:35Z", 30, "Vanguard TV3", "vanguard", 35, FAILURE, LEO, 0),
    ("1958-02-01T03:47:56Z", 31, "Explorer 1", "explorer", 35, SUCCESS, HEO, 0),
    ("1961-04-12T06:07:00Z", 2, "Vostok 1", "vostok", 32, SUCCESS, LEO, 1),
    ("1962-02-20T14:47:39Z", 34, "Mercury-Atlas 6 (Friendship 7)", "mercury", 15, SUCCESS, LEO, 1),
    ("1965-06-03T15:15:59Z", 35, "Gemini 4", "gemini", 19, SUCCESS, LEO, 2),
    ("1968-12-21T12:51:00Z", 38, "Apollo 8", "apollo", 87, SUCCESS, LO, 3),
    ("1969-07-16T13:32:00Z", 38, "Apollo 11", "apollo", 87, SUCCESS, LO, 3),
    ("1969-07-03T20:18:32Z", 15, "N1 Test Flight 2", "n1_test", 42, FAILURE, LO, 0),
    ("1970-04-11T19:13:03Z", 38, "Apollo 13", "apollo", 87, PARTIAL_FAILURE, TLI, 3),
    ("1970-04-24T13:35:00Z", 110, "Dong Fang Hong 1", "dfh", 60, SUCCESS, LEO, 0),
    ("1972-12-07T05:33:00Z", 38, "Apollo 17", "apollo", 87, SUCCESS, LO, 3),
    ("1981-04-12T12:00:04Z", 41, "STS-1", "sts", 87, SUCCESS, LEO, 2),
    ("1990-04-24T12:33:51Z", 41, "STS-31 (Hubble Space Telescope)", "sts", 88, SUCCESS, LEO, 5),
    ("1998-11-20T06:40:00Z", 13, "Zarya (ISS Module)", "station", 40, SUCCESS, LEO, 0),
    ("2003-10-15T01:00:03Z", 102, "Shenzhou 5", "shenzhou", 60, SUCCESS, LEO, 1),
    ("2006-03-24T22:30:00Z", 60, "FalconSAT-2", "smallsat", 95, FAILURE, LEO, 0),
    ("2007-03-21T01:10:00Z", 60, "DemoSat", "smallsat", 95, FAILURE, LEO, 0),
    ("2008-08-03T03:34:00Z", 60, "Trailblazer & PreSat", "smallsat", 95, FAILURE, LEO, 0),
    ("2008-09-28T23:15:00Z", 60, "RatSat", "smallsat", 95, SUCCESS, LEO, 0),
    ("2009-07-14T03:35:00Z", 60, "RazakSAT", "smallsat", 95, SUCCESS, LEO, 0),
    ("2010-06-04T18:45:00Z", 61, "Dragon Spacecraft Qualification Unit", "crs", 80, SUCCESS, LEO, 0),
    ("2010-12-08T15:43:00Z", 61, "COTS Demo Flight 1", "crs", 80, SUCCESS, LEO, 0),
    ("2012-05-22T07:44:00Z", 61, "COTS Demo Flight 2", "crs", 80, SUCCESS, LEO, 0),
    ("2012-10-08T00:35:00Z", 61, "CRS-1", "crs", 80, SUCCESS, LEO, 0),
    ("2013-03-01T15:10:00Z", 61, "CRS-2", "crs", 80, SUCCESS, LEO, 0),
    ("2018-02-06T20:45:00Z", 65, "Falcon Heavy Test Flight", "test", 87, SUCCESS, HELIO, 0),
    ("2020-05-30T19:22:45Z", 64, "Crew Dragon Demo-2", "crew_dragon", 87, SUCCESS, LEO, 2),
    ("2020-11-23T20:30:12Z", 105, "Chang'e 5", "change", 68, SUCCESS, TLI, 0),
    ("2021-12-25T12:20:00Z", 82, "James Webb Space Telescope", "observatory", 70, SUCCESS, L2, 0),
    ("2022-06-28T09:55:52Z", 70, "CAPSTONE", "rocketlab", 81, SUCCESS, TLI, 0),
    ("2022-11-16T06:47:44Z", 49, "Artemis I", "artemis", 87, SUCCESS, TLI, 0),
    ("2023-04-20T13:33:09Z", 66, "Starship Integrated Flight Test", "starship_flight", 94, FAILURE, SUB, 0),
    ("2023-07-14T09:05:17Z", 132, "Chandrayaan-3", "chandrayaan", 91, SUCCESS, TLI, 0),
    ("2023-09-06T23:42:11Z", 121, "XRISM & SLIM", "slim", 92, SUCCESS, TLI, 0),
    ("2024-02-15T06:05:00Z", 64, "IM-1 (Odysseus)", "intuitive", 87, SUCCESS, TLI, 0),
)

# Moon-bound missions to place among the upcoming launches (config, kind, name)
UPCOMING_MOON: tuple[tuple[int, str, str], ...] = (
    (49, "artemis", "Artemis II"),
    (103, "change", "Chang'e 7"),
    (64, "intuitive", "IM-3"),
    (51, "blue_moon", "Blue Moon Pathfinder"),
    (132, "chandrayaan", "Chandrayaan-4"),
)

# --------------------------------------------------------------------------------------------
# Crewed spacecraft and astronauts
# --------------------------------------------------------------------------------------------
CREW_FIRST = {
    "USA": ("Ann", "Bob", "Chris", "Dana", "Eric", "Fay", "Greg", "Helen", "Ian", "Jess", "Kyle", "Lena", "Mark",
            "Nina", "Owen", "Paula", "Ray", "Sara", "Tom", "Vera"),
    "RUS": ("Aleksandr", "Boris", "Dmitri", "Elena", "Fyodor", "Gennady", "Igor", "Kirill", "Lev", "Mikhail",
            "Nikolai", "Oleg", "Pavel", "Sergei", "Yuri", "Anna"),
    "CHN": ("Chen", "Fei", "Hao", "Jing", "Lei", "Ming", "Peng", "Qiang", "Tao", "Wei", "Xin", "Yang"),
    "JPN": ("Akihiko", "Haruka", "Kenji", "Naoko", "Satoshi", "Takuya"),
    "FRA": ("Claire", "Jean", "Luc", "Sophie", "Thomas"),
    "IND": ("Arjun", "Priya", "Rakesh", "Shubhanshu"),
    "SUN": ("Aleksei", "German", "Valentina", "Vladimir", "Yuri", "Konstantin"),
}
CREW_LAST = {
    "USA": ("Adams", "Barker", "Carter", "Dalton", "Ellis", "Fisher", "Grant", "Harper", "Irwin", "Jensen", "Keller",
            "Lowell", "Mercer", "Nolan", "Oakes", "Porter", "Reyes", "Shaw", "Turner", "Walsh"),
    "RUS": ("Antonov", "Belov", "Dobrov", "Gromov", "Ivanov", "Kuznetsov", "Lebedev", "Morozov", "Novikov", "Orlov",
            "Petrov", "Sokolov", "Volkov", "Zaitsev"),
    "CHN": ("Chen", "Deng", "Gao", "Huang", "Li", "Liu", "Wang", "Xu", "Yang", "Zhang", "Zhao", "Zhou"),
    "JPN": ("Hoshide", "Kato", "Mori", "Sato", "Tanaka", "Yamada"),
    "FRA": ("Bernard", "Dubois", "Laurent", "Martin", "Moreau"),
    "IND": ("Kumar", "Nair", "Sharma", "Shukla"),
    "SUN": ("Belyayev", "Komarov", "Leonov", "Nikolayev", "Titov", "Tereshkova"),
}
AGENCY_NATION = {NASA: "USA", SPACEX: "USA", ROSCOSMOS: "RUS", SOVIET: "SUN", CASC: "CHN", JAXA: "JPN", ESA: "FRA",
                 ISRO: "IND", BLUE: "USA", BOEING: "USA"}

EVENT_TYPES = {1: "Docking", 2: "EVA", 3: "Static Fire", 4: "Press Event", 5: "Moon Landing", 6: "Undocking",
               7: "Spacecraft Event", 8: "Celestial Event", 9: "Test"}

# Crewed spacecraft: key -> (id, name, type, agency, maiden flight, crew capacity, height m, diameter m,
#                            reusable fleet serials or None for one spacecraft per flight)
SPACECRAFT = {
    "vostok": (1, "Vostok 3KA", "Capsule", SOVIET, "1960-05-15", 1, 4.4, 2.43, None),
    "voskhod": (2, "Voskhod 3KV", "Capsule", SOVIET, "1964-10-12", 3, 5.0, 2.43, None),
    "mercury": (3, "Mercury", "Capsule", NASA, "1961-05-05", 1, 3.3, 1.89, None),
    "gemini": (4, "Gemini", "Capsule", NASA, "1964-04-08", 2, 5.8, 3.05, None),
    "apollo": (5, "Apollo CSM", "Capsule", NASA, "1966-02-26", 3, 11.0, 3.9, None),
    "shuttle": (6, "Space Shuttle Orbiter", "Spaceplane", NASA, "1981-04-12", 7, 37.24, 8.7,
                ("OV-102 Columbia", "OV-099 Challenger", "OV-103 Discovery", "OV-104 Atlantis", "OV-105 Endeavour")),
    "soyuz": (7, "Soyuz", "Capsule", ROSCOSMOS, "1966-11-28", 3, 7.48, 2.72, None),
    "shenzhou": (8, "Shenzhou", "Capsule", CASC, "1999-11-19", 3, 9.25, 2.8, None),
    "crew_dragon": (9, "Crew Dragon", "Capsule", SPACEX, "2019-03-02", 4, 8.1, 4.0,
                    ("C206 Endeavour", "C207 Resilience", "C210 Endurance", "C212 Freedom", "C213 Grace")),
}
ASTRONAUT_ROLES = ((1, "Commander", 0), (2, "Pilot", 1), (3, "Mission Specialist 1", 2), (4, "Mission Specialist 2", 3),
                   (5, "Mission Specialist 3", 4), (6, "Flight Engineer", 5), (7, "Payload Specialist", 6))
