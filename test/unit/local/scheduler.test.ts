import {
  nextFireTimes,
  parseScheduleExpression,
  schedulerEvent,
  ScheduleExpressionError,
  startScheduler,
  toCronerPattern,
} from '../../../lib/local/scheduler';

const JAKARTA = 'Asia/Jakarta';
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const weekdayInJakarta = (date: Date) => date.toLocaleString('en-US', { timeZone: JAKARTA, weekday: 'short' });

describe('toCronerPattern', () => {
  it.each([
    ['cron(0 8 * * ? *)', '0 0 8 * * * *'],
    ['cron(30 7 * * ? *)', '0 30 7 * * * *'],
    ['cron(0 2 ? * SUN *)', '0 0 2 * * 0 *'],
    ['cron(0 8 ? * MON-FRI *)', '0 0 8 * * 1-5 *'],
    // EventBridge numbers days 1=SUN..7=SAT; croner 0=SUN..6=SAT.
    ['cron(0 8 ? * 2-6 *)', '0 0 8 * * 1-5 *'],
    ['cron(0 8 ? * 1,7 *)', '0 0 8 * * 0,6 *'],
    ['cron(0 9 ? * 6L *)', '0 0 9 * * 5L *'],
    ['cron(0 9 ? * FRI#2 *)', '0 0 9 * * 5#2 *'],
    ['cron(0 9 ? * L *)', '0 0 9 * * 6 *'],
    ['cron(0 9 L * ? *)', '0 0 9 L * * *'],
    ['cron(0 9 LW * ? *)', '0 0 9 LW * * *'],
    ['cron(0 9 15W * ? *)', '0 0 9 15W * * *'],
    ['cron(0/15 * * * ? *)', '0 0-59/15 * * * * *'],
    ['cron(*/10 8-17 * * ? *)', '0 */10 8-17 * * * *'],
    ['cron(0 9 1 JAN,JUL ? 2026-2030)', '0 0 9 1 1,7 * 2026-2030'],
    ['cron(0 9 1 1/3 ? *)', '0 0 9 1 1-12/3 * *'],
    ['rate(5 minutes)', '0 */5 * * * * *'],
    ['rate(1 minute)', '0 * * * * * *'],
    ['rate(6 hours)', '0 0 */6 * * * *'],
    ['rate(1 day)', '0 0 0 * * * *'],
  ])('%s → %s', (expression, pattern) => {
    expect(toCronerPattern(expression)).toBe(pattern);
  });

  it.each([
    ['cron(0 8 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 8 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 8 * * ?)', /six fields/],
    ['cron(0 8 * * ? * *)', /six fields/],
    ['cron(60 8 * * ? *)', /minutes 60 is out of range 0-59/],
    ['cron(0 24 * * ? *)', /hours 24 is out of range/],
    ['cron(0 8 32 * ? *)', /day-of-month 32 is out of range/],
    ['cron(0 8 ? 13 * *)', /month 13 is out of range/],
    ['cron(0 8 ? * 0 *)', /day-of-week 0 is out of range 1-7/],
    ['cron(0 8 ? * FUN *)', /"FUN" is not a valid day-of-week/],
    ['cron(0 8 ? * FRI-MON *)', /range must go from low to high/],
    ['cron(0 8 ? * MON#6 *)', /occurrence after # must be 1-5/],
    ['cron(0 8 ? * */2 *)', /"\/" is not allowed in day-of-week/],
    ['cron(0 8 * * ? 1969)', /year 1969 is out of range 1970-2199/],
    ['cron(? 8 * * ? *)', /"\?" is only allowed in day-of-month or day-of-week/],
    ['cron(0/0 8 * * ? *)', /increment must be a whole number/],
    ['cron(0 8 L5 * ? *)', /L and W stand alone/],
    ['rate(1 minutes)', /singular unit for 1/],
    ['rate(5 minute)', /singular unit for 1 and the plural otherwise/],
    ['rate(0 minutes)', /positive whole number/],
    ['rate(5 weeks)', /unit minute\(s\), hour\(s\) or day\(s\)/],
    ['rate(7 minutes)', /does not divide its unit evenly/],
    ['0 8 * * *', /not an EventBridge Scheduler expression/],
  ])('rejects %s', (expression, message) => {
    expect(() => toCronerPattern(expression)).toThrow(ScheduleExpressionError);
    expect(() => toCronerPattern(expression)).toThrow(message);
  });

  it('accepts every schedule of the default region config', () => {
    for (const expression of ['cron(0 8 * * ? *)', 'cron(30 7 * * ? *)', 'cron(0 2 ? * SUN *)']) {
      expect(() => toCronerPattern(expression)).not.toThrow();
    }
  });
});

describe('nextFireTimes (what the schedule does in its time zone)', () => {
  const from = new Date('2026-01-01T00:00:00Z'); // a Thursday, 07:00 in Jakarta

  it('cron(0 8 * * ? *) fires daily at 08:00 Asia/Jakarta, which is 01:00Z', () => {
    expect(iso(nextFireTimes('cron(0 8 * * ? *)', JAKARTA, 3, from))).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-02T01:00:00.000Z',
      '2026-01-03T01:00:00.000Z',
    ]);
  });

  it('cron(0 2 ? * SUN *) fires weekly on Sunday 02:00 Jakarta (Saturday 19:00Z)', () => {
    const times = nextFireTimes('cron(0 2 ? * SUN *)', JAKARTA, 3, from);
    expect(iso(times)).toEqual(['2026-01-03T19:00:00.000Z', '2026-01-10T19:00:00.000Z', '2026-01-17T19:00:00.000Z']);
    expect(times.map(weekdayInJakarta)).toEqual(['Sun', 'Sun', 'Sun']);
  });

  it('cron(0 8 ? * MON-FRI *) skips the weekend', () => {
    const times = nextFireTimes('cron(0 8 ? * MON-FRI *)', JAKARTA, 5, from);
    expect(times.map(weekdayInJakarta)).toEqual(['Thu', 'Fri', 'Mon', 'Tue', 'Wed']);
    expect(iso(times)[2]).toBe('2026-01-05T01:00:00.000Z');
  });

  it('last day, last weekday, nth weekday and nearest weekday behave as in EventBridge', () => {
    expect(iso(nextFireTimes('cron(0 9 L * ? *)', JAKARTA, 2, from))).toEqual(['2026-01-31T02:00:00.000Z', '2026-02-28T02:00:00.000Z']);
    // Last Friday of January 2026 is the 30th; second Tuesday the 13th.
    expect(iso(nextFireTimes('cron(0 9 ? * 6L *)', JAKARTA, 1, from))).toEqual(['2026-01-30T02:00:00.000Z']);
    expect(iso(nextFireTimes('cron(0 9 ? * 3#2 *)', JAKARTA, 1, from))).toEqual(['2026-01-13T02:00:00.000Z']);
    // 15 February 2026 is a Sunday: the nearest weekday is Monday the 16th.
    expect(iso(nextFireTimes('cron(0 9 15W * ? *)', JAKARTA, 2, from))).toEqual(['2026-01-15T02:00:00.000Z', '2026-02-16T02:00:00.000Z']);
  });

  it('reads the expression in the given time zone', () => {
    // 08:00 WITA is 00:00Z, exactly `from`: the next run is strictly later, the following day.
    expect(iso(nextFireTimes('cron(0 8 * * ? *)', 'Asia/Makassar', 1, from))).toEqual(['2026-01-02T00:00:00.000Z']);
    expect(iso(nextFireTimes('cron(0 8 * * ? *)', 'UTC', 1, from))).toEqual(['2026-01-01T08:00:00.000Z']);
  });

  it('rate(5 minutes) counts from the start', () => {
    expect(iso(nextFireTimes('rate(5 minutes)', JAKARTA, 2, from))).toEqual(['2026-01-01T00:05:00.000Z', '2026-01-01T00:10:00.000Z']);
  });

  it('at() fires once at the local time', () => {
    expect(parseScheduleExpression('at(2026-03-01T10:30:00)')).toMatchObject({ kind: 'at', localDateTime: '2026-03-01T10:30:00' });
    expect(iso(nextFireTimes('at(2026-03-01T10:30:00)', JAKARTA, 1, from))).toEqual(['2026-03-01T03:30:00.000Z']);
  });
});

describe('schedulerEvent', () => {
  it('looks like the event EventBridge Scheduler delivers, time without milliseconds', () => {
    const event = schedulerEvent('compliance', new Date('2026-01-01T01:00:00.000Z'));
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '000000000000',
      time: '2026-01-01T01:00:00Z',
      region: 'ap-southeast-3',
      resources: ['arn:aws:scheduler:ap-southeast-3:000000000000:schedule/default/compliance'],
      detail: {},
    });
  });
});

describe('startScheduler', () => {
  afterEach(() => jest.useRealTimers());

  it('validates every expression before starting any job', () => {
    const invoke = jest.fn();
    expect(() =>
      startScheduler([
        { name: 'good', expression: 'cron(0 8 * * ? *)', timeZone: JAKARTA, invoke },
        { name: 'bad', expression: 'cron(0 8 * * * *)', timeZone: JAKARTA, invoke },
      ]),
    ).toThrow(ScheduleExpressionError);
  });

  it('starts with no jobs and reports their next runs', () => {
    const scheduler = startScheduler([]);
    expect(scheduler.nextRuns()).toEqual([]);
    scheduler.stop();
  });

  it('fires a rate job with the scheduled time in the event, and keeps going after a failure', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const times: string[] = [];
    const lines: string[] = [];
    const scheduler = startScheduler(
      [
        {
          name: 'tick',
          expression: 'rate(5 minutes)',
          timeZone: JAKARTA,
          invoke: (event) => {
            times.push(event.time);
            if (times.length === 1) throw new Error('first run fails');
          },
        },
      ],
      { log: (line) => lines.push(line) },
    );
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    scheduler.stop();
    expect(times).toEqual(['2026-01-01T00:05:00Z', '2026-01-01T00:10:00Z']);
    expect(lines.some((line) => line.includes('failed') && line.includes('first run fails'))).toBe(true);
  });

  it('fires a cron job at its time in the job time zone', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:59:00Z') });
    const events: string[] = [];
    const scheduler = startScheduler([
      { name: 'compliance', expression: 'cron(0 8 * * ? *)', timeZone: JAKARTA, invoke: (event) => void events.push(event.time) },
    ]);
    expect(scheduler.nextRuns()).toEqual([{ name: 'compliance', nextRun: new Date('2026-01-01T01:00:00Z') }]);
    await jest.advanceTimersByTimeAsync(2 * 60_000);
    scheduler.stop();
    expect(events).toEqual(['2026-01-01T01:00:00Z']);
  });

  it("logs one line per run with what the job returned, and a failure's error without stopping", async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:30Z') });
    const lines: string[] = [];
    let runs = 0;
    const scheduler = startScheduler(
      [
        {
          name: 'compliance',
          expression: 'rate(1 minute)',
          timeZone: JAKARTA,
          invoke: async () => {
            runs++;
            if (runs === 2) throw new Error('SES is down');
            return { job: 'compliance', warningsSent: runs };
          },
        },
      ],
      { log: (line) => lines.push(line) },
    );
    await jest.advanceTimersByTimeAsync(3 * 60_000);
    scheduler.stop();
    const runLines = lines.filter((line) => !line.includes('next at'));
    expect(runLines).toHaveLength(3);
    expect(runLines[0]).toMatch(/^schedule compliance \(2026-01-01T00:01:30Z\) done in \d+ ms: \{"job":"compliance","warningsSent":1\}$/);
    expect(runLines[1]).toMatch(/^schedule compliance \(2026-01-01T00:02:30Z\) failed: Error: SES is down/);
    expect(runLines[2]).toContain('"warningsSent":3');
  });
});
