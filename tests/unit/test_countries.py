"""A country by ISO 3166-1 code or name -> every name the registry may write for it."""

from __future__ import annotations

import pytest

from domain.countries import UnknownCountryCode, country_keys


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("CN", ("china", "people's republic of china")),
        ("chn", ("china", "people's republic of china")),
        ("China", ("china", "people's republic of china")),
        ("KR", ("korea, republic of", "republic of korea", "south korea")),
        ("South Korea", ("korea, republic of", "republic of korea", "south korea")),
        ("TW", ("taiwan", "taiwan, province of china")),
        ("usa", ("united states", "united states of america", "usa")),
        ("UK", ("uk", "united kingdom", "united kingdom of great britain and northern ireland")),
        ("  viet   nam ", ("socialist republic of viet nam", "viet nam", "vietnam")),
        ("Atlantis", ("atlantis",)),  # no such country: the name as given
    ],
)
def test_country_keys(query, keys):
    assert country_keys(query) == keys


@pytest.mark.parametrize("query", ["XX", "zz", "ABC"])
def test_two_or_three_letters_that_name_no_country_are_an_error(query):
    with pytest.raises(UnknownCountryCode, match=f"Not an ISO 3166 country code: '{query}'"):
        country_keys(query)
