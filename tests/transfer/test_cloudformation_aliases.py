"""The `AWS::Lex::BotAlias` and `AWS::Lex::BotVersion` resources of a template: aliases with their
Lambdas in bot.yaml, and the version they served frozen by `bot import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.project.aliases import alias_settings
from bot.project.bot_config import NoCodeHook
from bot.versions import list_versions
from tests.transfer.accounting import unaccounted_cfn
from tests.transfer.conftest import FIXTURES, HOTEL_TEMPLATE, Imported, import_and_check

SHOP_TEMPLATE = FIXTURES / "cfn" / "shop_aliases.yaml"
LAMBDA = "lambda:arn:aws:lambda:us-east-1:123456789012:function:"
runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path) -> Imported:
    return import_and_check(SHOP_TEMPLATE, tmp_path / "bot")


def _import(tmp_path: Path, *options: str, source: Path = SHOP_TEMPLATE) -> tuple[Path, dict, str]:
    """`bot import` of a template (the shop's): the folder, the JSON report and the output
    (unwrapped)."""
    root, report = tmp_path / "bot", tmp_path / "report.json"
    args = ["import", str(source), "--out", str(root), "--report", str(report)]
    result = runner.invoke(app, [*args, *options])
    assert result.exit_code == 0, result.output
    return root, json.loads(report.read_text()), " ".join(result.output.split())


def test_alias_with_a_lambda_per_locale_gets_locale_code_hooks(shop: Imported) -> None:
    prod = shop.files.config["aliases"]["prod"]
    assert prod["description"] == "What customers talk to"
    assert prod["locales"] == {
        "en_US": {"codeHook": {"uri": f"{LAMBDA}shop-en", "messageVersion": "V2"}},
        "es_US": {"codeHook": {"uri": f"{LAMBDA}shop-beta-es", "messageVersion": "V2"}},  # !Sub
    }
    assert shop.project.config.alias_settings["prod"].code_hook("es_US").uri.endswith("-es")


def test_alias_with_one_lambda_for_every_locale_gets_the_alias_code_hook(shop: Imported) -> None:
    beta = shop.files.config["aliases"]["beta"]  # named by a parameter's Default
    assert beta == {
        "botVersion": "DRAFT",
        "codeHook": {"uri": f"{LAMBDA}shop-beta", "messageVersion": "V2"},
    }


def test_test_alias_keeps_its_lambda_and_stays_out_of_the_mapping(shop: Imported) -> None:
    assert shop.files.config["locales"][0]["codeHook"]["uri"] == f"{LAMBDA}shop-test"
    assert list(shop.files.config["aliases"]) == ["prod", "beta", "quiet"]
    assert "TSTALIASID" not in (shop.root / "bot.yaml").read_text()


def test_aliases_are_written_on_draft_and_the_served_version_is_reported(shop: Imported) -> None:
    assert shop.report.aliases == {"prod": "DRAFT", "beta": "DRAFT", "quiet": "DRAFT"}
    served = shop.report.served_version
    assert served is not None and served.aliases == ["prod", "quiet"]
    assert served.description == "First release"  # the BotVersion's own


def test_alias_settings_without_effect_on_the_dialog_are_ignored(shop: Imported) -> None:
    ignored = shop.notes("ignored")
    for key in ("SentimentAnalysisSettings", "ConversationLogSettings", "BotAliasTags"):
        assert f"Resources.ProdAlias.Properties.{key}" in ignored


def test_literal_version_number_is_reported_as_renumbered(shop: Imported) -> None:
    assert "renumbered" in shop.notes("ignored")["Resources.QuietAlias.Properties.BotVersion"]


def test_disabled_locale_and_computed_lambda_of_an_alias_are_reported(shop: Imported) -> None:
    quiet = "Resources.QuietAlias.Properties.BotAliasLocaleSettings"
    assert "disabled on alias quiet" in shop.notes()[f"{quiet}[0]"]
    assert "--code-hook" in shop.notes("deployment")[f"{quiet}[1]"]
    # The disabled locale has no Lambda: not the test alias's either; es_US keeps the bot's.
    assert shop.files.config["aliases"]["quiet"]["locales"] == {
        "en_US": {"codeHook": {"enabled": False}}
    }
    assert shop.report.no_code_hook == {"quiet": ["en_US"]}


def test_alias_without_a_lambda_does_not_take_the_test_aliases(tmp_path: Path) -> None:
    test_alias = {"BotAliasLocaleSettings": [_lambda_setting("en_US", "shop-test")]}
    root, report, output = _import_live(
        tmp_path, _live_bot() | {"TestBotAliasSettings": test_alias}
    )
    config = yaml.safe_load((root / "bot.yaml").read_text())
    assert config["codeHook"]["uri"] == f"{LAMBDA}shop-test"  # TSTALIASID calls it
    assert config["aliases"]["prod"] == {"botVersion": 1, "codeHook": {"enabled": False}}
    assert isinstance(alias_settings(root)["prod"].code_hook("en_US"), NoCodeHook)
    assert report["no_code_hook"] == {"prod": ["en_US"]}
    assert "alias prod → version 1 (the imported DRAFT, frozen); no Lambda in en_US" in output


def test_alias_without_a_lambda_stays_plain_when_the_bot_has_none(tmp_path: Path) -> None:
    root, report, _ = _import_live(tmp_path, _live_bot())
    assert yaml.safe_load((root / "bot.yaml").read_text())["aliases"] == {"prod": {"botVersion": 1}}
    assert report["no_code_hook"] == {}


def test_alias_with_an_unresolvable_name_is_reported_and_skipped(shop: Imported) -> None:
    reason = shop.notes()["Resources.StageAlias.Properties.BotAliasName"]
    assert "StageName has no Default" in reason and "not imported" in reason


def test_alias_of_a_second_bot_is_reported_like_the_bot(shop: Imported) -> None:
    assert "only the first" in shop.notes()["Resources.SupportBot"]
    assert "another bot (Ref SupportBot)" in shop.notes()["Resources.SupportAlias"]
    assert "live" not in shop.files.config["aliases"]


def test_template_without_aliases_keeps_the_list_form(tmp_path: Path) -> None:
    imported = import_and_check(HOTEL_TEMPLATE, tmp_path / "bot")
    assert "aliases" not in imported.files.config
    assert imported.report.aliases == {} and imported.report.served_version is None


def test_import_freezes_the_served_version_and_moves_its_aliases(tmp_path: Path) -> None:
    root, report, output = _import(tmp_path)
    assert [(v.version, v.description) for v in list_versions(root)] == [("1", "First release")]
    settings = alias_settings(root)
    assert (settings["prod"].botVersion, settings["quiet"].botVersion) == ("1", "1")
    assert settings["beta"].botVersion == "DRAFT"
    assert settings["prod"].code_hook("en_US").uri == f"{LAMBDA}shop-en"  # hooks kept
    assert report["aliases"] == {"prod": "1", "beta": "DRAFT", "quiet": "1"}
    assert report["served_version"]["version"] == "1"
    assert "alias prod → version 1 (the imported DRAFT, frozen)" in output
    assert "alias beta → DRAFT" in output
    listed = runner.invoke(app, ["version", "list", "--project", str(root)])
    row = next(line for line in listed.stdout.splitlines() if "First release" in line)
    assert "prod" in row and "quiet" in row and "beta" not in row


def test_no_version_leaves_the_aliases_on_draft_and_says_how_to_freeze(tmp_path: Path) -> None:
    root, report, output = _import(tmp_path, "--no-version")
    assert list_versions(root) == []
    assert yaml.safe_load((root / "bot.yaml").read_text())["aliases"]["prod"]["botVersion"] == (
        "DRAFT"
    )
    assert report["aliases"]["prod"] == "DRAFT" and report["served_version"]["version"] is None
    assert "bot version create" in output and "bot alias set prod 1" in output


def test_every_leaf_of_the_bot_beside_its_aliases_is_carried_or_reported(shop: Imported) -> None:
    assert unaccounted_cfn(SHOP_TEMPLATE, shop.files, shop.report) == []


def test_reimport_over_a_frozen_version_freezes_the_next_one(tmp_path: Path) -> None:
    root, _, _ = _import(tmp_path)
    args = ["import", str(SHOP_TEMPLATE), "--out", str(root), "--replace"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [v.version for v in list_versions(root)] == ["1", "2"]
    assert alias_settings(root)["prod"].botVersion == "2"
    assert "alias prod → version 2" in " ".join(result.output.split())


def test_ref_to_a_version_serves_it_and_an_unused_version_is_ignored(tmp_path: Path) -> None:
    bot = {"ShopBot": {"Type": "AWS::Lex::Bot", "Properties": _live_bot()}}
    version = {"Type": "AWS::Lex::BotVersion", "Properties": {"BotId": {"Ref": "ShopBot"}}}
    alias = _alias("live", {"Fn::GetAtt": "ShopBot.Id"}, {"Ref": "Live"})
    resources = bot | {"Live": version, "Spare": version, "LiveAlias": alias}
    source = tmp_path / "live.template.json"
    source.write_text(json.dumps({"Resources": resources}))
    imported = import_and_check(source, tmp_path / "bot")
    served = imported.report.served_version
    assert served is not None and served.aliases == ["live"]
    assert served.description == "imported from live.template.json"  # the version has none
    assert "no imported alias" in imported.notes("ignored")["Resources.Spare"]


def _import_live(tmp_path: Path, bot: dict) -> tuple[Path, dict, str]:
    """`bot import` of `bot` with an alias prod on a version of it, without Lambdas."""
    version = {"Type": "AWS::Lex::BotVersion", "Properties": {"BotId": {"Ref": "ShopBot"}}}
    alias = _alias("prod", {"Ref": "ShopBot"}, {"Fn::GetAtt": ["Live", "BotVersion"]})
    resources = {"ShopBot": {"Type": "AWS::Lex::Bot", "Properties": bot}, "Live": version}
    source = tmp_path / "live.template.json"
    source.write_text(json.dumps({"Resources": resources | {"ProdAlias": alias}}))
    return _import(tmp_path, source=source)


def _alias(name: str, bot_id: dict, version: dict) -> dict:
    properties = {"BotId": bot_id, "BotAliasName": name, "BotVersion": version}
    return {"Type": "AWS::Lex::BotAlias", "Properties": properties}


def _lambda_setting(locale: str, function: str) -> dict:
    spec = {
        "CodeHookInterfaceVersion": "1.0",
        "LambdaArn": LAMBDA.removeprefix("lambda:") + function,
    }
    setting = {"Enabled": True, "CodeHookSpecification": {"LambdaCodeHook": spec}}
    return {"LocaleId": locale, "BotAliasLocaleSetting": setting}


def _live_bot() -> dict:
    return {
        "Name": "LiveBot",
        "BotLocales": [
            {
                "LocaleId": "en_US",
                "NluConfidenceThreshold": 0.4,
                "Intents": [
                    {"Name": "Hello", "SampleUtterances": [{"Utterance": "hello"}]},
                    {"Name": "FallbackIntent", "ParentIntentSignature": "AMAZON.FallbackIntent"},
                ],
            }
        ],
    }
