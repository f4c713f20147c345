from django.core import checks
from django.test import override_settings

from restwell.checks import pagination_system_check, unknown_settings_check


def test_page_size_without_pagination_class_warns():
    with override_settings(REST_FRAMEWORK={"PAGE_SIZE": 10}):
        (warning,) = pagination_system_check(None)
    assert warning.id == "rest_framework.W001"
    assert isinstance(warning, checks.Warning)


def test_unknown_key_is_an_error_with_a_suggestion():
    with override_settings(REST_FRAMEWORK={"DEFAULT_PERMISION_CLASSES": []}):
        (error,) = unknown_settings_check(None)
    assert error.id == "restwell.E001"
    assert error.msg == "Unknown key 'DEFAULT_PERMISION_CLASSES' in settings.REST_FRAMEWORK."
    assert error.hint == "Did you mean 'DEFAULT_PERMISSION_CLASSES'?"


def test_unknown_restwell_key():
    with override_settings(RESTWELL={"MAX_JSON_DEPT": 3}):
        (error,) = unknown_settings_check(None)
    assert error.msg == "Unknown key 'MAX_JSON_DEPT' in settings.RESTWELL."


def test_known_keys_pass():
    with override_settings(REST_FRAMEWORK={"PAGE_SIZE": 5}, RESTWELL={"MAX_JSON_DEPTH": 3}):
        assert unknown_settings_check(None) == []


def _deploy_check_ids(**settings):
    with override_settings(**settings):
        return [
            m.id
            for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
            if m.id.startswith("restwell.")
        ]


def test_open_default_permission_warns_only_on_deploy_check():
    from restwell.checks import open_default_permission_deploy_check

    with override_settings(REST_FRAMEWORK={}):
        (warning,) = open_default_permission_deploy_check(None)
    assert warning.id == "restwell.W102"
    assert isinstance(warning, checks.Warning)
    assert warning.msg == (
        "DEFAULT_PERMISSION_CLASSES is AllowAny: every view that does not set "
        "permission_classes can be called, and written to, by anyone."
    )
    assert "restwell.W102" in _deploy_check_ids(REST_FRAMEWORK={})
    with override_settings(REST_FRAMEWORK={}):
        assert "restwell.W102" not in [m.id for m in checks.run_checks(tags=[checks.Tags.security])]


def test_a_closed_default_permission_passes_the_deploy_check():
    ids = _deploy_check_ids(
        REST_FRAMEWORK={"DEFAULT_PERMISSION_CLASSES": ["restwell.permissions.IsAuthenticated"]}
    )
    assert "restwell.W102" not in ids
