"""Data files load and validate; broken data fails with the exact message an editor will see."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from macros.asof import resolve_as_of
from macros.data import load_site_data
from macros.yamlsource import DataError

from .conftest import ROOT


def test_real_data_loads() -> None:
    data = load_site_data(ROOT)
    assert {"billing-support", "billing-ops", "payments-eng", "registrar-ops"} <= set(data.teams)
    assert data.plans["pro"].monthly > 0 and data.plans["free"].monthly == 0
    assert [p.key for p in data.lifecycle_phases][0] == "grace"
    assert data.approval_limits[0].role == "specialist"
    assert "Team policy" in data.policy_label and "Team policy" in data.teams_label


def _broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply to data/{name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def _line_of(name: str, needle: str) -> int:
    lines = (ROOT / "data" / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


PRO_MONTHLY = 'monthly: "25.00"'
YES = 'okay, "yes",'
CASES = [
    pytest.param(
        "plans.yml",
        '    monthly: "25.00"',
        "    monthly: 25.0",
        lambda: f'data/plans.yml:{_line_of("plans.yml", PRO_MONTHLY)}: plans.pro.monthly: expected a quoted decimal like "20.00", got 25.0',
        id="money-as-float",
    ),
    pytest.param(
        "plans.yml",
        '    monthly: "25.00"',
        '    monthly: "25.001"',
        lambda: f"data/plans.yml:{_line_of('plans.yml', PRO_MONTHLY)}: plans.pro.monthly: expected at most two decimal places, got '25.001'",
        id="money-three-places",
    ),
    pytest.param(
        "teams.yml",
        "    response_target_hours: 24\n",
        "",
        lambda: (
            f"data/teams.yml:{_line_of('teams.yml', '  payments-eng:')}: teams.payments-eng: missing key 'response_target_hours' — add it (see the comment at the top of the file)"
        ),
        id="missing-key",
    ),
    pytest.param(
        "teams.yml",
        "    response_target_hours: 24",
        "    response_target_hours: soon",
        lambda: (
            f"data/teams.yml:{_line_of('teams.yml', 'response_target_hours: 24')}: teams.payments-eng.response_target_hours: expected a whole number from 1 to 200, got 'soon'"
        ),
        id="wrong-type",
    ),
    pytest.param(
        "policy.yml",
        "  goodwill_window_days: 14",
        "  goodwill_window_days: [14",
        lambda: f"data/policy.yml:{_line_of('policy.yml', 'goodwill_window_days:')}: invalid YAML (did not find expected ',' or ']' on line",
        id="bad-yaml",
    ),
    pytest.param(
        "domain_lifecycle.yml",
        "    first_day: 41",
        "    first_day: 42",
        lambda: (
            f"data/domain_lifecycle.yml:{_line_of('domain_lifecycle.yml', 'first_day: 41')}: phases[2].first_day: phases must follow each other without gaps: expected day 41, got 42"
        ),
        id="lifecycle-gap",
    ),
    pytest.param(
        "placeholders.yml",
        "    help: As they signed their message.",
        "    help: As they signed <b>their</b> message.",
        lambda: (
            f"data/placeholders.yml:{_line_of('placeholders.yml', 'help: As they signed')}: placeholders.customer_name.help: "
            "plain text only: remove '<' — it would reach the page as markup"
        ),
        id="placeholder-markup",
    ),
    pytest.param(
        "placeholders.yml",
        "    help: The date of the charge as the customer's bank shows it.\n    type: date",
        "    help: The date of the charge as the customer's bank shows it.\n    type: calendar",
        lambda: (
            f"data/placeholders.yml:{_line_of('placeholders.yml', 'label: Charge date') + 2}: placeholders.charge_date.type: expected one of text, date, choice, got 'calendar'"
        ),
        id="placeholder-type",
    ),
    pytest.param(
        "tax_examples.yml",
        '    self_assessed_rate: "19.00"\n',
        "",
        lambda: f"data/tax_examples.yml:{_line_of('tax_examples.yml', 'jurisdiction: Germany')}: examples[4]: missing key 'self_assessed_rate' — add it",
        id="reverse-charge-without-customer-rate",
    ),
    pytest.param(
        "tax_examples.yml",
        "    note: Invoices exclude sales tax while the exemption is valid.\n",
        '    note: Invoices exclude sales tax while the exemption is valid.\n    self_assessed_rate: "7.00"\n',
        lambda: (
            f"data/tax_examples.yml:{_line_of('tax_examples.yml', 'note: Invoices exclude sales tax') + 1}: examples[5].self_assessed_rate: "
            "only a 'self-accounted' or 'reverse charge' row has a customer self-assessment; this 'exempt' row must not set self_assessed_rate — remove it"
        ),
        id="exempt-with-customer-rate",
    ),
    pytest.param(
        "search_terms.yml",
        "  - [ise, ize]",
        "  - [ise]",
        lambda: f"data/search_terms.yml:{_line_of('search_terms.yml', '- [ise, ize]')}: spelling[3]: expected a pair in brackets, like [ise, ize]",
        id="spelling-not-a-pair",
    ),
    pytest.param(
        "search_terms.yml",
        "  runbook: 1.6",
        "  runbooks: 1.6",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', 'runbook: 1.6')}: weights.runbooks: unknown kind of page — use one of: runbook, explainer"
        ),
        id="weights-unknown-kind",
    ),
    pytest.param(
        "search_terms.yml",
        "  Durable Objects: [runbooks/subscriptions/usage-bill-higher.md]",
        "  Durable Objects: [/runbooks/subscriptions/usage-bill-higher.md]",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', 'Durable Objects:')}: products.Durable Objects[0]: "
            "'/runbooks/subscriptions/usage-bill-higher.md' is not a page path — write it from docs/"
        ),
        id="product-absolute-path",
    ),
    pytest.param(
        "search_terms.yml",
        "  runbooks/payments/pending-authorization.md: [temporary hold on my card,",
        "  runbooks/payments/pending-authorization.md: [how much is it, temporary hold on my card,",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', 'runbooks/payments/pending-authorization.md:')}: "
            "pages.runbooks/payments/pending-authorization.md[0]: 'how much is it' is only filler words (filler: in this file) — "
            "a search drops them; write what the customer's case is about"
        ),
        id="phrasing-only-filler",
    ),
    pytest.param(
        "search_terms.yml",
        "    hi, hello,",
        "    hi, hello, images,",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', '  Images: [')}: products.Images: "
            "'images' is a filler word, so a search would drop it from 'Images' — remove it from filler:"
        ),
        id="product-word-is-filler",
    ),
    pytest.param(
        "search_terms.yml",
        "    hi, hello,",
        "    Hi, hello,",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', '    hi, hello,')}: filler.words[0]: "
            "'Hi': write it in lower case, without apostrophes or punctuation, like 'please'"
        ),
        id="filler-not-lower-case",
    ),
    pytest.param(
        "search_terms.yml",
        YES,
        "okay, yes,",
        lambda: f"data/search_terms.yml:{_line_of('search_terms.yml', YES)}: filler.words[{_filler_index('yes')}]: expected a quoted phrase, got True",
        id="filler-yes-unquoted",
    ),
    pytest.param(
        "search_terms.yml",
        "    - how much\n",
        "    - how much\n    - how much\n",
        lambda: (
            f"data/search_terms.yml:{_line_of('search_terms.yml', '    - how much') + 1}: filler.phrases[{_filler_index('how much', 'phrases') + 1}]: "
            "'how much' is listed twice — remove one"
        ),
        id="filler-listed-twice",
    ),
]


def _filler_index(word: str, kind: str = "words") -> int:
    return yaml.safe_load((ROOT / "data" / "search_terms.yml").read_text(encoding="utf-8"))["filler"][kind].index(word)


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES)
def test_broken_data_gets_the_exact_message(tmp_path: Path, name: str, old: str, new: str, expected) -> None:
    root = _broken(tmp_path, name, old, new)
    with pytest.raises(DataError) as caught:
        load_site_data(root)
    assert str(caught.value).startswith(expected()), f"\nexpected: {expected()}\n     got: {caught.value}"


def test_limits_must_rise_names_the_role(tmp_path: Path) -> None:
    root = _broken(tmp_path, "policy.yml", '    refund: "500.00"', '    refund: "50.00"')
    with pytest.raises(DataError, match=r"approval_limits.senior-specialist.refund: must not be lower than specialist's"):
        load_site_data(root)


def test_missing_file_is_named(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "glossary.yml").unlink()
    with pytest.raises(DataError, match=r"^data/glossary.yml: file not found"):
        load_site_data(tmp_path)


def test_duplicate_tooltip_spelling_is_refused(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "glossary.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + """
  - term: Zz duplicate
    category: billing
    match: [chargeback]
    definition: A second definition for a word that already has one.
""",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"'chargeback' already gives the tooltip of 'Chargeback' — keep it in one term"):
        load_site_data(tmp_path)


def test_as_of_is_the_build_date_unless_pinned() -> None:
    assert resolve_as_of({}, date(2026, 3, 1)) == (date(2026, 3, 1), "the build date")
    assert resolve_as_of({"KB_AS_OF": "2024-02-29"}, date(2026, 3, 1)) == (date(2024, 2, 29), "pinned by KB_AS_OF")
    with pytest.raises(ValueError, match="KB_AS_OF='tomorrow' is not an ISO date"):
        resolve_as_of({"KB_AS_OF": "tomorrow"}, date(2026, 3, 1))


def test_a_search_term_page_that_no_longer_exists_is_named(tmp_path: Path) -> None:
    from macros.searchwords import missing_pages

    root = _broken(tmp_path, "search_terms.yml", "  runbooks/payments/card-declined.md:", "  runbooks/payments/card-refused.md:")
    words = load_site_data(root).search_words
    line = _line_of("search_terms.yml", "  runbooks/payments/card-declined.md:")
    assert missing_pages(words, ROOT / "docs") == [
        f"data/search_terms.yml:{line}: runbooks/payments/card-refused.md is not a page under docs/ — fix the path, or remove the entry if the page is gone"
    ]
    assert missing_pages(load_site_data(ROOT).search_words, ROOT / "docs") == []


@pytest.mark.parametrize(
    ("name", "old", "new", "key"),
    [
        ("glossary.yml", "definition: ", "definition: <img src=x onerror=alert(1)> ", "terms[0].definition"),
        ("plans.yml", "    name: Pro", "    name: Pro <b>plus</b>", "plans.pro.name"),
        ("teams.yml", "    name: Payments Engineering", "    name: <script>Payments</script>", "teams.payments-eng.name"),
        ("error_codes.yml", "    meaning: ", "    meaning: <a href=x>click</a> ", "codes[0].meaning"),
    ],
    ids=["glossary-definition", "plan-name", "team-name", "error-code-text"],
)
def test_markup_in_data_is_refused_at_load(tmp_path: Path, name: str, old: str, new: str, key: str) -> None:
    root = _broken(tmp_path, name, old, new)
    with pytest.raises(DataError) as caught:
        load_site_data(root)
    assert f": {key}: plain text only: remove '<' — it would reach the page as markup" in str(caught.value), str(caught.value)
    assert str(caught.value).startswith(f"data/{name}:")
