"""Language: py3langid on the words between the names; short English conflict reports are never skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.ingest.language import language_name, not_english

# Short reports of the kind conflict datasets are made of, written for this test: 8 to 150 words, most of
# them names of people, places and groups from Africa and Asia.
SHORT_ENGLISH = [
    "On 3 May, militants of Jama'atu Ahlis Sunna attacked Ngamdu village (Kaga LGA, Borno state).",
    "Gunmen abducted 4 farmers in Tsafe (Tsafe LGA, Zamfara). No fatalities reported.",
    "On 12 June 2021, Taliban fighters attacked an ANA checkpoint in Sang Takht district, Daykundi.",
    "Al Shabaab militants ambushed a KDF convoy near Bulo Haji (Badhaadhe, Lower Juba). 2 soldiers killed.",
    "Protesters gathered in Lilongwe and Blantyre, demanding the resignation of MEC chairperson Jane Ansah.",
    "Around 9 August 2019, Tatmadaw troops shelled Kyauk Taw township, Rakhine state, killing a Rohingya woman.",
    "Unidentified armed men killed a Fulani herder in Djibo (Soum, Sahel). The motive is unknown.",
    "Ashanti youth clashed with Konkomba settlers at Nkwanta over land; several houses were torched.",
    "ADF rebels killed 7 civilians with machetes in Mamove, Beni territory (Nord-Kivu).",
    "Security forces dispersed PTI supporters with tear gas at Faizabad Interchange, Islamabad.",
]

FOREIGN = [  # written for this test; the same news in the languages the old hand lists let through
    ("Swahili", "Polisi wamesema watu watatu wameuawa katika shambulio la usiku kwenye kijiji kimoja karibu na "
                "mpaka, na kwamba wakazi wengi wamekimbia makazi yao kwa sababu ya mapigano."),
    ("Swedish", "Polisen uppger att tre personer har dödats i en attack mot en by nära gränsen under natten, och "
                "många invånare har lämnat sina hem på grund av striderna."),
    ("Romanian", "Poliția a anunțat că trei persoane au fost ucise într-un atac asupra unui sat de lângă graniță, "
                 "iar mulți locuitori și-au părăsit casele din cauza luptelor."),
    ("Tagalog", "Sinabi ng pulisya na tatlong tao ang napatay sa isang pag-atake sa isang nayon malapit sa "
                "hangganan, at maraming residente ang umalis sa kanilang mga tahanan."),
    ("Czech", "Policie uvedla, že při nočním útoku na vesnici nedaleko hranic byli zabiti tři lidé a mnoho "
              "obyvatel opustilo své domovy kvůli bojům."),
    ("Somali", "Booliska ayaa sheegay in saddex qof lagu dilay weerar lagu qaaday tuulo u dhow xadka, dad badan "
               "ayaana ka qaxay guryahooda."),
]


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_reports_full_of_names_are_english(text: str) -> None:
    assert 8 <= len(text.split()) <= 150
    assert not_english(text) is None


@pytest.mark.parametrize("language, text", FOREIGN)
def test_other_languages_are_named(language: str, text: str) -> None:
    reason = not_english(text)
    assert reason is not None and reason.startswith(f"looks {language} (")


def test_too_little_to_tell_counts_as_english() -> None:
    assert not_english("Madrid Barcelona Valencia Sevilla Zaragoza Málaga Murcia Palma Bilbao Alicante") is None
    assert not_english("la ciudad") is None


def test_language_names_come_from_iso_639() -> None:
    assert language_name("sw") == "Swahili" and language_name("pcm") == "Nigerian Pidgin"
    assert language_name("de") == "German"


REALWORLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "realworld"


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="needs ../shared/gold/realworld")
def test_no_real_conflict_report_is_taken_for_another_language() -> None:
    texts = [json.loads(line)["text"] for path in sorted(REALWORLD.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) >= 700
    assert [t[:60] for t in texts if not_english(t)] == []
