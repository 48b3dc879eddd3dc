"""An IPv6 address that carries an IPv4 address is as internal as that IPv4 address, in every
embedding form a NAT64 gateway, a 6to4 relay or a dual stack would route (no socket opened)."""

from __future__ import annotations

import ipaddress

import pytest
from helpers.budget import budget
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.middlewares.addresses import is_internal_address

V4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
# internal IPv4 ranges drawn often, so both verdicts are exercised
INTERNAL_V4 = st.sampled_from(
    ["169.254.169.254", "10.0.0.1", "192.168.1.1", "127.0.0.2", "172.16.0.9", "100.64.1.1"]
).map(ipaddress.IPv4Address)


def embeddings(v4: ipaddress.IPv4Address) -> dict[str, str]:
    n = int(v4)
    teredo = (
        (0x2001 << 112) | (int(ipaddress.IPv4Address("65.54.227.120")) << 64) | (0xFFFFFFFF ^ n)
    )
    return {
        "nat64": str(ipaddress.IPv6Address((0x64FF9B << 96) | n)),
        "6to4": str(ipaddress.IPv6Address((0x2002 << 112) | (n << 80) | 1)),
        "compatible": f"::{v4}",
        "mapped": f"::ffff:{v4}",
        "translated": f"::ffff:0:{v4}",
        "teredo": str(ipaddress.IPv6Address(teredo)),
    }


@budget(300)
@given(st.one_of(V4, INTERNAL_V4))
def test_every_embedding_is_judged_by_its_ipv4_address(v4: ipaddress.IPv4Address) -> None:
    if int(v4) <= 1:
        return  # ::, ::1 are IPv6's own unspecified and loopback addresses
    expected = is_internal_address(str(v4))
    for form, address in embeddings(v4).items():
        assert is_internal_address(address) == expected, (form, address, str(v4))


@pytest.mark.parametrize(
    "address",
    ["64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::169.254.169.254", "::ffff:0:a9fe:a9fe",
     "fec0::1", "64:ff9b:1::8.8.8.8"],
)  # fmt: skip
def test_the_reported_forms_are_internal(address: str) -> None:
    assert is_internal_address(address)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"])
def test_public_embeddings_stay_public(address: str) -> None:
    assert not is_internal_address(address)
