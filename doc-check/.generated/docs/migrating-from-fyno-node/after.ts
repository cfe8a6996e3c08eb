// after: @fyno-kit/core
import { Fyno, FynoError, FynoProfileExistsError } from '@fyno-kit/core';

const fyno = new Fyno(); // the same variables; FYNO_ENDPOINT is read too (FYNO_BASE_URL wins)
try {
  const res = await fyno.fire('order_shipped', { distinct_id: 'u_123', data: { order: 'A-1001' } });
  console.log(res.request_id, Object.keys(res.response)); // the channels it went to
  await fyno.profiles.create({ distinct_id: 'u_123', name: 'Ana', channel: { email: 'ana@example.com' } });
} catch (error) {
  if (error instanceof FynoProfileExistsError) {
    // the profile is there already: or call fyno.profiles.upsert(…) and never see this
    console.log(`${error.code}: u_123 has a profile already`);
  } else if (FynoError.isFynoError(error)) {
    console.error(error.code, error.message); // e.g. "bad_request" and Fyno's _message
  } else throw error;
} finally {
  await fyno.close();
}
