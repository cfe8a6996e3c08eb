/** The demo page: a Server Component around the client component that signs in and notifies. */
import { Demo } from '../components/demo';

export default function Page() {
  return <Demo />;
}
