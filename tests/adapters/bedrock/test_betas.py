"""Betas Bedrock is known to refuse are a translation error naming the flag; every other
beta is kept, in order."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.bedrock.betas import REJECTED_BETAS, check_betas


def test_other_betas_are_kept_in_order() -> None:
    betas = ("interleaved-thinking-2025-05-14", "canary-beta-2099-01-01", "context-1m-2025-08-07")
    assert check_betas(betas) == list(betas)


@pytest.mark.parametrize("beta", sorted(REJECTED_BETAS))
def test_a_refused_beta_is_an_error_naming_its_position_and_reason(beta: str) -> None:
    with pytest.raises(TranslationError) as caught:
        check_betas(["context-1m-2025-08-07", beta])
    assert caught.value.path == "betas[1]"
    assert beta in caught.value.message
    assert REJECTED_BETAS[beta] in caught.value.message
