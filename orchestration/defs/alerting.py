"""Alerts: one channel (a Slack-compatible webhook when LIFTOFF_ALERT_WEBHOOK_URL is set, the log
otherwise) as one resource, `alerts`, shared by the failed-run sensor here and the launch-change
sensor (change_alerts.py); its settings are read once, where the definitions load."""


import dagster as dg
import requests

from liftoff.dbt import dbt_failure_line
from liftoff.settings import AlertSettings

WEBHOOK_ENV = "LIFTOFF_ALERT_WEBHOOK_URL"


def post_alert(url: str, text: str, log) -> bool:
    """Post `{"text": ...}` (Slack's incoming-webhook format) to `url`, or log it when no URL is set.
    False when the webhook refused it (the caller may try again later)."""
    if not url:
        log.warning(f"{text} (set {WEBHOOK_ENV} to have this posted to a webhook)")
        return True
    try:
        response = requests.post(url, json={"text": slack_escaped(text)}, timeout=10)
    except requests.RequestException as exc:
        log.error(f"the alert webhook could not be reached ({type(exc).__name__}); check {WEBHOOK_ENV}")
        return False
    if not response.ok:
        log.error(f"the alert webhook answered HTTP {response.status_code}")
    return response.ok


def slack_escaped(text: str) -> str:
    """Slack's three control characters escaped, as its message formatting asks: names come from
    LL2, and a `<!channel>` in one must not ping a whole channel."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Alerts(dg.ConfigurableResource):
    """Where alerts go and which launch changes are worth one. Empty filters let everything through."""

    webhook_url: str = ""
    min_net_change_hours: float = 1.0       # smaller NET moves are not news
    providers: str = ""                     # comma-separated provider names
    locations: str = ""                     # comma-separated words matched in the location name

    @classmethod
    def from_settings(cls, settings: AlertSettings, webhook_url=None) -> "Alerts":
        return cls(
            webhook_url=settings.webhook_url if webhook_url is None else webhook_url,
            min_net_change_hours=settings.min_net_change_hours,
            providers=",".join(settings.providers), locations=",".join(settings.locations),
        )

    def wanted(self, provider: str | None, location: str | None) -> bool:
        providers = [p.strip().lower() for p in self.providers.split(",") if p.strip()]
        locations = [p.strip().lower() for p in self.locations.split(",") if p.strip()]
        if providers and (provider or "").lower() not in providers:
            return False
        if locations and not any(word in (location or "").lower() for word in locations):
            return False
        return True

    def post(self, text: str, log) -> bool:
        return post_alert(self.webhook_url, text, log)


def alert_text(context: dg.RunFailureSensorContext) -> str:
    """The run and, for each failed step, the first line of its error: the cause (a URL and its
    HTTP status, a missing privilege), not Dagster's "Steps failed" summary alone."""
    run = context.dagster_run
    causes = []
    for event in context.get_step_failure_events():
        error = event.event_specific_data.error if event.event_specific_data else None
        first = (error.message.strip().splitlines() or [""])[0] if error else ""
        if error and "Errors parsed from dbt logs" in error.message:
            first = dbt_failure_line(error.message)   # the failing models and tests, not the command
        causes.append(f"{event.step_key}: {first}" if first else event.step_key)
    message = "; ".join(causes) or context.failure_event.message or "no message"
    return f":rotating_light: liftoff run `{run.run_id[:8]}` of job `{run.job_name}` failed: {message}"


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    description=f"Posts every failed run to the webhook in {WEBHOOK_ENV} (Slack-compatible JSON).",
    default_status=dg.DefaultSensorStatus.RUNNING,
    monitor_all_code_locations=False,
)
def alert_on_run_failure(context: dg.RunFailureSensorContext, alerts: Alerts) -> None:
    alerts.post(alert_text(context), context.log)


# The user's environment is read here, once, where the definitions load (`liftoff run` and
# `liftoff up` check the same settings first and stop in one line on a bad value).
# The webhook URL carries Slack's token: as an EnvVar, Dagster's UI shows the variable's name in the
# resource's configuration, not the URL.
_settings = AlertSettings.from_env()
defs = dg.Definitions(sensors=[alert_on_run_failure], resources={
    "alerts": Alerts.from_settings(_settings, webhook_url=dg.EnvVar(WEBHOOK_ENV) if _settings.webhook_url else ""),
})
