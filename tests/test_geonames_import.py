"""Importing GeoNames dump files into the gazetteer index: every feature class, countries and divisions."""

import zipfile

import pytest

from wirecoder.errors import InputError, LexiconError
from wirecoder.where import Gazetteer
from wirecoder.where.geonames_import import default_import_path, file_kind, import_geonames, main


def row(geonameid, name, lat, lon, fclass, fcode, country="", admin1="", admin2="", population=0,
        alternates="", ascii_name=None):
    """One line in GeoNames' 19-column layout."""
    fields = [geonameid, name, ascii_name or name, alternates, lat, lon, fclass, fcode, country, "", admin1,
              admin2, "", "", population, "", "35", "Asia/Baghdad", "2024-01-01"]
    return "\t".join(str(f) for f in fields) + "\n"


DUMP = "".join([
    row(99237, "Iraq", 33.0, 44.0, "A", "PCLI", "IQ", "00", population=38274618,
        alternates="Irak,Republic of Iraq,العراق"),
    row(98180, "Muhafazat Baghdad", 33.33, 44.42, "A", "ADM1", "IQ", "07", population=7665292,
        alternates="Baghdad Governorate"),
    row(9000001, "Karkh District", 33.31, 44.35, "A", "ADM2", "IQ", "07", "0701"),
    row(98182, "Baghdad", 33.34058, 44.40088, "P", "PPLC", "IQ", "07", population=7216000,
        alternates="Bagdad,Bagdád,BGW"),
    row(99532, "Basrah", 30.50852, 47.7804, "P", "PPLA", "IQ", "02", population=2600000, alternates="Basra"),
    row(9000002, "Az Zubayr", 30.39, 47.70, "P", "PPL", "IQ", "02", population=124611),
    row(9000003, "Tigris", 31.0, 47.44, "H", "STM", "IQ", alternates="Dijla,Dicle"),
    row(630673, "Sea of Azov", 46.0, 36.5, "H", "SEA", alternates="Azov Sea"),
    row(9000004, "Mount Ararat", 39.70, 44.29, "T", "MT", "TR", alternates="Agri Dagi"),
    row(9000005, "Yosemite National Park", 37.83, -119.5, "L", "PRK", "US", "CA"),
    row(9000006, "Al Rasheed Hotel", 33.30, 44.39, "S", "HTL", "IQ", "07", "0701"),
    row(9000007, "Black Forest", 48.0, 8.2, "V", "FRST", "DE", "01"),
    row(9000008, "Mariana Trench", 11.35, 142.2, "U", "TRNCH"),
    row(9000009, "Karakoram Highway", 35.9, 74.3, "R", "RD", "PK"),
    row(6255147, "Asia", 29.84, 89.30, "L", "CONT", population=3812366000, alternates="Asie"),
    row(9000010, "Red Sea", 20.28, 38.51, "H", "SEA", alternates="Mar Rojo"),
    row(9000011, "Red Sea", 19.5, 35.5, "A", "ADM1", "SD", "36", population=1396110),
    row(9000012, "Midwest", 41.0, -77.0, "H", "STM", "US", "PA"),  # a stream, nowhere near the Midwest
])

ADMIN1 = "IQ.07\tBaghdad\tBaghdad\t98180\nIQ.02\tBasra\tBasra\t99069\n"

COUNTRY_INFO = (
    "# GeoNames country information\n"
    "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode"
    "\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours"
    "\tEquivalentFipsCode\n"
    "IQ\tIRQ\t368\tIZ\tIraq\tBaghdad\t437072\t40462701\tAS\t.iq\tIQD\tDinar\t964\t#####\t^(\\d{5})$"
    "\tar-IQ,ku,hy\t99237\tSY,SA,TR,IR,JO,KW\t\n"
    "LU\tLUX\t442\tLU\tLuxembourg\tLuxembourg\t2586\t620001\tEU\t.lu\tEUR\tEuro\t352\tL-####\t^L-(\\d{4})$"
    "\tlb,de-LU,fr-LU\t2960313\tBE,DE,FR\t\n"
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("geonames")
    paths = {"dump": folder / "allCountries.txt", "admin1": folder / "admin1CodesASCII.txt",
             "countries": folder / "countryInfo.txt",
             "cities": folder / "cities500.txt"}
    paths["dump"].write_text(DUMP, encoding="utf-8")
    paths["admin1"].write_text(ADMIN1, encoding="utf-8")
    paths["countries"].write_text(COUNTRY_INFO, encoding="utf-8")
    paths["cities"].write_text("".join(line + "\n" for line in DUMP.splitlines() if "\tP\t" in line),
                               encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def imported(files, tmp_path_factory):
    out = tmp_path_factory.mktemp("index") / "geonames.npz"
    path = import_geonames([files["countries"], files["dump"], files["admin1"]], out)
    assert path == out
    return Gazetteer.load(path)


@pytest.mark.parametrize(("name", "feature", "country"), [
    ("Tigris", "H.STM", "IQ"),
    ("Dicle", "H.STM", "IQ"),  # an alternate name
    ("Sea of Azov", "L.RGN", None),  # the curated region, placed where GeoNames puts the sea
    ("Mount Ararat", "T.MT", "TR"),
    ("Mt. Ararat", "T.MT", "TR"),  # abbreviated generic word
    ("Yosemite National Park", "L.PRK", "US"),
    ("Al Rasheed Hotel", "S.HTL", "IQ"),
    ("Black Forest", "V.FRST", "DE"),
    ("Mariana Trench", "U.TRNCH", None),
    ("Karakoram Highway", "R.RD", "PK"),
    ("Asia", "L.CONT", None),
    ("Basrah", "P.PPLA", "IQ"),
    ("Irak", "A.PCLI", "IQ"),
])
def test_every_feature_class_resolves(imported, name, feature, country):
    place = imported.resolve(name)
    assert (place.feature, place.country) == (feature, country)


def test_curated_seas_take_the_dumps_point_and_keep_their_rank(imported):
    azov = imported.resolve("Azov Sea")  # a curated alias
    assert (azov.geonameid, azov.feature) == (630673, "L.RGN")
    red_sea = imported.resolve("Red Sea")
    assert (red_sea.geonameid, red_sea.lat, red_sea.feature) == (9000010, 20.28, "L.RGN")  # not Sudan's state
    midwest = imported.resolve("the Midwest")
    assert (midwest.geonameid, midwest.country, midwest.feature) == (None, "US", "L.RGN")  # not the stream


def test_the_city_wins_over_its_governorate(imported):
    place = imported.resolve("Baghdad")
    assert (place.geonameid, place.feature, place.lat) == (98182, "P.PPLC", 33.34058)
    assert {c.geonameid for c in imported.candidates("Baghdad")} == {98180, 98182}


def test_country_level_data(imported):
    iraq = imported.country_entry("IQ")
    assert (iraq.name, iraq.geonameid, iraq.population, iraq.lat) == ("Iraq", 99237, 38274618, 33.0)
    assert imported.resolve("Republic of Iraq").geonameid == 99237
    assert imported.demonym_country("Iraqis") == "IQ"  # demonyms as in the bundled index
    # in countryInfo.txt but not in the dump: added, named and placed from the country tables
    luxembourg = imported.country_entry("LU")
    assert (luxembourg.geonameid, luxembourg.name, luxembourg.population) == (2960313, "Luxembourg", 620001)
    assert 49 < luxembourg.lat < 50.5 and 5.5 < luxembourg.lon < 7
    assert imported.resolve("Grand Duchy of Luxembourg").country == "LU"
    # curated regions and variants apply as in the bundled index
    assert imported.resolve("the Middle East").feature == "L.RGN"


def test_divisions_link_places(imported):
    baghdad = imported.resolve("Baghdad")
    city = next(c for c in imported.candidates("Baghdad") if c.geonameid == baghdad.geonameid)
    governorate = imported.by_geonameid(98180)
    assert governorate.feature == "A.ADM1" and city.admin1 == governorate.index
    assert governorate.admin1 == -1  # a division is not inside itself
    hotel = imported.candidates("Al Rasheed Hotel")[0]
    karkh = imported.candidates("Karkh District")[0]
    assert (karkh.feature, karkh.admin1, karkh.admin2) == ("A.ADM2", governorate.index, -1)
    assert (hotel.admin1, hotel.admin2) == (governorate.index, karkh.index)


def test_a_division_only_in_the_codes_file_sits_among_its_towns(imported):
    basra = imported.by_geonameid(99069)
    assert (basra.name, basra.feature, basra.country) == ("Basra", "A.ADM1", "IQ")
    assert 30.39 <= basra.lat <= 30.51 and 47.70 <= basra.lon <= 47.79
    assert basra.population == 2600000 + 124611
    town = next(c for c in imported.candidates("Az Zubayr"))
    assert town.admin1 == basra.index


def test_cities_file_with_codes_and_country_info(files, tmp_path):
    path = import_geonames([files["cities"], files["admin1"], files["countries"]], tmp_path / "cities.npz")
    gazetteer = Gazetteer.load(path)
    assert gazetteer.resolve("Tigris") is None  # no rivers in a cities file
    assert gazetteer.country_entry("IQ").population == 40462701  # from countryInfo.txt
    governorate = gazetteer.by_geonameid(98180)
    assert governorate.name == "Baghdad" and governorate.feature == "A.ADM1"
    assert (round(governorate.lat, 3), round(governorate.lon, 3)) == (33.341, 44.401)  # its only town
    assert gazetteer.resolve("Baghdad").geonameid == 98182
    assert gazetteer.resolve("Asia").feature == "L.CONT"  # continents come from the bundled tables


def test_zip_input_classes_and_overlapping_dumps(files, tmp_path):
    archive = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(files["dump"], "allCountries.txt")
    path = import_geonames([archive, files["cities"]], tmp_path / "zip.npz", feature_classes="HP")
    gazetteer = Gazetteer.load(path)
    assert gazetteer.resolve("Tigris").feature == "H.STM"
    assert gazetteer.resolve("Mount Ararat") is None
    assert len(gazetteer.candidates("Az Zubayr")) == 1  # read from both files, kept once
    assert gazetteer.meta["rows"] == DUMP.count("\n") + 3


def test_malformed_rows_are_skipped(tmp_path):
    dump = tmp_path / "IQ.txt"
    broken = row(9000010, "Nowhere", "north", 44.0, "P", "PPL", "IQ")
    dump.write_text(DUMP + broken + "99999999999999\tHuge id\n" + row(1 << 40, "Huge", 1, 1, "P", "PPL"),
                    encoding="utf-8")
    gazetteer = Gazetteer.load(import_geonames([dump], tmp_path / "iq.npz"))
    assert gazetteer.meta["skipped"] == 3 and gazetteer.resolve("Nowhere") is None
    assert gazetteer.resolve("Tigris").feature == "H.STM"
    assert gazetteer.country_entry("IQ").geonameid == 99237  # without countryInfo.txt: the PCLI record


def test_file_kinds(files):
    assert [file_kind(files[k]) for k in ("dump", "admin1", "countries", "cities")] == [
        "features", "admin1", "countries", "features"]


def test_bad_inputs(files, tmp_path):
    with pytest.raises(InputError):
        import_geonames([files["admin1"]], tmp_path / "x.npz")  # no feature dump
    other = tmp_path / "notes.txt"
    other.write_text("hello\tworld\n", encoding="utf-8")
    with pytest.raises(InputError):
        import_geonames([files["dump"], other], tmp_path / "x.npz")
    with pytest.raises(InputError):
        import_geonames([tmp_path / "absent.txt"], tmp_path / "x.npz")
    with pytest.raises(InputError):
        import_geonames([files["dump"]], tmp_path / "x.npz", feature_classes="XZ")


def test_default_path_and_environment(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WIRECODER_CACHE", str(tmp_path / "cache"))
    main([str(files["cities"]), str(files["countries"])])
    path = default_import_path()
    assert path.parent == tmp_path / "cache" and path.is_file()
    assert f"WIRECODER_GAZETTEER={path}" in capsys.readouterr().out
    monkeypatch.setenv("WIRECODER_GAZETTEER", str(path))
    gazetteer = Gazetteer.load()
    assert gazetteer.meta["source"] == "geonames" and Gazetteer.load() is gazetteer
    monkeypatch.setenv("WIRECODER_GAZETTEER", str(tmp_path / "missing.npz"))
    with pytest.raises(LexiconError):
        Gazetteer.load()
    assert not (tmp_path / "missing.npz").exists()  # never built in the user's place
