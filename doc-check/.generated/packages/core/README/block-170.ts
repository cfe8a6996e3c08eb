import { Fyno, FynoOtpRejectedError } from '@fyno-kit/core';

const fyno = new Fyno();

// What a user chose, on every subscription topic, grouped by section name.
const prefs = await fyno.preferences.get('u_123', { eventList: true });
for (const [section, topics] of Object.entries(prefs.result)) {
  for (const topic of topics) console.log(section, topic.name, topic.preference.email); // 'opted-in' | 'opted-out' | 'required'
}

// Several topics at once ('all' is the global switch per channel), or one channel of one topic.
await fyno.preferences.update('u_123', { SORDERS001: { email: 'opted-out' }, all: { sms: 'opted-out' } });
await fyno.preferences.set('SORDERS001', { distinctId: 'u_123', channel: 'webpush', status: 'opted-in' });

// Fyno Verify: fire an event whose template uses {{$fyno.$otp}}, then check what the user typed.
const sent = await fyno.fire('login_code', { distinct_id: 'u_123' });
try {
  await fyno.verify.validate({ otp: '123456', requestId: sent.request_id! });
} catch (error) {
  if (error instanceof FynoOtpRejectedError) console.log(error.wrongOtp ? 'wrong code' : error.message);
}

// The workspace's suppression list (no version segment: it is per workspace).
await fyno.suppressions.add({ destination: 'bounced@example.com', channel: 'email', description: 'Email bounced' });
const suppressed = await fyno.suppressions.list();
await fyno.suppressions.remove({ _id: suppressed[0]!._id });
