"""Alerts, posted through the one `alerts` resource (a Slack-compatible webhook when
LIFTOFF_ALERT_WEBHOOK_URL is set, the log otherwise): every failed run, and what
fct_launch_changes newly shows with T-24 h / T-1 h reminders for launches that are Go.

Each change is posted once: the change sensor's cursor holds the newest change it has handled
(LL2's `last_updated` of the version that shows it, and the change keys at that instant). Its first
evaluation only sets the cursor, so a first load or a history backfill (versions older than the
cursor) never sends a storm.
"""

import json
from datetime import datetime, timedelta

import dagster as dg

from liftoff.core.dbt import dbt_failure_line
from liftoff.core.messages import first_line
from liftoff.defs.resources import WEBHOOK_ENV, Alerts, Clock, Warehouse


def alert_text(context: dg.RunFailureSensorContext) -> str:
    """The run and, for each failed step, the first line of its error: the cause (a URL and its
    HTTP status, a missing privilege), not Dagster's "Steps failed" summary alone."""
    run = context.dagster_run
    causes = []
    for event in context.get_step_failure_events():
        error = event.event_specific_data.error if event.event_specific_data else None
        first = first_line(error.message, "") if error else ""
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


ALERTED_CHANGES = ("net_slipped", "net_advanced", "status_changed", "outcome")
# label: (from how long before NET, until how long before NET). A launch that turns Go 50 minutes
# before NET gets the T-1h reminder alone.
REMINDERS = {"T-24h": (timedelta(hours=24), timedelta(hours=1)), "T-1h": (timedelta(hours=1), timedelta(0))}
# A webhook back after a long outage leaves a backlog: post it over several ticks, each well within
# Dagster's sensor timeout (a tick that times out saves no cursor, and would post again).
MAX_POSTS_PER_TICK = 20


def reminder_key(launch_id: str, label: str, net: datetime) -> str:
    return f"{launch_id}|{label}|{net.isoformat()}"


def change_text(change: dict) -> str:
    name = change["launch_name"]
    if change["change_type"] in ("net_slipped", "net_advanced"):
        hours = change["net_delta_seconds"] / 3600
        verb = "slipped" if hours > 0 else "moved earlier"
        return f":calendar: {name}: NET {verb} by {abs(hours):.1f} h, now {change['to_value']}"
    if change["change_type"] == "outcome":
        return f":rocket: {name}: {change['to_value']}"
    return f":traffic_light: {name}: {change['from_value']} → {change['to_value']}"


_NEW_CHANGES = f"""
    select c.change_key, c.launch_id, c.launch_name, c.change_type, c.from_value, c.to_value,
           c.net_delta_seconds, c.changed_at, a.agency_name, p.location_name
    from marts.fct_launch_changes c
    left join marts.fct_launches f on f.ll2_launch_id = c.launch_id
    left join marts.dim_agency a on a.agency_key = f.provider_key
    left join marts.dim_pad p on p.pad_key = f.pad_key
    where c.change_type in {ALERTED_CHANGES}
      and c.changed_at >= %(since)s
    order by c.changed_at, c.change_key
"""

_DUE_REMINDERS = """
    select launch_id, launch_name, net, provider_name, location_name
    from marts.rpt_upcoming_launches
    where status_abbrev = 'Go' and net - %(ahead)s <= %(now)s and net - %(until)s > %(now)s
"""


@dg.sensor(
    name="launch_change_alerts",
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Posts NET slips and advances beyond a threshold, status changes, outcomes, and T-24 h / "
    f"T-1 h reminders of launches that are Go to {WEBHOOK_ENV}; each once, none for a first load or a backfill.",
)
def launch_change_alerts(context: dg.SensorEvaluationContext, warehouse: Warehouse, clock: Clock, alerts: Alerts):
    if not warehouse.query("select to_regclass('marts.fct_launch_changes') is not null")[0][0]:
        return dg.SkipReason("no fct_launch_changes yet")
    now = clock.now()
    state = json.loads(context.cursor) if context.cursor else None
    newest = warehouse.query("select max(changed_at) from marts.fct_launch_changes")[0][0]
    if state is None:   # first evaluation: start from what is there, post nothing
        keys = [r[0] for r in warehouse.query("select change_key from marts.fct_launch_changes where changed_at = %s", (newest,))] if newest else []
        reminded = [reminder_key(r[0], label, r[2]) for label, (ahead, until) in REMINDERS.items()
                    for r in warehouse.query(_DUE_REMINDERS, {"now": now, "ahead": ahead, "until": until})]
        context.update_cursor(json.dumps({"since": newest.isoformat() if newest else None, "keys": keys, "reminded": reminded}))
        return dg.SkipReason("alerts start from the changes already in the warehouse")

    since = datetime.fromisoformat(state["since"]) if state["since"] else datetime.min.replace(tzinfo=now.tzinfo)
    done_keys = set(state["keys"])
    posted = 0
    columns = ("change_key", "launch_id", "launch_name", "change_type", "from_value", "to_value",
               "net_delta_seconds", "changed_at", "provider", "location")
    for row in warehouse.query(_NEW_CHANGES, {"since": since}):
        change = dict(zip(columns, row))
        if change["change_key"] in done_keys:
            continue
        small_move = change["net_delta_seconds"] is not None and abs(change["net_delta_seconds"]) < alerts.min_net_change_hours * 3600
        if not small_move and alerts.wanted(change["provider"], change["location"]):
            if posted >= MAX_POSTS_PER_TICK or not alerts.post(change_text(change), context.log):
                break
            posted += 1
        if change["changed_at"] > since:
            since, done_keys = change["changed_at"], set()
        done_keys.add(change["change_key"])

    reminded = set(state["reminded"])
    for label, (ahead, until) in REMINDERS.items():
        for launch_id, name, net, provider, location in warehouse.query(_DUE_REMINDERS, {"now": now, "ahead": ahead, "until": until}):
            key = reminder_key(launch_id, label, net)   # a launch scrubbed to a new NET is reminded again
            if key in reminded or not alerts.wanted(provider, location):
                continue
            if posted >= MAX_POSTS_PER_TICK or not alerts.post(f":alarm_clock: {label}: {name} is Go for {net:%Y-%m-%d %H:%M} UTC", context.log):
                break
            reminded.add(key)
            posted += 1
    upcoming = {r[0] for r in warehouse.query("select launch_id from marts.rpt_upcoming_launches")}
    context.update_cursor(json.dumps({
        "since": since.isoformat(), "keys": sorted(done_keys),
        "reminded": sorted(k for k in reminded if k.split("|")[0] in upcoming),   # forget flown launches
    }))
    return dg.SkipReason(f"{posted} alert(s) posted")


defs = dg.Definitions(sensors=[alert_on_run_failure, launch_change_alerts])
