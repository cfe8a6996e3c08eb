import { Fyno } from '@fyno-kit/core';
const fyno = new Fyno();
import { FynoProfileExistsError, FynoValidationError } from '@fyno-kit/core';

// At sign-up: safe to run twice (a seed script, a retried job).
const { created } = await fyno.profiles.upsert({
  distinct_id: 'u_123',
  name: 'Ana',
  timezone: 'Europe/Lisbon',
  channel: { email: 'ana@example.com', sms: '+15550001111' },
});

// A phone number added later; a device token appended to the ones the profile has.
await fyno.profiles.addChannel('u_123', { whatsapp: '+15550001111' });
await fyno.profiles.addChannel('u_123', { push: [{ token: 'fcm_token:abc', integration_id: null }] });

// Rename the profile, e.g. an anonymous id to the account id after sign-in.
await fyno.profiles.update('anon_42', { distinct_id: 'u_124' });

try {
  await fyno.profiles.create({ distinct_id: 'u_123' });
} catch (error) {
  if (error instanceof FynoProfileExistsError) console.log(`${error.distinctId} exists`, created);
}

// Refused before any request, as Fyno's schema refuses them:
for (const channel of [{ email: ['a@b.co'] }, { sms: 15550001111 }, { phone: '+15550001111' }]) {
  await fyno.profiles.addChannel('u_123', channel as never).catch((e: FynoValidationError) => console.log(e.field, e.message));
  // "channel.email must be a non-empty string" · "channel.sms …" · "channel.phone is not a profile channel"
}
