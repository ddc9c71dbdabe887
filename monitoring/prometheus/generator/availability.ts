/** Is the bot there at all: scraped (pull), pushing (OTLP through the collector), restarting. */
import { PARAMS } from './params.js';
import { alert, bot, type RuleFile } from './rule.js';

/** Push-only instances: target_info without a scrape target of that instance. */
const pushed = () => `count by (job) (${bot('target_info')} unless on (job, instance) ${bot('up')})`;

export function availabilityRules(): RuleFile {
  const job = PARAMS.botJob;
  return {
    file: 'availability.yml',
    about: 'BotDown for scraped and pushing bots; BotRestarting for a crash loop.',
    groups: [
      {
        name: 'dmarket-bot-availability',
        rules: [
          alert({
            name: 'BotDown',
            // Pull: the target fails. Push: the job pushed in the last hour but no instance does now
            // (the collector forgets a silent bot after metric_expiration; a restart gets a new
            // service.instance.id, so instances are not compared). Neither: no bot at all.
            expr: [
              `max by (job, instance) (${bot('up')}) == 0`,
              `(max_over_time(${pushed()}[1h:1m]) > 0 unless on (job) ${pushed()})`,
              `(absent(${bot('up')}) unless on () present_over_time(${bot('target_info')}[1h]))`,
            ].join('\nor\n'),
            for: '1m',
            severity: 'critical',
            summary: 'DMarket bot is down',
            description: `Prometheus has had no data from ${job} {{ $labels.instance }} for 1 minute (scrape target down, no target at all, or a pushing bot went silent); the bot process or its telemetry is gone.`,
            dashboard: 'dmarket-bot-overview',
          }),
          alert({
            name: 'BotRestarting',
            // Counters restart at zero with the process; process CPU time is always there.
            expr: `sum by (job, instance) (resets(${bot('process_cpu_seconds_total')}[1h])) >= ${PARAMS.restartsPerHour}`,
            for: '1m',
            severity: 'warning',
            summary: 'The bot on {{ $labels.instance }} keeps restarting',
            description: `{{ $labels.job }} at {{ $labels.instance }} restarted {{ $value }} times in the last hour (threshold ${PARAMS.restartsPerHour}): a crash loop or an OOM kill.`,
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}

export function runtimeRules(): RuleFile {
  const gib = PARAMS.memoryLimitBytes / 1024 ** 3;
  return {
    file: 'runtime.yml',
    about: 'The Node.js process of the bot: event-loop lag and memory growth.',
    groups: [
      {
        name: 'dmarket-bot-runtime',
        rules: [
          alert({
            name: 'EventLoopLagHigh',
            expr: `max by (job, instance) (${bot('nodejs_eventloop_delay_p99_seconds')}) > ${PARAMS.eventLoopLagSeconds}`,
            for: '5m',
            severity: 'warning',
            summary: 'Bot event loop lagging',
            description:
              '{{ $labels.instance }}: the event loop has been lagging {{ $value | humanizeDuration }} (p99) for 5 minutes; Telegram updates and DMarket calls wait that long.',
            dashboard: 'dmarket-bot-overview',
          }),
          alert({
            name: 'BotMemoryGrowing',
            // Past half the limit only: a process that just started "grows" steeply for a minute.
            expr: `max by (job, instance) (predict_linear(${bot('process_resident_memory_bytes')}[1h], ${PARAMS.memoryHorizonHours * 3600})) > ${PARAMS.memoryLimitBytes}\nand on (job, instance)\nmax by (job, instance) (${bot('process_resident_memory_bytes')}) > ${PARAMS.memoryLimitBytes / 2}`,
            for: '30m',
            severity: 'warning',
            summary: 'Bot memory on {{ $labels.instance }} is growing towards ' + `${gib} GiB`,
            description: `At the rate of the last hour, the resident memory of {{ $labels.job }} at {{ $labels.instance }} (past half of ${gib} GiB) reaches {{ $value | humanize1024 }}B within ${PARAMS.memoryHorizonHours} h: a leak, or a cache without a bound.`,
            dashboard: 'dmarket-bot-overview',
          }),
        ],
      },
    ],
  };
}
