/** The demo's sign-in choices. Their destinations live only on the server. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  phone: string;
  pushToken: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'u_ana', name: 'Ana Souza', email: 'ana@example.com', phone: '+15550001001', pushToken: 'fcm_token:ana-device-1' },
  { id: 'u_ben', name: 'Ben Okafor', email: 'ben@example.com', phone: '+15550001002', pushToken: 'fcm_token:ben-device-1' },
  { id: 'u_chloe', name: 'Chloé Martin', email: 'chloe@example.com', phone: '+15550001003', pushToken: 'fcm_token:chloe-device-1' },
  // Destinations the emulator fails by convention (fail@…, a number ending in 0000): shows `failed`.
  { id: 'u_fay', name: 'Fay Bounce', email: 'fail@example.com', phone: '+15550000000', pushToken: 'fcm_token:fail-device' },
];

/** Looks a demo user up by id; unknown ids are nobody. */
export function findUser(id: string | undefined): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.id === id);
}
