"""The catalogue itself: well-formed clauses, defined once, and the documents generated from it."""
import json
import re
from pathlib import Path

from backprop_spec.cli import main
from spec.catalogue import BY_ID, CLAUSES, COMPONENTS, CONTRACTS
from spec.specdoc import markdown

ROOT = Path(__file__).resolve().parent.parent


def test_every_clause_is_well_formed():
    for c in CLAUSES:
        assert re.fullmatch(r"[A-Z]+-\d+", c.id), c.id
        assert c.component in COMPONENTS
        assert c.tier in ("core", "extended")
        assert c.points > 0
        assert c.title.endswith(".") and "\n" not in c.title, c.title
        assert all(r in COMPONENTS for r in c.exercises)


def test_clause_ids_are_unique_and_every_component_has_a_contract_and_core_clauses():
    assert len(BY_ID) == len(CLAUSES)
    assert set(CONTRACTS) == set(COMPONENTS)
    for component in COMPONENTS:
        assert any(c.component == component and c.tier == "core" for c in CLAUSES), component


def test_the_extended_tier_covers_what_the_books_later_code_adds():
    extended = {c.id for c in CLAUSES if c.tier == "extended"}
    assert {"AFF-6", "CEE-3", "SWL-4", "NET-6", "RELU-4"} <= extended


def test_clauses_command_prints_json(capsys):
    assert main(["clauses", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listed] == [c.id for c in CLAUSES]
    assert {"id", "component", "tier", "points", "title"} <= set(listed[0])


def test_clauses_command_prints_a_table(capsys):
    assert main(["clauses"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["id", "component", "tier", "pts"]
    assert all(c.id in out for c in CLAUSES)


def test_the_specification_document_is_generated_from_the_catalogue():
    """spec/README.md must be regenerated (backprop-spec clauses --format markdown) when a clause changes."""
    assert (ROOT / "spec" / "README.md").read_text(encoding="utf-8") == markdown()


def test_the_learning_clause_says_the_settings_it_trains_with():
    """Its title is a literal, so that it can be translated: it must name the loop's own settings."""
    from spec.checks import learning

    title = BY_ID["NET-10"].title
    for words in (f"{learning.ITERS} steps", f"batch {learning.BATCH_SIZE}", f"lr {learning.LEARNING_RATE}",
                  f"hidden {learning.HIDDEN}", f">= {learning.THRESHOLD}"):
        assert words in title
