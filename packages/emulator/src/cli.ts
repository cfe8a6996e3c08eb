#!/usr/bin/env node
/**
 * `fyno-emulator`: start the emulator from a shell, print where it listens and its local test
 * credentials, and stop cleanly on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';
import type { SubscriptionsOption } from './subscription-topics.js';
import type { FaultOptions, FaultPhase, ProfilesOption, StartEmulatorOptions } from './types.js';

const HELP = `Usage: fyno-emulator [options]

A local, contract-faithful Fyno API server with an inbox page.

Options:
  --port <n>            port to listen on (default 4010; 0 picks a free port)
  --host <addr>         interface to bind (default 127.0.0.1)
  --workspace-id <id>   workspace id accepted in paths (default FYEMULATOR1)
  --api-key <key>       API key to accept (default emu_local_test_key_not_a_secret)
  --random-key          generate a random API key instead
  --events <a,b|*>      known event names, comma separated, or * for any (default *);
                        name:email+sms sends that event on those channels only
  --profiles <file>     JSON file of seed profiles: {live:{id:{...}},test:{...}} or {id:{...}}
  --subscriptions <file> JSON file of subscription topics: {sections:{<name>:[{subscription_id,
                        name, channel_config:{email:"on"|"off"|"required"}, events:[...]}]}}
                        (default: order updates, security alerts, product news)
  --unknown-preference-user <error|defaults>
                        S1-S3 for a distinct_id with no profile (default error: Fyno's 400)
  --verify-events <a,b> events whose template uses {{$fyno.$otp}}: each fire issues an OTP
  --verify-otp <otp>    a fixed OTP for tests: issued by every Verify fire, and accepted by
                        verify/validate for any request_id or destination
  --fault-5xx <rate>    share of API requests answered with a 5xx (0-1)
  --status-5xx <code>   status used for 5xx faults (default 503)
  --fault-429 <rate>    share of API requests answered with 429
  --retry-after <s>     Retry-After seconds on injected 429s (default 1)
  --fault-reset <rate>  share of API requests whose connection is reset
  --fault-stall <rate>  share of API requests held for --stall-ms
  --stall-ms <ms>       stall length (default 30000)
  --fault-phase <p>     before | after | random (default before)
  --seed <n>            seed for the fault PRNG
  --webhook <name=url>  send delivery reports to this Allowlist URL (repeatable; the first is
                        the default); verified with a fyno_token call first
  --webhook-secret <s>  workspace secret that signs reports (X-Fyno-Hmac-Signature)
                        (default emu_webhook_secret_not_a_secret)
  --webhook-step-ms <n> time between lifecycle reports (default 250)
  --inapp-port <n>      port of the in-app (Socket.IO) server (default: a free port)
  --inapp-integration-id <id>  in-app integration id (default IEMULATORINAPP)
  --inapp-token <t>     in-app integration token that keys signatures
                        (default emu_inapp_token_not_a_secret)
  --allow-host <name>   also let this Host reach /_emulator/*, the inbox page and the in-app
                        server (repeatable; * allows any). By default only localhost, 127.0.0.1,
                        [::1] and the bound address may; the API (/v1) accepts any Host
  --quiet               do not log each API request
  -h, --help            show this help
`;

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'workspace-id': { type: 'string' },
      'api-key': { type: 'string' },
      'random-key': { type: 'boolean' },
      events: { type: 'string' },
      profiles: { type: 'string' },
      'verify-otp': { type: 'string' },
      'verify-events': { type: 'string' },
      subscriptions: { type: 'string' },
      'unknown-preference-user': { type: 'string' },
      'fault-5xx': { type: 'string' },
      'status-5xx': { type: 'string' },
      'fault-429': { type: 'string' },
      'retry-after': { type: 'string' },
      'fault-reset': { type: 'string' },
      'fault-stall': { type: 'string' },
      'stall-ms': { type: 'string' },
      'fault-phase': { type: 'string' },
      seed: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      'webhook-step-ms': { type: 'string' },
      'inapp-port': { type: 'string' },
      'inapp-integration-id': { type: 'string' },
      'inapp-token': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const faults: FaultOptions = {};
  setNumber(faults, 'error5xxRate', values['fault-5xx'], '--fault-5xx');
  setNumber(faults, 'status5xx', values['status-5xx'], '--status-5xx');
  setNumber(faults, 'rate429', values['fault-429'], '--fault-429');
  setNumber(faults, 'retryAfterS', values['retry-after'], '--retry-after');
  setNumber(faults, 'resetRate', values['fault-reset'], '--fault-reset');
  setNumber(faults, 'stallRate', values['fault-stall'], '--fault-stall');
  setNumber(faults, 'stallMs', values['stall-ms'], '--stall-ms');
  setNumber(faults, 'seed', values.seed, '--seed');
  const phase = values['fault-phase'];
  if (phase !== undefined) {
    if (phase !== 'before' && phase !== 'after' && phase !== 'random') {
      fail('--fault-phase must be before, after or random');
    }
    faults.phase = phase as FaultPhase;
  }
  const options: StartEmulatorOptions = {
    port: values.port === undefined ? 4010 : toNumber(values.port, '--port'),
    host: values.host ?? '127.0.0.1',
    quiet: values.quiet ?? false,
    randomKey: values['random-key'] ?? false,
  };
  if (values['workspace-id'] !== undefined) options.workspaceId = values['workspace-id'];
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  if (values['verify-otp'] !== undefined) options.verifyOtp = values['verify-otp'];
  if (values['verify-events'] !== undefined) {
    options.verifyEvents = values['verify-events']
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
  }
  const unknownUser = values['unknown-preference-user'];
  if (unknownUser !== undefined) {
    if (unknownUser !== 'error' && unknownUser !== 'defaults') fail('--unknown-preference-user must be error or defaults');
    options.unknownPreferenceUser = unknownUser;
  }
  if (values.subscriptions !== undefined) {
    try {
      options.subscriptions = JSON.parse(readFileSync(values.subscriptions, 'utf8')) as SubscriptionsOption;
    } catch (error) {
      fail(`cannot read --subscriptions ${values.subscriptions}: ${(error as Error).message}`);
    }
  }
  if (values.events !== undefined && values.events !== '*') {
    const names = values.events
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    // `order_shipped:email+sms` routes an event to those channels only, as its template would.
    options.events = names.some((n) => n.includes(':'))
      ? Object.fromEntries(
          names.map((n) => {
            const [name = '', channels] = n.split(':');
            return [name, channels ? { channels: channels.split('+').filter((c) => c !== '') } : {}];
          }),
        )
      : names;
  }
  if (values.profiles !== undefined) {
    try {
      options.profiles = JSON.parse(readFileSync(values.profiles, 'utf8')) as ProfilesOption;
    } catch (error) {
      fail(`cannot read --profiles ${values.profiles}: ${(error as Error).message}`);
    }
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  if (values.webhook !== undefined) {
    options.webhooks = values.webhook.map((spec) => {
      const eq = spec.indexOf('=');
      if (eq < 1) fail(`--webhook needs name=url, got '${spec}'`);
      return { name: spec.slice(0, eq), url: spec.slice(eq + 1) };
    });
  }
  const inapp: NonNullable<StartEmulatorOptions['inapp']> = {};
  if (values['inapp-port'] !== undefined) inapp.port = toNumber(values['inapp-port'], '--inapp-port');
  if (values['inapp-integration-id'] !== undefined) inapp.integrationId = values['inapp-integration-id'];
  if (values['inapp-token'] !== undefined) inapp.integrationToken = values['inapp-token'];
  options.inapp = inapp;
  if (values['allow-host'] !== undefined) options.allowHosts = values['allow-host'];
  if (values['webhook-secret'] !== undefined) options.webhookSecret = values['webhook-secret'];
  if (values['webhook-step-ms'] !== undefined) options.webhookStepMs = toNumber(values['webhook-step-ms'], '--webhook-step-ms');

  startEmulator(options).then(
    (emulator) => {
      process.stdout.write(
        [
          'Fyno emulator running',
          `  inbox:        ${emulator.url}/`,
          `  base URL:     ${emulator.baseUrl}`,
          `  workspace id: ${emulator.workspaceId}`,
          // A local, non-secret test key: printing it is how users learn what to configure.
          `  api key:      ${emulator.apiKey}`,
          `  in-app URL:   ${emulator.inapp.url}`,
          `  in-app integration id:    ${emulator.inapp.integrationId}`,
          // Like the API key: a local value that signs local sessions only.
          `  in-app integration token: ${emulator.inapp.integrationToken}`,
          '',
        ].join('\n'),
      );
      if (emulator.webhooks().length > 0) {
        // Verify at start so a wrong URL shows now, not at the first report.
        void emulator.verifyWebhooks().then((statuses) => {
          for (const w of statuses) {
            const last = w.verification.at(-1);
            const answer = last?.status ?? last?.error ?? 'no answer';
            process.stdout.write(
              `  webhook ${w.name}: ${w.url} ${w.verified ? 'verified (it echoed fyno_token; the secret is checked with each report)' : `NOT verified (${answer}); retried before the next report`}\n`,
            );
          }
        });
      }
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        emulator.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => fail(error.message),
  );
}

function setNumber(target: FaultOptions, key: keyof FaultOptions, raw: string | undefined, flag: string): void {
  if (raw === undefined) return;
  (target as Record<string, unknown>)[key] = toNumber(raw, flag);
}

function toNumber(raw: string, flag: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) fail(`${flag} needs a number, got '${raw}'`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`fyno-emulator: ${message}\n`);
  process.exit(2);
}

try {
  main();
} catch (error) {
  fail((error as Error).message);
}
