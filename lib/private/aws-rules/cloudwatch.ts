import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { checkDuration, checkNumber, DurationRule, NumberRule, TextRule } from './rule';

const PUT_METRIC_ALARM = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html';

/**
 * The period of an alarm on a standard-resolution metric. PutMetricAlarm `Period`: "Valid
 * values are 10, 20, 30, and any multiple of 60"; 10, 20 and 30 only for metrics stored at a
 * resolution of one second, which no AWS service metric and no metric filter is.
 */
export const STANDARD_RESOLUTION_ALARM_PERIOD: DurationRule = {
  subject: 'an alarm period on a standard-resolution metric', unit: 'minutes', min: 1, source: PUT_METRIC_ALARM,
};

/** PutMetricAlarm `EvaluationPeriods`: "Valid Range: Minimum value of 1." */
export const ALARM_EVALUATION_PERIODS: NumberRule = {
  subject: 'an alarm\'s evaluation periods', unit: 'periods', min: 1, integer: true, source: PUT_METRIC_ALARM,
};

/** PutMetricAlarm `DatapointsToAlarm`: "Valid Range: Minimum value of 1", and at most `EvaluationPeriods` (the M of "M out of N"). */
export const ALARM_DATAPOINTS_TO_ALARM: NumberRule = {
  subject: 'an alarm\'s datapoints to alarm', unit: 'datapoints', min: 1, integer: true, source: PUT_METRIC_ALARM,
};

/**
 * An alarm threshold on a count. PutMetricAlarm `Threshold` is any Double; a count is never
 * negative, so a negative threshold alarms on every period.
 */
export const COUNT_ALARM_THRESHOLD: NumberRule = {
  subject: 'a count threshold', unit: '', min: 0, integer: false, source: PUT_METRIC_ALARM,
};

/** An alarm threshold on a percentage of requests (PutMetricAlarm `Threshold`, a Double). */
export const PERCENT_ALARM_THRESHOLD: NumberRule = {
  subject: 'a percentage threshold', unit: 'percent', min: 0, max: 100, integer: false, source: PUT_METRIC_ALARM,
};

/** A dashboard name (PutDashboard `DashboardName`): "up to 255 characters long"; "Valid characters are A–Z, a–z, 0–9, "-", and "_"". */
export const DASHBOARD_NAME: TextRule = {
  subject: 'a CloudWatch dashboard name', maxLength: 255, pattern: /^[A-Za-z0-9_-]+$/,
  grammar: 'letters, digits, "-" and "_"', example: 'gateway-topology',
  source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html',
};

/** The props naming an alarm's evaluation window, for {@link checkAlarmWindow}'s messages. */
export interface AlarmWindow {
  readonly period: Duration;
  readonly periodProp: string;
  readonly evaluationPeriods: number;
  readonly evaluationPeriodsProp: string;
  readonly datapointsToAlarm?: number;
  readonly datapointsToAlarmProp: string;
}

/**
 * Refuses an evaluation window PutMetricAlarm would refuse: "Period multiplied by
 * EvaluationPeriods can't be more than 604,800 seconds. For alarms with a period of less than
 * one hour (3,600 seconds), the total evaluation period can't be longer than one day (86,400
 * seconds)", and DatapointsToAlarm more than EvaluationPeriods.
 */
export function checkAlarmWindow(scope: IConstruct | string, window: AlarmWindow): void {
  checkDuration(scope, window.periodProp, window.period, STANDARD_RESOLUTION_ALARM_PERIOD);
  checkNumber(scope, window.evaluationPeriodsProp, window.evaluationPeriods, ALARM_EVALUATION_PERIODS);
  checkNumber(scope, window.datapointsToAlarmProp, window.datapointsToAlarm, ALARM_DATAPOINTS_TO_ALARM);
  const periods = window.evaluationPeriods;
  const datapoints = window.datapointsToAlarm;
  if (datapoints !== undefined && !Token.isUnresolved(datapoints) && !Token.isUnresolved(periods) && datapoints > periods) {
    throw new TopologyValidationError(scope, {
      prop: window.datapointsToAlarmProp, received: datapoints,
      problem: `an alarm cannot need more breaching datapoints than the ${periods} periods it evaluates`,
      fix: `set ${window.datapointsToAlarmProp} from 1 to ${window.evaluationPeriodsProp} (${periods}) (${PUT_METRIC_ALARM})`,
    });
  }
  if (window.period.isUnresolved() || Token.isUnresolved(periods)) return;
  const seconds = window.period.toSeconds();
  const limit = seconds < 3600 ? 86_400 : 604_800;
  if (seconds * periods > limit) {
    throw new TopologyValidationError(scope, {
      prop: window.evaluationPeriodsProp, received: periods,
      problem: `${periods} periods of ${window.period.toHumanString()} evaluate ${seconds * periods} seconds; `
        + `an alarm with a period ${seconds < 3600 ? 'under one hour evaluates at most one day' : 'of an hour or more evaluates at most seven days'} (${limit} seconds)`,
      fix: `set ${window.evaluationPeriodsProp} at most ${Math.floor(limit / seconds)}, or lengthen ${window.periodProp} (${PUT_METRIC_ALARM})`,
    });
  }
}

/**
 * A latency alarm threshold, compared with a latency metric in milliseconds. PutMetricAlarm
 * takes any Double; no request takes under a millisecond, so a smaller threshold alarms on
 * every period with traffic.
 */
export const LATENCY_ALARM_THRESHOLD: DurationRule = {
  subject: 'a latency threshold', unit: 'milliseconds', min: 1, source: PUT_METRIC_ALARM,
};
