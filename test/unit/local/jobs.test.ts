import { parseRegionConfig, type RegionConfig } from '../../../lib/config';
import {
  describeSchedules,
  formatInTimeZone,
  InvalidJobTimeError,
  jobEvent,
  JOBS,
  parseJobTime,
  resolveJobName,
  scheduledJobs,
  scheduledTimeText,
  UnknownJobError,
} from '../../../lib/local/jobs';
import { schedulerEvent, startScheduler } from '../../../lib/local/scheduler';

const config: RegionConfig = parseRegionConfig({
  regionName: 'Kabupaten Uji',
  trackingPrefix: 'UJI',
  email: { sender: 'lapor@uji.go.id', coordinator: ['koordinator@uji.go.id'], ombudsman: 'ombudsman@uji.go.id' },
  agencies: [],
});

describe('resolveJobName', () => {
  it.each([
    ['compliance', 'compliance'],
    ['escalation', 'escalation'],
    ['reconciliation', 'reconciliation'],
    ['reconcile', 'reconciliation'],
    [' Compliance ', 'compliance'],
  ])('%j is %s', (name, job) => {
    expect(resolveJobName(name)).toBe(job);
  });

  it('refuses anything else, naming the jobs and the alias', () => {
    expect(() => resolveJobName('complaince')).toThrow(UnknownJobError);
    expect(() => resolveJobName('complaince')).toThrow(
      `Unknown job "complaince": expected one of ${[...JOBS, 'backfill'].join(', ')} (alias reconcile = reconciliation)`,
    );
    expect(JOBS.join(', ')).toContain('compliance, escalation, reconciliation');
    expect(() => resolveJobName('')).toThrow(UnknownJobError);
  });

  it("knows every job of the jobs function, and every schedule of the config names one", () => {
    expect(JOBS).toEqual(expect.arrayContaining(['compliance', 'escalation', 'reconciliation']));
    for (const job of JOBS) expect(resolveJobName(job)).toBe(job);
    expect(Object.keys(config.schedules).sort()).toEqual([...JOBS].sort());
  });
});

describe('parseJobTime', () => {
  it.each([
    ['2026-11-30T08:00:00+07:00', '2026-11-30T01:00:00.000Z'],
    ['2026-11-30T01:00:00Z', '2026-11-30T01:00:00.000Z'],
    ['2026-11-30T01:00Z', '2026-11-30T01:00:00.000Z'],
    ['2026-11-30T08:00:00.250+0700', '2026-11-30T01:00:00.250Z'],
    ['2026-12-31T23:30:00-05:00', '2027-01-01T04:30:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, instant) => {
    expect(parseJobTime(text).toISOString()).toBe(instant);
  });

  it.each([
    ['2026-11-30', 'a date without a time'],
    ['2026-11-30T08:00:00', 'no offset: Jakarta and a UTC laptop would disagree'],
    ['2026-02-30T08:00:00Z', 'a date not in the calendar (JavaScript would roll it over to March)'],
    ['2027-02-29T08:00:00Z', 'not a leap year'],
    ['2026-11-30T24:00:00Z', 'hour 24'],
    ['Mon Nov 30 2026 08:00:00 GMT+0700', "Date.parse's other formats"],
    ['yesterday', 'words'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (text) => {
    expect(() => parseJobTime(text)).toThrow(InvalidJobTimeError);
  });

  it('says what to write instead', () => {
    expect(() => parseJobTime('2026-11-30T08:00')).toThrow(/e\.g\. 2026-11-30T08:00:00\+07:00/);
  });
});

describe('jobEvent', () => {
  it("is the schedules' target input: the job and the scheduled time in whole UTC seconds", () => {
    expect(jobEvent('compliance', new Date('2026-11-30T01:00:00.789Z'))).toEqual({ job: 'compliance', time: '2026-11-30T01:00:00Z' });
    expect(scheduledTimeText(new Date('2026-11-30T08:00:00+07:00'))).toBe('2026-11-30T01:00:00Z');
  });

  it('writes the time exactly as the local scheduler writes event.time', () => {
    const time = new Date('2026-11-30T01:00:00Z');
    expect(jobEvent('escalation', time).time).toBe(schedulerEvent('escalation', time).time);
  });
});

describe('formatInTimeZone', () => {
  it("shows the region's wall clock with the zone", () => {
    expect(formatInTimeZone(new Date('2026-11-30T01:00:00Z'), 'Asia/Jakarta')).toBe('Mon 2026-11-30 08:00 Asia/Jakarta (GMT+7)');
    expect(formatInTimeZone(new Date('2026-11-29T19:00:00Z'), 'Asia/Makassar')).toBe('Mon 2026-11-30 03:00 Asia/Makassar (GMT+8)');
  });
});

describe('describeSchedules', () => {
  it("lists the config's schedules with their next fire times in the region's time zone", () => {
    // Saturday 28 November 2026, 07:00 WIB.
    const schedules = describeSchedules(config, new Date('2026-11-28T00:00:00Z'));
    expect(schedules.map((schedule) => schedule.name)).toEqual(Object.keys(config.schedules));
    expect(schedules).toEqual(expect.arrayContaining([
      { name: 'compliance', expression: 'cron(0 8 * * ? *)', timeZone: 'Asia/Jakarta', nextRun: new Date('2026-11-28T01:00:00Z') },
      { name: 'escalation', expression: 'cron(30 7 * * ? *)', timeZone: 'Asia/Jakarta', nextRun: new Date('2026-11-28T00:30:00Z') },
      // Sunday 02:00 WIB is Saturday 19:00 UTC.
      { name: 'reconciliation', expression: 'cron(0 2 ? * SUN *)', timeZone: 'Asia/Jakarta', nextRun: new Date('2026-11-28T19:00:00Z') },
    ]));
  });
});

describe('scheduledJobs', () => {
  afterEach(() => jest.useRealTimers());

  it('has the scheduler invoke runJob with the job and its scheduled time, and log the summary', async () => {
    // Saturday 28 November 2026, 07:29 WIB: escalation fires at 07:30, compliance at 08:00 (daily;
    // nothing else of the config's schedules fires on a Saturday morning).
    jest.useFakeTimers({ now: new Date('2026-11-28T00:29:00Z') });
    const calls: [string, string][] = [];
    const lines: string[] = [];
    const scheduler = startScheduler(
      scheduledJobs(config, async (job, time) => {
        calls.push([job, time]);
        if (job === 'escalation') throw new Error('DynamoDB is down');
        return { job, at: time, warningsSent: 2 };
      }),
      { log: (line) => lines.push(line) },
    );
    await jest.advanceTimersByTimeAsync(32 * 60_000);
    scheduler.stop();
    // The redelivery job runs every quarter hour besides.
    expect(calls.filter(([job]) => job !== 'redelivery')).toEqual([
      ['escalation', '2026-11-28T00:30:00Z'],
      ['compliance', '2026-11-28T01:00:00Z'],
    ]);
    expect(calls.filter(([job]) => job === 'redelivery').map(([, time]) => time)).toEqual(['2026-11-28T00:30:00Z', '2026-11-28T00:45:00Z', '2026-11-28T01:00:00Z']);
    expect(lines).toContainEqual(expect.stringMatching(/^schedule escalation \(2026-11-28T00:30:00Z\) failed: Error: DynamoDB is down/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^schedule compliance \(2026-11-28T01:00:00Z\) done in \d+ ms: \{"job":"compliance","at":"2026-11-28T01:00:00Z","warningsSent":2\}$/,
      ),
    );
  });
});
